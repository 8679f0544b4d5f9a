"""Storing rows by natural key, on both databases, by each of the three ways in.

``upsert`` sends a few rows as one statement per row, a set of ``COPY_FROM`` or more
through PostgreSQL's COPY, and rows that rely on a column's Python-side default through
SQLAlchemy's insert. Whichever way, the result must be the same: a newer row replaces the
stored one with its key (unless ``update=False``), the last of repeated keys wins, and
dates and empty values arrive as they were given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, select
from sqlalchemy.exc import IntegrityError

from scrutiny.importing.upsert import COPY_FROM, upsert
from scrutiny.models.child import Child

CHILDREN = Child.__table__
assert isinstance(CHILDREN, Table)


def _child(number: int, dob: dt.date | None, sex: str | None = "1") -> dict[str, Any]:
    return {"child_ref": f"U{number:06d}", "sex": sex, "dob": dob}


def _stored(engine: Engine) -> dict[str, tuple[str | None, dt.date | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(Child.child_ref, Child.sex, Child.dob))
        return {ref: (sex, dob) for ref, sex, dob in rows}


@pytest.mark.parametrize("count", [3, COPY_FROM + 7], ids=["row-by-row", "copied"])
def test_a_newer_row_replaces_the_stored_one_and_the_last_repeat_wins(
    engine: Engine, count: int
) -> None:
    first = [_child(n, dt.date(2010, 1, 1) + dt.timedelta(days=n)) for n in range(count)]
    with engine.begin() as conn:
        upsert(conn, CHILDREN, first, ["child_ref"])

    again = [_child(0, dt.date(2011, 2, 28), "2"), _child(0, None, None)]  # a repeat: last wins
    again += [_child(n, dt.date(2012, 3, 1)) for n in range(1, count)]
    again.append(_child(count, dt.date(2013, 4, 2)))  # a new one
    with engine.begin() as conn:
        upsert(conn, CHILDREN, again, ["child_ref"])

    stored = _stored(engine)
    assert len(stored) == count + 1
    assert stored["U000000"] == (None, None)
    assert stored[f"U{count - 1:06d}"] == ("1", dt.date(2012, 3, 1))
    assert stored[f"U{count:06d}"] == ("1", dt.date(2013, 4, 2))


@pytest.mark.parametrize("count", [2, COPY_FROM], ids=["row-by-row", "copied"])
def test_without_update_a_stored_row_is_left_as_it_is(engine: Engine, count: int) -> None:
    with engine.begin() as conn:
        upsert(conn, CHILDREN, [_child(0, dt.date(2015, 6, 30))], ["child_ref"])
        upsert(
            conn,
            CHILDREN,
            [_child(n, dt.date(2016, 7, 1), "2") for n in range(count)],
            ["child_ref"],
            update=False,
        )

    stored = _stored(engine)
    assert stored["U000000"] == ("1", dt.date(2015, 6, 30))
    assert stored[f"U{count - 1:06d}"] == ("2", dt.date(2016, 7, 1))
    assert len(stored) == count


@pytest.mark.parametrize("count", [2, COPY_FROM], ids=["row-by-row", "copied"])
def test_a_refused_row_leaves_nothing_of_the_set_behind(engine: Engine, count: int) -> None:
    rows = [_child(n, dt.date(2010, 1, 1)) for n in range(count)]
    rows[-1] = {**rows[-1], "child_ref": None}  # the database refuses a child without one
    with pytest.raises(IntegrityError), engine.begin() as conn:
        upsert(conn, CHILDREN, rows, ["child_ref"])

    assert _stored(engine) == {}


def test_a_column_left_to_its_python_default_gets_it(engine: Engine) -> None:
    """A plugin's table may fill a column in Python (``default=``); rows that leave it out
    still get it, as SQLAlchemy's own insert would give it."""
    metadata = MetaData()
    notes = Table(
        "upsert_test_note",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("ref", String(10), unique=True, nullable=False),
        Column("kind", String(10), default="plain"),
    )
    metadata.create_all(engine)
    try:
        with engine.begin() as conn:
            upsert(conn, notes, [{"ref": f"N{n}"} for n in range(COPY_FROM + 1)], ["ref"])
        with engine.connect() as conn:
            kinds = set(conn.execute(select(notes.c.kind)).scalars())
        assert kinds == {"plain"}
    finally:
        metadata.drop_all(engine)
