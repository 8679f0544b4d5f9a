"""Reconciling findings with the register: breach, deviation, deviation-lapsed.

A requirement not met and not covered by an authorised deviation is a breach. A
deviation whose legal basis was not in force, or whose review date has passed while it
is still open, no longer covers: the finding is judged again ("deviation-lapsed").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine

from scrutiny.register.service import Register
from scrutiny.testing import CaseData, run_rule
from tests.register.test_lifecycle import terms

D = dt.date
DUE = D(2021, 7, 5)  # first review of a child looked after from 7 June 2021
AS_OF = D(2021, 8, 1)


@pytest.fixture
def late_review(engine: Engine) -> CaseData:
    case = CaseData(engine)
    case.episode("C1", D(2021, 6, 7))
    case.review("C1", D(2021, 7, 9))
    return case


def deviation(engine: Engine, authorise: bool = True, **changes: Any) -> str:
    register = Register(engine, known_rules=["LAC-REVIEW", "LAC-SW-VISITS"])
    values = terms(
        rule_id="LAC-REVIEW",
        subject_ref="C1",
        period_start=D(2021, 7, 1),
        period_end=D(2021, 7, 31),
        legal_basis="none",
        review_date=D(2021, 9, 1),
    )
    values.update(changes)
    ref = register.record(values, by="Sam Worker").deviation_ref
    if authorise:
        register.authorise(ref, by="Alex Manager")
    return ref


def status(engine: Engine, host, as_of: dt.date = AS_OF) -> tuple[str, str | None]:
    finding = run_rule(engine, host, "LAC-REVIEW", as_of).only()
    assert finding.due_date == DUE
    return finding.status, finding.deviation_ref


def test_no_deviation_is_a_breach(engine, host, late_review):
    assert status(engine, host) == ("breach", None)


def test_an_authorised_deviation_covers_it(engine, host, late_review):
    ref = deviation(engine)
    assert status(engine, host) == ("deviation", ref)


def test_a_draft_covers_nothing(engine, host, late_review):
    deviation(engine, authorise=False)
    assert status(engine, host) == ("breach", None)


@pytest.mark.parametrize(
    ("start", "end", "covered"),
    [
        (DUE, DUE, True),
        (DUE + dt.timedelta(days=1), D(2021, 7, 31), False),
        (D(2021, 7, 1), DUE - dt.timedelta(days=1), False),
    ],
    ids=["period-is-the-due-date", "starts-the-day-after", "ends-the-day-before"],
)
def test_the_period_must_contain_the_due_date(engine, host, late_review, start, end, covered):
    deviation(engine, period_start=start, period_end=end)
    assert status(engine, host)[0] == ("deviation" if covered else "breach")


def test_another_childs_or_rules_deviation_does_not_cover(engine, host, late_review):
    deviation(engine, subject_ref="C2")
    deviation(engine, rule_id="LAC-SW-VISITS")
    assert status(engine, host) == ("breach", None)


def test_an_authority_wide_deviation_covers_every_child(engine, host, late_review):
    ref = deviation(engine, subject_type="authority", subject_ref="*")
    assert status(engine, host) == ("deviation", ref)


@pytest.mark.parametrize(
    ("review_date", "closed", "expected"),
    [
        (D(2021, 7, 4), False, "deviation-lapsed"),  # review already overdue on the due date
        (D(2021, 7, 20), False, "deviation-lapsed"),  # still open, review overdue by as-of
        (D(2021, 7, 20), True, "deviation"),  # closed after a timely life: still covers
        (AS_OF, False, "deviation"),  # review due on the as-of date: not yet overdue
    ],
    ids=["stale-when-relied-on", "open-and-overdue", "closed", "review-due-today"],
)
def test_a_deviation_past_its_review_date_lapses(
    engine, host, late_review, review_date, closed, expected
):
    ref = deviation(engine, review_date=review_date)
    if closed:
        Register(engine).close(ref, by="Alex Manager", closed_on=D(2021, 7, 31), note="Done")
    assert status(engine, host)[0] == expected


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        ("SI-2020/909", "deviation"),
        ("SI-2020/445", "deviation-lapsed"),
        ("guidance-departure", "deviation"),
        ("none", "deviation"),
    ],
)
def test_the_legal_basis_must_be_in_force_on_the_due_date(
    engine, host, late_review, basis, expected
):
    deviation(engine, legal_basis=basis)
    assert status(engine, host)[0] == expected


def test_closing_early_stops_coverage_from_that_day(engine, host, late_review):
    ref = deviation(engine)
    Register(engine).close(ref, by="Alex Manager", closed_on=D(2021, 7, 2), note="Not needed")
    assert status(engine, host) == ("breach", None)


def test_amending_an_authorised_deviation_keeps_its_last_authorised_terms(
    engine, host, late_review
):
    ref = deviation(engine)
    Register(engine).amend(ref, {"period_end": D(2021, 7, 3)}, by="Sam Worker")
    # The amendment (which would no longer cover 5 July) awaits authorisation.
    assert status(engine, host) == ("deviation", ref)
    Register(engine).authorise(ref, by="Jo Head")
    assert status(engine, host) == ("breach", None)
