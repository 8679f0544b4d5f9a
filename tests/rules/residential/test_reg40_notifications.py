"""CH-REG40: Children's Homes (England) Regulations 2015 reg 40 (VERIFIED-P, in part).

Each notifiable event told "without delay" to each recipient reg 40 names for it. No hour
limit in the law: a council's own limit is local policy; without one a person judges.
"""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.config import Config
from scrutiny.testing import run_rule
from scrutiny.testing.residential import ResidentialCases, local

D = dt.date
RULE = "CH-REG40"
AS_OF = D(2022, 3, 31)
HOURS_24 = Config.model_validate({"local_policy": {RULE: {"notify_within_hours": 24}}})


def recipients(result):
    return sorted(f.evidence["recipient"] for f in result.findings)


@pytest.mark.parametrize(
    ("kind", "secure", "expected"),
    [
        (
            "death",
            True,
            ["host-authority", "icb", "ofsted", "placing-authority", "ppo", "secretary-of-state"],
        ),
        (
            "death",
            False,
            ["host-authority", "icb", "ofsted", "placing-authority", "secretary-of-state"],
        ),
        ("dbs-referral", False, ["ofsted", "placing-authority"]),
        ("police-incident", False, ["ofsted"]),
        ("child-protection-enquiry", False, ["ofsted"]),
    ],
    ids=["death-secure-home", "death", "dbs-referral-40-3", "police-40-4", "cp-enquiry-40-4"],
)
def test_each_required_recipient_is_its_own_requirement(engine, host, res, kind, secure, expected):
    """Reg 40(1), (3), (4): who must be told depends on the event (PPO only for secure homes)."""
    res.home("H1", secure=secure)
    res.event(local(D(2021, 6, 1), 9), kind)
    result = run_rule(engine, host, RULE, AS_OF)
    assert recipients(result) == expected
    assert {f.status for f in result.findings} == {"breach"}
    assert all(f.evidence["requirement"].startswith("E1: ") for f in result.findings)


def test_a_death_is_critical(engine, host, res):
    res.event(local(D(2021, 6, 1), 9), "death")
    assert {f.severity for f in run_rule(engine, host, RULE, AS_OF).findings} == {"critical"}


def test_without_local_policy_a_notification_after_the_event_is_manual(engine, host, res):
    """Reg 40: "without delay" has no hour limit, so a person judges it."""
    res.event(local(D(2021, 6, 1), 9), told={"ofsted": local(D(2021, 6, 1), 9, 1)})
    finding = run_rule(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.standard, finding.evidence["minutes_to_notify"]) == (
        "manual",
        "regulation",
        1,
    )


@pytest.mark.parametrize(
    ("told", "status"),
    [(local(D(2021, 6, 2), 9, 0), "met"), (local(D(2021, 6, 2), 9, 1), "breach")],
    ids=["last-compliant-minute-24h", "first-minute-over-24h"],
)
def test_council_hour_limit_judges_to_the_minute(engine, host, res, told, status):
    """Reg 40 with the council's 24-hour limit (local policy)."""
    res.event(local(D(2021, 6, 1), 9), told={"ofsted": told})
    result = run_rule(engine, host, RULE, AS_OF, HOURS_24)
    if status == "met":
        assert result.findings == [] and result.outcomes == {"met": 1}
    else:
        finding = result.only()
        assert (finding.status, finding.standard, finding.evidence["hours_limit"]) == (
            "breach",
            "local-policy",
            24,
        )
        assert finding.evidence["minutes_to_notify"] == 24 * 60 + 1


def test_hours_are_counted_across_the_clocks_going_back(engine, host, res):
    """10:00 BST on 30 Oct 2021 to 09:30 GMT next day is 24 h 30 min, not 23 h 30 min."""
    res.event(local(D(2021, 10, 30), 10), told={"ofsted": local(D(2021, 10, 31), 9, 30)})
    finding = run_rule(engine, host, RULE, AS_OF, HOURS_24).only()
    assert (finding.status, finding.evidence["minutes_to_notify"]) == ("breach", 24 * 60 + 30)


def test_missing_notification_is_a_data_gap_before_the_file_covers_the_event(engine, host):
    res = ResidentialCases(engine, kinds=("residential.homes",))
    res.batch("residential.events", D(2021, 1, 1), D(2021, 5, 31))
    res.event(local(D(2021, 6, 1), 9))
    assert run_rule(engine, host, RULE, AS_OF).only().status == "data-gap"


def test_event_on_the_as_of_day_not_yet_told_is_due_soon(engine, host, res):
    res.event(local(AS_OF, 9))
    assert run_rule(engine, host, RULE, AS_OF).only().status == "due-soon"


def test_notification_after_the_as_of_date_is_not_yet_made(engine, host, res):
    res.event(local(D(2022, 3, 30), 9), told={"ofsted": local(D(2022, 4, 1), 9)})
    finding = run_rule(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.event_date) == ("breach", None)


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (D(2020, 4, 23), "breach"),
        (D(2020, 4, 24), "manual"),
        (D(2020, 9, 25), "manual"),
        (D(2020, 9, 26), "breach"),
    ],
    ids=["day-before-window", "first-day-445", "last-day-445", "day-after-window"],
)
def test_si_2020_445_window_makes_unverified_cases_manual(engine, host, res, day, status):
    """SI 2020/445 reg 11 amended the 2015 Regulations; its effect on reg 40 is unread."""
    res.event(local(day, 12))
    assert run_rule(engine, host, RULE, AS_OF).only().status == status


def test_event_after_the_as_of_date_is_not_judged(engine, host, res):
    res.event(local(D(2022, 4, 2), 9))
    assert run_rule(engine, host, RULE, AS_OF).outcomes == {}
