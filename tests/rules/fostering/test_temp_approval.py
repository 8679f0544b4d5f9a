"""FOS-TEMP-APPROVAL at its boundaries: CPPCR 2010 reg 24, and SI 2020/445 reg 8 with its
reg 20 savings. Every test runs on SQLite and on PostgreSQL.

16 weeks from the day of approval: approved Monday 1 March 2021, the approval may run
to Monday 21 June 2021 (day 112). Under SI 2020/445 (approvals made 24 Apr to 25 Sep
2020 inclusive) 24 weeks, and any person, not only a connected person.
"""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.testing import run_rule

D = dt.date
RULE = "FOS-TEMP-APPROVAL"
TIME = "time limit"
WHO = "who may be approved temporarily"


def time_findings(result):
    return [f for f in result.findings if f.evidence["requirement"] == TIME]


@pytest.mark.parametrize(
    ("ended", "status"),
    [(D(2021, 6, 20), None), (D(2021, 6, 21), None), (D(2021, 6, 22), "breach")],
    ids=["day-before-16-weeks", "on-16-weeks", "day-after-16-weeks"],
)
def test_reg24_sixteen_weeks(engine, host, fos, ended, status):
    fos.approval("F1", D(2021, 3, 1), ended=ended)
    result = run_rule(engine, host, RULE, D(2021, 12, 31))
    found = [f for f in time_findings(result) if f.status != "met"]
    if status is None:
        assert found == []
        assert result.outcomes["met"] == 1
    else:
        (finding,) = found
        assert (finding.status, finding.due_date, finding.event_date) == (
            status,
            D(2021, 6, 21),
            ended,
        )
        assert finding.subject_type == "carer" and finding.subject_ref == "F1"
        assert finding.evidence["limit_weeks"] == 16


def test_running_approval_is_overdue_the_day_after_expiry(engine, host, fos):
    fos.approval("F1", D(2021, 3, 1))
    assert run_rule(engine, host, RULE, D(2021, 6, 21)).only().status == "due-soon"
    overdue = run_rule(engine, host, RULE, D(2021, 6, 22))
    assert [(f.status, f.due_date) for f in overdue.findings] == [("breach", D(2021, 6, 21))]


def test_running_approval_is_tracked_with_its_clock(engine, host, fos):
    # tracked: the pack lists every temporary approval, even one not yet due
    fos.approval("F1", D(2021, 3, 1))
    result = run_rule(engine, host, RULE, D(2021, 4, 1))
    assert result.findings == []
    assert result.outcomes == {"not-yet-due": 1}


def test_extension_before_expiry_stops_the_approval_clock(engine, host, fos):
    fos.approval("F1", D(2021, 3, 1), ended=D(2021, 8, 1))
    fos.extension("F1", D(2021, 3, 1), D(2021, 6, 21))
    result = run_rule(engine, host, RULE, D(2021, 12, 31))
    assert result.findings == []
    assert result.outcomes == {"met": 1}


def test_extension_after_expiry_does_not_save_the_approval(engine, host, fos):
    fos.approval("F1", D(2021, 3, 1), ended=D(2021, 8, 1))
    fos.extension("F1", D(2021, 3, 1), D(2021, 6, 22))
    finding = run_rule(engine, host, RULE, D(2021, 12, 31)).only()
    assert (finding.status, finding.event_date) == ("breach", D(2021, 6, 22))


@pytest.mark.parametrize(
    ("approved", "limit", "expires"),
    [
        (D(2020, 4, 23), 16, D(2020, 8, 13)),  # the day before SI 2020/445
        (D(2020, 4, 24), 24, D(2020, 10, 9)),  # its first day
        (D(2020, 9, 25), 24, D(2021, 3, 12)),  # its last day: saved by reg 20 into 2021
        (D(2020, 9, 26), 16, D(2021, 1, 16)),  # the day after
    ],
    ids=["day-before-window", "first-day", "last-day-savings", "day-after-window"],
)
def test_si_2020_445_window_sets_the_limit_by_the_day_of_approval(
    engine, host, fos, approved, limit, expires
):
    fos.approval("F1", approved)
    result = run_rule(engine, host, RULE, D(2022, 3, 31))
    (finding,) = time_findings(result)
    assert finding.due_date == expires
    assert finding.evidence["limit_weeks"] == limit


def test_savings_case_approved_25_september_runs_24_weeks_into_2021(engine, host, fos):
    # Approved on the last day of the window and still running in October 2020:
    # under reg 20's savings it is lawful until 12 March 2021, not 16 January.
    fos.approval("F1", D(2020, 9, 25), ended=D(2021, 3, 12))
    result = run_rule(engine, host, RULE, D(2021, 6, 30))
    assert result.findings == []
    assert result.outcomes == {"met": 1}


def test_beyond_24_weeks_in_the_window_is_manual_never_compliant(engine, host, fos):
    fos.approval("F1", D(2020, 6, 1), ended=D(2020, 12, 1))  # 24 weeks: 16 Nov 2020
    finding = run_rule(engine, host, RULE, D(2021, 6, 30)).only()
    assert (finding.status, finding.due_date) == ("manual", D(2020, 11, 16))


def test_beyond_16_weeks_outside_the_window_is_a_breach(engine, host, fos):
    fos.approval("F1", D(2020, 10, 1), ended=D(2021, 3, 1))
    finding = run_rule(engine, host, RULE, D(2021, 6, 30)).only()
    assert (finding.status, finding.due_date) == ("breach", D(2021, 1, 21))


@pytest.mark.parametrize(
    ("approved", "status"),
    [
        (D(2020, 4, 23), "breach"),
        (D(2020, 4, 24), None),
        (D(2020, 9, 25), None),
        (D(2020, 9, 26), "breach"),
    ],
    ids=["day-before-window", "first-day", "last-day", "day-after-window"],
)
def test_any_person_only_inside_the_window(engine, host, fos, approved, status):
    fos.approval("F1", approved, "temporary-any", ended=approved + dt.timedelta(days=30))
    result = run_rule(engine, host, RULE, D(2021, 6, 30))
    who = [f for f in result.findings if f.evidence["requirement"] == WHO]
    if status is None:
        assert who == []
        assert result.outcomes["met"] == 2
    else:
        (finding,) = who
        assert (finding.status, finding.due_date) == (status, approved)


def test_full_approvals_are_not_judged(engine, host, fos):
    fos.approval("F1", D(2021, 3, 1), "full")
    result = run_rule(engine, host, RULE, D(2022, 3, 31))
    assert result.findings == [] and result.outcomes == {}


def test_no_approvals_file_for_the_due_date_is_a_data_gap(engine, host):
    from scrutiny.testing.fostering import FosteringCases

    fos = FosteringCases(engine, covers=(D(2021, 1, 1), D(2021, 5, 31)))
    fos.approval("F1", D(2021, 3, 1))
    finding = run_rule(engine, host, RULE, D(2021, 12, 31)).only()
    assert (finding.status, finding.due_date) == ("data-gap", D(2021, 6, 21))
