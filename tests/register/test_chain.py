"""Tamper evidence: any row edited or deleted behind the tool's back is detected."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, delete, select, update

from scrutiny.register.chain import link_hash, verify_chain
from scrutiny.register.models import DeviationVersion, RegisterHead
from scrutiny.register.service import Register
from tests.register.test_lifecycle import terms


@pytest.fixture
def recorded(engine: Engine) -> Register:
    register = Register(engine, known_rules=["LAC-SW-VISITS"])
    for n in range(1, 5):
        register.record(terms(subject_ref=f"C00000{n}"), by="Sam Worker")
    register.authorise("DEV-000002", by="Alex Manager")
    return register


def verify(engine: Engine):
    with engine.connect() as conn:
        return verify_chain(conn)


def test_an_intact_register_verifies(engine, recorded):
    result = verify(engine)
    assert (result.ok, result.checked, result.head_seq) == (True, 5, 5)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("rationale", "A kinder rationale"),
        ("authorised_by", "Someone Else"),
        ("period_end", dt.date(2022, 1, 1)),
        ("risk_impact", 1),
        ("status", "authorised"),
    ],
)
def test_an_edited_field_is_detected_and_named(engine, recorded, column, value):
    with engine.begin() as conn:
        conn.execute(
            update(DeviationVersion).where(DeviationVersion.seq == 3).values({column: value})
        )
    result = verify(engine)
    assert not result.ok
    assert result.problem == "record 3 (DEV-000003 version 1) has been changed since it was written"


def test_a_deleted_record_is_detected(engine, recorded):
    with engine.begin() as conn:
        conn.execute(delete(DeviationVersion).where(DeviationVersion.seq == 2))
    assert verify(engine).problem == "record 2 is missing from the chain (deleted?)"


def test_records_removed_from_the_end_are_detected(engine, recorded):
    with engine.begin() as conn:
        conn.execute(delete(DeviationVersion).where(DeviationVersion.seq == 5))
    assert "register head records 5" in verify(engine).problem


def test_a_rehashed_forgery_breaks_the_next_link(engine, recorded):
    # Someone edits record 3 and recomputes its hash: record 4 no longer links to it.
    with engine.begin() as conn:
        row = conn.execute(select(DeviationVersion).where(DeviationVersion.seq == 3))
        forged = dict(row.mappings().one()) | {"rationale": "Forged"}
        conn.execute(
            update(DeviationVersion)
            .where(DeviationVersion.seq == 3)
            .values(rationale="Forged", hash=link_hash(forged))
        )
    assert (
        verify(engine).problem
        == "record 4 (DEV-000004 version 1) does not link to the record before it"
    )


def test_an_edited_head_is_detected(engine, recorded):
    with engine.begin() as conn:
        conn.execute(update(RegisterHead).values(seq=4))
    assert not verify(engine).ok


def test_a_count_added_behind_the_tools_back_is_detected(engine, recorded):
    """``covers_requirement`` came in a later release: setting it on an old record narrows
    what the deviation covers, so it must break the chain like any other edit."""
    with engine.begin() as conn:
        conn.execute(
            update(DeviationVersion)
            .where(DeviationVersion.seq == 3)
            .values(covers_requirement="a narrower count")
        )
    assert verify(engine).problem == (
        "record 3 (DEV-000003 version 1) has been changed since it was written"
    )


def test_a_recorded_count_is_hashed_and_an_edit_to_it_detected(engine, recorded):
    register = Register(engine, known_rules=["LAC-SW-VISITS"])
    ref = register.record(
        terms(subject_ref="C000009", covers_requirement="visit in person"), by="Sam Worker"
    ).deviation_ref
    assert register.current(ref).covers_requirement == "visit in person"
    assert verify(engine).ok
    with engine.begin() as conn:
        conn.execute(
            update(DeviationVersion)
            .where(DeviationVersion.deviation_ref == ref)
            .values(covers_requirement=None)
        )
    assert not verify(engine).ok


def test_records_without_a_count_hash_as_they_did_before_the_field_existed(engine, recorded):
    """Registers written before ``covers_requirement`` existed still verify: the field is
    left out of the hashed form while it is empty."""
    with engine.connect() as conn:
        row = conn.execute(select(DeviationVersion).where(DeviationVersion.seq == 1)).one()
    record = {c: getattr(row, c) for c in row._fields}
    assert record["covers_requirement"] is None
    without_field = {k: v for k, v in record.items() if k != "covers_requirement"}
    assert link_hash(without_field) == link_hash(record) == row.hash
