"""CL-ELIGIBLE: CPPCR 2010 reg 40 (VERIFIED-P). Looked after 13 weeks (91 days) in
total, counted from the 14th birthday, in a period ending after the 16th birthday;
short breaks (V3/V4) excluded. Computed from the episodes and compared with the
council's record."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.testing import run_rule
from tests.care_leavers_cases import CareLeaverCases

D = dt.date
RULE = "CL-ELIGIBLE"
DOB = D(2003, 5, 10)
FOURTEEN = D(2017, 5, 10)
SIXTEEN = D(2019, 5, 10)
AS_OF = D(2020, 3, 31)


def _only(cl: CareLeaverCases, engine, host):
    result = run_rule(engine, host, RULE, AS_OF)
    assert len(result.findings) == 1, result.findings
    return result.findings[0]


@pytest.mark.parametrize(
    ("days", "status"), [(90, None), (91, "breach")], ids=["90-days", "91-days-13-weeks"]
)
def test_thirteen_weeks_is_91_days_not_90(engine, host, cl, days, status):
    """reg 40: 13 weeks from the 16th birthday; not recorded, so eligible = not met."""
    cl.born("C1", DOB)
    cl.episode("C1", SIXTEEN, dec=SIXTEEN + dt.timedelta(days=days))
    result = run_rule(engine, host, RULE, AS_OF)
    assert [f.status for f in result.findings] == ([status] if status else [])
    if status:
        assert result.only().due_date == SIXTEEN + dt.timedelta(days=91)


@pytest.mark.parametrize(
    ("first_start", "status"),
    [(FOURTEEN - dt.timedelta(days=1), None), (FOURTEEN, "breach")],
    ids=["day-before-14th-birthday", "on-14th-birthday"],
)
def test_only_days_from_the_14th_birthday_count(engine, host, cl, first_start, status):
    """reg 40: the 13 weeks begin after the child reaches 14. An 82-day episode plus 9
    days at 16 make 91, unless its first day was before the 14th birthday."""
    cl.born("C1", DOB)
    cl.episode("C1", first_start, dec=first_start + dt.timedelta(days=82))
    cl.episode("C1", SIXTEEN, dec=SIXTEEN + dt.timedelta(days=9))
    result = run_rule(engine, host, RULE, AS_OF)
    assert [f.status for f in result.findings] == ([status] if status else [])


@pytest.mark.parametrize(
    ("ended", "status"),
    [(SIXTEEN - dt.timedelta(days=1), None), (SIXTEEN, "breach")],
    ids=["ends-day-before-16th-birthday", "ends-on-16th-birthday"],
)
def test_period_must_end_after_the_16th_birthday(engine, host, cl, ended, status):
    """reg 40: the period ends after the child reaches 16."""
    cl.born("C1", DOB)
    cl.episode("C1", FOURTEEN, dec=ended)
    result = run_rule(engine, host, RULE, AS_OF)
    assert [f.status for f in result.findings] == ([status] if status else [])


def test_short_breaks_do_not_count(engine, host, cl):
    """reg 40(2)/reg 48: a child on short breaks (V3/V4) only is not eligible."""
    cl.born("C1", DOB)
    cl.episode("C1", FOURTEEN, ls="V3", dec=SIXTEEN + dt.timedelta(days=30))
    assert run_rule(engine, host, RULE, AS_OF).findings == []


def test_recorded_as_care_leaver_is_met_and_tracked(engine, host, cl):
    cl.born("C1", DOB)
    cl.episode("C1", FOURTEEN)
    cl.young_person("C1", DOB, "eligible", SIXTEEN)
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.findings == [] and result.outcomes == {"met": 1}


def test_recorded_only_as_qualifying_is_not_met(engine, host, cl):
    cl.born("C1", DOB)
    cl.episode("C1", FOURTEEN)
    cl.young_person("C1", DOB, "qualifying")
    finding = _only(cl, engine, host)
    assert (finding.status, finding.due_date) == ("breach", SIXTEEN)
    assert finding.evidence["judged"] == "eligible, but recorded as qualifying"


def test_recorded_but_not_shown_is_manual_or_a_data_gap(engine, host):
    """Episodes from before the 14th birthday show no care: a person checks (manual);
    episodes starting after it cannot show the whole period (data gap)."""
    covered = CareLeaverCases(engine)
    covered.young_person("C1", DOB, "relevant", SIXTEEN)
    assert _only(covered, engine, host).status == "manual"


def test_recorded_but_episodes_start_after_the_14th_birthday_is_a_data_gap(engine, host):
    cl = CareLeaverCases(engine, kinds=("care_leavers.young_people",))
    cl.batch("ssda903.episodes", D(2018, 1, 1), D(2020, 3, 31))
    cl.young_person("C1", DOB, "relevant", SIXTEEN)
    assert _only(cl, engine, host).status == "data-gap"


@pytest.mark.parametrize(
    ("start", "as_of_status"),
    [(D(2020, 4, 24), "breach"), (D(2020, 9, 25), "breach"), (D(2021, 1, 4), "breach")],
    ids=["first-day-of-si-2020-445", "last-day", "outside"],
)
def test_no_covid_window(engine, host, cl, start, as_of_status):
    """The Care Leavers duties were never relaxed (SI 2020/445, 2020/909, 2021/261)."""
    dob = start - dt.timedelta(days=16 * 365 + 4)
    cl.born("C1", dob)
    cl.episode("C1", start - dt.timedelta(days=100))
    result = run_rule(engine, host, RULE, D(2021, 12, 31))
    assert result.only().status == as_of_status
