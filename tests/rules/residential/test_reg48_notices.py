"""CH-REG48: Children's Homes (England) Regulations 2015 regs 48 and 49 (VERIFIED-P):
notice to HMCI of the manager's absence of 28 days or more (a month before, or within a
week of an unforeseen one), of the return within 7 days, and of reg 49 changes."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.testing import run_rule

D = dt.date
RULE = "CH-REG48"
AS_OF = D(2022, 3, 31)
RETURN = "notice of the return within 7 days"


def by_requirement(result, requirement):
    return [f for f in result.findings if f.evidence["requirement"] == requirement]


@pytest.mark.parametrize(
    ("notice", "status"),
    [
        (D(2021, 2, 15), None),
        (D(2021, 2, 16), "manual"),
        (D(2021, 3, 15), "manual"),
        (D(2021, 3, 16), "breach"),
        (None, "breach"),
    ],
    ids=[
        "a-month-before",
        "day-after-a-month-before",
        "on-the-day-it-starts",
        "after-it-started",
        "never",
    ],
)
def test_planned_absence_notice_a_month_before(engine, host, res, notice, status):
    """Reg 48: at least 1 month before, or a shorter agreed period (not in the data)."""
    res.absence(D(2021, 3, 15), D(2021, 5, 1), planned=True, notice=notice, returned=D(2021, 5, 2))
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.status_on(D(2021, 2, 15)) == status


@pytest.mark.parametrize(("days", "judged"), [(27, False), (28, True)], ids=["27-days", "28-days"])
def test_only_absences_of_28_days_or_more(engine, host, res, days, judged):
    start = D(2021, 3, 1)
    res.absence(start, start + dt.timedelta(days=days), planned=False)
    result = run_rule(engine, host, RULE, AS_OF)
    assert (result.outcomes != {}) is judged


def test_running_absence_counts_by_its_expected_end(engine, host, res):
    res.absence(D(2022, 3, 20), None, planned=False, expected=D(2022, 5, 1))
    finding = run_rule(engine, host, RULE, AS_OF).only()
    assert (finding.due_date, finding.status) == (D(2022, 3, 27), "breach")


@pytest.mark.parametrize(
    ("notice", "status"),
    [(D(2021, 3, 8), None), (D(2021, 3, 9), "breach")],
    ids=["within-a-week", "day-after-a-week"],
)
def test_unforeseen_absence_notice_within_one_week(engine, host, res, notice, status):
    """Reg 48: an emergency absence notified within 1 week of its start."""
    res.absence(D(2021, 3, 1), D(2021, 5, 1), planned=False, notice=notice, returned=D(2021, 5, 1))
    assert run_rule(engine, host, RULE, AS_OF).status_on(D(2021, 3, 8)) == status


@pytest.mark.parametrize(
    ("returned", "status"),
    [(D(2021, 5, 8), None), (D(2021, 5, 9), "breach"), (None, "breach")],
    ids=["seventh-day", "eighth-day", "never"],
)
def test_return_notified_within_seven_days(engine, host, res, returned, status):
    """Reg 48: the return notified within 7 days of it."""
    res.absence(
        D(2021, 3, 1), D(2021, 5, 1), planned=False, notice=D(2021, 3, 2), returned=returned
    )
    result = run_rule(engine, host, RULE, AS_OF)
    assert [f.status for f in by_requirement(result, RETURN)] == ([status] if status else [])


@pytest.mark.parametrize(
    ("notified", "status"),
    [(D(2021, 6, 1), None), (D(2021, 6, 2), "manual"), (None, "breach")],
    ids=["on-the-day", "later-judged-by-a-person", "never"],
)
def test_reg_49_notice_as_soon_as_reasonably_practicable(engine, host, res, notified, status):
    """Reg 49: "as soon as reasonably practicable" is judged by a person once given late."""
    res.change(D(2021, 6, 1), notified, "manager-ceased")
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.status_on(D(2021, 6, 1)) == status
    if status:
        assert result.only().evidence["requirement"] == "notice of manager-ceased (reg 49)"
