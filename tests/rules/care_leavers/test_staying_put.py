"""CL-STAYING-PUT: Children Act 1989 s23CZA (VERIFIED-P), in force 13 May 2014:
the arrangement monitored and the carer financially supported until 21."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.testing import run_rule

D = dt.date
RULE = "CL-STAYING-PUT"
DOB = D(2001, 6, 1)
TWENTY_ONE = D(2022, 6, 1)
AS_OF = D(2022, 12, 31)


def _counts(result):
    return {f.evidence["requirement"]: f.status for f in result.findings}


def test_supported_and_monitored_arrangement_is_met(engine, host, cl):
    cl.young_person("C1", DOB)
    cl.staying_put("C1", D(2019, 6, 1), support_ended=TWENTY_ONE, monitored=D(2020, 1, 1))
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.findings == [] and result.outcomes == {"met": 2}


@pytest.mark.parametrize(
    ("support_ended", "status"),
    [(TWENTY_ONE - dt.timedelta(days=1), "breach"), (TWENTY_ONE, None)],
    ids=["stopped-day-before-21st-birthday", "stopped-on-21st-birthday"],
)
def test_financial_support_lasts_until_21(engine, host, cl, support_ended, status):
    cl.young_person("C1", DOB)
    cl.staying_put("C1", D(2019, 6, 1), support_ended=support_ended, monitored=D(2020, 1, 1))
    assert (
        _counts(run_rule(engine, host, RULE, AS_OF)).get("financial support to the carer") == status
    )


def test_no_support_is_a_breach_and_no_monitoring_is_manual(engine, host, cl):
    cl.young_person("C1", DOB)
    cl.staying_put("C1", D(2020, 6, 1), support=False)
    assert _counts(run_rule(engine, host, RULE, AS_OF)) == {
        "financial support to the carer": "breach",
        "arrangement monitored": "manual",
    }


@pytest.mark.parametrize(
    ("started", "judged"),
    [(TWENTY_ONE - dt.timedelta(days=1), True), (TWENTY_ONE, False)],
    ids=["begun-day-before-21st-birthday", "begun-on-21st-birthday"],
)
def test_only_arrangements_begun_before_21(engine, host, cl, started, judged):
    cl.young_person("C1", DOB)
    cl.staying_put("C1", started, support=False, monitored=started)
    assert bool(run_rule(engine, host, RULE, AS_OF).findings) is judged


def test_inside_the_2020_window_is_judged_exactly_as_outside(engine, host, cl):
    """No COVID window: support not recorded is a data gap in 2020 as in 2021."""
    for ref, started in (("C1", D(2020, 5, 1)), ("C2", D(2021, 5, 1))):
        cl.young_person(ref, DOB)
        cl.staying_put(ref, started, support=None, monitored=started)
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.statuses() == [
        ("data-gap", D(2020, 5, 1), None),
        ("data-gap", D(2021, 5, 1), None),
    ]
