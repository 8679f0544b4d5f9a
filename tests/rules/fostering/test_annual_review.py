"""FOS-ANNUAL-REVIEW: Fostering Services (England) Regulations 2011 reg 28 (VERIFIED-S).

The first review no more than a year after approval, then at most a year apart, while
the approval lasts. Due dates falling in SI 2020/445's window are 'manual' when late.
"""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.config import Config
from scrutiny.testing import run_rule
from scrutiny.testing.fostering import FosteringCases

D = dt.date
RULE = "FOS-ANNUAL-REVIEW"
AS_OF = D(2022, 3, 31)


@pytest.mark.parametrize(
    ("review", "status"),
    [(D(2019, 3, 14), None), (D(2019, 3, 15), None), (D(2019, 3, 16), "breach")],
    ids=["day-before-a-year", "on-a-year", "day-after-a-year"],
)
def test_first_review_within_a_year_of_approval(engine, host, fos, review, status):
    fos.approval("F1", D(2018, 3, 15), "full", ended=D(2019, 6, 1), reason="resigned")
    fos.carer_review("F1", review)
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.status_on(D(2019, 3, 15)) == status


def test_later_reviews_a_year_apart_and_pending_one_overdue(engine, host, fos):
    fos.approval("F1", D(2018, 3, 15), "full")
    fos.carer_review("F1", D(2019, 3, 1), D(2020, 3, 1), D(2021, 3, 2))
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.statuses() == [
        ("breach", D(2021, 3, 1), D(2021, 3, 2)),
        ("breach", D(2022, 3, 2), None),
    ]


def test_leap_day_review_falls_due_on_28_february(engine, host, fos):
    fos.approval("F1", D(2019, 3, 1), "full", ended=D(2021, 6, 1), reason="resigned")
    fos.carer_review("F1", D(2020, 2, 29), D(2021, 3, 1))
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.statuses() == [("breach", D(2021, 2, 28), D(2021, 3, 1))]


def test_no_review_falls_due_after_the_approval_ended(engine, host, fos):
    fos.approval("F1", D(2020, 1, 10), "full", ended=D(2021, 1, 10), reason="resigned")
    assert run_rule(engine, host, RULE, AS_OF).findings == []


@pytest.mark.parametrize(
    ("due", "status"),
    [
        (D(2020, 4, 23), "breach"),
        (D(2020, 4, 24), "manual"),
        (D(2020, 9, 25), "manual"),
        (D(2020, 9, 26), "breach"),
    ],
    ids=["due-day-before-window", "due-first-day", "due-last-day", "due-day-after"],
)
def test_si_2020_445_window_makes_late_reviews_manual(engine, host, fos, due, status):
    approved = due.replace(year=due.year - 1)
    fos.approval("F1", approved, "full")
    fos.carer_review("F1", due + dt.timedelta(days=10))
    result = run_rule(engine, host, RULE, D(2021, 3, 31))
    assert result.status_on(due) == status


def test_temporary_approvals_are_not_reviewed_under_reg_28(engine, host, fos):
    fos.approval("F1", D(2019, 1, 10))
    assert run_rule(engine, host, RULE, AS_OF).findings == []


def test_approval_older_than_the_reviews_data(engine, host):
    fos = FosteringCases(engine, kinds=("fostering.approvals",))
    fos.batch("fostering.reviews", D(2020, 1, 1), D(2022, 3, 31))
    fos.approval("F1", D(2012, 5, 1), "full")
    fos.carer_review("F1", D(2020, 6, 1), D(2021, 5, 1))
    result = run_rule(engine, host, RULE, AS_OF)
    # The first review in the data cannot be judged (the one before is unknown); the
    # next ones can.
    assert result.statuses() == [("data-gap", D(2021, 1, 1), D(2020, 6, 1))]


def test_local_policy_can_make_the_interval_stricter(engine, host, fos):
    fos.approval("F1", D(2020, 10, 1), "full", ended=D(2022, 1, 1), reason="resigned")
    fos.carer_review("F1", D(2021, 9, 1))
    config = Config.model_validate({"local_policy": {RULE: {"interval_months": 10}}})
    result = run_rule(engine, host, RULE, AS_OF, config)
    finding = result.only()
    assert (finding.status, finding.due_date, finding.standard) == (
        "breach",
        D(2021, 8, 1),
        "local-policy",
    )
