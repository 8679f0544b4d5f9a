"""The safeguarding section of the audit pack.

A statement that these timescales are statutory guidance (Working Together to Safeguard
Children), so a departure is a recorded deviation, not a breach of regulations; counts
for each rule; the child protection plans open on the as-of date with their last review
conference and the next one due (the overdue first, at most ``PLANS_SHOWN``); and each
serious incident with the status of each notification and of its rapid review (those not
met first, at most ``INCIDENTS_SHOWN``). Under each list, how many were left out and how
many of those are findings (in the attached findings.csv). All from the stored run:
CP-RCPC-1, CP-RCPC-N, CP-SIN and CP-RAPID-REVIEW keep every item they judge (``track``).
Child references only: no names or dates of birth are in the run.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from scrutiny.pack.sections import FindingRow, PackData, PackSection
from scrutiny.pack.summaries import (
    WORST,
    Bounded,
    bounded,
    is_finding,
    rule_summaries,
)

DOMAIN = "safeguarding"
PACKAGE = "scrutiny.plugins.safeguarding"
RULES = (
    "CP-REFERRAL-DECISION",
    "CP-ASSESSMENT",
    "CP-ICPC",
    "CP-CORE-GROUP",
    "CP-RCPC-1",
    "CP-RCPC-N",
    "CP-SIN",
    "CP-RAPID-REVIEW",
)
REVIEW_RULES = ("CP-RCPC-1", "CP-RCPC-N")
PLANS_SHOWN = 50
"""Open plans listed: by status (``STATUS_ORDER``), then the next review due, then child."""
INCIDENTS_SHOWN = 50
"""Serious incidents listed: by the worst status of their notifications and rapid review
(``STATUS_ORDER``), then the day the council became aware, then incident."""
# The worst first: what needs action, then what cannot be judged, then what is running.
STATUS_ORDER = (
    "breach",
    "deviation-lapsed",
    "deviation",
    "manual",
    "data-gap",
    "due-soon",
    "not-yet-due",
    "met",
)
RECIPIENTS = {
    "panel": "Review Panel",
    "ofsted": "Ofsted",
    "secretary-of-state": "Secretary of State",
}
OVERDUE = ("breach", "deviation-lapsed", "deviation")


def _rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


@dataclass(frozen=True)
class OpenPlan:
    """A child protection plan open on the as-of date, and the review conference it owes."""

    child: str
    plan_start: dt.date | None
    last_review: dt.date | None
    earlier_reviews_unknown: bool
    next_due: dt.date
    status: str

    @property
    def overdue(self) -> bool:
        return self.status in OVERDUE


@dataclass(frozen=True)
class OpenPlans(Bounded[OpenPlan]):
    """The open plans listed, and every one counted: ``overdue`` counts them all."""

    overdue: int


@dataclass(frozen=True)
class Notification:
    recipient: str
    due: dt.date
    notified: dt.date | None
    status: str


@dataclass
class IncidentRecord:
    """A serious incident with its notifications (CP-SIN) and rapid review."""

    incident: str
    child: str
    harm: str
    aware_on: dt.date | None
    notifications: list[Notification] = field(default_factory=list)
    review_due: dt.date | None = None
    review_completed: dt.date | None = None
    review_status: str = ""
    clock_from: str = ""
    delay_reason_recorded: bool = False
    covid_relaxation: str = ""

    @property
    def worst_status(self) -> str:
        """The worst status of its notifications and rapid review ("" if none judged)."""
        statuses = [n.status for n in self.notifications]
        statuses += [self.review_status] if self.review_status else []
        return min(statuses, key=_rank) if statuses else ""


def safeguarding_section(pack: PackData) -> PackSection:
    return PackSection(
        id="safeguarding",
        title="Safeguarding: child protection timescales and serious incidents",
        domain=DOMAIN,
        package=PACKAGE,
        template="safeguarding.html.j2",
        context={
            "rules": rule_summaries(pack, DOMAIN, RULES),
            "plans": open_plans(pack),
            "incidents": incidents(pack),
            "worst_limit": WORST,
        },
    )


def open_plans(pack: PackData, limit: int = PLANS_SHOWN) -> OpenPlans:
    """Each plan open on the as-of date: the one review it still owes (a row with no
    review held, of a plan with no end by the as-of date), the worst first."""
    found = []
    for rule_id in REVIEW_RULES:
        for f in pack.tracked_for(rule_id):
            if f.event_date is not None or f.evidence.get("plan_end"):
                continue
            found.append(
                OpenPlan(
                    child=f.subject_ref,
                    plan_start=f.evidence_date("plan_start"),
                    last_review=f.evidence_date("previous_review"),
                    earlier_reviews_unknown=f.evidence.get("earlier_reviews_unknown") == "yes",
                    next_due=f.due_date,
                    status=f.status,
                )
            )
    found.sort(key=lambda p: (_rank(p.status), p.next_due, p.child))
    listed = bounded(found, limit, lambda p: is_finding(p.status))
    return OpenPlans(
        shown=listed.shown,
        total=listed.total,
        left_out_with_findings=listed.left_out_with_findings,
        overdue=sum(1 for p in found if p.overdue),
    )


def incidents(pack: PackData, limit: int = INCIDENTS_SHOWN) -> Bounded[IncidentRecord]:
    """Every serious incident judged, counted; at most ``limit`` listed, those with a
    notification or rapid review not met first (see ``INCIDENTS_SHOWN``)."""
    records: dict[str, IncidentRecord] = {}

    def record(f: FindingRow) -> IncidentRecord:
        ref = str(f.evidence.get("incident_ref") or "")
        if ref not in records:
            records[ref] = IncidentRecord(
                incident=ref,
                child=f.subject_ref,
                harm=str(f.evidence.get("harm") or "").replace("-", " "),
                aware_on=f.evidence_date("aware_on"),
            )
        return records[ref]

    notifications: dict[str, list[Notification]] = defaultdict(list)
    for f in pack.tracked_for("CP-SIN"):
        recipient = str(f.evidence.get("recipient") or "")
        notifications[record(f).incident].append(
            Notification(RECIPIENTS.get(recipient, recipient), f.due_date, f.event_date, f.status)
        )
    order = list(RECIPIENTS.values())
    for ref, made in notifications.items():
        made.sort(key=lambda n: order.index(n.recipient) if n.recipient in order else len(order))
        records[ref].notifications = made
    for f in pack.tracked_for("CP-RAPID-REVIEW"):
        incident = record(f)
        incident.review_due = f.due_date
        incident.review_completed = f.event_date
        incident.review_status = f.status
        incident.clock_from = str(f.evidence.get("clock_from") or "")
        incident.delay_reason_recorded = f.evidence.get("delay_reason_recorded") == "yes"
        incident.covid_relaxation = str(f.evidence.get("covid_relaxation") or "")
    found = sorted(
        records.values(),
        key=lambda i: (_rank(i.worst_status), i.aware_on or dt.date.min, i.incident),
    )
    return bounded(found, limit, lambda i: is_finding(i.worst_status))
