"""ADO-CHECKS-AT-STAGE1 at its boundaries: DBS (AAR 2005 reg 25) and medical (reg 26)
information before the pre-assessment decision (reg 27), as substituted by SI 2013/985.

- SI 2020/445 reg 4(7)–(8), 24 Apr to 25 Sep 2020 inclusive (reg 2), and cases begun
  then (savings, regs 15–22): reg 26(b)/(e) information may follow the decision (27(1A)).
- SI 2020/909 reg 3, 25 Sep 2020 to 30 Sep 2021 (extended by SI 2021/261): medical
  information only, "any use of the provision must be recorded".
- A DBS certificate after the decision is manual where SI 2020/445 applies (police checks
  are reg 25; the deferral was read as reg 26(b)/(e)) and not met elsewhere.
- An approval without both checks in hand is a critical breach, in any window.

Each check is a finding of its own (its ``requirement``). The date that decides the
window is the stage 1 decision's. Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from scrutiny.plugins.adoption.checks import BOTH_AT_APPROVAL, DBS_AT_STAGE1, MEDICAL_AT_STAGE1
from tests.adoption_cases import AdoptionCases, record_deviation, run

D = dt.date
RULE = "ADO-CHECKS-AT-STAGE1"
AS_OF = D(2022, 3, 31)
WEEK = dt.timedelta(days=7)


@pytest.fixture
def ado(engine: Engine) -> AdoptionCases:
    return AdoptionCases(engine)


def judged(engine, host, as_of: dt.date = AS_OF):
    """The run's findings by requirement (at most one each here), and the result."""
    result = run(engine, host, RULE, as_of)
    found = {f.evidence["requirement"]: f for f in result.findings}
    assert len(found) == len(result.findings), result.findings
    return found, result


def test_both_checks_before_the_decision_are_met(engine, host, ado):
    ado.stage1_decided("A1", D(2019, 6, 3), dbs=D(2019, 6, 3), medical=D(2019, 6, 3))
    found, result = judged(engine, host)
    assert found == {}
    assert result.outcomes == {"met": 2}  # the medical report and the DBS certificate


def test_applicants_found_unsuitable_at_stage_1_are_not_judged(engine, host, ado):
    ado.stage1_decided("A1", D(2019, 6, 3), medical=D(2019, 7, 1), stage1_outcome="not-suitable")
    assert run(engine, host, RULE, AS_OF).outcomes == {}


def test_a_stage_1_decision_after_the_as_of_date_is_not_judged(engine, host, ado):
    ado.stage1_decided("A1", D(2019, 6, 3), medical=D(2019, 7, 1))
    assert run(engine, host, RULE, D(2019, 6, 2)).outcomes == {}


def test_no_check_is_owed_before_the_stage_1_decision(engine, host, ado):
    # Nothing falls due until the decision, so an undecided application is not a gap.
    ado.application("A1", D(2021, 1, 4))
    assert run(engine, host, RULE, AS_OF).outcomes == {}


def test_each_check_is_a_finding_of_its_own_on_the_same_day(engine, host, ado):
    ado.stage1_decided("A1", D(2020, 6, 1), dbs=D(2020, 7, 1), medical=D(2020, 7, 1))
    found, _ = judged(engine, host)
    medical, dbs = found[MEDICAL_AT_STAGE1], found[DBS_AT_STAGE1]
    assert (medical.status, medical.due_date, medical.event_date) == (
        "breach",
        D(2020, 6, 1),
        D(2020, 7, 1),
    )
    assert (dbs.status, dbs.due_date, dbs.event_date) == ("manual", D(2020, 6, 1), D(2020, 7, 1))
    assert medical.evidence["covid_window"] == dbs.evidence["covid_window"] == "SI-2020/445"


# Medical information after the stage 1 decision -------------------------------------


