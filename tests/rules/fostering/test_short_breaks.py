"""FOS-SHORT-BREAKS: CPPCR 2010 reg 48 (read as made).

No single stay over 17 days; at most 75 days in any 12 months. Calendar days, counting
the first and last day of each stay. Stays begun in SI 2020/445's window (24 Apr to
25 Sep 2020) that break a limit are 'manual'.
"""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.testing import run_rule

D = dt.date
RULE = "FOS-SHORT-BREAKS"
STAY = "single stay of at most 17 days"
YEAR = "at most 75 days in 12 months"
AS_OF = D(2022, 3, 31)


def by_requirement(result, requirement):
    return [f for f in result.findings if f.evidence["requirement"] == requirement]


@pytest.mark.parametrize(
    ("ended", "status"),
    [(D(2021, 3, 16), None), (D(2021, 3, 17), None), (D(2021, 3, 18), "breach")],
    ids=["16-days", "17-days", "18-days"],
)
def test_reg48_single_stay_of_at_most_17_days(engine, host, fos, ended, status):
    fos.short_break("C1", D(2021, 3, 1), ended)
    found = by_requirement(run_rule(engine, host, RULE, AS_OF), STAY)
    assert [(f.status, f.due_date) for f in found] == (
        [] if status is None else [(status, D(2021, 3, 17))]
    )


def fortnights(fos, child, first, count, days=14):
    """``count`` stays of ``days`` days, one every 4 weeks from ``first``."""
    for n in range(count):
        start = first + dt.timedelta(weeks=4 * n)
        fos.short_break(child, start, start + dt.timedelta(days=days - 1))


def test_reg48_75_days_in_12_months(engine, host, fos):
    fortnights(fos, "C1", D(2021, 1, 4), 5, days=15)  # 75 days
    assert by_requirement(run_rule(engine, host, RULE, AS_OF), YEAR) == []
    fos.short_break("C1", D(2021, 7, 1), D(2021, 7, 1))  # the 76th day
    (finding,) = by_requirement(run_rule(engine, host, RULE, AS_OF), YEAR)
    assert (finding.status, finding.due_date) == ("breach", D(2021, 7, 1))
    assert finding.evidence["days_in_12_months"] == 76


def test_days_more_than_12_months_earlier_drop_out(engine, host, fos):
    fortnights(fos, "C1", D(2021, 1, 4), 5, days=15)  # 4 Jan 2021 to ~ May 2021
    # A year and a day after the first stay began, its first day has dropped out.
    fos.short_break("C1", D(2022, 1, 4), D(2022, 1, 4))
    assert by_requirement(run_rule(engine, host, RULE, AS_OF), YEAR) == []


def four_stays_of_17_days(fos):
    for month in (4, 5, 6, 7):
        fos.short_break("C1", D(2021, month, 1), D(2021, month, 17))  # 68 days


@pytest.mark.parametrize(
    ("last", "status"),
    [
        (D(2022, 3, 31), None),  # window 1 Apr 2021 - 31 Mar 2022: 68 + 7 = 75
        (D(2022, 4, 1), None),  # window from 2 Apr 2021: 16 of the April stay + 51 + 8 = 75
        (D(2022, 3, 31), "breach"),  # a day earlier start: 68 + 8 = 76
    ],
    ids=["75-days", "window-cuts-a-stay", "76-days"],
)
def test_window_counts_only_the_days_inside_it(engine, host, fos, last, status):
    four_stays_of_17_days(fos)
    first = D(2022, 3, 24) if status else last - dt.timedelta(days=6 if last.day == 31 else 7)
    fos.short_break("C1", first, last)
    year = by_requirement(run_rule(engine, host, RULE, D(2022, 4, 30)), YEAR)
    assert [(f.status, f.due_date) for f in year] == ([] if status is None else [(status, last)])


def test_other_children_are_counted_separately(engine, host, fos):
    fortnights(fos, "C1", D(2021, 1, 4), 3, days=15)
    fortnights(fos, "C2", D(2021, 1, 4), 3, days=15)
    assert run_rule(engine, host, RULE, AS_OF).findings == []


@pytest.mark.parametrize(
    ("started", "status"),
    [
        (D(2020, 4, 23), "breach"),
        (D(2020, 4, 24), "manual"),
        (D(2020, 9, 25), "manual"),
        (D(2020, 9, 26), "breach"),
    ],
    ids=["day-before-window", "first-day", "last-day", "day-after-window"],
)
def test_si_2020_445_window_makes_breaks_manual(engine, host, fos, started, status):
    fos.short_break("C1", started, started + dt.timedelta(days=20))
    (finding,) = by_requirement(run_rule(engine, host, RULE, AS_OF), STAY)
    assert finding.status == status


def test_stay_still_running_past_17_days_is_a_breach(engine, host, fos):
    fos.short_break("C1", D(2022, 3, 1), None)
    (finding,) = by_requirement(run_rule(engine, host, RULE, AS_OF), STAY)
    assert (finding.status, finding.due_date, finding.event_date) == (
        "breach",
        D(2022, 3, 17),
        None,
    )
