"""LAC-REVIEW at its boundaries: CPPCR 2010 (SI 2010/959) reg 33.

Reg 33(1): first review within 20 working days of the child becoming looked after;
reg 33(2): second within 3 months of the first, then at intervals of no more than
6 months. Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.plugin_host import PluginHost
from scrutiny.testing import CaseData, run_rule

D = dt.date
RULE = "LAC-REVIEW"


def check(engine: Engine, host: PluginHost, as_of: dt.date, config: Config | None = None):
    return run_rule(engine, host, RULE, as_of, config)


# Reg 33(1): the first review within 20 working days ---------------------------------


@pytest.mark.parametrize(
    ("review", "status"),
    [(D(2021, 7, 2), None), (D(2021, 7, 5), None), (D(2021, 7, 6), "breach")],
    ids=["day-before-deadline", "on-deadline", "day-after-deadline"],
)
def test_reg33_1_first_review_within_20_working_days(engine, host, case, review, status):
    # Looked after from Monday 7 June 2021: the 20th working day after is 5 July 2021.
    case.episode("C1", D(2021, 6, 7))
    case.review("C1", review)
    result = check(engine, host, D(2021, 7, 30))
    assert result.status_on(D(2021, 7, 5)) == status
    if status is None:
        assert result.outcomes["met"] == 1


def test_reg33_1_count_skips_the_spring_bank_holiday(engine, host, case):
    # From Monday 24 May 2021 the 20 working days skip Monday 31 May (bank holiday):
    # the deadline is 22 June, not 21 June.
    case.episode("C1", D(2021, 5, 24))
    case.review("C1", D(2021, 6, 22))
    result = check(engine, host, D(2021, 7, 1))
    assert result.findings == []
    assert result.outcomes["met"] == 1


def test_reg33_1_count_skips_christmas_and_new_year_2020(engine, host, case):
    # 25 and 28 December 2020 (Boxing Day substitute) and 1 January 2021 are bank
    # holidays: from 14 December 2020 the deadline is 14 January 2021.
    case.episode("C1", D(2020, 12, 14))
    case.review("C1", D(2021, 1, 15))
    result = check(engine, host, D(2021, 2, 1))
    finding = result.only()
    assert (finding.status, finding.due_date, finding.event_date) == (
        "breach",
        D(2021, 1, 14),
        D(2021, 1, 15),
    )


def test_council_closure_day_from_config_extends_the_count(engine, host, case):
    case.episode("C1", D(2021, 6, 7))
    case.review("C1", D(2021, 7, 6))
    config = Config.model_validate({"calendar": {"closure_days": ["2021-06-18"]}})
    assert check(engine, host, D(2021, 7, 30), config).findings == []


# Reg 33(2): the second review within 3 months, then 6-monthly --------------------------


@pytest.mark.parametrize(
    ("second", "status"),
    [(D(2021, 9, 30), None), (D(2021, 10, 1), None), (D(2021, 10, 2), "breach")],
    ids=["day-before", "on-deadline", "day-after"],
)
def test_reg33_2_second_review_within_3_months_of_the_first(engine, host, case, second, status):
    case.episode("C1", D(2021, 6, 7))
    case.review("C1", D(2021, 7, 1), second)
    result = check(engine, host, D(2021, 11, 1))
    assert result.status_on(D(2021, 10, 1)) == status


def test_reg33_2_three_months_from_30_november_ends_on_28_february(engine, host, case):
    # Calendar months, clamped to the end of a shorter month (as python-dateutil does).
    case.episode("C1", D(2021, 11, 8))
    case.review("C1", D(2021, 11, 30), D(2022, 3, 1))
    finding = check(engine, host, D(2022, 3, 15)).only()
    assert (finding.status, finding.due_date) == ("breach", D(2022, 2, 28))


@pytest.mark.parametrize(
    ("third", "status"),
    [(D(2022, 4, 1), None), (D(2022, 4, 2), "breach")],
    ids=["on-deadline", "day-after"],
)
def test_reg33_2_later_reviews_no_more_than_6_months_apart(engine, host, case, third, status):
    case.episode("C1", D(2021, 6, 7))
    case.review("C1", D(2021, 7, 1), D(2021, 10, 1), third)
    result = check(engine, host, D(2022, 5, 1))
    assert result.status_on(D(2022, 4, 1)) == status


# A review not yet held ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (D(2021, 6, 27), None),
        (D(2021, 6, 28), "due-soon"),
        (D(2021, 7, 5), "due-soon"),
        (D(2021, 7, 6), "breach"),
    ],
    ids=["outside-warning", "warning-window-starts", "due-today", "overdue"],
)
def test_first_review_not_held_is_due_soon_then_overdue(engine, host, case, as_of, status):
    case.episode("C1", D(2021, 6, 7))
    result = check(engine, host, as_of)
    assert result.status_on(D(2021, 7, 5)) == status
    if status == "breach":
        assert result.only().event_date is None


def test_reviews_after_the_as_of_date_are_not_seen(engine, host, case):
    case.episode("C1", D(2021, 6, 7))
    case.review("C1", D(2021, 7, 1))
    result = check(engine, host, D(2021, 6, 30))
    assert result.status_on(D(2021, 7, 5)) == "due-soon"


@pytest.mark.parametrize(
    ("left", "status"),
    [(D(2021, 7, 5), None), (D(2021, 7, 6), "breach")],
    ids=["left-care-on-deadline", "left-care-day-after"],
)
def test_no_review_owed_once_the_child_has_left_care(engine, host, case, left, status):
    case.episode("C1", D(2021, 6, 7), dec=left, rec="E13")
    assert check(engine, host, D(2021, 9, 1)).status_on(D(2021, 7, 5)) == status


def test_a_change_of_placement_does_not_restart_the_clock(engine, host, case):
    case.episode("C1", D(2021, 6, 7), dec=D(2021, 6, 20), rec="X1")
    case.episode("C1", D(2021, 6, 20), rne="P", place="U4")
    case.review("C1", D(2021, 7, 5))
    assert check(engine, host, D(2021, 7, 30)).findings == []


def test_returning_to_care_starts_a_new_period_with_its_own_first_review(engine, host, case):
    case.episode("C1", D(2021, 1, 4), dec=D(2021, 1, 20), rec="E13")
    case.episode("C1", D(2021, 6, 7))
    result = check(engine, host, D(2021, 7, 30))
    # The first period ended before its review fell due (1 February); the second's is late.
    assert result.statuses() == [("breach", D(2021, 7, 5), None)]


@pytest.mark.parametrize("legal_status", ["V3", "V4"])
def test_short_break_children_are_not_judged_on_the_ordinary_timetable(
    engine, host, case, legal_status
):
    # CPPCR reg 48: short breaks follow their own regime.
    case.episode("C1", D(2021, 6, 7), ls=legal_status)
    result = check(engine, host, D(2022, 6, 1))
    assert result.findings == []
    assert result.outcomes == {}


# The SI 2020/445 window: its change to reg 33 is unverified, so a person decides -------


@pytest.mark.parametrize(
    ("start", "due", "status"),
    [
        # Easter 2020 (10 and 13 April) and 31 August 2020 are inside these counts.
        (D(2020, 3, 24), D(2020, 4, 23), "breach"),  # due the day before the window
        (D(2020, 3, 25), D(2020, 4, 24), "manual"),  # due on its first day
        (D(2020, 8, 26), D(2020, 9, 24), "manual"),
        (D(2020, 8, 27), D(2020, 9, 25), "manual"),  # due on its last day (inclusive, reg 2)
        (D(2020, 8, 28), D(2020, 9, 28), "breach"),  # due after it
    ],
    ids=["day-before-window", "first-day", "inside", "last-day", "after-window"],
)
def test_si_2020_445_window_late_reviews_need_a_person(engine, host, case, start, due, status):
    case.episode("C1", start)
    result = check(engine, host, D(2020, 12, 1))
    assert result.status_on(due) == status


# Data the check cannot see ------------------------------------------------------------


def test_due_after_the_data_ends_is_a_data_gap_not_a_breach(engine, host):
    case = CaseData(engine, covers=(D(2020, 4, 1), D(2021, 3, 31)))
    case.episode("C1", D(2021, 3, 15))
    result = run_rule(engine, host, RULE, D(2021, 6, 1))
    assert result.statuses() == [("data-gap", D(2021, 4, 14), None)]  # Easter: 2 and 5 April


def test_without_any_reviews_data_nothing_is_called_a_breach(engine, host):
    case = CaseData(engine, kinds=("ssda903.episodes",))
    case.episode("C1", D(2021, 6, 7))
    assert run_rule(engine, host, RULE, D(2021, 9, 1)).statuses() == [
        ("data-gap", D(2021, 7, 5), None)
    ]


def test_period_begun_before_the_reviews_data_is_judged_leniently(engine, host):
    case = CaseData(engine, covers=None)
    case.batch("ssda903.episodes", D(2019, 4, 1), D(2022, 3, 31))
    case.batch("ssda903.reviews", D(2020, 4, 1), D(2022, 3, 31))
    case.episode("C1", D(2019, 6, 3))
    case.episode("C2", D(2019, 6, 3))
    case.review("C1", D(2020, 9, 1), D(2021, 3, 1))  # first seen: cannot be judged
    case.review("C2", D(2020, 10, 2))  # later than 6 months after the data starts
    result = run_rule(engine, host, RULE, D(2021, 4, 1))
    by_child = {(f.subject_ref, f.due_date): f.status for f in result.findings}
    assert by_child[("C1", D(2020, 10, 1))] == "data-gap"
    assert by_child[("C2", D(2020, 10, 1))] == "breach"
    assert ("C1", D(2021, 3, 1)) not in by_child  # 6 months after 1 Sep 2020: on time
