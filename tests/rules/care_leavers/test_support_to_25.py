"""CL-PA-TO-25: Children Act 1989 s23CZB (Children and Social Work Act 2017 s3, in
force 1 Apr 2018): a former relevant young person aged 21-24 who asks gets a personal
adviser, a needs assessment and a pathway plan. The Act sets no number of days."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.config import Config
from scrutiny.testing import run_rule

D = dt.date
RULE = "CL-PA-TO-25"
DOB = D(1998, 6, 1)
AS_OF = D(2021, 12, 31)


def _counts(result):
    return {f.evidence["requirement"]: f.status for f in result.findings}


@pytest.mark.parametrize(
    ("requested", "judged"),
    [
        (D(2019, 5, 31), False),
        (D(2019, 6, 1), True),
        (D(2023, 5, 31), True),
        (D(2023, 6, 1), False),
    ],
    ids=["day-before-21st", "on-21st", "day-before-25th", "on-25th"],
)
def test_only_requests_made_from_21_to_24(engine, host, cl, requested, judged):
    cl.young_person("C1", DOB)
    cl.request("C1", requested)
    result = run_rule(engine, host, RULE, D(2023, 12, 31))
    assert bool(result.findings) is judged
    if judged:
        assert set(_counts(result).values()) == {"manual"}


def test_provided_is_met_and_missing_is_manual_without_a_local_timescale(engine, host, cl):
    cl.young_person("C1", DOB)
    cl.request("C1", D(2020, 3, 2))
    cl.adviser("C1", D(2019, 1, 1))  # an adviser already allocated counts
    cl.assessment("C1", D(2020, 4, 1))
    result = run_rule(engine, host, RULE, AS_OF)
    assert _counts(result) == {"pathway plan": "manual"}
    assert result.outcomes == {"met": 2, "manual": 1}


@pytest.mark.parametrize(
    ("allocated", "status"),
    [(D(2020, 3, 30), None), (D(2020, 3, 31), "breach")],
    ids=["on-local-deadline", "day-after"],
)
def test_local_timescale_when_the_council_sets_one(engine, host, cl, allocated, status):
    cl.young_person("C1", DOB)
    cl.request("C1", D(2020, 3, 2))
    cl.adviser("C1", allocated)
    cl.assessment("C1", D(2020, 3, 3))
    cl.plan("C1", D(2020, 3, 4))
    config = Config.model_validate({"local_policy": {RULE: {"respond_within_days": 28}}})
    result = run_rule(engine, host, RULE, AS_OF, config)
    assert _counts(result).get("personal adviser") == status
    if status:
        assert result.only().standard == "local-policy"


def test_withdrawn_request_owes_nothing_more(engine, host, cl):
    cl.young_person("C1", DOB)
    cl.request("C1", D(2020, 3, 2), withdrawn=D(2020, 3, 10))
    assert run_rule(engine, host, RULE, AS_OF).findings == []


def test_inside_the_2020_window_is_judged_exactly_as_outside(engine, host, cl):
    """No COVID window: with a local 28 days, an adviser 29 days after a request is a
    breach in May 2020 as in May 2021."""
    config = Config.model_validate({"local_policy": {RULE: {"respond_within_days": 28}}})
    for ref, day in (("C1", D(2020, 5, 1)), ("C2", D(2021, 5, 1))):
        cl.young_person(ref, DOB)
        cl.request(ref, day)
        cl.adviser(ref, day + dt.timedelta(days=29))
        cl.assessment(ref, day)
        cl.plan(ref, day)
    result = run_rule(engine, host, RULE, AS_OF, config)
    assert result.statuses() == [
        ("breach", D(2020, 5, 29), D(2020, 5, 30)),
        ("breach", D(2021, 5, 29), D(2021, 5, 30)),
    ]
