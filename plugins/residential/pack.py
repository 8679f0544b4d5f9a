"""The children's homes section of the audit pack.

Per home: regulation 40 events and how fast each recipient was told, the months with a
regulation 44 visit and those missed, the last regulation 45 review and the next one
due; then closures and the notice given, and placements in provision without the
registration the law requires. All from the stored run: CH-REG40, CH-REG44, CH-REG45,
CH-CLOSURE and CH-DEF keep every item they judge (``track``), so the per-home figures
are complete, not only the exceptions.

Bounded whatever the caseload: each list shows at most its ``..._SHOWN`` items, those
needing attention first, and says how many it left out and how many of those are
findings (in the attached findings.csv); the counts above each list count them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scrutiny.pack.sections import FindingRow, PackData, PackSection
from scrutiny.pack.summaries import (
    LATE_STATUSES,
    Bounded,
    attention_rank,
    bounded,
    is_finding,
    rule_summaries,
)

DOMAIN = "residential"
PACKAGE = "scrutiny.plugins.residential"
RULES = (
    "CH-REG40",
    "CH-REG44",
    "CH-REG45",
    "CH-REG48",
    "CH-CLOSURE",
    "CH-DEF",
    "LAC-UNREG-U16",
    "SA-2023",
)
OPEN_STATUSES = ("not-yet-due", "due-soon")
PLACEMENT_RULES = ("CH-DEF", "LAC-UNREG-U16", "SA-2023")
EXCEPTIONS_SHOWN = 40
"""Regulation 40 notifications, months without a visit and flagged placements listed,
each list the worst first (see each function); the rest are counted under the table."""
HOMES_SHOWN = 40
"""Homes listed: those with a quality-of-care review overdue first, then the most months
missed, the most notifications not met or to judge, the most "other" months; then by
home."""
CLOSURES_SHOWN = 40
"""Closures listed: the notice or application not met first (by status), then by the
day the home closes and the home."""
MINUTES_IN_HOUR = 60


@dataclass
class HomeRecord:
    """One home's notification, visit and review record."""

    home: str
    notifications: int = 0
    notifications_met: int = 0
    notifications_open: int = 0  # breaches, manual, data gaps
    slowest_hours: float | None = None
    months_judged: int = 0
    months_visited: int = 0
    months_missed: int = 0
    months_other: int = 0  # manual, data gaps, covered by a deviation
    last_review: dt.date | None = None
    next_review_due: dt.date | None = None
    review_status: str = ""

    @property
    def review_overdue(self) -> bool:
        return self.review_status in LATE_STATUSES

    def attention(self) -> tuple[bool, int, int, int, str]:
        """Sorts the homes needing attention first (see ``HOMES_SHOWN``)."""
        return (
            not self.review_overdue,
            -self.months_missed,
            -self.notifications_open,
            -self.months_other,
            self.home,
        )


@dataclass(frozen=True)
class Notification:
    home: str
    event: str
    event_type: str
    recipient: str
    day: dt.date
    hours: float | None
    status: str


@dataclass(frozen=True)
class MissedMonth:
    home: str
    month: dt.date
    status: str


@dataclass(frozen=True)
class ClosureItem:
    home: str
    closes_on: dt.date | None
    notified_on: dt.date | None
    notice_status: str
    applied_on: dt.date | None
    application_status: str

    @property
    def worst_status(self) -> str:
        """The worse of the notice's status and the application's ("" if neither)."""
        statuses = [s for s in (self.notice_status, self.application_status) if s]
        return min(statuses, key=attention_rank) if statuses else ""


@dataclass(frozen=True)
class PlacementItem:
    rule_id: str
    child: str
    provider: str
    setting: str
    judged_on: dt.date
    status: str


@dataclass
class _Records:
    homes: dict[str, HomeRecord] = field(default_factory=dict)

    def of(self, home: str) -> HomeRecord:
        if home not in self.homes:
            self.homes[home] = HomeRecord(home)
        return self.homes[home]


def residential_section(pack: PackData) -> PackSection:
    return PackSection(
        id="residential",
        title="Children's homes: notifications, visits, reviews and registration",
        domain=DOMAIN,
        package=PACKAGE,
        template="residential_section.html.j2",
        context={
            "rules": rule_summaries(pack, DOMAIN, RULES),
            "homes": home_records(pack),
            "notifications": notification_exceptions(pack),
            "missed_months": missed_months(pack),
            "closures": closures(pack),
            "placements": placement_exceptions(pack),
        },
    )


def _hours(f: FindingRow) -> float | None:
    minutes = f.evidence.get("minutes_to_notify")
    return None if minutes is None else round(int(minutes) / MINUTES_IN_HOUR, 1)


