"""CP-ICPC: Working Together to Safeguard Children 2018 (statutory guidance, VERIFIED-S:
erscp.co.uk; isleofmanchildcare.proceduresonline.com): the initial child protection
conference within 15 working days of the strategy discussion at which section 47
enquiries were started, or of the last such discussion if there were several.

The census's S47ActualStartDate starts the clock; a later strategy discussion that
started s47 enquiries, before the conference and before the child's next enquiry,
restarts it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.safeguarding_cases import SafeguardingCases, run

D = dt.date
RULE = "CP-ICPC"
AS_OF = D(2022, 3, 31)


@pytest.mark.parametrize(
    ("icpc", "status"),
    [(D(2020, 4, 24), None), (D(2020, 4, 27), "breach")],
    ids=["15th-working-day", "next-working-day"],
)
def test_15_working_days_across_easter_2020(engine, host, sg, icpc, status):
    """Enquiry started Wed 1 Apr 2020: Good Friday (10 Apr) and Easter Monday (13 Apr)
    do not count, so day 15 is Fri 24 Apr (Mon 27 Apr is the next working day)."""
    sg.s47("N1", D(2020, 4, 1), icpc)
    result = run(engine, host, RULE, AS_OF)
    if status is None:
        assert result.findings == [] and result.outcomes == {"met": 1}
    else:
        finding = result.only()
        assert (finding.status, finding.due_date, finding.standard) == (
            "breach",
            D(2020, 4, 24),
            "statutory-guidance",
        )
        assert finding.evidence["clock_from"] == "census S47ActualStartDate"
        assert finding.evidence["working_days_to_icpc"] == 16


def test_a_later_strategy_discussion_restarts_the_clock(engine, host, sg):
    """The last strategy discussion at which s47 enquiries were started counts."""
    sg.s47("N1", D(2020, 3, 27), D(2020, 4, 24))
    sg.strategy_discussion("N1", D(2020, 3, 27))
    sg.strategy_discussion("N1", D(2020, 4, 1))
    result = run(engine, host, RULE, AS_OF)
    assert result.findings == [] and result.outcomes == {"met": 1}


def test_the_evidence_names_the_discussion_that_started_the_clock(engine, host, sg):
    sg.s47("N1", D(2020, 3, 27), D(2020, 4, 27))
    sg.strategy_discussion("N1", D(2020, 4, 1))
    finding = run(engine, host, RULE, AS_OF).only()
    assert finding.due_date == D(2020, 4, 24)
    assert finding.evidence["clock_started_on"] == "2020-04-01"
    assert finding.evidence["clock_from"] == (
        "a later strategy discussion (strategy discussions file)"
    )
    assert finding.evidence["s47_start"] == "2020-03-27"
    assert finding.evidence["strategy_discussions_file_covers"] == "yes"


@pytest.mark.parametrize(
    ("discussion", "s47_started"),
    [
        (D(2020, 4, 1), False),  # did not start s47 enquiries
        (D(2020, 4, 22), True),  # after the conference
        (D(2020, 2, 28), True),  # before the enquiry started
        (D(2020, 4, 2), True),  # on or after the child's next enquiry
    ],
    ids=["not-starting-s47", "after-the-icpc", "before-the-enquiry", "next-enquiry"],
)
def test_discussions_that_do_not_restart_the_clock(engine, host, sg, discussion, s47_started):
    sg.s47("N1", D(2020, 3, 2), D(2020, 4, 21))  # day 15 is 23 Mar: late
    sg.s47("N1", D(2020, 4, 2), D(2020, 4, 21), not_required=None)
    sg.strategy_discussion("N1", discussion, s47_started=s47_started)
    result = run(engine, host, RULE, AS_OF)
    late = [f for f in result.findings if f.evidence["s47_start"] == "2020-03-02"]
    assert [(f.status, f.due_date, f.evidence["clock_from"]) for f in late] == [
        ("breach", D(2020, 3, 23), "census S47ActualStartDate")
    ]


def test_no_conference_required_is_not_judged(engine, host, sg):
    sg.s47("N1", D(2021, 6, 1), None, not_required=True)
    assert run(engine, host, RULE, AS_OF).outcomes == {}


def test_no_conference_yet_is_overdue_and_the_clock_uses_discussions_to_the_as_of_date(
    engine, host, sg
):
    sg.s47("N1", D(2021, 6, 1))
    sg.strategy_discussion("N1", D(2021, 6, 8))
    finding = run(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.event_date, finding.evidence["clock_started_on"]) == (
        "breach",
        None,
        "2021-06-08",
    )


def test_without_the_strategy_discussions_file_the_census_start_is_the_clock(engine, host):
    sg = SafeguardingCases(engine, kinds=("safeguarding.cin_census",))
    sg.s47("N1", D(2021, 6, 1), D(2021, 6, 30))
    finding = run(engine, host, RULE, AS_OF).only()
    assert finding.evidence["strategy_discussions_file_covers"] == "no"
    assert finding.evidence["clock_from"] == "census S47ActualStartDate"


def test_a_conference_after_the_as_of_date_is_not_held_yet(engine, host, sg):
    sg.s47("N1", D(2022, 3, 1), D(2022, 4, 1))
    finding = run(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.event_date) == ("breach", None)


def test_due_after_the_latest_census_is_a_data_gap(engine, host):
    sg = SafeguardingCases(engine, covers=None)
    sg.batch("safeguarding.cin_census", D(2020, 4, 1), D(2021, 3, 31))
    sg.s47("N1", D(2021, 3, 22))
    assert run(engine, host, RULE, AS_OF).only().status == "data-gap"
