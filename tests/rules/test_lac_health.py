"""LAC-HEALTH at its boundaries: CPPCR 2010 (SI 2010/959) reg 7, VERIFIED-S.

The reg 7 text was not read. DfE's answer to written question 25584 (29 January 2025)
describes it: a registered medical practitioner, nurse or midwife reviews the child's
health every 6 months before the 5th birthday and every 12 months after. The initial
assessment by a registered medical practitioner before the first review, unless one was
done in the previous 3 months, is from council procedure manuals (RULES.md LAC-HEALTH).
Where no health assessments file speaks for the day, SSDA903 OC2's HEALTH_ASSESSMENT
("had their annual health assessment") is the fallback. Every test runs on SQLite and
on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from scrutiny.plugin_host import PluginHost
from scrutiny.testing import RuleResult, run_rule
from tests.lac_cases import HEALTH, KINDS, LookedAfterCases

D = dt.date
RULE = "LAC-HEALTH"
INITIAL = "initial health assessment by a doctor"
REVIEW = "review health assessment"
ANNUAL = "annual health assessment (SSDA903 OC2)"
WITHOUT_HEALTH_FILE = tuple(k for k in KINDS if k != HEALTH)


@pytest.fixture
def case(engine: Engine) -> LookedAfterCases:
    return LookedAfterCases(engine)


def check(engine: Engine, host: PluginHost, as_of: dt.date) -> RuleResult:
    return run_rule(engine, host, RULE, as_of)


def judged(result: RuleResult, requirement: str) -> list[tuple[str, dt.date, dt.date | None]]:
    return sorted(
        (f.status, f.due_date, f.event_date)
        for f in result.findings
        if f.evidence["requirement"] == requirement
    )


# (a) The initial assessment, by a doctor, by the first review ---------------------------


@pytest.mark.parametrize(
    ("assessed", "status"),
    [(D(2021, 6, 30), None), (D(2021, 7, 1), None), (D(2021, 7, 2), "breach")],
    ids=["day-before-review", "review-day", "day-after-review"],
)
def test_reg7_initial_assessment_due_by_the_first_review(engine, host, case, assessed, status):
    case.episode("C1", D(2021, 6, 7))
    case.review("C1", D(2021, 7, 1))
    case.health("C1", assessed, "initial", "doctor")
    result = check(engine, host, D(2021, 9, 1))
    expected = [] if status is None else [(status, D(2021, 7, 1), assessed)]
    assert judged(result, INITIAL) == expected


@pytest.mark.parametrize(
    ("assessed", "status"),
    [(D(2021, 7, 5), None), (D(2021, 7, 6), "breach")],
    ids=["on-deadline", "day-after"],
)
def test_reg7_without_a_review_the_initial_assessment_is_due_in_20_working_days(
    engine, host, case, assessed, status
):
    # No review held: due when the first review is due (reg 33(1)): from Monday 7 June
    # 2021, the 20th working day is 5 July 2021.
    case.episode("C1", D(2021, 6, 7))
    case.health("C1", assessed, "initial", "doctor")
    result = check(engine, host, D(2021, 9, 1))
    expected = [] if status is None else [(status, D(2021, 7, 5), assessed)]
    assert judged(result, INITIAL) == expected


@pytest.mark.parametrize(
    ("assessed", "status"),
    [(D(2020, 6, 2), None), (D(2020, 6, 3), "breach")],
    ids=["on-deadline", "day-after"],
)
def test_reg7_initial_count_skips_8_may_and_25_may_2020(engine, host, case, assessed, status):
    # From Friday 1 May 2020 the 20 working days skip 8 May (VE Day) and 25 May (spring
    # bank holiday): the 20th is Tuesday 2 June.
    case.episode("C1", D(2020, 5, 1))
    case.health("C1", assessed, "initial", "doctor")
    result = check(engine, host, D(2020, 9, 1))
    expected = [] if status is None else [(status, D(2020, 6, 2), assessed)]
    assert judged(result, INITIAL) == expected


@pytest.mark.parametrize("practitioner", ["nurse", "midwife", "other"])
def test_reg7_initial_assessment_not_by_a_doctor_does_not_meet_it(engine, host, case, practitioner):
    case.episode("C1", D(2021, 6, 7))
    case.health("C1", D(2021, 6, 20), "initial", practitioner)
    result = check(engine, host, D(2021, 9, 1))
    [finding] = [f for f in result.findings if f.evidence["requirement"] == INITIAL]
    assert (finding.status, finding.due_date, finding.event_date) == ("breach", D(2021, 7, 5), None)
    assert finding.evidence["practitioner"] == practitioner


@pytest.mark.parametrize(
    ("earlier", "status"),
    [(D(2021, 3, 7), None), (D(2021, 3, 6), "breach")],
    ids=["exactly-3-months-before", "a-day-more"],
)
def test_reg7_a_doctors_assessment_in_the_3_months_before_will_do(
    engine, host, case, earlier, status
):
    case.episode("C1", D(2021, 6, 7))
    case.health("C1", earlier, "review", "doctor")
    result = check(engine, host, D(2021, 8, 1))
    assert [f.status for f in result.findings if f.evidence["requirement"] == INITIAL] == (
        [] if status is None else [status]
    )


def test_without_a_health_file_the_initial_assessment_is_a_data_gap(engine, host):
    case = LookedAfterCases(engine, kinds=WITHOUT_HEALTH_FILE)
    case.episode("C1", D(2021, 6, 7))
    result = check(engine, host, D(2021, 9, 1))
    assert result.statuses() == [("data-gap", D(2021, 7, 5), None)]
    assert result.only().evidence["judged_from"] == "health assessments file"


# (b) Review assessments: every 6 months before the 5th birthday, 12 from it -------------


@pytest.mark.parametrize(
    ("reviewed", "status"),
    [(D(2020, 12, 10), None), (D(2020, 12, 11), "breach")],
    ids=["on-deadline", "day-after"],
)
def test_reg7_under_5_reviewed_within_6_months(engine, host, case, reviewed, status):
    case.child("C1", dob=D(2019, 1, 15))
    case.episode("C1", D(2020, 6, 1))
    case.health("C1", D(2020, 6, 10), "initial", "doctor")
    case.health("C1", reviewed, "review", "nurse")
    result = check(engine, host, D(2021, 1, 31))
    expected = [] if status is None else [(status, D(2020, 12, 10), reviewed)]
    assert judged(result, REVIEW) == expected


@pytest.mark.parametrize(
    ("reviewed", "status"),
    [(D(2021, 6, 10), None), (D(2021, 6, 11), "breach")],
    ids=["on-deadline", "day-after"],
)
def test_reg7_from_5_reviewed_within_12_months(engine, host, case, reviewed, status):
    case.child("C1", dob=D(2010, 1, 1))
    case.episode("C1", D(2020, 6, 1))
    case.health("C1", D(2020, 6, 10), "initial", "doctor")
    case.health("C1", reviewed, "review", "midwife")
    result = check(engine, host, D(2021, 7, 31))
    expected = [] if status is None else [(status, D(2021, 6, 10), reviewed)]
    assert judged(result, REVIEW) == expected


@pytest.mark.parametrize(
    ("dob", "assessed", "due"),
    [
        # 6 months after 9 Sep 2020 is 9 Mar 2021, the day before the 5th birthday.
        (D(2016, 3, 10), D(2020, 9, 9), D(2021, 3, 9)),
        # 6 months after 10 Sep 2020 is the 5th birthday itself: 12 months apply.
        (D(2016, 3, 10), D(2020, 9, 10), D(2021, 9, 10)),
        # Born 29 Feb 2016: 5 on 28 Feb 2021 (a common year), as birthday() counts it.
        (D(2016, 2, 29), D(2020, 8, 27), D(2021, 2, 27)),
        (D(2016, 2, 29), D(2020, 8, 28), D(2021, 8, 28)),
    ],
    ids=["6-months-lands-before-5th-birthday", "lands-on-it", "29-feb-before", "29-feb-on-it"],
)
def test_reg7_the_5th_birthday_switches_6_months_to_12(engine, host, case, dob, assessed, due):
    case.child("C1", dob=dob)
    case.episode("C1", D(2020, 8, 20))
    case.health("C1", assessed, "initial", "doctor")
    result = check(engine, host, D(2021, 12, 1))
    assert judged(result, REVIEW) == [("breach", due, None)]


def test_reg7_a_review_by_someone_other_than_a_doctor_nurse_or_midwife_does_not_count(
    engine, host, case
):
    case.episode("C1", D(2020, 6, 1))
    case.health("C1", D(2020, 6, 10), "initial", "doctor")
    case.health("C1", D(2021, 6, 1), "review", "other")
    result = check(engine, host, D(2021, 7, 1))
    assert judged(result, REVIEW) == [("breach", D(2021, 6, 10), None)]


def test_reg7_review_clock_runs_from_a_doctors_assessment_before_care(engine, host, case):
    # Assessed by a doctor on 1 May 2021, looked after from 7 June: no initial
    # assessment is owed, and the first review is due 12 months after 1 May.
    case.episode("C1", D(2021, 6, 7))
    case.health("C1", D(2021, 5, 1), "review", "doctor")
    result = check(engine, host, D(2022, 6, 1))
    assert judged(result, INITIAL) == []
    assert judged(result, REVIEW) == [("breach", D(2022, 5, 1), None)]


def test_reviews_before_the_health_file_starts_are_unknown(engine, host):
    case = LookedAfterCases(engine, covers=None)
    case.batch("ssda903.episodes", D(2018, 4, 1), D(2022, 3, 31))
    case.batch(HEALTH, D(2020, 4, 1), D(2022, 3, 31))
    for ref in ("C1", "C2"):
        case.episode(ref, D(2016, 6, 6))  # looked after since before the episodes data
    case.health("C1", D(2020, 9, 1), "review", "nurse")  # first seen: cannot be judged
    case.health("C2", D(2021, 5, 1), "review", "nurse")  # later than 12 months after
    result = check(engine, host, D(2021, 6, 1))
    by_child = {(f.subject_ref, f.due_date): f.status for f in result.findings}
    assert by_child == {
        ("C1", D(2021, 4, 1)): "data-gap",
        ("C2", D(2021, 4, 1)): "breach",
    }


def test_reviews_are_owed_by_children_in_care_since_before_april_2011(engine, host):
    # The initial assessment is not judged (it fell due before the rules' first day),
    # but reviews are: from the health file's first day, 12 months for a child over 5.
    case = LookedAfterCases(engine, covers=None)
    case.batch("ssda903.episodes", D(2009, 4, 1), D(2022, 3, 31))
    case.batch(HEALTH, D(2020, 4, 1), D(2022, 3, 31))
    case.child("C1", dob=D(2005, 1, 1))
    case.episode("C1", D(2009, 6, 1))
    result = check(engine, host, D(2021, 6, 1))
    assert judged(result, INITIAL) == []
    assert judged(result, REVIEW) == [("breach", D(2021, 4, 1), None)]


# The fallback: SSDA903 OC2 where no health assessments file speaks for the day --------


@pytest.mark.parametrize(
    ("value", "status"),
    [("1", None), ("0", "breach"), (None, "data-gap")],
    ids=["assessed", "not-assessed", "blank"],
)
def test_without_a_health_file_oc2_judges_the_year(engine, host, value, status):
    case = LookedAfterCases(engine, kinds=WITHOUT_HEALTH_FILE)
    case.child("C1", dob=D(2010, 1, 1))
    case.oc2("C1", "2020-21", value)
    result = check(engine, host, D(2021, 6, 1))
    assert result.statuses() == ([] if status is None else [(status, D(2021, 3, 31), None)])
    assert sum(result.outcomes.values()) == 1
    if status:
        evidence = result.only().evidence
        assert evidence["judged_from"] == "SSDA903 OC2 HEALTH_ASSESSMENT"
        assert evidence["collection_year"] == "2020-21"
        assert evidence["requirement"] == ANNUAL


@pytest.mark.parametrize(
    ("dob", "status"),
    [(D(2016, 3, 31), None), (D(2016, 4, 1), "manual")],
    ids=["5-on-31-march", "still-4"],
)
def test_oc2_cannot_show_the_6_monthly_reviews_of_an_under_5(engine, host, dob, status):
    case = LookedAfterCases(engine, kinds=WITHOUT_HEALTH_FILE)
    case.child("C1", dob=dob)
    case.oc2("C1", "2020-21", "1")
    assert check(engine, host, D(2021, 6, 1)).status_on(D(2021, 3, 31)) == status


def test_oc2_is_used_only_for_days_no_health_file_speaks_for(engine, host):
    case = LookedAfterCases(engine, covers=None)
    case.batch(HEALTH, D(2021, 4, 1), D(2022, 3, 31))
    case.oc2("C1", "2020-21", "0")  # 31 Mar 2021: before the file, judged from OC2
    case.oc2("C1", "2021-22", "0")  # 31 Mar 2022: the file speaks for it
    result = check(engine, host, D(2022, 6, 1))
    assert [(f.due_date, f.evidence["judged_from"]) for f in result.findings] == [
        (D(2021, 3, 31), "SSDA903 OC2 HEALTH_ASSESSMENT")
    ]


def test_oc2_year_not_yet_over_is_not_judged(engine, host):
    case = LookedAfterCases(engine, kinds=WITHOUT_HEALTH_FILE)
    case.oc2("C1", "2021-22", "0")
    assert check(engine, host, D(2022, 3, 30)).findings == []


def test_oc2_leaves_out_short_breaks(engine, host):
    # CPPCR reg 48(3)(b): reg 7 does not apply to short breaks.
    case = LookedAfterCases(engine, kinds=WITHOUT_HEALTH_FILE)
    case.episode("C1", D(2019, 6, 3), ls="V3")
    case.oc2("C1", "2020-21", "0")
    assert check(engine, host, D(2021, 6, 1)).findings == []


@pytest.mark.parametrize("legal_status", ["V3", "V4"])
def test_short_breaks_are_not_judged(engine, host, case, legal_status):
    case.episode("C1", D(2021, 6, 7), ls=legal_status)
    result = check(engine, host, D(2022, 9, 1))
    assert (result.findings, result.outcomes) == ([], {})


def test_findings_from_the_file_say_so(engine, host, case):
    case.child("C1", dob=D(2019, 1, 15))
    case.episode("C1", D(2020, 6, 1))
    case.health("C1", D(2020, 6, 10), "initial", "doctor")
    finding = check(engine, host, D(2021, 1, 31)).only()
    assert finding.evidence["judged_from"] == "health assessments file"
    assert finding.evidence["interval"] == "6 months (under 5)"
    assert finding.evidence_date("previous_assessment") == D(2020, 6, 10)
    assert finding.evidence["earlier_assessments_unknown"] == "no"
