"""CP-SIN: the duty to notify the Child Safeguarding Practice Review Panel of a serious
child safeguarding incident is Children Act 2004 s16C(1) (inserted by the Children and
Social Work Act 2017; VERIFIED-S, Slough quoting it); the 5 working days from becoming
aware, and notifying Ofsted (and the Secretary of State for a looked-after child), are
Working Together 2018 (VERIFIED-S: sthelenssafeguarding.org.uk; safeguardinghavering.org.uk).
Not relaxed in the coronavirus period (Trafford Safeguarding Partnership, 30 Mar 2020).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.safeguarding_cases import SafeguardingCases, run

D = dt.date
RULE = "CP-SIN"
AS_OF = D(2022, 3, 31)


def by_recipient(result):
    return {f.evidence["recipient"]: f for f in result.findings}


@pytest.mark.parametrize(
    ("looked_after", "recipients"),
    [(False, ["ofsted", "panel"]), (True, ["ofsted", "panel", "secretary-of-state"])],
    ids=["child-in-need", "looked-after-child"],
)
def test_each_recipient_is_a_requirement_of_its_own(engine, host, sg, looked_after, recipients):
    sg.incident("N1", D(2021, 6, 1), incident="SI-7", looked_after=looked_after)
    result = run(engine, host, RULE, AS_OF)
    assert sorted(by_recipient(result)) == recipients
    assert {f.status for f in result.findings} == {"breach"}
    assert {f.evidence["requirement"] for f in result.findings} == {
        f"SI-7: {r}" for r in recipients
    }


@pytest.mark.parametrize(
    ("notified", "status"),
    [(D(2020, 5, 12), None), (D(2020, 5, 13), "breach")],
    ids=["5th-working-day", "day-after"],
)
def test_five_working_days_across_the_8_may_2020_bank_holiday(engine, host, sg, notified, status):
    """Aware Mon 4 May 2020 (a working day: the bank holiday moved to Fri 8 May for VE
    Day), so day 5 is Tue 12 May, not Mon 11 May."""
    sg.incident("N1", D(2020, 5, 4), panel=notified, ofsted=D(2020, 5, 5))
    result = run(engine, host, RULE, AS_OF)
    if status is None:
        assert result.findings == [] and result.outcomes == {"met": 2}
    else:
        finding = by_recipient(result)["panel"]
        assert (finding.status, finding.due_date, finding.standard) == (
            "breach",
            D(2020, 5, 12),
            "statutory-guidance",
        )
        assert finding.evidence["working_days_to_notify"] == 6


@pytest.mark.parametrize(
    ("aware", "due"),
    [(D(2019, 5, 3), D(2019, 5, 13)), (D(2020, 5, 4), D(2020, 5, 12))],
    ids=["2019", "may-2020-coronavirus"],
)
def test_a_late_notification_in_may_2020_is_judged_as_in_2019(engine, host, sg, aware, due):
    """The 5-day deadline was NOT relaxed in the coronavirus period (Trafford, 30 Mar 2020):
    one working day late is not met, in 2020 exactly as in 2019."""
    late = due + dt.timedelta(days=1)
    sg.incident("N1", aware, panel=late, ofsted=aware)
    result = run(engine, host, RULE, AS_OF)
    finding = result.only()
    assert (finding.status, finding.due_date, finding.event_date, finding.severity) == (
        "breach",
        due,
        late,
        "high",
    )
    assert result.outcomes == {"met": 1, "not-met": 1}


def test_a_death_is_critical(engine, host, sg):
    sg.incident("N1", D(2021, 6, 1), harm="death")
    assert {f.severity for f in run(engine, host, RULE, AS_OF).findings} == {"critical"}


def test_a_notification_after_the_as_of_date_is_not_made_yet(engine, host, sg):
    sg.incident("N1", D(2022, 3, 21), panel=D(2022, 4, 1), ofsted=D(2022, 3, 22))
    finding = run(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.event_date) == ("breach", None)


def test_an_incident_the_file_does_not_yet_cover_is_a_data_gap(engine, host):
    sg = SafeguardingCases(engine, covers=None)
    sg.batch("safeguarding.serious_incidents", D(2021, 4, 1), D(2021, 6, 3))
    sg.incident("N1", D(2021, 6, 1))
    assert {f.status for f in run(engine, host, RULE, AS_OF).findings} == {"data-gap"}


def test_incidents_before_the_panel_arrangements_are_not_judged(engine, host, sg):
    sg.incident("N1", D(2018, 6, 28))
    assert run(engine, host, RULE, AS_OF).outcomes == {}
