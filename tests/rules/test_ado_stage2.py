"""ADO-STAGE2 at its boundaries: the agency decision within 4 months of the applicant's
notice that they wish to proceed (adoption statutory guidance 2013, s7 LASSA 1970; AAR
2005 regs 28–30G as substituted by SI 2013/985).

Statutory guidance, not regulation: a late decision is explained by a deviation with
the legal basis "guidance-departure". Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from tests.adoption_cases import AdoptionCases, record_deviation, run

D = dt.date
RULE = "ADO-STAGE2"


@pytest.fixture
def ado(engine: Engine) -> AdoptionCases:
    return AdoptionCases(engine)


def in_stage2(ado: AdoptionCases, ref: str, notice: dt.date, **values: object) -> None:
    ado.application(
        ref,
        notice - dt.timedelta(days=90),
        stage1_decision=notice - dt.timedelta(days=20),
        notice_to_proceed=notice,
        **values,
    )


@pytest.mark.parametrize(
    ("decided", "status"),
    [(D(2021, 5, 30), None), (D(2021, 5, 31), None), (D(2021, 6, 1), "breach")],
    ids=["day-before-deadline", "on-deadline", "day-after-deadline"],
)
def test_agency_decision_within_four_calendar_months(engine, host, ado, decided, status):
    in_stage2(ado, "A1", D(2021, 1, 31), agency_decision=decided)
    result = run(engine, host, RULE, D(2021, 9, 1))
    assert result.status_on(D(2021, 5, 31)) == status


@pytest.mark.parametrize(
    ("notice", "due"),
    [
        (D(2020, 10, 31), D(2021, 2, 28)),
        (D(2019, 10, 31), D(2020, 2, 29)),  # a leap year
        (D(2021, 8, 31), D(2021, 12, 31)),
        (D(2021, 5, 31), D(2021, 9, 30)),
    ],
    ids=["31-oct-to-28-feb", "31-oct-to-29-feb-leap", "31-aug-to-31-dec", "31-may-to-30-sep"],
)
def test_months_are_clamped_to_the_end_of_a_shorter_month(engine, host, ado, notice, due):
    in_stage2(ado, "A1", notice, agency_decision=due)
    in_stage2(ado, "A2", notice, agency_decision=due + dt.timedelta(days=1))
    result = run(engine, host, RULE, D(2022, 3, 31))
    finding = result.only()
    assert (finding.subject_ref, finding.status, finding.due_date) == ("A2", "breach", due)


def test_a_decision_not_to_approve_is_judged_on_time_too(engine, host, ado):
    in_stage2(
        ado,
        "A1",
        D(2021, 1, 31),
        agency_decision=D(2021, 6, 15),
        agency_decision_outcome="not-approve",
    )
    finding = run(engine, host, RULE, D(2021, 9, 1)).only()
    assert (finding.status, finding.standard, finding.evidence["decision"]) == (
        "breach",
        "statutory-guidance",
        "not-approve",
    )


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(D(2021, 5, 23), None), (D(2021, 5, 24), "due-soon"), (D(2021, 6, 1), "breach")],
    ids=["outside-warning", "warning-starts", "overdue"],
)
def test_undecided_is_due_soon_then_overdue(engine, host, ado, as_of, status):
    in_stage2(ado, "A1", D(2021, 1, 31))
    assert run(engine, host, RULE, as_of).status_on(D(2021, 5, 31)) == status


def test_no_clock_before_the_notice_to_proceed(engine, host, ado):
    ado.application("A1", D(2021, 1, 4), stage1_decision=D(2021, 3, 1))
    assert run(engine, host, RULE, D(2022, 3, 31)).outcomes == {}


def test_a_notice_after_the_as_of_date_is_not_seen(engine, host, ado):
    in_stage2(ado, "A1", D(2021, 1, 31))
    assert run(engine, host, RULE, D(2021, 1, 30)).outcomes == {}


@pytest.mark.parametrize(
    ("closed", "status"),
    [(D(2021, 5, 31), None), (D(2021, 6, 1), "breach")],
    ids=["withdrawn-on-deadline", "withdrawn-day-after"],
)
def test_withdrawn_before_the_deadline_owes_no_decision(engine, host, ado, closed, status):
    in_stage2(ado, "A1", D(2021, 1, 31), closed=closed)
    assert run(engine, host, RULE, D(2021, 9, 1)).status_on(D(2021, 5, 31)) == status


def test_deadline_after_the_data_ends_is_a_data_gap(engine, host):
    ado = AdoptionCases(engine, covers=(D(2020, 1, 1), D(2021, 5, 30)))
    in_stage2(ado, "A1", D(2021, 1, 31))
    assert run(engine, host, RULE, D(2021, 9, 1)).statuses() == [("data-gap", D(2021, 5, 31), None)]


def test_a_late_decision_with_a_recorded_reason_is_a_deviation(engine, host, ado):
    in_stage2(ado, "A1", D(2021, 1, 31), agency_decision=D(2021, 7, 1))
    in_stage2(ado, "A2", D(2021, 1, 31), agency_decision=D(2021, 7, 1))
    ref = record_deviation(engine, RULE, "A1", D(2021, 5, 31), D(2021, 5, 31), "guidance-departure")
    result = run(engine, host, RULE, D(2021, 9, 1))
    by_ref = {f.subject_ref: (f.status, f.deviation_ref) for f in result.findings}
    assert by_ref == {"A1": ("deviation", ref), "A2": ("breach", None)}


def test_a_deviation_past_its_review_date_has_lapsed(engine, host, ado):
    in_stage2(ado, "A1", D(2021, 1, 31))
    record_deviation(
        engine,
        RULE,
        "A1",
        D(2021, 5, 1),
        D(2021, 12, 31),
        "guidance-departure",
        review=D(2021, 7, 1),
    )
    assert run(engine, host, RULE, D(2021, 9, 1)).only().status == "deviation-lapsed"
