"""CH-REG45: Children's Homes (England) Regulations 2015 reg 45 (VERIFIED-S): the quality
of care reviewed at least every 6 months while the home is registered."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.config import Config
from scrutiny.testing import run_rule
from scrutiny.testing.residential import ResidentialCases

D = dt.date
RULE = "CH-REG45"
AS_OF = D(2022, 3, 31)


@pytest.mark.parametrize(
    ("review", "status"),
    [(D(2019, 7, 15), None), (D(2019, 7, 16), "breach")],
    ids=["six-months-to-the-day", "day-after-six-months"],
)
def test_first_review_within_six_months_of_registration(engine, host, res, review, status):
    """Reg 45: at least once every 6 months, counted from registration."""
    res.home("H1", D(2019, 1, 15), D(2019, 10, 1))
    res.quality_review(review)
    assert run_rule(engine, host, RULE, AS_OF).status_on(D(2019, 7, 15)) == status


def test_each_review_within_six_months_of_the_one_before(engine, host, res):
    res.home("H1", D(2021, 1, 15))
    res.quality_review(D(2021, 7, 1), D(2022, 1, 2))
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.statuses() == [("breach", D(2022, 1, 1), D(2022, 1, 2))]
    assert result.outcomes == {"met": 1, "not-met": 1, "not-yet-due": 1}


def test_review_never_held_is_overdue(engine, host, res):
    res.home("H1", D(2021, 6, 1))
    assert run_rule(engine, host, RULE, AS_OF).statuses() == [("breach", D(2021, 12, 1), None)]


@pytest.mark.parametrize(
    ("due", "status"),
    [
        (D(2020, 4, 23), "breach"),
        (D(2020, 4, 24), "manual"),
        (D(2020, 9, 25), "manual"),
        (D(2020, 9, 26), "breach"),
    ],
    ids=["due-day-before-window", "due-first-day-445", "due-last-day-445", "due-day-after"],
)
def test_late_review_due_in_the_si_2020_445_window_is_manual(engine, host, res, due, status):
    """SI 2020/445 reg 11 amended the Regulations; its effect on reg 45 is unread."""
    registered = (
        due.replace(month=due.month - 6)
        if due.month > 6
        else due.replace(year=due.year - 1, month=due.month + 6)
    )
    res.home("H1", registered, due + dt.timedelta(days=30))
    res.quality_review(due + dt.timedelta(days=10))
    assert run_rule(engine, host, RULE, AS_OF).status_on(due) == status


def test_no_review_falls_due_after_the_home_ceased(engine, host, res):
    res.home("H1", D(2021, 1, 10), D(2021, 7, 9))
    assert run_rule(engine, host, RULE, AS_OF).outcomes == {}


def test_home_older_than_the_reviews_data(engine, host):
    res = ResidentialCases(engine, kinds=("residential.homes",))
    res.batch("residential.reg45_reviews", D(2020, 1, 1), D(2022, 3, 31))
    res.home("H1", D(2016, 5, 1))
    res.quality_review(D(2020, 5, 1), D(2020, 12, 1))
    result = run_rule(engine, host, RULE, AS_OF)
    # The first review in the data cannot be judged; the next two can.
    assert result.statuses() == [
        ("breach", D(2020, 11, 1), D(2020, 12, 1)),
        ("breach", D(2021, 6, 1), None),
        ("data-gap", D(2020, 7, 1), D(2020, 5, 1)),
    ]


def test_local_policy_can_make_the_interval_stricter(engine, host, res):
    res.home("H1", D(2021, 1, 1), D(2021, 8, 1))
    res.quality_review(D(2021, 6, 1))
    config = Config.model_validate({"local_policy": {RULE: {"interval_months": 4}}})
    finding = run_rule(engine, host, RULE, AS_OF, config).only()
    assert (finding.status, finding.due_date, finding.standard) == (
        "breach",
        D(2021, 5, 1),
        "local-policy",
    )
