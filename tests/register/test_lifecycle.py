"""The deviation register's rules: what must be recorded, who may authorise, and that
every change is a new version (DfE COVID-19 guidance: clear records of rationale and
risk assessment, with senior-manager oversight, time-limited and regularly reviewed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from scrutiny.register.chain import verify_chain
from scrutiny.register.models import DeviationVersion
from scrutiny.register.service import Register, RegisterError

D = dt.date


def terms(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "rule_id": "LAC-SW-VISITS",
        "legal_reference": "CPPCR 2010 reg 28",
        "subject_type": "child",
        "subject_ref": "C000001",
        "requirement": "Visit the child in person",
        "done_instead": "Video call with the child alone",
        "period_start": D(2021, 1, 4),
        "period_end": D(2021, 2, 28),
        "legal_basis": "SI-2020/909",
        "covid_reason": "guidance-contrary",
        "rationale": "Household self-isolating after a positive test.",
        "principles": ["child-centred", "risk-based"],
        "risk_likelihood": 2,
        "risk_impact": 4,
        "mitigations": "Daily phone contact; school welfare checks.",
        "residual_likelihood": 1,
        "residual_impact": 4,
        "review_date": D(2021, 2, 1),
    }
    base.update(changes)
    return base


@pytest.fixture
def register(engine: Engine) -> Register:
    return Register(engine, known_rules=["LAC-SW-VISITS", "LAC-REVIEW"])


def versions(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(DeviationVersion)).scalar_one())


def test_record_is_a_draft_and_refs_are_sequential(register):
    first = register.record(terms(), by="Sam Worker")
    second = register.record(terms(subject_ref="C000002"), by="Sam Worker")
    assert (first.deviation_ref, first.status, first.version) == ("DEV-000001", "draft", 1)
    assert second.deviation_ref == "DEV-000002"


def test_authorise_requires_rationale_and_risk_assessment(register):
    ref = register.record(
        terms(rationale=None, risk_impact=None, review_date=None), by="Sam Worker"
    ).deviation_ref
    with pytest.raises(RegisterError, match="rationale, risk_impact, review_date"):
        register.authorise(ref, by="Alex Manager")


@pytest.mark.parametrize("authoriser", ["Sam Worker", "sam worker", "Pat Amender"])
def test_nobody_authorises_what_they_recorded_or_amended(register, authoriser):
    ref = register.record(terms(), by="Sam Worker").deviation_ref
    register.amend(ref, {"mitigations": "Twice-daily calls."}, by="Pat Amender")
    with pytest.raises(RegisterError, match="cannot authorise"):
        register.authorise(ref, by=authoriser)


def test_every_change_is_a_new_version_never_an_update(engine, register):
    ref = register.record(terms(), by="Sam Worker").deviation_ref
    register.authorise(ref, by="Alex Manager")
    register.review(ref, by="Alex Manager", next_review=D(2021, 3, 1), note="Continue")
    register.amend(ref, {"period_end": D(2021, 3, 31)}, by="Sam Worker", note="Extended")
    register.authorise(ref, by="Jo Head")
    register.close(ref, by="Jo Head", closed_on=D(2021, 3, 20), note="Back to normal")
    history = register.history(ref)
    assert [(v.version, v.action, v.status) for v in history] == [
        (1, "record", "draft"),
        (2, "authorise", "authorised"),
        (3, "review", "authorised"),
        (4, "amend", "under-review"),
        (5, "authorise", "authorised"),
        (6, "close", "closed"),
    ]
    assert history[0].period_end == D(2021, 2, 28)  # the first version is untouched
    assert history[2].review_date == D(2021, 3, 1)
    assert history[3].authorised_by is None  # amendment withdraws the authorisation…
    assert history[4].authorised_by == "Jo Head"  # …until someone authorises it again
    assert versions(engine) == 6
    with engine.connect() as conn:
        assert verify_chain(conn).ok


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda r, ref: r.review(ref, by="Jo Head", next_review=D(2021, 6, 1)), "only an author"),
        (lambda r, ref: r.close(ref, by="Jo Head", closed_on=D(2021, 3, 1), note=None), "say why"),
        (lambda r, ref: r.authorise("DEV-999999", by="Jo Head"), "no deviation DEV-999999"),
    ],
    ids=["review-a-draft", "close-without-reason", "unknown-ref"],
)
def test_refused_actions_say_why(register, action, message):
    ref = register.record(terms(), by="Sam Worker").deviation_ref
    with pytest.raises(RegisterError, match=message):
        action(register, ref)


def test_closed_deviation_cannot_be_amended_or_closed_again(register):
    ref = register.record(terms(), by="Sam Worker").deviation_ref
    register.close(ref, by="Sam Worker", closed_on=D(2021, 1, 10), note="Withdrawn")
    with pytest.raises(RegisterError, match="closed"):
        register.amend(ref, {"rationale": "x y z"}, by="Sam Worker")
    with pytest.raises(RegisterError, match="already closed"):
        register.close(ref, by="Sam Worker", closed_on=D(2021, 1, 11), note="Again")


def test_review_must_move_the_review_date_forward(register):
    ref = register.record(terms(), by="Sam Worker").deviation_ref
    register.authorise(ref, by="Alex Manager")
    with pytest.raises(RegisterError, match="must be after"):
        register.review(ref, by="Alex Manager", next_review=D(2021, 2, 1))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rule_id": "NO-SUCH-RULE"}, "not a rule of any enabled plugin"),
        ({"subject_type": "dog"}, "subject_type"),
        ({"legal_basis": "SI-2099/1"}, "legal_basis"),
        ({"period_end": D(2020, 1, 1)}, "period_end is before period_start"),
        ({"risk_impact": 6}, "risk_impact"),
        ({"principles": ["speedy"]}, "unknown principle 'speedy'"),
        ({"rationale": "x" * 10_001}, "rationale"),
        ({"rationale": "bell\x07"}, "control characters"),
        ({"done_instead": "   "}, "done_instead"),
        ({"subject_type": "authority", "subject_ref": "C1"}, "authority-wide"),
    ],
    ids=[
        "unknown-rule",
        "subject-type",
        "legal-basis",
        "period",
        "risk-range",
        "principle",
        "oversized-rationale",
        "control-chars",
        "blank",
        "authority-ref",
    ],
)
def test_invalid_terms_are_refused_with_the_field_named(engine, register, change, message):
    before = versions(engine)
    with pytest.raises(RegisterError, match=message):
        register.record(terms(**change), by="Sam Worker")
    assert versions(engine) == before


def test_hostile_text_is_stored_exactly_as_typed(register):
    hostile = '<script>alert(1)</script> =HYPERLINK("http://evil") url(file:///etc/passwd)'
    ref = register.record(terms(rationale=hostile), by="Sam Worker").deviation_ref
    assert register.current(ref).rationale == hostile


def test_a_recorder_must_be_named(register):
    with pytest.raises(RegisterError, match="say who"):
        register.record(terms(), by="  ")
