"""Deviations the demo council's managers recorded, chosen from its first run's findings.

A spread a QA officer will meet: authorised and in date, authorised then closed, an
authority-wide decision for a lockdown, authorised but never reviewed (lapsed), one
relying on SI 2020/909 after it expired (lapsed), one amended and awaiting
re-authorisation, and a draft nobody authorised. In fostering and adoption: a
household over the usual limit pending its exemption, a temporary approval beyond 24
weeks in SI 2020/445's window recorded as that SI's flexibility, a medical report
deferred under SI 2020/909 whose use was recorded in the register instead of the case
file, and a stage 1 assessment late for an exceptional reason (a guidance departure).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from scrutiny.engine.runs import load_findings
from scrutiny.pack.sections import FindingRow
from scrutiny.register.service import Register

SOCIAL_WORKER = "S. Williams (Social Worker)"
TEAM_MANAGER = "A. Patel (Team Manager)"
HEAD_OF_SERVICE = "J. Okafor (Head of Service)"
IRO_MANAGER = "R. Hughes (IRO Service Manager)"
LOCKDOWN = (dt.date(2021, 1, 5), dt.date(2021, 3, 8))
ALL_PRINCIPLES = [
    "child-centred",
    "risk-based",
    "family-focussed",
    "evidence-informed",
    "collaborative",
    "transparent",
]


class _Clock:
    """Timestamps from the synthetic story, not the machine: the demo is reproducible."""

    def __init__(self) -> None:
        self.now = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)

    def at(self, day: dt.date, hour: int = 10) -> None:
        self.now = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


def _risk(
    likelihood: int, impact: int, residual: tuple[int, int], review: dt.date, mitigations: str
) -> dict[str, Any]:
    return {
        "risk_likelihood": likelihood,
        "risk_impact": impact,
        "residual_likelihood": residual[0],
        "residual_impact": residual[1],
        "mitigations": mitigations,
        "review_date": review,
    }


def record_demo_deviations(engine: Engine, run_id: int, rules: Sequence[str]) -> int:
    with engine.connect() as conn:
        everything = load_findings(conn, run_id)
    findings = [f for f in everything if f.status == "breach"]
    findings.sort(key=lambda f: (f.rule_id, f.due_date, f.subject_ref))
    clock = _Clock()
    register = Register(engine, known_rules=rules, clock=clock)
    visits = [f for f in findings if f.rule_id == "LAC-SW-VISITS"]
    reviews = [f for f in findings if f.rule_id == "LAC-REVIEW"]
    remote_late = [
        f
        for f in visits
        if f.evidence.get("remote_visits_not_counted") and f.due_date > dt.date(2021, 10, 1)
    ]
    recorded = 0
    for number, finding in enumerate(remote_late[:3]):
        basis = "SI-2020/909" if number == 2 else "none"
        ref = _record_visit(register, clock, finding, basis)
        _authorise(register, clock, ref, finding.due_date + dt.timedelta(days=4), HEAD_OF_SERVICE)
        if number == 0:
            clock.at(finding.due_date + dt.timedelta(days=60))
            register.close(
                ref,
                by=TEAM_MANAGER,
                closed_on=clock.now.date(),
                note="Carer recovered; visits in person again.",
            )
        recorded += 1
    recorded += _lockdown_reviews(register, clock)
    recorded += _domain_deviations(register, clock, everything)
    for finding in [f for f in reviews if dt.date(2021, 6, 1) <= f.due_date][:2]:
        ref = _record_review(register, clock, finding)
        _authorise(register, clock, ref, finding.due_date + dt.timedelta(days=3), IRO_MANAGER)
        recorded += 1
    in_person_late = [f for f in visits if not f.evidence.get("remote_visits_not_counted")]
    if in_person_late:
        finding = in_person_late[0]
        clock.at(finding.due_date + dt.timedelta(days=2))
        ref = register.record(
            _visit_terms(finding, "none", "lac-visit-late"),
            by=SOCIAL_WORKER,
            note="Visit missed during staff sickness; reallocated.",
        ).deviation_ref
        _authorise(register, clock, ref, finding.due_date + dt.timedelta(days=5), TEAM_MANAGER)
        clock.at(finding.due_date + dt.timedelta(days=20))
        register.amend(
            ref,
            {
                "mitigations": "Weekly phone contact by the allocated worker and"
                " the carer's supervising social worker."
            },
            by=SOCIAL_WORKER,
            note="Mitigation strengthened after supervision.",
        )
        recorded += 1
    if len(in_person_late) > 1:
        finding = in_person_late[1]
        clock.at(finding.due_date + dt.timedelta(days=1))
        register.record(
            {**_visit_terms(finding, "none", "lac-visit-late"), "rationale": None},
            by=SOCIAL_WORKER,
            note="Draft: awaiting the team manager.",
        )
        recorded += 1
    return recorded


def _visit_terms(finding: FindingRow, basis: str, kind: str) -> dict[str, Any]:
    return {
        "deviation_type": kind,
        "rule_id": "LAC-SW-VISITS",
        "legal_reference": "CPPCR 2010 (SI 2010/959) reg 28",
        "subject_type": "child",
        "subject_ref": finding.subject_ref,
        "requirement": "Visit the child in person at the reg 28 intervals",
        "done_instead": "Visit held by video call with the child and carer",
        "period_start": finding.due_date - dt.timedelta(days=14),
        "period_end": finding.due_date + dt.timedelta(days=30),
        "legal_basis": basis,
        "rationale": "The carer was unwell and asked that no one visit the home; the child"
        " was seen and spoken to alone by video, and school confirmed attendance.",
        "principles": ["child-centred", "risk-based", "transparent"],
        **_risk(
            2,
            3,
            (1, 3),
            finding.due_date + dt.timedelta(days=45),
            "Video call with the child alone; school contact weekly; visit in person"
            " as soon as the carer recovers.",
        ),
    }


def _record_visit(register: Register, clock: _Clock, finding: FindingRow, basis: str) -> str:
    clock.at(finding.due_date + dt.timedelta(days=1))
    return register.record(
        _visit_terms(finding, basis, "lac-visit-remote-outside-window"), by=SOCIAL_WORKER
    ).deviation_ref


def _record_review(register: Register, clock: _Clock, finding: FindingRow) -> str:
    clock.at(finding.due_date + dt.timedelta(days=1))
    terms = {
        "deviation_type": "lac-review-late",
        "rule_id": "LAC-REVIEW",
        "legal_reference": "CPPCR 2010 (SI 2010/959) reg 33",
        "subject_type": "child",
        "subject_ref": finding.subject_ref,
        "requirement": "Review the child's case within the reg 33 timescale",
        "done_instead": "Review rescheduled to the first date the parents could attend",
        "period_start": finding.due_date - dt.timedelta(days=7),
        "period_end": finding.due_date + dt.timedelta(days=28),
        "legal_basis": "none",
        "rationale": "Both parents were in hospital on the due date; the IRO judged that a"
        " review without them would not serve the child's plan.",
        "principles": ["child-centred", "family-focussed"],
        **_risk(
            2,
            2,
            (1, 2),
            finding.due_date + dt.timedelta(days=30),
            "IRO in contact with the child; no change to the care plan until the review.",
        ),
    }
    return register.record(terms, by=SOCIAL_WORKER).deviation_ref


def _lockdown_reviews(register: Register, clock: _Clock) -> int:
    clock.at(LOCKDOWN[0])
    ref = register.record(
        {
            "rule_id": "LAC-REVIEW",
            "legal_reference": "CPPCR 2010 (SI 2010/959) reg 33",
            "subject_type": "authority",
            "subject_ref": "*",
            "requirement": "Review each child's case within the reg 33 timescale",
            "done_instead": "Reviews held by video, some up to four weeks late, prioritised by"
            " risk during the national lockdown",
            "period_start": LOCKDOWN[0],
            "period_end": LOCKDOWN[1],
            "legal_basis": "none",
            "covid_reason": "staff-shortage",
            "rationale": "A third of IROs were unavailable in January 2021. Reviews were"
            " prioritised for children whose plans were changing.",
            "principles": ALL_PRINCIPLES,
            **_risk(
                3,
                3,
                (2, 3),
                dt.date(2021, 2, 5),
                "Weekly triage of reviews by risk; IRO contact with every child whose"
                " review was delayed.",
            ),
        },
        by=TEAM_MANAGER,
    ).deviation_ref
    _authorise(register, clock, ref, LOCKDOWN[0] + dt.timedelta(days=1), HEAD_OF_SERVICE)
    clock.at(dt.date(2021, 2, 5))
    register.review(
        ref,
        by=HEAD_OF_SERVICE,
        next_review=dt.date(2021, 3, 12),
        note="Continue until schools reopen.",
    )
    clock.at(dt.date(2021, 3, 12))
    register.close(
        ref,
        by=HEAD_OF_SERVICE,
        closed_on=LOCKDOWN[1],
        note="Lockdown eased; reviews back on the statutory timetable.",
    )
    return 1


def _first(
    findings: Sequence[FindingRow], rule_id: str, status: str, **evidence: str
) -> FindingRow | None:
    found = [
        f
        for f in findings
        if f.rule_id == rule_id
        and f.status == status
        and all(str(f.evidence.get(k, "")).startswith(v) for k, v in evidence.items())
    ]
    return min(found, key=lambda f: (f.due_date, f.subject_ref), default=None)


def _domain_deviations(register: Register, clock: _Clock, findings: Sequence[FindingRow]) -> int:
    """One deviation for each of seven fostering, adoption, children's home, care-leaver
    and safeguarding findings, if the run has them."""
    wanted = [
        (
            _first(findings, "FOS-USUAL-LIMIT", "breach", spell="over"),
            {
                "deviation_type": "fos-over-limit-pending-exemption",
                "legal_reference": "Children Act 1989 s63(12) and Sch 7",
                "requirement": "Foster no more than three children without a written"
                " exemption naming them",
                "done_instead": "A fourth child placed for three weeks with experienced carers"
                " while the exemption went to the fostering panel",
                "legal_basis": "none",
                "rationale": "An emergency with no other placement in the county; the carers"
                " had cared for four children before and the home had room.",
            },
        ),
        (
            _first(findings, "FOS-TEMP-APPROVAL", "manual", requirement="time limit"),
            {
                "deviation_type": "fos-temp-approval-covid",
                "legal_reference": "CPPCR 2010 reg 24 as amended by SI 2020/445 reg 8",
                "requirement": "End a temporary approval within 24 weeks (SI 2020/445)",
                "done_instead": "Temporary approval continued past 24 weeks, with an extension"
                " decided by the nominated officer, until panel could meet",
                "legal_basis": "SI-2020/445-savings",
                "covid_reason": "not-reasonably-practicable",
                "rationale": "Panel could not meet during the first lockdown; the legal team"
                " advised that the saved SI 2020/445 rules allowed an extension.",
            },
        ),
        (
            _first(
                findings,
                "ADO-CHECKS-AT-STAGE1",
                "breach",
                requirement="medical report by the stage 1",
                judged="after the stage 1 decision; use of the flexibility not recorded",
                covid_window="SI-2020/909",
            ),
            {
                "legal_reference": "AAR 2005 reg 26 and 27, as amended by SI 2020/909 reg 3",
                "requirement": "Obtain the medical report before the stage 1 decision",
                "done_instead": "Medical report obtained during stage 2, the GP surgery being"
                " closed to routine appointments",
                "legal_basis": "SI-2020/909",
                "covid_reason": "not-reasonably-practicable",
                "rationale": "The use of the flexibility was agreed at the stage 1 decision"
                " meeting but not written on the case file; recorded here instead.",
            },
        ),
        (
            _first(findings, "ADO-STAGE1", "breach"),
            {
                "legal_reference": "Adoption statutory guidance (2013), stage 1 timescale",
                "requirement": "Decide stage 1 within 2 months of accepting the registration"
                " of interest",
                "done_instead": "Stage 1 decision made three weeks late",
                "legal_basis": "guidance-departure",
                "rationale": "The applicants asked to pause for a bereavement; the agency"
                " judged this an exceptional reason to depart from the guidance.",
            },
        ),
        (
            _first(findings, "CH-REG44", "breach", month="2020-"),
            {
                "deviation_type": "ch-reg44-month-missed-445",
                "legal_reference": "CHR 2015 reg 44 as amended by SI 2020/445 reg 11",
                "requirement": "An independent person visits the home each calendar month",
                "done_instead": "No visit that month: the independent visitor was shielding;"
                " the manager phoned each child's social worker weekly instead",
                "legal_basis": "SI-2020/445",
                "covid_reason": "not-reasonably-practicable",
                "rationale": "Reasonable endeavours were made (two replacement visitors asked,"
                " neither available) but the note was not put on the home's file.",
            },
        ),
        (
            _first(findings, "CL-PA-VISITS", "breach"),
            {
                "deviation_type": "cl-pa-visit-remote",
                "legal_reference": "Care Leavers (England) Regulations 2010 reg 8",
                "requirement": "Visit the young person at the accommodation at least every"
                " 2 months",
                "done_instead": "Weekly video calls; the next home visit a month late",
                "legal_basis": "none",
                "rationale": "The young person was self-isolating; the Care Leavers"
                " Regulations were not relaxed, so this is recorded as a departure.",
            },
        ),
        (
            _first(findings, "CP-RAPID-REVIEW", "breach", delay_reason_recorded="yes"),
            {
                "deviation_type": "cp-rapid-review-covid",
                "legal_reference": "Working Together to Safeguard Children 2018, chapter 4;"
                " Child Safeguarding Practice Review Panel advice, March 2020",
                "requirement": "Complete the rapid review within 15 working days of the"
                " notification to the Panel",
                "done_instead": "Rapid review completed late: partners' meetings held"
                " remotely and the health chronology delayed",
                "legal_basis": "CSPRP-COVID-2020",
                "covid_reason": "not-reasonably-practicable",
                "rationale": "The Panel relaxed the 15-day expectation in 2020; the"
                " partners agreed a new date and told the Panel.",
            },
        ),
    ]
    recorded = 0
    for finding, terms in wanted:
        if finding is None:
            continue
        clock.at(finding.due_date + dt.timedelta(days=1))
        ref = register.record(
            {
                "rule_id": finding.rule_id,
                "subject_type": finding.subject_type,
                "subject_ref": finding.subject_ref,
                "period_start": finding.due_date,
                "period_end": finding.due_date + dt.timedelta(days=120),
                "principles": ALL_PRINCIPLES,
                **_risk(
                    2,
                    3,
                    (1, 3),
                    finding.due_date + dt.timedelta(days=150),
                    "Reviewed monthly by the team manager until resolved.",
                ),
                **terms,
            },
            by=SOCIAL_WORKER,
        ).deviation_ref
        _authorise(register, clock, ref, finding.due_date + dt.timedelta(days=3), HEAD_OF_SERVICE)
        clock.at(finding.due_date + dt.timedelta(days=120))
        register.close(
            ref, by=TEAM_MANAGER, closed_on=clock.now.date(), note="Resolved; closed at review."
        )
        recorded += 1
    return recorded


def _authorise(register: Register, clock: _Clock, ref: str, day: dt.date, by: str) -> None:
    clock.at(day, hour=15)
    register.authorise(ref, by=by, note="Authorised after discussion with the team manager.")
