"""CH-CLOSURE: Care Standards Act 2000 s15(1)(b), (2) (VERIFIED-P, 2015 text) and
Children's Homes (England) Regulations 2015 reg 49: Ofsted told of a closure (no English
notice period is verified, so none is assumed), and no cancellation application after an
Ofsted notice of proposal (s17(4)(a)) or decision (s19(3))."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.config import Config
from scrutiny.testing import run_rule

D = dt.date
RULE = "CH-CLOSURE"
AS_OF = D(2022, 3, 31)
CLOSES = D(2021, 10, 1)
TOLD = "Ofsted told of the closure"
APPLIED = "cancellation applied for lawfully (CSA 2000 s15(2))"


def status_of(result, requirement):
    found = [f.status for f in result.findings if f.evidence["requirement"] == requirement]
    return found[0] if found else None


@pytest.mark.parametrize(
    ("notified", "status"),
    [
        (D(2021, 9, 30), None),
        (CLOSES, None),
        (D(2021, 10, 2), "manual"),
        (None, "breach"),
    ],
    ids=["day-before-closing", "closing-day", "day-after-closing", "never"],
)
def test_without_a_council_period_any_notice_by_closing_is_met(engine, host, res, notified, status):
    """No 3-month (Welsh/Scottish) period: a notice the day before closing is met."""
    res.closure(CLOSES, notified_on=notified)
    assert status_of(run_rule(engine, host, RULE, AS_OF), TOLD) == status


def test_closure_still_to_come_is_not_yet_due(engine, host, res):
    res.closure(D(2022, 6, 1))
    result = run_rule(engine, host, RULE, AS_OF)
    assert (result.findings, result.outcomes) == ([], {"not-yet-due": 1})


@pytest.mark.parametrize(
    ("notified", "status"),
    [(D(2021, 7, 3), None), (D(2021, 7, 4), "breach")],
    ids=["90-days-before", "89-days-before"],
)
def test_council_notice_period_is_local_policy(engine, host, res, notified, status):
    res.closure(CLOSES, notified_on=notified)
    config = Config.model_validate({"local_policy": {RULE: {"closure_notice_days": 90}}})
    result = run_rule(engine, host, RULE, AS_OF, config)
    assert status_of(result, TOLD) == status
    if status:
        assert (result.only().standard, result.only().due_date) == ("local-policy", D(2021, 7, 3))


@pytest.mark.parametrize(
    ("notices", "status"),
    [
        ({"proposal_notice_on": D(2021, 9, 2)}, None),
        ({"proposal_notice_on": D(2021, 9, 1)}, "manual"),
        ({"proposal_notice_on": D(2021, 8, 31)}, "breach"),
        ({"proposal_notice_on": D(2021, 8, 1), "proposal_dropped_on": D(2021, 8, 31)}, None),
        ({"proposal_notice_on": D(2021, 8, 1), "proposal_dropped_on": D(2021, 9, 2)}, "breach"),
        ({"decision_notice_on": D(2021, 8, 31)}, "breach"),
        ({}, None),
    ],
    ids=[
        "proposal-after-application",
        "proposal-same-day",
        "proposal-day-before",
        "proposal-dropped-before",
        "proposal-dropped-after",
        "decision-before",
        "no-ofsted-notice",
    ],
)
def test_cancellation_application_after_an_ofsted_notice(engine, host, res, notices, status):
    """CSA 2000 s15(2): no application once a s17(4)(a) proposal or s19(3) decision is served."""
    res.closure(CLOSES, notified_on=D(2021, 9, 1), applied_on=D(2021, 9, 1), **notices)
    result = run_rule(engine, host, RULE, AS_OF)
    assert status_of(result, APPLIED) == status
    assert result.outcomes.get("met", 0) == 1 + (status is None)
