"""LAC-CAREPLAN at its boundaries: CPPCR 2010 (SI 2010/959) reg 4(2).

Reg 4(2): "Except in the case of a child to whom section 31A (care orders: care plans)
applies … the care plan must be prepared before C is first placed … or, if it is not
practicable to do so, within ten working days of the start of the first placement"
(read as made, legislation.gov.uk/uksi/2010/959/part/2/made). Every test runs on SQLite
and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.plugin_host import PluginHost
from scrutiny.testing import run_rule
from tests.lac_cases import KINDS, LookedAfterCases

D = dt.date
RULE = "LAC-CAREPLAN"


@pytest.fixture
def case(engine: Engine) -> LookedAfterCases:
    return LookedAfterCases(engine)


def check(engine: Engine, host: PluginHost, as_of: dt.date, config: Config | None = None):
    return run_rule(engine, host, RULE, as_of, config)


# Reg 4(2): before the first placement, or within 10 working days -----------------------


@pytest.mark.parametrize(
    ("plan", "status"),
    [
        (D(2021, 5, 20), None),  # before the placement: what reg 4(2) asks first
        (D(2021, 6, 7), None),  # the day the child became looked after
        (D(2021, 6, 21), None),  # the tenth working day
        (D(2021, 6, 22), "breach"),  # the day after
    ],
    ids=["before-placement", "first-day", "on-deadline", "day-after-deadline"],
)
def test_reg4_2_care_plan_within_10_working_days(engine, host, case, plan, status):
    # Looked after from Monday 7 June 2021: the 10th working day after is 21 June 2021.
    case.episode("C1", D(2021, 6, 7), ls="V2")
    case.care_plan("C1", plan)
    result = check(engine, host, D(2021, 9, 1))
    assert result.status_on(D(2021, 6, 21)) == status
    if status is None:
        assert result.outcomes == {"met": 1}
    else:
        assert result.only().event_date == plan


@pytest.mark.parametrize(
    ("plan", "status"),
    [(D(2020, 5, 18), None), (D(2020, 5, 19), "breach")],
    ids=["on-deadline", "day-after"],
)
def test_reg4_2_count_skips_the_ve_day_bank_holiday_8_may_2020(engine, host, case, plan, status):
    # From Friday 1 May 2020 the 10 working days skip Friday 8 May (the early May bank
    # holiday moved for VE Day): the 10th is Monday 18 May, not Friday 15 May.
    case.episode("C1", D(2020, 5, 1), ls="V2")
    case.care_plan("C1", plan)
    assert check(engine, host, D(2020, 7, 1)).status_on(D(2020, 5, 18)) == status


def test_reg4_2_count_skips_christmas_2020(engine, host, case):
    # From Monday 21 December 2020: 22, 23, 24, 29, 30, 31 December, 4, 5, 6, 7 January
    # (25 and 28 December and 1 January are bank holidays): due 7 January 2021.
    case.episode("C1", D(2020, 12, 21), ls="V2")
    finding = check(engine, host, D(2021, 2, 1)).only()
    assert (finding.status, finding.due_date, finding.event_date) == (
        "breach",
        D(2021, 1, 7),
        None,
    )


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(D(2021, 6, 13), None), (D(2021, 6, 14), "due-soon"), (D(2021, 6, 22), "breach")],
    ids=["outside-warning", "warning-starts", "overdue"],
)
def test_no_plan_yet_is_due_soon_then_a_breach(engine, host, case, as_of, status):
    case.episode("C1", D(2021, 6, 7), ls="V2")
    assert check(engine, host, as_of).status_on(D(2021, 6, 21)) == status


def test_a_plan_after_the_as_of_date_is_not_seen(engine, host, case):
    case.episode("C1", D(2021, 6, 7), ls="V2")
    case.care_plan("C1", D(2021, 6, 18))
    assert check(engine, host, D(2021, 6, 17)).status_on(D(2021, 6, 21)) == "due-soon"


def test_council_policy_can_only_shorten_the_10_working_days(engine, host, case):
    case.episode("C1", D(2021, 6, 7), ls="V2")
    case.care_plan("C1", D(2021, 6, 15))
    config = Config.model_validate({"local_policy": {RULE: {"care_plan_working_days": 5}}})
    finding = check(engine, host, D(2021, 9, 1), config).only()
    assert (finding.status, finding.due_date, finding.standard) == (
        "breach",
        D(2021, 6, 14),
        "local-policy",
    )


# Which plan belongs to which period of care ---------------------------------------------


def test_each_period_of_care_needs_its_own_plan(engine, host, case):
    # A plan made in the first period does not count for the second.
    case.episode("C1", D(2021, 1, 4), ls="V2", dec=D(2021, 1, 20), rec="E13")
    case.episode("C1", D(2021, 6, 7), ls="V2")
    case.care_plan("C1", D(2021, 1, 11))
    result = check(engine, host, D(2021, 9, 1))
    assert result.statuses() == [("breach", D(2021, 6, 21), None)]
    assert result.outcomes == {"met": 1, "not-met": 1}


def test_a_plan_made_between_periods_counts_for_the_next(engine, host, case):
    case.episode("C1", D(2021, 1, 4), ls="V2", dec=D(2021, 1, 20), rec="E13")
    case.episode("C1", D(2021, 6, 7), ls="V2")
    case.care_plan("C1", D(2021, 1, 11), D(2021, 6, 1))
    assert check(engine, host, D(2021, 9, 1)).outcomes == {"met": 2}


@pytest.mark.parametrize(
    ("left", "status"),
    [(D(2021, 6, 21), None), (D(2021, 6, 22), "breach")],
    ids=["left-on-deadline", "left-day-after"],
)
def test_no_plan_owed_once_the_child_left_care_before_it_fell_due(engine, host, case, left, status):
    case.episode("C1", D(2021, 6, 7), ls="V2", dec=left, rec="E13")
    assert check(engine, host, D(2021, 9, 1)).status_on(D(2021, 6, 21)) == status


# The s31A exception ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legal_status", "judged"),
    [("C2", False), ("C1", False), ("V2", True), ("L2", True), ("J1", True)],
    ids=["care-order", "interim-care-order", "section-20", "emergency-protection", "remand"],
)
def test_reg4_2_children_under_care_orders_are_excepted_s31a(
    engine, host, case, legal_status, judged
):
    # s31A applies on any application on which a care order might be made: the court's
    # care plan governs, so reg 4(2)'s timetable is not judged for C1 and C2.
    case.episode("C1", D(2021, 6, 7), ls=legal_status)
    result = check(engine, host, D(2021, 9, 1))
    assert (result.status_on(D(2021, 6, 21)) == "breach") is judged
    assert bool(result.outcomes) is judged


@pytest.mark.parametrize(
    ("order_made", "status"),
    [(D(2021, 6, 21), None), (D(2021, 6, 22), "breach")],
    ids=["ico-by-the-deadline", "ico-after-the-deadline"],
)
def test_s31a_exception_applies_only_if_proceedings_began_by_the_due_date(
    engine, host, case, order_made, status
):
    # Accommodated under s20 first; an interim care order later in the same period.
    case.episode("C1", D(2021, 6, 7), ls="V2", dec=order_made, rec="X1")
    case.episode("C1", order_made, ls="C1", rne="L")
    assert check(engine, host, D(2021, 9, 1)).status_on(D(2021, 6, 21)) == status


@pytest.mark.parametrize("legal_status", ["V3", "V4"])
def test_short_breaks_are_not_judged(engine, host, case, legal_status):
    # CPPCR reg 48(3) modifies the care plan for short breaks.
    case.episode("C1", D(2021, 6, 7), ls=legal_status)
    result = check(engine, host, D(2021, 9, 1))
    assert (result.findings, result.outcomes) == ([], {})


# What the data cannot show ----------------------------------------------------------------


def test_without_a_care_plans_file_it_is_a_data_gap(engine, host):
    case = LookedAfterCases(engine, kinds=tuple(k for k in KINDS if k != "looked_after.care_plans"))
    case.episode("C1", D(2021, 6, 7), ls="V2")
    assert check(engine, host, D(2021, 9, 1)).statuses() == [("data-gap", D(2021, 6, 21), None)]


def test_due_before_the_care_plans_file_starts_is_a_data_gap(engine, host):
    case = LookedAfterCases(engine, covers=None)
    case.batch("ssda903.episodes", D(2021, 4, 1), D(2022, 3, 31))
    case.batch("looked_after.care_plans", D(2021, 7, 1), D(2022, 3, 31))
    case.episode("C1", D(2021, 6, 7), ls="V2")  # due 21 June: before the file
    case.episode("C2", D(2021, 7, 5), ls="V2")  # due 19 July: inside it
    result = check(engine, host, D(2021, 9, 1))
    assert sorted((f.subject_ref, f.status) for f in result.findings) == [
        ("C1", "data-gap"),
        ("C2", "breach"),
    ]


def test_periods_begun_before_the_first_return_are_not_judged(engine, host):
    case = LookedAfterCases(engine, covers=None)
    case.batch("ssda903.episodes", D(2020, 4, 1), D(2021, 3, 31))
    case.batch("looked_after.care_plans", D(2020, 4, 1), D(2021, 3, 31))
    case.episode("C1", D(2019, 6, 3), ls="V2")  # looked after since before the data
    case.episode("C2", D(2020, 4, 1), ls="V2")  # from the first day the data speak for
    result = check(engine, host, D(2021, 3, 31))
    assert [(f.subject_ref, f.status) for f in result.findings] == [("C2", "breach")]


def test_reg4_6_periods_begun_before_1_april_2011_are_not_judged(engine, host, case):
    # Reg 4(6): first placed before 1 April 2011, "as soon as reasonably practicable".
    case.episode("C1", D(2011, 3, 31), ls="V2")
    case.episode("C2", D(2011, 4, 1), ls="V2")
    result = check(engine, host, D(2011, 6, 1))
    assert [(f.subject_ref, f.due_date) for f in result.findings] == [("C2", D(2011, 4, 15))]


def test_the_finding_says_what_it_was_judged_on(engine, host, case):
    case.episode("C1", D(2021, 6, 7), ls="V2")
    case.care_plan("C1", D(2021, 6, 25))
    finding = check(engine, host, D(2021, 9, 1)).only()
    assert finding.standard == "regulation"
    assert finding.evidence["legal_status_at_start"] == "V2"
    assert finding.evidence["interval"] == "10 working days"
    assert finding.evidence["in_force_on_first_placement"] == "SI 2010/959 reg 4(2), as made"
    assert finding.evidence_date("looked_after_from") == D(2021, 6, 7)
