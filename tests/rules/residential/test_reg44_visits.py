"""CH-REG44: Children's Homes (England) Regulations 2015 reg 44 (VERIFIED-P): an
independent person visits every calendar month; SI 2020/445 reg 11 (VERIFIED-S) from
24 Apr to 25 Sep 2020: reasonable endeavours, virtual visits allowed."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.testing import run_rule

D = dt.date
RULE = "CH-REG44"
AS_OF = D(2022, 3, 31)


@pytest.fixture
def home(res):
    """A home registered from 1 Jan 2020 to 31 Dec 2020: every month of 2020 is judged."""
    res.home("H1", D(2020, 1, 1), D(2020, 12, 31))
    return res


def month_end(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def visits_except(res, *months: dt.date) -> None:
    """An in-person visit on the 10th of every month of 2020 except ``months``."""
    for n in range(1, 13):
        if D(2020, n, 1) not in months:
            res.reg44_visit(D(2020, n, 10))


@pytest.mark.parametrize(
    ("visited", "status"),
    [(D(2020, 3, 31), None), (D(2020, 4, 1), "breach")],
    ids=["last-day-of-month", "first-day-of-next-month"],
)
def test_visit_must_fall_in_the_calendar_month(engine, host, home, visited, status):
    """Reg 44: at least once each (calendar) month."""
    visits_except(home, D(2020, 3, 1), D(2020, 4, 1))
    home.reg44_visit(visited)
    home.reg44_visit(D(2020, 4, 20))
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.status_on(D(2020, 3, 31)) == status
    assert result.outcomes["met"] == 12 - (status is not None)


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (D(2020, 4, 23), "breach"),
        (D(2020, 4, 24), None),
        (D(2020, 9, 25), None),
        (D(2020, 9, 26), "breach"),
    ],
    ids=["day-before-window", "first-day-445", "last-day-445", "day-after-window"],
)
def test_virtual_visit_counts_only_inside_the_si_2020_445_window(engine, host, home, day, status):
    """SI 2020/445 reg 11: virtual visits, 24 Apr to 25 Sep 2020 inclusive (reg 2)."""
    visits_except(home, day.replace(day=1))
    home.reg44_visit(day, "virtual")
    assert run_rule(engine, host, RULE, AS_OF).status_on(month_end(day)) == status


def test_virtual_visit_after_the_window_does_not_meet_the_duty(engine, host, res):
    """SI 2020/909's carrying forward of reg 44 is unverified: not extended."""
    res.home("H1", D(2021, 1, 1))
    res.reg44_visit(D(2021, 1, 10))
    res.reg44_visit(D(2021, 2, 10), "virtual")
    result = run_rule(engine, host, RULE, D(2021, 3, 1))
    finding = next(f for f in result.findings if f.due_date == D(2021, 2, 28))
    assert (finding.status, finding.evidence["visits_not_counted"]) == ("breach", 1)


@pytest.mark.parametrize(
    ("month", "noted", "status"),
    [
        (D(2020, 3, 1), True, "breach"),
        (D(2020, 4, 1), True, "manual"),
        (D(2020, 5, 1), True, None),
        (D(2020, 5, 1), False, "breach"),
        (D(2020, 8, 1), True, None),
        (D(2020, 9, 1), True, "manual"),
        (D(2020, 10, 1), True, "breach"),
    ],
    ids=[
        "march-before-window",
        "april-partly-inside",
        "may-inside-noted",
        "may-inside-no-note",
        "august-inside-noted",
        "september-partly-inside",
        "october-after-window",
    ],
)
def test_missed_month_with_reasonable_endeavours(engine, host, home, month, noted, status):
    """SI 2020/445 reg 11: a missed month is lawful with evidence of the efforts made."""
    visits_except(home, month)
    if noted:
        home.endeavour(month)
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.status_on(month_end(month)) == status


def test_visit_by_someone_not_independent_does_not_count(engine, host, home):
    visits_except(home, D(2020, 2, 1))
    home.reg44_visit(D(2020, 2, 12), independent=False)
    finding = run_rule(engine, host, RULE, AS_OF).only()
    assert (finding.due_date, finding.status, finding.evidence["visits_not_counted"]) == (
        D(2020, 2, 29),
        "breach",
        1,
    )


def test_months_the_home_opened_and_closed_in_are_not_judged(engine, host, res):
    res.home("H1", D(2020, 1, 15), D(2020, 4, 10))
    res.reg44_visit(D(2020, 2, 10))
    result = run_rule(engine, host, RULE, AS_OF)
    # Only February and March (registered from their first to their last day).
    assert result.statuses() == [("breach", D(2020, 3, 31), None)]
    assert result.outcomes == {"met": 1, "not-met": 1}


def test_month_still_running_is_due_soon(engine, host, res):
    res.home("H1", D(2022, 2, 1))
    res.reg44_visit(D(2022, 2, 10))
    assert run_rule(engine, host, RULE, D(2022, 3, 25)).only().status == "due-soon"


def test_months_before_the_visits_data_are_not_judged(engine, host):
    from scrutiny.testing.residential import ResidentialCases

    res = ResidentialCases(engine, kinds=("residential.homes",))
    res.batch("residential.reg44_visits", D(2021, 6, 5), D(2021, 8, 31))
    res.home("H1", D(2016, 1, 1))
    res.reg44_visit(D(2021, 6, 5))
    res.reg44_visit(D(2021, 7, 5))
    result = run_rule(engine, host, RULE, D(2021, 10, 5))
    # June to August are judged; September is past the data: a gap, not a breach.
    assert result.outcomes == {"met": 2, "not-met": 1, "data-gap": 1, "not-yet-due": 1}
    assert result.status_on(D(2021, 8, 31)) == "breach"
