"""SC-STAYING-CLOSE at its boundaries: Children Act 1989 s23CZAA(1)-(3), inserted by
the Children's Wellbeing and Schools Act 2026 s7 (prospective).

The commencement date is read from the rule's period in rules.toml (a placeholder until
the commencement regulations are made), so these tests still hold when it is replaced.
The Act sets no timescale: the deadline tests use the council's own local policy
(``assess_within_days``, ``provide_within_days``), as a council would set it in
scrutiny.toml.

The fixtures (``scrutiny_cases``, ``run_rule``) come with Scrutiny: each test gets a
real, migrated database of its own and runs the rule through the real engine, as
``scrutiny check`` does.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from scrutiny.config import Config
from scrutiny.testing import CaseData, RuleResult
from scrutiny.testing.assertions import (
    assert_finding_for,
    assert_no_findings,
    assert_outcomes,
    assert_statuses,
)
from scrutiny.testing.pytest_plugin import RuleRunner
from sqlalchemy import insert

from staying_close.models import CASES, StayingCloseCase

RULE = "SC-STAYING-CLOSE"
RULES_TOML = Path(__file__).parents[1] / "staying_close" / "rules.toml"
COMMENCEMENT: dt.date = tomllib.loads(RULES_TOML.read_text(encoding="utf-8"))["rule"][0]["period"][
    0
]["start"]
DAY = dt.timedelta(days=1)
DOB = dt.date(COMMENCEMENT.year - 20, 1, 15)  # 20 at commencement
LEFT_CARE = dt.date(COMMENCEMENT.year - 2, 1, 15)  # a former relevant child from 18
LOCAL = Config.model_validate(
    {"local_policy": {RULE: {"assess_within_days": 28, "provide_within_days": 14}}}
)
ASSESS_BY = COMMENCEMENT + 28 * DAY


@pytest.fixture(autouse=True)
def cases_file_covers_every_day(scrutiny_cases: CaseData) -> None:
    """As if a staying close file speaking from 2010 to 5 years after commencement had
    been imported."""
    scrutiny_cases.batch(CASES, dt.date(2010, 1, 1), COMMENCEMENT.replace(COMMENCEMENT.year + 5))


def young_person(
    cases: CaseData,
    child: str,
    *,
    dob: dt.date = DOB,
    former_relevant_from: dt.date = LEFT_CARE,
    assessed_on: dt.date | None = None,
    support_required: bool | None = None,
    support_from: dt.date | None = None,
) -> None:
    """A row of the plugin's table, as the importer would store it."""
    child_id = cases.child(child, dob)
    with cases.engine.begin() as conn:
        conn.execute(
            insert(StayingCloseCase),
            {
                "child_id": child_id,
                "dob": dob,
                "former_relevant_from": former_relevant_from,
                "assessed_on": assessed_on,
                "support_required": support_required,
                "support_from": support_from,
                "import_batch_id": cases.batch_id,
            },
        )


def requirements(result: RuleResult) -> dict[str, str]:
    return {f.evidence["requirement"]: f.status for f in result.findings}


# Commencement -------------------------------------------------------------------------


def test_silent_the_day_before_commencement(scrutiny_cases: CaseData, run_rule: RuleRunner) -> None:
    """s23CZAA is prospective (CWSA 2026 s7): before the period starts nothing is owed,
    so nothing is judged, not even as manual."""
    young_person(scrutiny_cases, "C1")
    for config in (None, LOCAL):
        result = run_rule(RULE, as_of=COMMENCEMENT - DAY, config=config)
        assert_no_findings(result)
        assert_outcomes(result)


def test_judged_from_the_day_of_commencement(
    scrutiny_cases: CaseData, run_rule: RuleRunner
) -> None:
    """s23CZAA(2): on commencement the authority owes the assessment to a former
    relevant child under 25; the Act sets no timescale, so without the council's own it
    is a person's judgement (manual)."""
    young_person(scrutiny_cases, "C1")
    result = run_rule(RULE, as_of=COMMENCEMENT)
    assert_statuses(result, [("manual", COMMENCEMENT, None)])
    assert requirements(result) == {"assessment": "manual"}


def test_the_duty_arises_when_a_young_person_leaves_care_after_commencement(
    scrutiny_cases: CaseData, run_rule: RuleRunner
) -> None:
    """s23CZAA(1)(a): a person who becomes a former relevant child after commencement is
    owed the assessment from that day, not before."""
    left = COMMENCEMENT + 100 * DAY
    young_person(scrutiny_cases, "C1", former_relevant_from=left)
    assert_outcomes(run_rule(RULE, as_of=left - DAY, config=LOCAL))
    result = run_rule(RULE, as_of=left, config=LOCAL)
    assert_outcomes(result, not_yet_due=1)
    assert_statuses(run_rule(RULE, as_of=left + 29 * DAY, config=LOCAL), [
        ("breach", left + 28 * DAY, None)
    ])  # fmt: skip


# The assessment: s23CZAA(2), against the council's own timescale -------------------------


