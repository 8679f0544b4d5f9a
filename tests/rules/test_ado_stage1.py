"""ADO-STAGE1 at its boundaries: stage 1 decided within 2 months of accepting the
registration of interest (adoption statutory guidance 2013, s7 LASSA 1970; AAR 2005
regs 21 and 27 as substituted by SI 2013/985).

Statutory guidance, not regulation: findings say so, and a late decision is explained
by a deviation with the legal basis "guidance-departure". Every test runs on SQLite and
on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.engine.check import CheckError
from tests.adoption_cases import AdoptionCases, record_deviation, run

D = dt.date
RULE = "ADO-STAGE1"


@pytest.fixture
def ado(engine: Engine) -> AdoptionCases:
    return AdoptionCases(engine)


@pytest.mark.parametrize(
    ("decided", "status"),
    [(D(2021, 5, 14), None), (D(2021, 5, 15), None), (D(2021, 5, 16), "breach")],
    ids=["day-before-deadline", "on-deadline", "day-after-deadline"],
)
def test_decided_within_two_calendar_months(engine, host, ado, decided, status):
    ado.application("A1", D(2021, 3, 15), stage1_decision=decided)
    result = run(engine, host, RULE, D(2021, 7, 1))
    assert result.status_on(D(2021, 5, 15)) == status
    if status is None:
        assert result.outcomes == {"met": 1}


@pytest.mark.parametrize(
    ("accepted", "due"),
    [
        (D(2020, 12, 31), D(2021, 2, 28)),
        (D(2019, 12, 31), D(2020, 2, 29)),  # a leap year
        (D(2020, 12, 30), D(2021, 2, 28)),
        (D(2021, 7, 31), D(2021, 9, 30)),
    ],
    ids=["31-dec-to-28-feb", "31-dec-to-29-feb-leap", "30-dec-to-28-feb", "31-jul-to-30-sep"],
)
def test_months_are_clamped_to_the_end_of_a_shorter_month(engine, host, ado, accepted, due):
    ado.application("A1", accepted, stage1_decision=due)
    ado.application("A2", accepted, stage1_decision=due + dt.timedelta(days=1))
    result = run(engine, host, RULE, D(2022, 3, 31))
    finding = result.only()
    assert (finding.subject_ref, finding.status, finding.due_date) == ("A2", "breach", due)
    assert result.outcomes == {"met": 1, "not-met": 1}


def test_finding_says_it_was_judged_against_statutory_guidance(engine, host, ado):
    ado.application("A1", D(2021, 3, 15), stage1_decision=D(2021, 6, 1))
    finding = run(engine, host, RULE, D(2021, 7, 1)).only()
    assert finding.subject_type == "application"
    assert finding.standard == "statutory-guidance"
    assert finding.severity == "medium"
    assert finding.event_date == D(2021, 6, 1)
    assert finding.evidence["timescale_months"] == 2
    assert finding.evidence["decision"] == "suitable"


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (D(2021, 5, 7), None),
        (D(2021, 5, 8), "due-soon"),
        (D(2021, 5, 15), "due-soon"),
        (D(2021, 5, 16), "breach"),
    ],
    ids=["outside-warning", "warning-starts", "due-today", "overdue"],
)
def test_undecided_is_due_soon_then_overdue(engine, host, ado, as_of, status):
    ado.application("A1", D(2021, 3, 15))
    result = run(engine, host, RULE, as_of)
    assert result.status_on(D(2021, 5, 15)) == status
    if status == "breach":
        assert result.only().event_date is None


def test_a_decision_after_the_as_of_date_is_not_seen(engine, host, ado):
    ado.application("A1", D(2021, 3, 15), stage1_decision=D(2021, 5, 10))
    assert run(engine, host, RULE, D(2021, 5, 9)).status_on(D(2021, 5, 15)) == "due-soon"


def test_applications_accepted_after_the_as_of_date_are_not_judged(engine, host, ado):
    ado.application("A1", D(2021, 3, 15))
    assert run(engine, host, RULE, D(2021, 3, 14)).outcomes == {}


@pytest.mark.parametrize(
    ("closed", "status"),
    [(D(2021, 5, 15), None), (D(2021, 5, 16), "breach")],
    ids=["closed-on-deadline", "closed-day-after"],
)
def test_an_application_that_ended_before_its_deadline_owes_no_decision(
    engine, host, ado, closed, status
):
    ado.application("A1", D(2021, 3, 15), closed=closed)
    result = run(engine, host, RULE, D(2021, 9, 1))
    assert result.status_on(D(2021, 5, 15)) == status
    if status is None:
        assert result.outcomes == {}


def test_the_coronavirus_windows_did_not_change_the_timescale(engine, host, ado):
    # Accepted on the first day of SI 2020/445's relevant period: still 2 months.
    ado.application("A1", D(2020, 4, 24), stage1_decision=D(2020, 6, 25))
    finding = run(engine, host, RULE, D(2020, 12, 1)).only()
    assert (finding.status, finding.due_date) == ("breach", D(2020, 6, 24))


def test_deadline_after_the_data_ends_is_a_data_gap(engine, host):
    ado = AdoptionCases(engine, covers=(D(2020, 1, 1), D(2021, 5, 14)))
    ado.application("A1", D(2021, 3, 15))
    ado.application("A2", D(2021, 3, 14))  # due 14 May: the last day the data speaks for
    result = run(engine, host, RULE, D(2021, 7, 1))
    assert result.statuses() == [
        ("breach", D(2021, 5, 14), None),
        ("data-gap", D(2021, 5, 15), None),
    ]


def test_without_any_applications_data_nothing_is_a_breach(engine, host):
    ado = AdoptionCases(engine, covers=None)
    ado.application("A1", D(2021, 3, 15))
    assert run(engine, host, RULE, D(2021, 7, 1)).statuses() == [("data-gap", D(2021, 5, 15), None)]


def test_a_late_decision_with_a_recorded_reason_is_a_deviation(engine, host, ado):
    ado.application("A1", D(2021, 3, 15), stage1_decision=D(2021, 6, 10))
    ref = record_deviation(engine, RULE, "A1", D(2021, 5, 1), D(2021, 6, 30), "guidance-departure")
    finding = run(engine, host, RULE, D(2021, 7, 1)).only()
    assert (finding.status, finding.deviation_ref) == ("deviation", ref)


def test_a_stricter_local_timescale_is_applied_and_named(engine, host, ado):
    ado.application("A1", D(2021, 3, 15), stage1_decision=D(2021, 4, 20))
    config = Config.model_validate({"local_policy": {RULE: {"stage1_months": 1}}})
    finding = run(engine, host, RULE, D(2021, 7, 1), config).only()
    assert (finding.status, finding.due_date, finding.standard) == (
        "breach",
        D(2021, 4, 15),
        "local-policy",
    )


def test_a_looser_local_timescale_is_refused(engine, host, ado):
    config = Config.model_validate({"local_policy": {RULE: {"stage1_months": 3}}})
    with pytest.raises(CheckError, match="less strict than the statutory 2"):
        run(engine, host, RULE, D(2021, 7, 1), config)
