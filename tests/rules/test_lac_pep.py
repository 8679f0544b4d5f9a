"""LAC-PEP: CPPCR 2010 (SI 2010/959) reg 5(b)(ii) and Sch 1 para 2, confirmed by a person.

Reg 5(b)(ii) makes the personal education plan part of the care plan (read as made,
legislation.gov.uk/uksi/2010/959/regulation/5/made). No timescale was verified
(RULES.md LAC-PEP), so the rule never judges one: each child of compulsory school age
in a current period of care is ``manual``. Compulsory school age (Education Act 1996 s8,
VERIFIED-S): from the prescribed day (31 Dec, 31 Mar, 31 Aug) on or after the 5th
birthday to the last Friday in June of the school year in which the child turns 16.
Every rule test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.looked_after.education import (
    compulsory_school_age_births,
    school_leaving_date,
)
from scrutiny.testing import RuleResult, run_rule
from tests.lac_cases import KINDS, PEPS, LookedAfterCases

D = dt.date
RULE = "LAC-PEP"


@pytest.fixture
def case(engine: Engine) -> LookedAfterCases:
    return LookedAfterCases(engine)


def check(engine: Engine, host: PluginHost, as_of: dt.date) -> RuleResult:
    return run_rule(engine, host, RULE, as_of)


def test_every_child_of_school_age_in_care_is_for_a_person_to_confirm(engine, host, case):
    case.child("C1", dob=D(2012, 5, 1))
    case.episode("C1", D(2021, 6, 7))
    case.pep("C1", D(2021, 3, 1), D(2021, 6, 20), D(2021, 11, 15))
    finding = check(engine, host, D(2021, 12, 1)).only()
    assert (finding.status, finding.due_date, finding.event_date) == (
        "manual",
        D(2021, 6, 7),
        D(2021, 11, 15),
    )
    assert finding.evidence["peps_file"] == "imported"
    assert finding.evidence_date("latest_pep") == D(2021, 11, 15)


def test_a_pep_before_the_period_of_care_is_shown_but_not_as_this_periods(engine, host, case):
    case.child("C1", dob=D(2012, 5, 1))
    case.episode("C1", D(2021, 6, 7))
    case.pep("C1", D(2021, 3, 1), D(2021, 12, 2))  # the second is after the as-of date
    finding = check(engine, host, D(2021, 12, 1)).only()
    assert finding.event_date is None
    assert finding.evidence_date("latest_pep") == D(2021, 3, 1)


def test_without_a_peps_file_the_finding_says_so(engine, host):
    case = LookedAfterCases(engine, kinds=tuple(k for k in KINDS if k != PEPS))
    case.child("C1", dob=D(2012, 5, 1))
    case.episode("C1", D(2021, 6, 7))
    finding = check(engine, host, D(2021, 12, 1)).only()
    assert (finding.status, finding.evidence["peps_file"], finding.evidence["latest_pep"]) == (
        "manual",
        "not imported",
        None,
    )


def test_no_timescale_is_judged_however_old_the_pep(engine, host, case):
    case.child("C1", dob=D(2012, 5, 1))
    case.episode("C1", D(2015, 6, 1))
    case.pep("C1", D(2015, 6, 5))
    result = check(engine, host, D(2021, 12, 1))
    assert result.outcomes == {"manual": 1}


@pytest.mark.parametrize(
    ("dob", "as_of", "listed"),
    [
        # The 5th birthday on a prescribed day: of compulsory school age that day.
        (D(2019, 3, 31), D(2024, 3, 31), True),
        (D(2019, 4, 1), D(2024, 3, 31), False),  # not until 31 August 2024
        (D(2019, 4, 1), D(2024, 8, 31), True),
        # Turned 16 on 1 Sep 2023: school year 2023-24, leaving date Fri 28 June 2024.
        (D(2007, 9, 1), D(2024, 6, 28), True),
        (D(2007, 9, 1), D(2024, 6, 29), False),
        # Turned 16 on 31 Aug 2023: school year 2022-23, left on Fri 30 June 2023.
        (D(2007, 8, 31), D(2024, 6, 28), False),
    ],
    ids=[
        "5-on-31-march",
        "5-on-1-april",
        "5-on-1-april-by-31-august",
        "leaving-date",
        "day-after-leaving-date",
        "older-school-year",
    ],
)
def test_only_children_of_compulsory_school_age(engine, host, case, dob, as_of, listed):
    case.child("C1", dob=dob)
    case.episode("C1", D(2019, 6, 3))
    assert bool(check(engine, host, as_of).findings) is listed


def test_only_current_periods_of_care(engine, host, case):
    case.child("C1", dob=D(2012, 5, 1))
    case.child("C2", dob=D(2012, 5, 1))
    case.episode("C1", D(2021, 1, 4), dec=D(2021, 6, 1))
    case.episode("C2", D(2021, 1, 4), dec=D(2021, 12, 2))  # ends after the as-of date
    result = check(engine, host, D(2021, 12, 1))
    assert [f.subject_ref for f in result.findings] == ["C2"]


@pytest.mark.parametrize("legal_status", ["V3", "V4"])
def test_short_breaks_are_not_included(engine, host, case, legal_status):
    # CPPCR reg 48(3)(a): reg 5 does not apply to short breaks.
    case.child("C1", dob=D(2012, 5, 1))
    case.episode("C1", D(2021, 6, 7), ls=legal_status)
    assert check(engine, host, D(2021, 12, 1)).findings == []


# Compulsory school age, worked out once per check ------------------------------------------


@pytest.mark.parametrize(
    ("year", "leaving"),
    [(2023, D(2023, 6, 30)), (2024, D(2024, 6, 28)), (2025, D(2025, 6, 27))],
)
def test_school_leaving_date_is_the_last_friday_in_june(year, leaving):
    assert school_leaving_date(year) == leaving


@pytest.mark.parametrize(
    ("day", "earliest", "latest"),
    [
        (D(2024, 3, 30), D(2007, 9, 1), D(2018, 12, 31)),
        (D(2024, 3, 31), D(2007, 9, 1), D(2019, 3, 31)),
        (D(2024, 6, 29), D(2008, 9, 1), D(2019, 3, 31)),
        (D(2024, 12, 31), D(2008, 9, 1), D(2019, 12, 31)),
    ],
)
def test_compulsory_school_age_births(day, earliest, latest):
    assert compulsory_school_age_births(day) == (earliest, latest)
