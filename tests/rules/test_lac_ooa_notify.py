"""LAC-OOA-NOTIFY at its boundaries: CPPCR 2010 reg 13(4), inserted by SI 2013/3239 reg 19.

Reg 13(4): for a placement outside the responsible authority's area, written notice to
the area authority before the placement or, if it is made in an emergency, within five
working days of its start (legislation.gov.uk/uksi/2013/3239/part/3/made). In force on
27 January 2014 (SI 2013/3239 reg 1(1); reg 19 is not among those deferred by reg 1(2)).
Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.plugin_host import PluginHost
from scrutiny.testing import run_rule
from tests.lac_cases import LookedAfterCases

D = dt.date
RULE = "LAC-OOA-NOTIFY"


@pytest.fixture
def case(engine: Engine) -> LookedAfterCases:
    return LookedAfterCases(engine)


def check(engine: Engine, host: PluginHost, as_of: dt.date, config: Config | None = None):
    return run_rule(engine, host, RULE, as_of, config)


@pytest.mark.parametrize(
    ("notified", "status"),
    [(D(2021, 5, 20), None), (D(2021, 6, 7), None), (D(2021, 6, 8), "breach")],
    ids=["before-placement", "on-the-day", "day-after"],
)
def test_reg13_4_area_authority_told_before_the_placement(engine, host, case, notified, status):
    case.episode("C1", D(2021, 6, 7))
    case.out_of_area("C1", D(2021, 6, 7), notified)
    result = check(engine, host, D(2021, 9, 1))
    assert result.status_on(D(2021, 6, 7)) == status
    if status is None:
        assert result.outcomes == {"met": 1}


@pytest.mark.parametrize(
    ("notified", "status"),
    [(D(2020, 5, 12), None), (D(2020, 5, 13), "breach")],
    ids=["on-deadline", "day-after"],
)
def test_reg13_4_emergency_placement_within_5_working_days_across_8_may_2020(
    engine, host, case, notified, status
):
    # Placed in an emergency on Monday 4 May 2020: 5, 6, 7, 11, 12 May (Friday 8 May
    # was the VE Day bank holiday): due Tuesday 12 May.
    case.episode("C1", D(2020, 5, 4))
    case.out_of_area("C1", D(2020, 5, 4), notified, emergency=True)
    assert check(engine, host, D(2020, 7, 1)).status_on(D(2020, 5, 12)) == status


@pytest.mark.parametrize(
    ("emergency", "as_of", "due", "status"),
    [
        (False, D(2021, 6, 7), D(2021, 6, 7), "due-soon"),  # placed today
        (False, D(2021, 6, 8), D(2021, 6, 7), "breach"),
        (True, D(2021, 6, 7), D(2021, 6, 14), "due-soon"),
        (True, D(2021, 6, 14), D(2021, 6, 14), "due-soon"),  # due today
        (True, D(2021, 6, 15), D(2021, 6, 14), "breach"),
    ],
    ids=["placed-today", "day-after", "emergency-placed-today", "emergency-due-today", "overdue"],
)
def test_never_notified_is_due_soon_then_a_breach(
    engine, host, case, emergency, as_of, due, status
):
    case.episode("C1", D(2021, 6, 7))
    case.out_of_area("C1", D(2021, 6, 7), None, emergency=emergency)
    assert check(engine, host, as_of).status_on(due) == status


def test_a_notice_after_the_as_of_date_is_not_seen(engine, host, case):
    case.out_of_area("C1", D(2021, 6, 7), D(2021, 6, 7))
    assert check(engine, host, D(2021, 6, 6)).findings == []  # the placement not yet made


def test_the_finding_names_the_area_and_the_timescale(engine, host, case):
    case.out_of_area("C1", D(2021, 6, 7), None, emergency=True, area="E10000099")
    finding = check(engine, host, D(2021, 9, 1)).only()
    assert (finding.status, finding.due_date) == ("breach", D(2021, 6, 14))
    assert finding.evidence["area_authority"] == "E10000099"
    assert finding.evidence["emergency"] == "yes"
    assert finding.evidence["interval"] == "5 working days (emergency placement)"


def test_council_policy_can_shorten_the_emergency_timescale(engine, host, case):
    case.out_of_area("C1", D(2021, 6, 7), D(2021, 6, 11), emergency=True)
    config = Config.model_validate({"local_policy": {RULE: {"emergency_working_days": 3}}})
    finding = check(engine, host, D(2021, 9, 1), config).only()
    assert (finding.status, finding.due_date, finding.standard) == (
        "breach",
        D(2021, 6, 10),
        "local-policy",
    )


@pytest.mark.parametrize(
    ("start", "judged"),
    [(D(2014, 1, 26), False), (D(2014, 1, 27), True)],
    ids=["day-before-in-force", "in-force-day"],
)
def test_si_2013_3239_in_force_27_january_2014(engine, host, case, start, judged):
    case.out_of_area("C1", start, None)
    result = check(engine, host, D(2014, 6, 1))
    assert bool(result.findings) is judged


@pytest.mark.parametrize("legal_status", ["V3", "V4"])
def test_short_breaks_are_not_judged(engine, host, case, legal_status):
    # CPPCR reg 48(3)(b): reg 13 does not apply to short breaks.
    case.episode("C1", D(2021, 6, 7), ls=legal_status)
    case.out_of_area("C1", D(2021, 6, 7), None)
    result = check(engine, host, D(2021, 9, 1))
    assert (result.findings, result.outcomes) == ([], {})


def test_due_after_the_file_ends_is_a_data_gap(engine, host):
    case = LookedAfterCases(engine, covers=(D(2020, 1, 1), D(2020, 5, 11)))
    case.out_of_area("C1", D(2020, 5, 4), None, emergency=True)  # due 12 May
    assert check(engine, host, D(2020, 7, 1)).statuses() == [("data-gap", D(2020, 5, 12), None)]