@pytest.mark.parametrize(
    ("decided", "status", "window"),
    [
        (D(2020, 4, 23), "breach", "none"),  # the day before SI 2020/445
        (D(2020, 4, 24), None, "SI-2020/445"),  # its first day
        (D(2020, 9, 24), None, "SI-2020/445"),
        (D(2020, 9, 25), None, "SI-2020/445 and SI-2020/909"),  # both in force
        (D(2020, 9, 26), None, "SI-2020/909"),
        (D(2021, 3, 29), None, "SI-2020/909"),  # the last day of SI 2020/909 as made
        (D(2021, 3, 30), None, "SI-2020/909"),  # SI 2021/261 in force
        (D(2021, 9, 30), None, "SI-2020/909"),  # the last day as extended
        (D(2021, 10, 1), "breach", "none"),  # expired, and no savings
    ],
    ids=[
        "day-before-445",
        "445-first-day",
        "445-inside",
        "445-last-day-909-first",
        "909-day-after-445",
        "909-last-day-as-made",
        "909-extended",
        "909-last-day-extended",
        "day-after-909",
    ],
)
def test_medical_after_the_decision_with_the_deferral_recorded(
    engine, host, ado, decided, status, window
):
    ado.stage1_decided(
        "A1",
        decided,
        roi=D(2020, 3, 2),  # begun before SI 2020/445: no savings
        medical=decided + dt.timedelta(days=30),
        recorded=decided,
    )
    found, result = judged(engine, host)
    if status is None:
        assert found == {}
        assert result.outcomes == {"met": 2}
    else:
        finding = found[MEDICAL_AT_STAGE1]
        assert (finding.status, finding.due_date) == (status, decided)
        assert finding.evidence["covid_window"] == window
        assert finding.evidence["judged"] == (
            "after the stage 1 decision, with no coronavirus flexibility in force"
        )


@pytest.mark.parametrize(
    "decided",
    [D(2020, 4, 24), D(2020, 9, 25), D(2021, 9, 30)],
    ids=["445-first-day", "445-last-day", "909-last-day"],
)
def test_medical_deferred_in_a_window_without_a_record_is_not_met(engine, host, ado, decided):
    ado.stage1_decided("A1", decided, roi=D(2020, 3, 2), medical=decided + WEEK)
    found, _ = judged(engine, host)
    finding = found[MEDICAL_AT_STAGE1]
    assert finding.status == "breach"
    assert finding.evidence["judged"] == (
        "after the stage 1 decision; use of the flexibility not recorded"
    )


def test_no_medical_report_yet_counts_as_deferred(engine, host, ado):
    ado.application(
        "A1",
        D(2020, 11, 2),
        stage1_decision=D(2021, 1, 4),
        dbs_certificate=D(2020, 12, 1),
        medical_deferral_recorded=D(2021, 1, 4),
        medical_deferral_ref="CN9",
    )
    found, result = judged(engine, host)
    assert found == {}
    assert result.outcomes == {"met": 2}


def test_a_record_made_after_the_as_of_date_does_not_count(engine, host, ado):
    ado.stage1_decided("A1", D(2021, 1, 4), medical=D(2021, 3, 1), recorded=D(2021, 2, 1))
    found, _ = judged(engine, host, as_of=D(2021, 1, 31))
    assert found[MEDICAL_AT_STAGE1].status == "breach"


def test_a_909_deviation_covers_an_unrecorded_deferral_in_its_window(engine, host, ado):
    ado.stage1_decided("A1", D(2021, 1, 4), medical=D(2021, 3, 1))
    ref = record_deviation(engine, RULE, "A1", D(2021, 1, 4), D(2021, 1, 4), "SI-2020/909")
    found, _ = judged(engine, host)
    finding = found[MEDICAL_AT_STAGE1]
    assert (finding.status, finding.deviation_ref) == ("deviation", ref)


def test_a_909_deviation_relied_on_after_it_expired_has_lapsed(engine, host, ado):
    ado.stage1_decided("A1", D(2021, 10, 1), roi=D(2021, 8, 2), medical=D(2021, 11, 1))
    ref = record_deviation(engine, RULE, "A1", D(2021, 10, 1), D(2021, 10, 1), "SI-2020/909")
    found, _ = judged(engine, host)
    finding = found[MEDICAL_AT_STAGE1]
    assert (finding.status, finding.deviation_ref) == ("deviation-lapsed", ref)


