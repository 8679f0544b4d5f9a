"""CP-RCPC-1 and CP-RCPC-N: Working Together to Safeguard Children 2018 (statutory
guidance, VERIFIED-S: youngpeople.nyas.net; trixresources.proceduresonline.com
rev_chi_prot_conf; London Child Protection Procedures 4.1.22): the first review
conference within 3 months of the initial conference (the plan's start), later ones no
more than 6 months apart while the plan continues. Calendar months, clamped to the end
of a shorter month.
"""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.config import Config
from tests.safeguarding_cases import SafeguardingCases, run

D = dt.date
FIRST = "CP-RCPC-1"
LATER = "CP-RCPC-N"
AS_OF = D(2022, 3, 31)


@pytest.mark.parametrize(
    ("review", "status"),
    [(D(2020, 2, 29), None), (D(2020, 3, 1), "breach")],
    ids=["29-feb-leap-year", "1-mar"],
)
def test_first_review_within_3_months_clamped_to_the_end_of_february(
    engine, host, sg, review, status
):
    """A plan started on 30 Nov 2019 is due its first review by 29 Feb 2020."""
    sg.plan("N1", D(2019, 11, 30), D(2020, 6, 1), review)
    result = run(engine, host, FIRST, AS_OF)
    assert result.status_on(D(2020, 2, 29)) == status
    if status:
        assert result.only().standard == "statutory-guidance"
        assert result.only().evidence["review_number"] == 1
    else:
        assert result.outcomes == {"met": 1}


def test_first_review_never_held_is_overdue(engine, host, sg):
    sg.plan("N1", D(2021, 6, 1))
    assert run(engine, host, FIRST, AS_OF).statuses() == [("breach", D(2021, 9, 1), None)]


@pytest.mark.parametrize(
    ("second", "status"),
    [(D(2021, 2, 28), None), (D(2021, 3, 1), "breach")],
    ids=["28-feb", "1-mar"],
)
def test_later_reviews_no_more_than_6_months_apart(engine, host, sg, second, status):
    """First review on 31 Aug 2020: the next is due by 28 Feb 2021."""
    sg.plan("N1", D(2020, 6, 1), D(2021, 6, 1), D(2020, 8, 31), second)
    result = run(engine, host, LATER, AS_OF)
    assert result.status_on(D(2021, 2, 28)) == status
    if status:
        finding = result.only()
        assert (finding.evidence["review_number"], finding.evidence["previous_review"]) == (
            2,
            "2020-08-31",
        )


def test_the_first_review_is_not_judged_by_the_later_reviews_rule(engine, host, sg):
    sg.plan("N1", D(2021, 6, 1), None, D(2021, 10, 15))  # first review late
    assert run(engine, host, FIRST, AS_OF).only().status == "breach"
    later = run(engine, host, LATER, AS_OF)
    assert later.findings == []
    assert later.outcomes == {"not-yet-due": 1}  # the second, due 15 Apr 2022


def test_a_plan_that_ended_before_the_due_date_owes_no_review(engine, host, sg):
    sg.plan("N1", D(2021, 6, 1), D(2021, 9, 1))  # ended on the due date
    assert run(engine, host, FIRST, AS_OF).outcomes == {}


def test_a_plan_that_ended_after_the_due_date_without_a_review_was_late(engine, host, sg):
    sg.plan("N1", D(2021, 6, 1), D(2021, 9, 2))
    assert run(engine, host, FIRST, AS_OF).only().status == "breach"


def test_a_review_on_the_day_the_plan_ends_counts(engine, host, sg):
    """Plans usually end at a review conference."""
    sg.plan("N1", D(2020, 6, 1), D(2021, 3, 1), D(2020, 8, 31), D(2021, 3, 1))
    assert run(engine, host, LATER, AS_OF).statuses() == [("breach", D(2021, 2, 28), D(2021, 3, 1))]


def test_an_end_after_the_as_of_date_leaves_the_plan_open(engine, host, sg):
    sg.plan("N1", D(2021, 6, 1), D(2021, 8, 1))
    result = run(engine, host, FIRST, D(2021, 7, 31))
    assert result.outcomes == {"not-yet-due": 1}


def test_open_plan_owes_its_next_review(engine, host, sg):
    sg.plan("N1", D(2021, 6, 1), None, D(2021, 8, 20), D(2022, 2, 1))
    result = run(engine, host, LATER, AS_OF)
    assert result.outcomes == {"met": 1, "not-yet-due": 1}


class TestPlansOlderThanTheCensus:
    """Reviews before the earliest census are unknown (as LAC-REVIEW handles them)."""

    @pytest.fixture
    def sg(self, engine):
        cases = SafeguardingCases(engine, covers=None)
        cases.batch("safeguarding.cin_census", D(2019, 4, 1), D(2022, 3, 31))
        return cases

    def test_first_review_rule_does_not_judge_them(self, engine, host, sg):
        sg.plan("N1", D(2019, 3, 1), None, D(2019, 10, 1))
        assert run(engine, host, FIRST, AS_OF).outcomes == {}

    @pytest.mark.parametrize(
        ("review", "status"),
        [(D(2019, 10, 1), "data-gap"), (D(2019, 10, 2), "breach")],
        ids=["within-6-months-of-the-data", "later-certainly-late"],
    )
    def test_the_first_review_seen_is_judged_from_the_start_of_the_data(
        self, engine, host, sg, review, status
    ):
        sg.plan("N1", D(2019, 3, 1), D(2020, 1, 1), review)
        finding = run(engine, host, LATER, AS_OF).only()
        assert (finding.status, finding.due_date) == (status, D(2019, 10, 1))
        assert finding.evidence["earlier_reviews_unknown"] == "yes"
        assert finding.evidence["review_number"] is None

    def test_later_reviews_are_judged_as_usual(self, engine, host, sg):
        sg.plan("N1", D(2019, 3, 1), None, D(2019, 6, 1), D(2019, 12, 2))
        result = run(engine, host, LATER, AS_OF)
        assert ("breach", D(2019, 12, 1), D(2019, 12, 2)) in result.statuses()


def test_review_owed_after_the_latest_census_is_a_data_gap(engine, host):
    sg = SafeguardingCases(engine, covers=None)
    sg.batch("safeguarding.cin_census", D(2020, 4, 1), D(2021, 3, 31))
    sg.plan("N1", D(2021, 1, 4))
    assert run(engine, host, FIRST, AS_OF).only().status == "data-gap"


def test_a_council_may_review_more_often(engine, host, sg):
    sg.plan("N1", D(2021, 6, 1), None, D(2021, 8, 2))
    config = Config.model_validate({"local_policy": {FIRST: {"first_review_months": 2}}})
    finding = run(engine, host, FIRST, AS_OF, config).only()
    assert (finding.status, finding.due_date, finding.standard) == (
        "breach",
        D(2021, 8, 1),
        "local-policy",
    )
