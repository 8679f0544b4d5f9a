"""The care leavers section of the audit pack.

Care leavers by age band (16-17, 18-20, 21-24), each with the state of their pathway
plan (last review, next due or overdue), their personal adviser and their last contact,
all from the stored run: CL-ELIGIBLE and CL-PP-REVIEW keep every item they judge
(``track``); the reviews are read one at a time, each person keeping only their last
held and next owed. Where no contact was imported, the last contact falls back to the
young person's latest SSDA903 OC3 answer on being in touch, named as such: OC3 says
whether the council was in touch around a birthday, never that a visit happened on a
date.

Bounded whatever the caseload: each band lists at most ``PEOPLE_SHOWN`` young people,
those needing attention first, and says how many it left out and how many of those have
a finding (in the attached findings.csv); its counts count everyone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from scrutiny.pack.sections import FindingRow, PackData, PackSection
from scrutiny.pack.summaries import (
    LATE_STATUSES,
    WORST,
    Bounded,
    bounded,
    is_finding,
    rule_summaries,
)

DOMAIN = "care_leavers"
PACKAGE = "scrutiny.plugins.care_leavers"
RULES = (
    "CL-ELIGIBLE",
    "CL-NEEDS-ASSESS",
    "CL-PP-REVIEW",
    "CL-PA-VISITS",
    "CL-STAYING-PUT",
    "CL-PA-TO-25",
)
BANDS = ("16-17", "18-20", "21-24")
PEOPLE_SHOWN = 40
"""Young people listed per age band: those without a personal adviser first, then those
with a pathway plan review overdue (the longest overdue first), then eligibility not
met, then anyone else with a finding, then the rest; by reference within each."""
CONTACT_KINDS = {
    "visit-at-home": "visit at home",
    "visit-elsewhere": "visit elsewhere",
    "phone": "phone call",
    "video": "video call",
    "message": "message",
    "other": "other contact",
}
IN_TOUCH = {
    "YES": "in touch",
    "NO": "not in touch",
    "DIED": "died",
    "REFU": "refuses contact",
    "NREQ": "no longer requires services",
    "RHOM": "returned home",
}


@dataclass(frozen=True)
class CareLeaver:
    ref: str
    band: str
    status: str
    eligibility: str  # the CL-ELIGIBLE finding's status
    last_review: dt.date | None
    next_review_due: dt.date | None
    plan_status: str  # the owed review's status; "" if no plan was judged
    adviser: str
    last_contact: dt.date | None
    contact: str  # the kind of the last contact, or the OC3 answer with its source
    has_finding: bool = False  # under any care leavers rule, so in the attached findings

    @property
    def plan_overdue(self) -> bool:
        return self.plan_status in LATE_STATUSES

    def attention(self) -> tuple[bool, bool, dt.date, bool, bool, str]:
        """Sorts those needing attention first (see ``PEOPLE_SHOWN``)."""
        return (
            bool(self.adviser),
            not self.plan_overdue,
            (self.next_review_due or dt.date.max) if self.plan_overdue else dt.date.max,
            not is_finding(self.eligibility),
            not self.has_finding,
            self.ref,
        )


@dataclass(frozen=True)
class Band:
    """One age band: everyone counted, at most ``PEOPLE_SHOWN`` listed."""

    name: str
    people: Bounded[CareLeaver]
    without_adviser: int
    plan_overdue: int
    left_out_without_adviser: int
    left_out_plan_overdue: int

    @property
    def total(self) -> int:
        return self.people.total


def care_leavers_section(pack: PackData) -> PackSection:
    return PackSection(
        id="care_leavers",
        title="Care leavers: status, pathway plans, advisers and contact",
        domain=DOMAIN,
        package=PACKAGE,
        template="care_leavers_section.html.j2",
        context={
            "rules": rule_summaries(pack, DOMAIN, RULES),
            "bands": bands(pack),
            "people_shown": PEOPLE_SHOWN,
            "worst_limit": WORST,
        },
    )


def bands(pack: PackData, limit: int = PEOPLE_SHOWN) -> list[Band]:
    """Every young person CL-ELIGIBLE judged, by age band on the as-of date: each band
    counts everyone and lists at most ``limit``, those needing attention first."""
    reviews: dict[str, PlanReviews] = defaultdict(PlanReviews)
    for f in pack.tracked_for("CL-PP-REVIEW"):
        reviews[f.subject_ref].add(f)
    with_findings = {f.subject_ref for f in pack.findings_for(DOMAIN)}
    people: dict[str, list[CareLeaver]] = {band: [] for band in BANDS}
    for f in pack.tracked_for("CL-ELIGIBLE"):
        band = str(f.evidence.get("age_band") or "")
        if band not in people:
            continue
        people[band].append(
            _care_leaver(
                f, band, reviews.get(f.subject_ref, PlanReviews()), f.subject_ref in with_findings
            )
        )
    return [_band(band, found, limit) for band, found in people.items()]


def _band(name: str, found: list[CareLeaver], limit: int) -> Band:
    found.sort(key=CareLeaver.attention)
    left_out = found[limit:]
    return Band(
        name=name,
        people=bounded(found, limit, lambda p: p.has_finding),
        without_adviser=sum(1 for p in found if not p.adviser),
        plan_overdue=sum(1 for p in found if p.plan_overdue),
        left_out_without_adviser=sum(1 for p in left_out if not p.adviser),
        left_out_plan_overdue=sum(1 for p in left_out if p.plan_overdue),
    )


@dataclass
class PlanReviews:
    """What one young person's pathway plan reviews show: the last held, and the first
    still owed (the earliest due; of two due the same day, the first read)."""

    last_held: dt.date | None = None
    next_due: dt.date | None = None
    next_status: str = ""

    def add(self, review: FindingRow) -> None:
        if review.event_date is not None:
            if self.last_held is None or review.event_date > self.last_held:
                self.last_held = review.event_date
        elif self.next_due is None or review.due_date < self.next_due:
            self.next_due, self.next_status = review.due_date, review.status


def _care_leaver(f: FindingRow, band: str, reviews: PlanReviews, has_finding: bool) -> CareLeaver:
    last_contact = f.evidence_date("last_contact")
    if last_contact is not None:
        kind = str(f.evidence.get("last_contact_kind") or "")
        contact = CONTACT_KINDS.get(kind, kind)
    elif f.evidence.get("oc3_in_touch"):
        answer = str(f.evidence["oc3_in_touch"])
        contact = (
            f"no contact recorded; SSDA903 OC3 {f.evidence.get('oc3_year')}:"
            f" {IN_TOUCH.get(answer, answer)} ({answer})"
        )
    else:
        contact = "no contact recorded"
    return CareLeaver(
        ref=f.subject_ref,
        band=band,
        status=str(f.evidence.get("recorded_status") or ""),
        eligibility=f.status,
        last_review=reviews.last_held,
        next_review_due=reviews.next_due,
        plan_status=reviews.next_status,
        adviser=str(f.evidence.get("adviser") or ""),
        last_contact=last_contact,
        contact=contact,
        has_finding=has_finding,
    )
