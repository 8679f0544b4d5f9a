"""LAC-SW-VISITS at its boundaries: CPPCR 2010 (SI 2010/959) reg 28, and the remote
visits SI 2020/909 reg 4(2) allowed from 25 Sep 2020 to 30 Sep 2021 (extended by
SI 2021/261). Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.plugin_host import PluginHost
from scrutiny.register.service import Register
from scrutiny.testing import CaseData, run_rule

D = dt.date
RULE = "LAC-SW-VISITS"


def check(engine: Engine, host: PluginHost, as_of: dt.date, config: Config | None = None):
    return run_rule(engine, host, RULE, as_of, config)


# Reg 28(2)(a): within one week of the start of any placement ------------------------


@pytest.mark.parametrize(
    ("first", "status"),
    [(D(2021, 11, 7), None), (D(2021, 11, 8), None), (D(2021, 11, 9), "breach")],
    ids=["day-before", "on-deadline", "day-after"],
)
def test_reg28_first_visit_within_one_week_of_placement(engine, host, case, first, status):
    case.episode("C1", D(2021, 11, 1))
    case.visit("C1", first)
    assert check(engine, host, D(2021, 11, 30)).status_on(D(2021, 11, 8)) == status


def test_reg28_every_new_placement_needs_a_visit_within_a_week(engine, host, case):
    case.episode("C1", D(2021, 11, 1), dec=D(2021, 11, 20), rec="X1")
    case.episode("C1", D(2021, 11, 20), rne="P", place="U4")
    case.visits("C1", D(2021, 11, 2), D(2021, 11, 28))
    finding = check(engine, host, D(2021, 12, 10)).only()
    assert (finding.status, finding.due_date, finding.event_date) == (
        "breach",
        D(2021, 11, 27),
        D(2021, 11, 28),
    )
    assert finding.evidence["interval"] == "7 days from the start of the placement"


def test_reg28_a_temporary_move_does_not_start_a_placement(engine, host, case):
    case.episode("C1", D(2021, 11, 1), dec=D(2021, 11, 10), rec="X1")
    case.episode("C1", D(2021, 11, 10), rne="P", place="T2", dec=D(2021, 11, 14), rec="X1")
    case.episode("C1", D(2021, 11, 14), rne="P", place="U6")
    case.visits("C1", D(2021, 11, 3), D(2021, 12, 10))
    assert check(engine, host, D(2021, 12, 20)).findings == []


# Reg 28(2)(b): then at intervals of no more than 6 weeks -------------------------------


@pytest.mark.parametrize(
    ("second", "status"),
    [(D(2021, 12, 19), None), (D(2021, 12, 20), None), (D(2021, 12, 21), "breach")],
    ids=["day-before", "on-deadline", "day-after"],
)
def test_reg28_visits_at_most_six_weeks_apart(engine, host, case, second, status):
    case.episode("C1", D(2021, 11, 1))
    case.visits("C1", D(2021, 11, 8), second)
    assert check(engine, host, D(2022, 1, 10)).status_on(D(2021, 12, 20)) == status


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (D(2021, 12, 12), None),
        (D(2021, 12, 13), "due-soon"),
        (D(2021, 12, 20), "due-soon"),
        (D(2021, 12, 21), "breach"),
    ],
    ids=["outside-warning", "warning-starts", "due-today", "overdue"],
)
def test_reg28_visit_not_yet_made_is_due_soon_then_overdue(engine, host, case, as_of, status):
    case.episode("C1", D(2021, 11, 1))
    case.visit("C1", D(2021, 11, 8))
    assert check(engine, host, as_of).status_on(D(2021, 12, 20)) == status


def test_local_policy_of_four_weeks_is_applied_and_named(engine, host, case):
    case.episode("C1", D(2021, 11, 1))
    case.visits("C1", D(2021, 11, 8), D(2021, 12, 10))
    config = Config.model_validate({"local_policy": {RULE: {"interval_weeks": 4}}})
    finding = check(engine, host, D(2021, 12, 20), config).only()
    assert (finding.due_date, finding.standard) == (D(2021, 12, 6), "local-policy")
    assert finding.evidence["interval"] == "4 weeks"


def test_local_policy_looser_than_the_law_is_refused(engine, host, case):
    from scrutiny.engine.check import CheckError

    config = Config.model_validate({"local_policy": {RULE: {"interval_weeks": 8}}})
    with pytest.raises(CheckError, match="less strict than the statutory 6"):
        check(engine, host, D(2022, 1, 1), config)


# Reg 28(2)(c): long-term placements after the first year: 3 months ----------------------

FIRST_YEAR_VISITS = [D(2022, 1, 5) + dt.timedelta(days=35 * n) for n in range(11)]  # to 21/12


@pytest.mark.parametrize(
    ("place", "later", "status", "due"),
    [
        ("U4", D(2023, 5, 1), None, D(2023, 5, 1)),
        ("U4", D(2023, 5, 2), "breach", D(2023, 5, 1)),
        ("U6", D(2023, 3, 16), "breach", D(2023, 3, 15)),
    ],
    ids=["long-term-on-deadline", "long-term-day-after", "not-long-term-six-weeks"],
)
def test_reg28_long_term_placement_three_months_after_first_year(
    engine, host, case, place, later, status, due
):
    case.episode("C1", D(2022, 1, 3), place=place)
    case.visits("C1", *FIRST_YEAR_VISITS)
    assert FIRST_YEAR_VISITS[-1] == D(2022, 12, 21)
    # 21 Dec 2022 is in the first year: 6 weeks to 1 Feb 2023; that visit is after the
    # first year, so a long-term placement then has 3 months.
    case.visits("C1", D(2023, 2, 1), later)
    result = check(engine, host, D(2023, 5, 20))
    assert result.status_on(due) == status


# Reg 28(3)/(4): weekly until the first review, then 4 weeks ---------------------------


def test_reg24_connected_person_weekly_until_first_review_then_four_weeks(engine, host, case):
    case.episode("C1", D(2021, 11, 1), place="U3")
    case.placement_detail("C1", D(2021, 11, 1), "reg24-connected")
    case.review("C1", D(2021, 11, 26))
    case.visits(
        "C1",
        D(2021, 11, 5),
        D(2021, 11, 12),
        D(2021, 11, 19),
        D(2021, 11, 26),
        D(2021, 12, 24),
        D(2022, 1, 22),
    )
    result = check(engine, host, D(2022, 1, 31))
    # 24 Dec is exactly 4 weeks after the review-day visit; 22 Jan is one day late.
    assert result.statuses() == [("breach", D(2022, 1, 21), D(2022, 1, 22))]
    assert result.only().evidence["regime"] == "reg24-connected"


def test_reg24_missed_weekly_visit_before_first_review_is_a_breach(engine, host, case):
    case.episode("C1", D(2021, 11, 1), place="U3")
    case.placement_detail("C1", D(2021, 11, 1), "reg24-connected")
    case.review("C1", D(2021, 11, 26))
    case.visits("C1", D(2021, 11, 5), D(2021, 11, 13))
    finding = check(engine, host, D(2021, 11, 14)).with_status("breach")
    assert finding.due_date == D(2021, 11, 12)


def test_interim_care_order_at_home_is_weekly_from_ssda903_alone(engine, host, case):
    case.episode("C1", D(2021, 11, 1), ls="C1", place="P1")
    case.visits("C1", D(2021, 11, 5), D(2021, 11, 13))
    finding = check(engine, host, D(2021, 11, 14)).with_status("breach")
    assert (finding.due_date, finding.evidence["regime"], finding.evidence["regime_from"]) == (
        D(2021, 11, 12),
        "ico-parent",
        "SSDA903",
    )


def test_care_order_at_home_stays_six_weekly_after_a_year(engine, host, case):
    case.episode("C1", D(2022, 1, 3), ls="C2", place="P1")
    case.visits("C1", *FIRST_YEAR_VISITS, D(2023, 2, 1), D(2023, 3, 16))
    result = check(engine, host, D(2023, 3, 20))
    assert result.statuses() == [("breach", D(2023, 3, 15), D(2023, 3, 16))]


# SI 2020/909: remote visits with a coronavirus reason, 25 Sep 2020 – 30 Sep 2021 -----------


@pytest.mark.parametrize(
    ("day", "reason", "status"),
    [
        (D(2021, 9, 30), "covid-guidance", None),  # last day of the window: counts
        (D(2021, 10, 1), "covid-guidance", "breach"),  # the day after: does not count
        (D(2021, 9, 30), None, "breach"),  # in the window without a reason: does not count
        (D(2021, 9, 30), "other", "breach"),  # a reason that is not a coronavirus one
    ],
    ids=["last-day-with-reason", "day-after-window", "no-reason", "non-covid-reason"],
)
def test_si_2020_909_remote_visit_counts_only_in_window_with_covid_reason(
    engine, host, case, day, reason, status
):
    case.episode("C1", D(2021, 8, 20))
    case.visit("C1", D(2021, 8, 25))
    case.visit("C1", day, mode="video", reason=reason)
    result = check(engine, host, D(2021, 11, 30))
    assert result.status_on(D(2021, 10, 6)) == status
    if status == "breach":
        assert result.only().evidence["remote_visits_not_counted"] == 1


@pytest.mark.parametrize(
    ("day", "status"),
    [(D(2020, 9, 25), None), (D(2020, 9, 24), "manual")],
    ids=["first-day-of-909", "last-day-of-445-window"],
)
def test_remote_visit_at_the_start_of_the_909_window(engine, host, case, day, status):
    # On 24 Sep 2020 only SI 2020/445 applied, whose change to reg 28 is unverified.
    case.episode("C1", D(2020, 9, 20))
    case.visit("C1", day, mode="phone", reason="covid-not-practicable")
    assert check(engine, host, D(2020, 10, 1)).status_on(D(2020, 9, 27)) == status


def test_si_2020_445_window_late_visit_needs_a_person(engine, host, case):
    case.episode("C1", D(2020, 5, 1))
    case.visit("C1", D(2020, 5, 12))
    finding = check(engine, host, D(2020, 6, 1)).only()
    assert (finding.status, finding.due_date) == ("manual", D(2020, 5, 8))


def test_remote_visit_outside_the_window_covered_by_a_deviation(engine, host, case):
    case.episode("C1", D(2021, 11, 1))
    case.visit("C1", D(2021, 11, 3))
    case.visit("C1", D(2021, 12, 10), mode="video", reason="other")
    case.visit("C1", D(2022, 1, 20))
    register = Register(engine, known_rules=[RULE])
    ref = register.record(
        {
            "rule_id": RULE,
            "legal_reference": "CPPCR reg 28",
            "subject_type": "child",
            "subject_ref": "C1",
            "requirement": "Visit in person",
            "done_instead": "Video call; carer ill",
            "period_start": D(2021, 12, 1),
            "period_end": D(2022, 1, 31),
            "rationale": "Carer ill with flu.",
            "risk_likelihood": 2,
            "risk_impact": 2,
            "mitigations": "Daily calls",
            "residual_likelihood": 1,
            "residual_impact": 2,
            "review_date": D(2022, 3, 1),
        },
        by="Social worker",
    ).deviation_ref
    register.authorise(ref, by="Team manager")
    finding = check(engine, host, D(2022, 2, 1)).only()
    assert (finding.status, finding.deviation_ref, finding.due_date) == (
        "deviation",
        ref,
        D(2021, 12, 15),
    )


def test_visits_before_the_visits_data_starts_cannot_be_judged(engine, host):
    case = CaseData(engine, covers=None)
    case.batch("ssda903.episodes", D(2021, 4, 1), D(2022, 3, 31))
    case.batch("looked_after.visits", D(2021, 10, 1), D(2022, 3, 31))
    case.episode("C1", D(2021, 6, 1))
    case.visits("C1", D(2021, 10, 20), D(2021, 12, 1))
    result = run_rule(engine, host, RULE, D(2021, 12, 31))
    assert result.statuses() == [("data-gap", D(2021, 11, 12), D(2021, 10, 20))]