def test_assessed_on_the_local_deadline_is_met(
    scrutiny_cases: CaseData, run_rule: RuleRunner
) -> None:
    """s23CZAA(2) with a local 28 days: assessed on day 28 after commencement is met; a
    finding that support is not required ends the duty to provide it (s23CZAA(3))."""
    young_person(scrutiny_cases, "C1", assessed_on=ASSESS_BY, support_required=False)
    result = run_rule(RULE, as_of=ASSESS_BY + 60 * DAY, config=LOCAL)
    assert_no_findings(result)
    assert_outcomes(result, met=1)


def test_assessed_the_day_after_the_local_deadline_is_a_breach(
    scrutiny_cases: CaseData, run_rule: RuleRunner
) -> None:
    """s23CZAA(2) with a local 28 days: day 29 is not met, judged against local policy."""
    late = ASSESS_BY + DAY
    young_person(scrutiny_cases, "C1", assessed_on=late, support_required=False)
    result = run_rule(RULE, as_of=ASSESS_BY + 60 * DAY, config=LOCAL)
    assert_statuses(result, [("breach", ASSESS_BY, late)])
    assert result.only().standard == "local-policy"


def test_not_assessed_is_due_soon_on_the_deadline_then_a_breach(
    scrutiny_cases: CaseData, run_rule: RuleRunner
) -> None:
    """s23CZAA(2): no assessment by the council's deadline."""
    young_person(scrutiny_cases, "C1")
    assert_statuses(run_rule(RULE, as_of=ASSESS_BY, config=LOCAL), [("due-soon", ASSESS_BY, None)])
    assert_statuses(
        run_rule(RULE, as_of=ASSESS_BY + DAY, config=LOCAL), [("breach", ASSESS_BY, None)]
    )


def test_an_assessment_made_before_commencement_is_for_a_person_to_judge(
    scrutiny_cases: CaseData, run_rule: RuleRunner
) -> None:
    """s23CZAA(2): whether an assessment made before the section was in force stands as
    the statutory one is a legal judgement, not Scrutiny's."""
    young_person(scrutiny_cases, "C1", assessed_on=COMMENCEMENT - DAY, support_required=False)
    result = run_rule(RULE, as_of=ASSESS_BY + DAY, config=LOCAL)
    assert requirements(result) == {"assessment": "manual"}


# The support: s23CZAA(3) ---------------------------------------------------------------


def test_support_found_required_is_due_within_the_local_days_of_the_decision(
    scrutiny_cases: CaseData, run_rule: RuleRunner
) -> None:
    """s23CZAA(3): support found required, begun on day 14 after the decision (local
    policy) is met; the other young person's, begun on day 15, is a breach."""
    decided = COMMENCEMENT + 10 * DAY
    by = decided + 14 * DAY
    young_person(scrutiny_cases, "C1", assessed_on=decided, support_required=True,
                 support_from=by)  # fmt: skip
    young_person(scrutiny_cases, "C2", assessed_on=decided, support_required=True,
                 support_from=by + DAY)  # fmt: skip
    result = run_rule(RULE, as_of=by + 60 * DAY, config=LOCAL)
    assert_statuses(result, [("breach", by, by + DAY)])
    assert_finding_for(result, "C2", "breach")
    assert requirements(result) == {"support": "breach"}
    assert_outcomes(result, met=3, not_met=1)


def test_support_without_a_local_timescale_is_met_when_given_and_manual_until_then(
    scrutiny_cases: CaseData, run_rule: RuleRunner
) -> None:
    """s23CZAA(3) sets no timescale: support not yet begun is for a person to judge."""
    decided = COMMENCEMENT + 10 * DAY
    young_person(scrutiny_cases, "C1", assessed_on=decided, support_required=True)
    result = run_rule(RULE, as_of=decided + 30 * DAY)
    assert requirements(result) == {"support": "manual"}
    assert_outcomes(result, met=1, manual=1)


# Nothing owed ---------------------------------------------------------------------------


def test_nothing_owed_to_someone_25_by_commencement(
    scrutiny_cases: CaseData, run_rule: RuleRunner
) -> None:
    """s23CZAA(1)(c): the duties are owed only to a person under 25."""
    dob = COMMENCEMENT.replace(year=COMMENCEMENT.year - 25)  # 25 on the day
    young_person(scrutiny_cases, "C1", dob=dob, former_relevant_from=dob.replace(dob.year + 18))
    result = run_rule(RULE, as_of=COMMENCEMENT + 60 * DAY, config=LOCAL)
    assert_no_findings(result)
    assert_outcomes(result)


def test_a_deadline_after_the_25th_birthday_owes_nothing_more(
    scrutiny_cases: CaseData, run_rule: RuleRunner
) -> None:
    """s23CZAA(1)(c): 25 the week after commencement; the local deadline falls after the
    duty ended, so the missing assessment is not reported."""
    dob = (COMMENCEMENT + 7 * DAY).replace(year=COMMENCEMENT.year - 25)
    young_person(scrutiny_cases, "C1", dob=dob, former_relevant_from=dob.replace(dob.year + 18))
    result = run_rule(RULE, as_of=COMMENCEMENT + 60 * DAY, config=LOCAL)
    assert_no_findings(result)
    assert_outcomes(result)