def test_a_deviation_covers_every_check_of_its_application_on_its_day(engine, host, ado):
    # A deviation that names no count covers every count of its rule, subject and due
    # date: one recorded for the medical report also covers a late DBS certificate of the
    # same decision. The register reviewer must read the findings it covers.
    ado.stage1_decided("A1", D(2021, 1, 4), dbs=D(2021, 2, 1), medical=D(2021, 3, 1))
    ref = record_deviation(engine, RULE, "A1", D(2021, 1, 4), D(2021, 1, 4), "SI-2020/909")
    found, _ = judged(engine, host)
    assert {r: (f.status, f.deviation_ref) for r, f in found.items()} == {
        MEDICAL_AT_STAGE1: ("deviation", ref),
        DBS_AT_STAGE1: ("deviation", ref),
    }


def test_a_deviation_naming_one_check_covers_only_that_check(engine, host, ado):
    """The SI 2020/909 deferral is of medical information only (reg 3): a deviation for it
    that names the medical count leaves the late DBS certificate a breach."""
    ado.stage1_decided("A1", D(2021, 1, 4), dbs=D(2021, 2, 1), medical=D(2021, 3, 1))
    ref = record_deviation(
        engine,
        RULE,
        "A1",
        D(2021, 1, 4),
        D(2021, 1, 4),
        "SI-2020/909",
        covers_requirement=MEDICAL_AT_STAGE1,
    )
    found, _ = judged(engine, host)
    assert {r: (f.status, f.deviation_ref) for r, f in found.items()} == {
        MEDICAL_AT_STAGE1: ("deviation", ref),
        DBS_AT_STAGE1: ("breach", None),
    }


def test_a_deviation_naming_another_count_covers_nothing(engine, host, ado):
    ado.stage1_decided("A1", D(2021, 1, 4), medical=D(2021, 3, 1))
    record_deviation(
        engine,
        RULE,
        "A1",
        D(2021, 1, 4),
        D(2021, 1, 4),
        "SI-2020/909",
        covers_requirement=DBS_AT_STAGE1,
    )
    found, _ = judged(engine, host)
    medical = found[MEDICAL_AT_STAGE1]
    assert (medical.status, medical.deviation_ref) == ("breach", None)


# DBS certificate after the stage 1 decision -----------------------------------------------


@pytest.mark.parametrize(
    ("decided", "status"),
    [
        (D(2020, 4, 23), "breach"),
        (D(2020, 4, 24), "manual"),
        (D(2020, 9, 25), "manual"),
        (D(2020, 9, 26), "breach"),  # SI 2020/909 covers medical information only
        (D(2021, 9, 30), "breach"),
        (D(2021, 10, 1), "breach"),
    ],
    ids=["day-before-445", "445-first-day", "445-last-day", "909-only", "909-last", "after"],
)
def test_dbs_after_the_decision_is_manual_only_under_si_2020_445(
    engine, host, ado, decided, status
):
    ado.stage1_decided("A1", decided, roi=D(2020, 3, 2), dbs=decided + WEEK)
    found, _ = judged(engine, host)
    assert list(found) == [DBS_AT_STAGE1]
    finding = found[DBS_AT_STAGE1]
    assert (finding.status, finding.due_date, finding.event_date) == (
        status,
        decided,
        decided + WEEK,
    )
    assert finding.evidence["judged"].startswith("after the stage 1 decision")


def test_no_dbs_certificate_yet_is_judged_as_late(engine, host, ado):
    ado.application(
        "A1",
        D(2021, 11, 1),
        stage1_decision=D(2021, 12, 20),
        medical_report=D(2021, 12, 1),
    )
    found, _ = judged(engine, host)
    finding = found[DBS_AT_STAGE1]
    assert (finding.status, finding.event_date, finding.severity) == ("breach", None, "high")


# SI 2020/445 savings: cases begun in its relevant period -----------------------------------


