"""CL-PP-REVIEW: pathway plans reviewed at least every 6 months (Care Leavers (England)
Regs 2010 reg 7, VERIFIED-S only; CPPCR reg 43)."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.config import Config
from scrutiny.engine.check import CheckError
from scrutiny.testing import run_rule

D = dt.date
RULE = "CL-PP-REVIEW"
DOB = D(2002, 1, 15)
PLAN = D(2019, 3, 15)
AS_OF = D(2021, 12, 31)


@pytest.mark.parametrize(
    ("review", "status"),
    [(D(2019, 9, 15), None), (D(2019, 9, 16), "breach")],
    ids=["on-6-months", "day-after-6-months"],
)
def test_first_review_within_6_months_of_the_plan(engine, host, cl, review, status):
    cl.young_person("C1", DOB, duties_ended=D(2020, 1, 1))
    cl.plan("C1", PLAN)
    cl.plan_review("C1", PLAN, review)
    assert run_rule(engine, host, RULE, AS_OF).status_on(D(2019, 9, 15)) == status


def test_requested_review_counts_and_restarts_the_clock(engine, host, cl):
    """Reviews asked for by the young person or adviser are reviews too."""
    cl.young_person("C1", DOB, duties_ended=D(2020, 6, 1))
    cl.plan("C1", PLAN)
    cl.plan_review("C1", PLAN, D(2019, 6, 1), requested_by="young-person")
    cl.plan_review("C1", PLAN, D(2019, 12, 1))
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.findings == []
    assert result.outcomes == {"met": 2}


def test_inside_the_2020_window_is_judged_exactly_as_outside(engine, host, cl):
    """No COVID window: reviews due 15 Jun 2020 (inside SI 2020/445's period) and
    15 Jun 2021, each held a day late, are both breaches."""
    for ref, plan in (("C1", D(2019, 12, 15)), ("C2", D(2020, 12, 15))):
        cl.young_person(ref, DOB, duties_ended=plan + dt.timedelta(days=300))
        cl.plan(ref, plan)
        cl.plan_review(ref, plan, D(plan.year + 1, 6, 16))
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.statuses() == [
        ("breach", D(2020, 6, 15), D(2020, 6, 16)),
        ("breach", D(2021, 6, 15), D(2021, 6, 16)),
    ]


def test_no_review_owed_after_the_duties_end(engine, host, cl):
    cl.young_person("C1", DOB, duties_ended=D(2019, 9, 1))
    cl.plan("C1", PLAN)
    assert run_rule(engine, host, RULE, AS_OF).findings == []


def test_local_policy_cannot_set_a_yearly_review(engine, host, cl):
    """Some councils review yearly from 18: local variance, not law; refused."""
    cl.young_person("C1", DOB)
    cl.plan("C1", PLAN)
    config = Config.model_validate({"local_policy": {RULE: {"review_months": 12}}})
    with pytest.raises(CheckError, match="less strict than the statutory 6"):
        run_rule(engine, host, RULE, AS_OF, config)
