"""CL-NEEDS-ASSESS: CPPCR 2010 reg 42(1) (VERIFIED-P). The needs assessment no more
than 3 months after the 16th birthday, or after becoming eligible if later."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.config import Config
from scrutiny.testing import run_rule

D = dt.date
RULE = "CL-NEEDS-ASSESS"
DOB = D(2003, 5, 10)
SIXTEEN = D(2019, 5, 10)
AS_OF = D(2021, 3, 31)


@pytest.mark.parametrize(
    ("assessed", "status"),
    [(D(2019, 8, 10), None), (D(2019, 8, 11), "breach")],
    ids=["on-3-months-after-16th-birthday", "day-after"],
)
def test_three_months_from_the_16th_birthday(engine, host, cl, assessed, status):
    """reg 42(1): looked after since 14, eligible on the 16th birthday."""
    cl.born("C1", DOB)
    cl.episode("C1", D(2017, 6, 1))
    cl.assessment("C1", assessed)
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.status_on(D(2019, 8, 10)) == status
    assert result.outcomes == {"met" if status is None else "not-met": 1}


@pytest.mark.parametrize(
    ("assessed", "status"),
    [(D(2019, 11, 9), None), (D(2019, 11, 10), "breach")],
    ids=["on-3-months-after-becoming-eligible", "day-after"],
)
def test_three_months_from_becoming_eligible_when_later(engine, host, cl, assessed, status):
    """reg 42(1): care from the 16th birthday; eligible 91 days later (9 Aug 2019)."""
    cl.born("C1", DOB)
    cl.episode("C1", SIXTEEN)
    cl.assessment("C1", assessed)
    result = run_rule(engine, host, RULE, AS_OF)
    assert [f.status for f in result.findings] == ([status] if status else [])
    if status:
        assert result.only().due_date == D(2019, 11, 9)


def test_not_assessed_is_overdue_and_inside_2020_judged_the_same(engine, host, cl):
    """No COVID window: a deadline on 1 Jul 2020 (inside SI 2020/445's period) is a
    breach exactly as one on 1 Jul 2021 is."""
    for ref, dob in (("C1", D(2004, 4, 1)), ("C2", D(2005, 4, 1))):
        cl.born(ref, dob)
        cl.young_person(ref, dob, "eligible", dob.replace(year=dob.year + 16))
    result = run_rule(engine, host, RULE, D(2021, 12, 31))
    assert result.statuses() == [
        ("breach", D(2020, 7, 1), None),
        ("breach", D(2021, 7, 1), None),
    ]


def test_assessment_not_yet_due_and_local_policy(engine, host, cl):
    cl.born("C1", DOB)
    cl.young_person("C1", DOB, "eligible", SIXTEEN)
    assert run_rule(engine, host, RULE, D(2019, 6, 1)).outcomes == {"not-yet-due": 1}
    config = Config.model_validate({"local_policy": {RULE: {"months": 2}}})
    finding = run_rule(engine, host, RULE, D(2019, 8, 1), config).only()
    assert (finding.status, finding.due_date, finding.standard) == (
        "breach",
        D(2019, 7, 10),
        "local-policy",
    )
