"""CP-ASSESSMENT: Working Together to Safeguard Children 2018 chapter 1 (statutory
guidance, VERIFIED-S: proceduresonline.com toolkit glossary "C&F assessment"): an
assessment reaches its decision no more than 45 working days "from the point of
referral" (not from the assessment's start). England's figure; the Welsh 42 is not used.
"""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.config import Config
from tests.safeguarding_cases import SafeguardingCases, run

D = dt.date
RULE = "CP-ASSESSMENT"
AS_OF = D(2022, 3, 31)


@pytest.mark.parametrize(
    ("authorised", "status"),
    [(D(2021, 5, 6), None), (D(2021, 5, 7), "breach")],
    ids=["45th-working-day", "day-after"],
)
def test_45_working_days_across_easter_2021(engine, host, sg, authorised, status):
    """Referred Mon 1 Mar 2021: Good Friday (2 Apr), Easter Monday (5 Apr) and the early
    May bank holiday (3 May) do not count, so day 45 is Thu 6 May."""
    sg.assessment("N1", D(2021, 3, 1), authorised, start=D(2021, 3, 8))
    result = run(engine, host, RULE, AS_OF)
    assert result.status_on(D(2021, 5, 6)) == status
    if status:
        finding = result.only()
        assert finding.standard == "statutory-guidance"
        assert finding.evidence["working_days_from_referral"] == 46
        assert finding.evidence["assessment_started"] == "2021-03-08"
    else:
        assert result.outcomes == {"met": 1}


def test_counted_from_the_referral_not_the_assessment_start(engine, host, sg):
    # Started a fortnight after the referral: still due 45 working days after the referral.
    sg.assessment("N1", D(2021, 3, 1), None, start=D(2021, 3, 15))
    assert run(engine, host, RULE, AS_OF).statuses() == [("breach", D(2021, 5, 6), None)]


def test_never_authorised_is_overdue(engine, host, sg):
    sg.assessment("N1", D(2021, 3, 1))
    assert run(engine, host, RULE, AS_OF).only().status == "breach"


def test_episode_closed_by_the_due_date_without_authorisation_is_manual(engine, host, sg):
    """The census should carry the authorisation of every assessment in a closed episode;
    a person checks the case file."""
    sg.assessment("N1", D(2021, 3, 1), closure=D(2021, 5, 6))
    finding = run(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.evidence["episode_closed_on"]) == ("manual", "2021-05-06")
    assert "case file" in finding.evidence["judged"]


def test_episode_closed_after_the_due_date_without_authorisation_is_overdue(engine, host, sg):
    sg.assessment("N1", D(2021, 3, 1), closure=D(2021, 5, 7))
    assert run(engine, host, RULE, AS_OF).only().status == "breach"


def test_closure_after_the_as_of_date_is_not_known_yet(engine, host, sg):
    sg.assessment("N1", D(2021, 3, 1), closure=D(2021, 5, 6))
    finding = run(engine, host, RULE, D(2021, 5, 5)).only()
    assert (finding.status, finding.evidence["episode_closed_on"]) == ("due-soon", None)


def test_due_after_the_latest_census_is_a_data_gap(engine, host):
    sg = SafeguardingCases(engine, covers=None)
    sg.batch("safeguarding.cin_census", D(2020, 4, 1), D(2021, 3, 31))
    sg.assessment("N1", D(2021, 3, 1))
    assert run(engine, host, RULE, AS_OF).only().status == "data-gap"


def test_a_council_may_set_a_shorter_timescale(engine, host, sg):
    sg.assessment("N1", D(2021, 3, 1), D(2021, 4, 8))  # day 26
    config = Config.model_validate({"local_policy": {RULE: {"assessment_working_days": 25}}})
    finding = run(engine, host, RULE, AS_OF, config).only()
    assert (finding.status, finding.standard) == ("breach", "local-policy")
