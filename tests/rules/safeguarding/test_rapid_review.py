"""CP-RAPID-REVIEW: the safeguarding partners complete a rapid review within 15 working
days (Working Together 2018; VERIFIED-S: the Panel's FAQ, childsafeguarding.independent-
panel.uk/about/faqs; safeguardingcambspeterborough.org.uk, which counts from the date the
notification was sent to the Panel; havering).

Relaxed from 30 Mar 2020 (Trafford Safeguarding Partnership, 30 Mar 2020, VERIFIED-S),
to the end of 2020 (no source gives the end). A late review is not met in every period;
in the relaxed period a deviation relying on CSPRP-COVID-2020 covers it, and the same
deviation for a review due in 2021 has lapsed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.safeguarding_cases import SafeguardingCases, record_deviation, run

D = dt.date
RULE = "CP-RAPID-REVIEW"
AS_OF = D(2022, 3, 31)
REASON = "Partners' staff redeployed; Panel agreed a later date"


@pytest.mark.parametrize(
    ("completed", "status"),
    [(D(2020, 5, 26), None), (D(2020, 5, 27), "breach")],
    ids=["15th-working-day", "day-after"],
)
def test_fifteen_working_days_from_the_panel_notification_across_8_may_2020(
    engine, host, sg, completed, status
):
    """Panel notified Fri 1 May 2020; Fri 8 May (VE Day) and Mon 25 May (spring bank
    holiday) do not count, so day 15 is Tue 26 May."""
    sg.incident("N1", D(2020, 4, 29), panel=D(2020, 5, 1))
    sg.rapid_review(completed)
    result = run(engine, host, RULE, AS_OF)
    if status is None:
        assert result.findings == [] and result.outcomes == {"met": 1}
    else:
        finding = result.only()
        assert (finding.status, finding.due_date, finding.standard) == (
            "breach",
            D(2020, 5, 26),
            "statutory-guidance",
        )
        assert finding.evidence["clock_from"] == "Panel notified"
        assert finding.evidence["covid_relaxation"] == "relaxed"


def test_without_a_panel_notification_the_clock_starts_when_the_council_became_aware(
    engine, host, sg
):
    sg.incident("N1", D(2021, 6, 1))
    sg.rapid_review(D(2021, 6, 30))
    finding = run(engine, host, RULE, AS_OF).only()
    assert finding.due_date == D(2021, 6, 22)
    assert finding.evidence["clock_from"] == (
        "council became aware (no Panel notification recorded)"
    )


def test_the_delay_reason_is_shown_as_recorded_never_copied(engine, host, sg):
    sg.incident("N1", D(2020, 5, 28), panel=D(2020, 6, 1))
    sg.rapid_review(D(2020, 7, 10), delay_reason=REASON)
    finding = run(engine, host, RULE, AS_OF).only()
    assert finding.evidence["delay_reason_recorded"] == "yes"
    assert REASON not in str(finding.evidence)


def test_no_rapid_review_yet_is_overdue(engine, host, sg):
    sg.incident("N1", D(2021, 6, 1), panel=D(2021, 6, 1))
    finding = run(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.event_date) == ("breach", None)
    assert finding.evidence["delay_reason_recorded"] == "no"


@pytest.mark.parametrize(
    ("panel", "due", "relaxation"),
    [
        (D(2020, 3, 6), D(2020, 3, 27), "none"),
        (D(2020, 3, 9), D(2020, 3, 30), "relaxed"),
        (D(2020, 12, 8), D(2020, 12, 31), "relaxed"),
        (D(2020, 12, 9), D(2021, 1, 4), "none"),
    ],
    ids=["due-before-30-mar-2020", "due-30-mar-2020", "due-31-dec-2020", "due-4-jan-2021"],
)
def test_a_late_review_is_not_met_in_every_period(engine, host, sg, panel, due, relaxation):
    sg.incident("N1", panel, panel=panel)
    sg.rapid_review(due + dt.timedelta(days=1))
    finding = run(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.due_date) == ("breach", due)
    assert finding.evidence["covid_relaxation"] == relaxation


def test_a_covid_deviation_covers_a_late_review_due_in_june_2020(engine, host, sg):
    """Due Mon 22 Jun 2020 (Panel notified 1 Jun), completed 10 Jul with a reason:
    a deviation relying on CSPRP-COVID-2020 makes it 'deviation', not a breach."""
    sg.incident("N1", D(2020, 5, 28), panel=D(2020, 6, 1))
    sg.rapid_review(D(2020, 7, 10), delay_reason=REASON)
    ref = record_deviation(
        engine,
        RULE,
        "N1",
        D(2020, 6, 1),
        D(2020, 7, 10),
        "CSPRP-COVID-2020",
        deviation_type="cp-rapid-review-covid",
    )
    finding = run(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.due_date, finding.deviation_ref) == (
        "deviation",
        D(2020, 6, 22),
        ref,
    )


def test_the_same_covid_deviation_for_a_review_due_in_2021_has_lapsed(engine, host, sg):
    """CSPRP-COVID-2020 covers due dates from 30 Mar to 31 Dec 2020 only."""
    sg.incident("N1", D(2021, 5, 28), panel=D(2021, 6, 1))
    sg.rapid_review(D(2021, 7, 10), delay_reason=REASON)
    ref = record_deviation(
        engine,
        RULE,
        "N1",
        D(2021, 6, 1),
        D(2021, 7, 10),
        "CSPRP-COVID-2020",
        deviation_type="cp-rapid-review-covid",
    )
    finding = run(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.due_date, finding.deviation_ref) == (
        "deviation-lapsed",
        D(2021, 6, 22),
        ref,
    )


def test_without_a_deviation_a_late_review_in_2020_is_a_breach(engine, host, sg):
    sg.incident("N1", D(2020, 5, 28), panel=D(2020, 6, 1))
    sg.rapid_review(D(2020, 7, 10), delay_reason=REASON)
    assert run(engine, host, RULE, AS_OF).only().status == "breach"


def test_each_incident_of_one_child_is_its_own_finding(engine, host, sg):
    sg.incident("N1", D(2021, 6, 1), incident="SI-1", panel=D(2021, 6, 1))
    sg.incident("N1", D(2021, 6, 1), incident="SI-2", panel=D(2021, 6, 1))
    result = run(engine, host, RULE, AS_OF)
    assert sorted(f.evidence["requirement"] for f in result.findings) == [
        "rapid review of SI-1",
        "rapid review of SI-2",
    ]


def test_a_review_due_after_the_files_cover_is_a_data_gap(engine, host):
    sg = SafeguardingCases(engine, covers=None)
    sg.batch("safeguarding.serious_incidents", D(2021, 4, 1), D(2022, 3, 31))
    sg.batch("safeguarding.rapid_reviews", D(2021, 4, 1), D(2021, 6, 1))
    sg.incident("N1", D(2021, 6, 1), panel=D(2021, 6, 1))
    assert run(engine, host, RULE, AS_OF).only().status == "data-gap"
