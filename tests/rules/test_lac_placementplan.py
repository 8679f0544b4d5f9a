"""LAC-PLACEMENTPLAN at its boundaries: CPPCR 2010 (SI 2010/959) reg 9(2), and SI 2020/445
reg 8(4).

Reg 9(2): "If it is not reasonably practicable to prepare the placement plan before
making the placement, the placement plan must be prepared within five working days of
the start of the placement" (read as made, legislation.gov.uk/uksi/2010/959/part/3/made).
SI 2020/445 reg 8(4) replaced "within five working days of" with "as soon as is
reasonably practicable after" from 24 April to 25 September 2020 inclusive (reg 2).
Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.engine.check import CheckError
from scrutiny.plugin_host import PluginHost
from scrutiny.testing import run_rule
from tests.lac_cases import KINDS, LookedAfterCases

D = dt.date
RULE = "LAC-PLACEMENTPLAN"


@pytest.fixture
def case(engine: Engine) -> LookedAfterCases:
    return LookedAfterCases(engine)


def check(engine: Engine, host: PluginHost, as_of: dt.date, config: Config | None = None):
    return run_rule(engine, host, RULE, as_of, config)


def window_policy(days: int) -> Config:
    return Config.model_validate({"local_policy": {RULE: {"window_working_days": days}}})


# Reg 9(2): within 5 working days of the start of the placement --------------------------


@pytest.mark.parametrize(
    ("plan", "status"),
    [
        (D(2021, 6, 1), None),  # before the placement (reg 9(1))
        (D(2021, 6, 11), None),
        (D(2021, 6, 14), None),  # the fifth working day
        (D(2021, 6, 15), "breach"),
    ],
    ids=["before-placement", "day-before-deadline", "on-deadline", "day-after-deadline"],
)
def test_reg9_2_placement_plan_within_5_working_days(engine, host, case, plan, status):
    # Placed on Monday 7 June 2021: the 5th working day after is Monday 14 June.
    case.episode("C1", D(2021, 6, 7))
    case.placement_plan("C1", D(2021, 6, 7), plan)
    result = check(engine, host, D(2021, 9, 1))
    assert result.status_on(D(2021, 6, 14)) == status


def test_reg9_2_count_skips_christmas_and_new_year_2020(engine, host, case):
    # From Wednesday 23 December 2020: 24, 29, 30, 31 December and 4 January (25 and 28
    # December and 1 January are bank holidays): due Monday 4 January 2021.
    case.episode("C1", D(2020, 12, 23))
    case.placement_plan("C1", D(2020, 12, 23), D(2021, 1, 5))
    finding = check(engine, host, D(2021, 2, 1)).only()
    assert (finding.status, finding.due_date, finding.event_date) == (
        "breach",
        D(2021, 1, 4),
        D(2021, 1, 5),
    )


def test_every_change_of_carer_needs_a_plan_but_a_holiday_does_not(engine, host, case):
    case.episode("C1", D(2021, 6, 7), dec=D(2021, 7, 1), rec="X1")
    case.episode("C1", D(2021, 7, 1), place="T1", rne="T", dec=D(2021, 7, 8), rec="X1")
    case.episode("C1", D(2021, 7, 8), rne="T", dec=D(2021, 8, 2), rec="X1")
    case.episode("C1", D(2021, 8, 2), place="U4", rne="P")
    case.placement_plan("C1", D(2021, 6, 7), D(2021, 6, 7))
    result = check(engine, host, D(2021, 9, 1))
    # 2 August 2021: the 5th working day after is 9 August.
    assert result.statuses() == [("breach", D(2021, 8, 9), None)]
    assert result.outcomes == {"met": 1, "not-met": 1}


@pytest.mark.parametrize(
    ("ended", "status"),
    [(D(2021, 6, 14), None), (D(2021, 6, 15), "breach")],
    ids=["ended-on-deadline", "ended-day-after"],
)
def test_no_plan_owed_for_a_placement_that_ended_before_it_fell_due(
    engine, host, case, ended, status
):
    case.episode("C1", D(2021, 6, 7), dec=ended, rec="E13")
    assert check(engine, host, D(2021, 9, 1)).status_on(D(2021, 6, 14)) == status


def test_the_plan_is_matched_by_the_placement_start(engine, host, case):
    case.episode("C1", D(2021, 6, 7))
    case.placement_plan("C1", D(2021, 6, 8), D(2021, 6, 8))  # wrong DECOM: not this one
    assert check(engine, host, D(2021, 9, 1)).statuses() == [("breach", D(2021, 6, 14), None)]


# SI 2020/445: "as soon as is reasonably practicable", 24 Apr to 25 Sep 2020 -------------


@pytest.mark.parametrize(
    ("start", "due", "status"),
    [
        # Thursday 16 April: 17, 20, 21, 22, 23 April: due the day before the window.
        (D(2020, 4, 16), D(2020, 4, 23), "breach"),
        # Friday 17 April: its fifth working day is 24 April, the window's first day.
        (D(2020, 4, 17), D(2020, 4, 24), "manual"),
        # Friday 24 April, the first day: 27, 28, 29, 30 April, 1 May.
        (D(2020, 4, 24), D(2020, 5, 1), "manual"),
        # Friday 25 September, the last day (inclusive, reg 2): due 2 October, after it.
        (D(2020, 9, 25), D(2020, 10, 2), "manual"),
        # Saturday 26 September, the day after the window.
        (D(2020, 9, 26), D(2020, 10, 2), "breach"),
    ],
    ids=["due-day-before-window", "due-on-first-day", "first-day", "last-day", "day-after"],
)
def test_si_2020_445_reg8_4_window_late_plans_need_a_person(engine, host, case, start, due, status):
    case.episode("C1", start)
    case.placement_plan("C1", start, due + dt.timedelta(days=1))
    result = check(engine, host, D(2020, 12, 1))
    assert result.status_on(due) == status


def test_si_2020_445_window_missing_plan_needs_a_person(engine, host, case):
    case.episode("C1", D(2020, 6, 1))
    finding = check(engine, host, D(2020, 12, 1)).only()
    assert (finding.status, finding.due_date, finding.event_date) == (
        "manual",
        D(2020, 6, 8),
        None,
    )
    assert finding.evidence["si_2020_445_window"] == "yes"
    assert finding.evidence["interval"].startswith("as soon as reasonably practicable")


def test_si_2020_445_window_plan_within_5_working_days_is_met(engine, host, case):
    case.episode("C1", D(2020, 6, 1))
    case.placement_plan("C1", D(2020, 6, 1), D(2020, 6, 8))
    assert check(engine, host, D(2020, 12, 1)).outcomes == {"met": 1}


@pytest.mark.parametrize(
    ("plan", "status"),
    [(D(2020, 5, 12), None), (D(2020, 5, 13), "breach")],
    ids=["on-council-deadline", "day-after"],
)
def test_council_figure_for_the_window_skips_8_may_2020(engine, host, case, plan, status):
    # With the council's own 5 working days for the window, from Monday 4 May 2020 the
    # count skips Friday 8 May (VE Day bank holiday): 5, 6, 7, 11, 12 May.
    case.episode("C1", D(2020, 5, 4))
    case.placement_plan("C1", D(2020, 5, 4), plan)
    result = check(engine, host, D(2020, 12, 1), window_policy(5))
    assert result.status_on(D(2020, 5, 12)) == status
    if status:
        assert result.only().standard == "local-policy"


def test_council_figure_for_the_window_applies_only_in_it(engine, host, case):
    case.episode("C1", D(2020, 6, 1))  # in the window: the council's 3 working days
    case.episode("C2", D(2020, 10, 5))  # after it: the statutory 5
    case.placement_plan("C1", D(2020, 6, 1), D(2020, 6, 5))
    case.placement_plan("C2", D(2020, 10, 5), D(2020, 10, 13))
    result = check(engine, host, D(2020, 12, 1), window_policy(3))
    assert sorted((f.subject_ref, f.due_date, f.standard) for f in result.findings) == [
        ("C1", D(2020, 6, 4), "local-policy"),
        ("C2", D(2020, 10, 12), "regulation"),
    ]


def test_window_policy_must_be_a_whole_number_from_1(engine, host, case):
    case.episode("C1", D(2020, 6, 1))
    with pytest.raises(CheckError, match="window_working_days must be a whole number from 1"):
        check(engine, host, D(2020, 12, 1), window_policy(0))


# What the data cannot show ----------------------------------------------------------------


@pytest.mark.parametrize("legal_status", ["V3", "V4"])
def test_short_breaks_are_not_judged(engine, host, case, legal_status):
    # CPPCR reg 48(3)(a): reg 9 does not apply to short breaks.
    case.episode("C1", D(2021, 6, 7), ls=legal_status)
    result = check(engine, host, D(2021, 9, 1))
    assert (result.findings, result.outcomes) == ([], {})


def test_without_a_placement_plans_file_it_is_a_data_gap(engine, host):
    case = LookedAfterCases(
        engine, kinds=tuple(k for k in KINDS if k != "looked_after.placement_plans")
    )
    case.episode("C1", D(2021, 6, 7))
    assert check(engine, host, D(2021, 9, 1)).statuses() == [("data-gap", D(2021, 6, 14), None)]


def test_reg9_4_placements_before_1_april_2011_are_not_judged(engine, host, case):
    case.episode("C1", D(2011, 3, 31))
    case.episode("C2", D(2011, 4, 1))
    result = check(engine, host, D(2011, 6, 1))
    assert [(f.subject_ref, f.due_date) for f in result.findings] == [("C2", D(2011, 4, 8))]


def test_the_finding_says_what_it_was_judged_on(engine, host, case):
    case.episode("C1", D(2021, 6, 7), place="U4")
    finding = check(engine, host, D(2021, 9, 1)).only()
    assert finding.evidence["placement_type"] == "U4"
    assert finding.evidence["interval"] == "5 working days"
    assert finding.evidence["si_2020_445_window"] == "no"
    assert finding.evidence["in_force_on_placement_start"].startswith(
        "SI 2010/959 reg 9(2), as made (SI 2020/445 lapsed"
    )