def home_records(pack: PackData, limit: int = HOMES_SHOWN) -> Bounded[HomeRecord]:
    """Each home's record, every home counted; at most ``limit`` listed, those needing
    attention first (see ``HOMES_SHOWN``)."""
    records = _Records()
    for f in pack.tracked_for("CH-REG40"):
        home = records.of(f.subject_ref)
        home.notifications += 1
        if f.status == "met":
            home.notifications_met += 1
        elif f.status not in OPEN_STATUSES:
            home.notifications_open += 1
        hours = _hours(f)
        if hours is not None and (home.slowest_hours is None or hours > home.slowest_hours):
            home.slowest_hours = hours
    for f in pack.tracked_for("CH-REG44"):
        if f.status in OPEN_STATUSES:
            continue
        home = records.of(f.subject_ref)
        home.months_judged += 1
        if f.status == "met":
            home.months_visited += f.event_date is not None
            home.months_other += f.event_date is None  # missed with reasonable endeavours
        elif f.status in LATE_STATUSES:
            home.months_missed += 1
        else:
            home.months_other += 1
    for f in pack.tracked_for("CH-REG45"):
        home = records.of(f.subject_ref)
        if f.event_date is not None and (
            home.last_review is None or f.event_date > home.last_review
        ):
            home.last_review = f.event_date
        if f.event_date is None:
            home.next_review_due = f.due_date
            home.review_status = f.status
    homes = sorted(records.homes.values(), key=HomeRecord.attention)
    with_findings = {f.subject_ref for f in pack.findings_for(DOMAIN) if f.subject_type == "home"}
    return bounded(homes, limit, lambda h: h.home in with_findings)


def notification_exceptions(pack: PackData, limit: int = EXCEPTIONS_SHOWN) -> Bounded[Notification]:
    """Each notification not plainly met: never made, beyond the council's limit, or
    for a person to judge; at most ``limit`` listed, those never made first, then the
    slowest."""
    found = [
        Notification(
            home=f.subject_ref,
            event=str(f.evidence.get("event_ref") or ""),
            event_type=str(f.evidence.get("event_type") or "").replace("-", " "),
            recipient=str(f.evidence.get("recipient") or "").replace("-", " "),
            day=f.due_date,
            hours=_hours(f),
            status=f.status,
        )
        for f in pack.tracked_for("CH-REG40")
        if f.status not in ("met", *OPEN_STATUSES)
    ]
    found.sort(
        key=lambda n: (n.hours is not None, -(n.hours or 0), n.day, n.home, n.event, n.recipient)
    )
    return bounded(found, limit, lambda n: is_finding(n.status))


def missed_months(pack: PackData, limit: int = EXCEPTIONS_SHOWN) -> Bounded[MissedMonth]:
    """Months without a counting visit that were not met, or were judged otherwise (a
    month missed with reasonable endeavours in SI 2020/445's window was met); at most
    ``limit`` listed, the missed first, then by status, month and home."""
    found = [
        MissedMonth(f.subject_ref, f.evidence_date("month") or f.due_date, f.status)
        for f in pack.tracked_for("CH-REG44")
        if f.event_date is None and f.status not in OPEN_STATUSES
    ]
    found.sort(key=lambda m: (attention_rank(m.status), m.month, m.home))
    return bounded(found, limit, lambda m: is_finding(m.status))


def closures(pack: PackData, limit: int = CLOSURES_SHOWN) -> Bounded[ClosureItem]:
    """Each closure with the notice given and any cancellation application; at most
    ``limit`` listed (see ``CLOSURES_SHOWN``)."""
    notices: dict[tuple[str, dt.date | None], FindingRow] = {}
    applications: dict[tuple[str, dt.date | None], FindingRow] = {}
    for f in pack.tracked_for("CH-CLOSURE"):
        key = (f.subject_ref, f.evidence_date("closes_on"))
        if str(f.evidence.get("requirement", "")).startswith("Ofsted told"):
            notices[key] = f
        else:
            applications[key] = f
    items = []
    for key in sorted(set(notices) | set(applications), key=lambda k: (k[1] or dt.date.min, k[0])):
        notice, application = notices.get(key), applications.get(key)
        items.append(
            ClosureItem(
                home=key[0],
                closes_on=key[1],
                notified_on=notice.event_date if notice else None,
                notice_status=notice.status if notice else "",
                applied_on=application.due_date if application else None,
                application_status=application.status if application else "",
            )
        )
    items.sort(key=lambda c: (attention_rank(c.worst_status), c.closes_on or dt.date.min, c.home))
    return bounded(items, limit, lambda c: is_finding(c.worst_status))


def placement_exceptions(pack: PackData, limit: int = EXCEPTIONS_SHOWN) -> Bounded[PlacementItem]:
    """Placements flagged by CH-DEF, LAC-UNREG-U16 or SA-2023 (not met, or for a
    person); at most ``limit`` listed, by status (breaches first), then rule, day judged
    and child."""
    found = [
        PlacementItem(
            rule_id=f.rule_id,
            child=f.subject_ref,
            provider=str(f.evidence.get("provider") or ""),
            setting=str(f.evidence.get("setting") or "").replace("-", " "),
            judged_on=f.due_date,
            status=f.status,
        )
        for f in pack.findings_for(DOMAIN).where(rule_ids=PLACEMENT_RULES)
        if f.status != "met"
    ]
    found.sort(
        key=lambda p: (
            attention_rank(p.status),
            PLACEMENT_RULES.index(p.rule_id),
            p.judged_on,
            p.child,
            p.provider,
        )
    )
    return bounded(found, limit, lambda p: is_finding(p.status))