@pytest.mark.parametrize(
    ("accepted", "status", "window"),
    [
        (D(2020, 4, 23), "breach", "SI-2020/909"),
        (D(2020, 4, 24), "manual", "SI-2020/909; SI-2020/445 savings"),
        (D(2020, 9, 25), "manual", "SI-2020/909; SI-2020/445 savings"),
        (D(2020, 9, 26), "breach", "SI-2020/909"),
    ],
    ids=["begun-day-before", "begun-first-day", "begun-last-day", "begun-day-after"],
)
def test_savings_keep_si_2020_445_for_a_dbs_after_a_later_decision(
    engine, host, ado, accepted, status, window
):
    decided = D(2020, 11, 20)
    ado.stage1_decided("A1", decided, roi=accepted, dbs=decided + WEEK)
    found, _ = judged(engine, host)
    finding = found[DBS_AT_STAGE1]
    assert (finding.status, finding.evidence["covid_window"]) == (status, window)


@pytest.mark.parametrize(
    ("accepted", "status"),
    [(D(2020, 9, 25), None), (D(2020, 9, 26), "breach")],
    ids=["begun-in-445", "begun-after-445"],
)
def test_savings_allow_a_recorded_medical_deferral_after_si_2020_909_expired(
    engine, host, ado, accepted, status
):
    decided = D(2021, 10, 15)
    ado.stage1_decided("A1", decided, roi=accepted, medical=decided + WEEK, recorded=decided)
    found, _ = judged(engine, host)
    finding = found.get(MEDICAL_AT_STAGE1)
    assert (finding.status if finding else None) == status
    if finding is not None:
        assert finding.evidence["covid_window"] == "none"


def test_a_savings_deviation_covers_a_case_begun_in_the_window(engine, host, ado):
    decided = D(2021, 10, 15)
    ado.stage1_decided("A1", decided, roi=D(2020, 9, 1), medical=decided + WEEK)
    ref = record_deviation(engine, RULE, "A1", decided, decided, "SI-2020/445-savings")
    found, _ = judged(engine, host)
    finding = found[MEDICAL_AT_STAGE1]
    assert (finding.status, finding.deviation_ref) == ("deviation", ref)


# At approval: both checks in hand, whatever the window ------------------------------------


@pytest.mark.parametrize(
    ("dbs", "medical", "status", "said"),
    [
        (D(2021, 6, 1), D(2021, 6, 1), None, None),  # both on the day of the decision
        (
            D(2021, 6, 2),
            D(2021, 6, 1),
            "breach",
            "medical report before the approval; DBS certificate after the approval",
        ),
        (
            D(2021, 6, 1),
            D(2021, 6, 2),
            "breach",
            "medical report after the approval; DBS certificate before the approval",
        ),
        (
            None,
            D(2021, 5, 1),
            "breach",
            "medical report before the approval; DBS certificate missing at approval",
        ),
        (
            D(2021, 5, 1),
            None,
            "breach",
            "medical report missing at approval; DBS certificate before the approval",
        ),
    ],
    ids=["both-on-the-day", "dbs-day-after", "medical-day-after", "no-dbs", "no-medical"],
)
def test_approval_without_both_checks_is_a_critical_breach(
    engine, host, ado, dbs, medical, status, said
):
    ado.approved(
        "A1",
        D(2021, 6, 1),
        stage1=D(2021, 1, 4),
        dbs_certificate=dbs,
        medical_report=medical,
        medical_deferral_recorded=D(2021, 1, 4),
    )
    found, _ = judged(engine, host)
    finding = found.get(BOTH_AT_APPROVAL)
    if status is None:
        assert finding is None
    else:
        assert (finding.status, finding.severity, finding.due_date) == (
            status,
            "critical",
            D(2021, 6, 1),
        )
        assert (finding.standard, finding.evidence["judged"]) == ("regulation", said)


def test_a_decision_not_to_approve_is_not_judged_at_approval(engine, host, ado):
    ado.approved("A1", D(2021, 6, 1), medical_report=None, agency_decision_outcome="not-approve")
    found, _ = judged(engine, host)
    assert list(found) == [MEDICAL_AT_STAGE1]
