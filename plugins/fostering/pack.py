"""The fostering section of the audit pack.

Temporary approvals with their clocks, extensions, emergency placements, households
over the usual limit, short breaks and carer reviews overdue, all from the stored run:
the temporary-approval, extension and usual-limit rules keep every item they judge
(``track``), so their counts are complete, not only the exceptions.

Bounded whatever the caseload: each list shows at most its ``..._SHOWN`` items, the
exceptions first, and says how many it left out and how many of those are findings (in
the attached findings.csv); the count above each list counts them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scrutiny.pack.sections import PackData, PackSection
from scrutiny.pack.summaries import (
    WORST,
    Bounded,
    LateItem,
    attention_rank,
    bounded,
    is_finding,
    rule_summaries,
    worst_late,
)

DOMAIN = "fostering"
PACKAGE = "scrutiny.plugins.fostering"
RULES = (
    "FOS-TEMP-APPROVAL",
    "FOS-TEMP-EXTENSION",
    "FOS-EMERGENCY-PLACEMENT",
    "FOS-USUAL-LIMIT",
    "FOS-SHORT-BREAKS",
    "FOS-ANNUAL-REVIEW",
)
OPEN_STATUSES = ("not-yet-due", "due-soon")
CLOCKS_SHOWN = 40
"""Temporary approvals listed: the exceptions first, on the time limit or on who was
approved (breaches, then lapsed deviations, deviations, manual, data gaps, due soon),
then those running (fewest days left first), then those stopped in time; by expiry and
carer within each."""
EXTENSIONS_SHOWN = 40
"""Extension counts not plainly met listed, by status as above, then due date and carer."""
SPELLS_SHOWN = 40
"""Spells above the usual limit listed: breaches first, then by status as above (those
allowed as siblings or by exemption last), then by start and household."""
REVIEWS_SHOWN = 40
"""Carer reviews overdue listed: the most days late first, then due date and carer."""


@dataclass(frozen=True)
class Clock:
    """One temporary approval: when it was made, when it had to stop, what happened."""

    carer: str
    child: str
    approval_type: str
    approved_on: dt.date
    limit_weeks: int
    expires: dt.date
    stopped_on: dt.date | None
    how: str
    status: str
    days: int  # left (open) or over (late), from the as-of date or the day it stopped
    limit_set_by: str
    who_status: str  # "" for a connected person; else how approving any person was judged

    @property
    def worst_status(self) -> str:
        """The worse of the time limit's status and who was approved's."""
        return min(self.status, self.who_status or self.status, key=attention_rank)


@dataclass(frozen=True)
class Spell:
    household: str
    kind: str
    began: dt.date
    ended: dt.date | None
    most_children: int
    status: str


def fostering_section(pack: PackData) -> PackSection:
    return PackSection(
        id="fostering",
        title="Fostering: approvals, placements and reviews",
        domain=DOMAIN,
        package=PACKAGE,
        template="fostering_section.html.j2",
        context={
            "rules": rule_summaries(pack, DOMAIN, RULES),
            "clocks": clocks(pack),
            "extensions": extension_exceptions(pack),
            "spells": spells(pack),
            "reviews_overdue": reviews_overdue(pack),
            "worst_limit": WORST,
        },
    )


def clocks(pack: PackData, limit: int = CLOCKS_SHOWN) -> Bounded[Clock]:
    """Every temporary approval judged, counted; at most ``limit`` listed, the
    exceptions first, then those running (fewest days left first)."""
    as_of = pack.run.as_of
    items = pack.tracked_for("FOS-TEMP-APPROVAL")
    who = {
        (f.subject_ref, f.due_date): f.status
        for f in items
        if f.evidence.get("requirement") != "time limit"
    }
    found = []
    for f in items:
        if f.evidence.get("requirement") != "time limit":
            continue
        ev = f.evidence
        expires = f.due_date
        stopped = f.event_date
        days = (expires - as_of).days if stopped is None else (stopped - expires).days
        how = (
            "extended"
            if stopped is not None and stopped == f.evidence_date("extended_on")
            else str(ev.get("end_reason") or "")
        )
        found.append(
            Clock(
                carer=f.subject_ref,
                child=str(ev.get("child") or ""),
                approval_type=str(ev.get("approval_type")),
                approved_on=f.evidence_date("approved_on") or expires,
                limit_weeks=int(ev.get("limit_weeks") or 0),
                expires=expires,
                stopped_on=stopped,
                how=how.replace("-", " "),
                status=f.status,
                days=days,
                limit_set_by=str(ev.get("limit_set_by") or ""),
                who_status=who.get((f.subject_ref, f.evidence_date("approved_on") or expires), ""),
            )
        )
    found.sort(
        key=lambda c: (
            attention_rank(c.worst_status),
            c.stopped_on is not None,
            c.days if c.stopped_on is None else 0,
            c.expires,
            c.carer,
            c.child,
        )
    )
    return bounded(found, limit, lambda c: is_finding(c.worst_status))


@dataclass(frozen=True)
class ExtensionItem:
    carer: str
    approved_on: dt.date | None
    extended_on: dt.date | None
    requirement: str
    due_date: dt.date
    status: str


def extension_exceptions(pack: PackData, limit: int = EXTENSIONS_SHOWN) -> Bounded[ExtensionItem]:
    """Each count on which an extension was not plainly met; at most ``limit`` listed."""
    found = [
        ExtensionItem(
            carer=f.subject_ref,
            approved_on=f.evidence_date("approved_on"),
            extended_on=f.evidence_date("extended_on"),
            requirement=str(f.evidence.get("requirement")),
            due_date=f.due_date,
            status=f.status,
        )
        for f in pack.tracked_for("FOS-TEMP-EXTENSION")
        if f.status not in ("met", "not-yet-due")
    ]
    found.sort(key=lambda e: (attention_rank(e.status), e.due_date, e.carer, e.requirement))
    return bounded(found, limit, lambda e: is_finding(e.status))


def spells(pack: PackData, limit: int = SPELLS_SHOWN) -> Bounded[Spell]:
    """Every spell above three children (breaches, and those excepted or exempt),
    counted; at most ``limit`` listed, breaches first."""
    found = [
        Spell(
            household=f.subject_ref,
            kind=str(f.evidence.get("spell")),
            began=f.due_date,
            ended=f.event_date,
            most_children=int(f.evidence.get("most_children") or 0),
            status=f.status,
        )
        for f in pack.tracked_for("FOS-USUAL-LIMIT")
        if f.evidence.get("spell") not in (None, "within")
    ]
    found.sort(key=lambda s: (attention_rank(s.status), s.began, s.household))
    return bounded(found, limit, lambda s: is_finding(s.status))


def reviews_overdue(pack: PackData, limit: int = REVIEWS_SHOWN) -> Bounded[LateItem]:
    """Every carer review held late or not yet held (FOS-ANNUAL-REVIEW), counted; at
    most ``limit`` listed, the most days late first. Each is a finding."""
    reviews = pack.findings_for(DOMAIN).where(rule_ids=("FOS-ANNUAL-REVIEW",))
    late = worst_late(reviews, pack.run.as_of, limit=len(reviews))
    return bounded(late, limit, lambda i: is_finding(i.status))
