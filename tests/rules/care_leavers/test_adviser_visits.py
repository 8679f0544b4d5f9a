"""CL-PA-VISITS: Care Leavers (England) Regs 2010 (SI 2010/2571) reg 8 (VERIFIED-P).
Within 7 days of accommodation first being provided, before each pathway plan review,
then at intervals of no more than 2 calendar months."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.testing import run_rule

D = dt.date
RULE = "CL-PA-VISITS"
DOB = D(2002, 1, 15)
START = D(2021, 1, 4)
AS_OF = D(2021, 3, 31)


def _accommodated(cl, ref="C1", start=START, ended=None):
    cl.young_person(ref, DOB, "former-relevant")
    cl.accommodation(ref, start, ended)


@pytest.mark.parametrize(
    ("visit", "status"),
    [(D(2021, 1, 11), None), (D(2021, 1, 12), "breach")],
    ids=["on-7th-day", "8th-day"],
)
def test_first_visit_within_7_days(engine, host, cl, visit, status):
    """reg 8: within 7 days of the accommodation first being provided."""
    _accommodated(cl, ended=D(2021, 2, 1))
    cl.home_visits("C1", visit)
    assert run_rule(engine, host, RULE, AS_OF).status_on(D(2021, 1, 11)) == status


@pytest.mark.parametrize(
    ("second", "status"),
    [(D(2021, 3, 5), None), (D(2021, 3, 6), "breach")],
    ids=["on-2-months", "day-after-2-months"],
)
def test_then_no_more_than_2_months_apart(engine, host, cl, second, status):
    """reg 8: then at intervals of no more than 2 months (calendar months)."""
    _accommodated(cl, ended=D(2021, 3, 20))
    cl.home_visits("C1", D(2021, 1, 5), second)
    assert run_rule(engine, host, RULE, AS_OF).status_on(D(2021, 3, 5)) == status


def test_calls_and_other_workers_are_not_reg_8_visits(engine, host, cl):
    _accommodated(cl, ended=D(2021, 2, 1))
    cl.contact("C1", D(2021, 1, 5), kind="phone")
    cl.contact("C1", D(2021, 1, 6), by="other-worker")
    finding = run_rule(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.event_date) == ("breach", None)


def test_accommodation_not_provided_by_the_authority_is_not_judged(engine, host, cl):
    cl.young_person("C1", DOB, "former-relevant")
    cl.accommodation("C1", START, provided_by_la=False)
    assert run_rule(engine, host, RULE, AS_OF).findings == []


@pytest.mark.parametrize(
    ("visit", "status"),
    [(D(2021, 2, 20), None), (D(2021, 2, 21), "breach")],
    ids=["visit-on-review-day", "visit-day-after-review"],
)
def test_visit_before_each_pathway_plan_review(engine, host, cl, visit, status):
    """reg 8: a visit before each review, since the one before (a visit on the review's
    day is in time); the 5 Jan visit counts for the 10 Jan review only."""
    _accommodated(cl, ended=D(2021, 3, 1))
    cl.home_visits("C1", D(2021, 1, 5), visit)
    cl.plan("C1", D(2020, 9, 1))
    cl.plan_review("C1", D(2020, 9, 1), D(2021, 1, 10), D(2021, 2, 20))
    result = run_rule(engine, host, RULE, AS_OF)
    before = [f for f in result.findings if f.evidence["requirement"].startswith("visit before")]
    assert [(f.due_date, f.status) for f in before] == (
        [(D(2021, 2, 20), status)] if status else []
    )


def test_inside_the_2020_window_is_judged_exactly_as_outside(engine, host, cl):
    """No COVID window (the Care Leavers Regs were never amended by SI 2020/445 or
    2020/909): a first visit 8 days late is a breach in May 2020 as in May 2021."""
    _accommodated(cl, "C1", D(2020, 5, 1), D(2020, 6, 1))
    _accommodated(cl, "C2", D(2021, 5, 1), D(2021, 6, 1))
    cl.home_visits("C1", D(2020, 5, 9))
    cl.home_visits("C2", D(2021, 5, 9))
    result = run_rule(engine, host, RULE, D(2021, 12, 31))
    assert result.statuses() == [
        ("breach", D(2020, 5, 8), D(2020, 5, 9)),
        ("breach", D(2021, 5, 8), D(2021, 5, 9)),
    ]
