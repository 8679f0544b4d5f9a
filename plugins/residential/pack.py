"""The children's homes section of the audit pack.

Per home: regulation 40 events and how fast each recipient was told, the months with a
regulation 44 visit and those missed, the last regulation 45 review and the next one
due; then closures and the notice given, and placements in provision without the
registration the law requires. All from the stored run: CH-REG40, CH-REG44, CH-REG45,
CH-CLOSURE and CH-DEF keep every item they judge (``track``), so the per-home figures
are complete, not only the exceptions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from scrutiny.pack.sections import FindingRow, PackData, PackSection
from scrutiny.pack.summaries import LATE_STATUSES, rule_summaries

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
EXCEPTIONS_SHOWN = 40  # the rest are in the findings attached to the pack
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
            "shown": EXCEPTIONS_SHOWN,
        },
    )


def _hours(f: FindingRow) -> float | None:
    minutes = f.evidence.get("minutes_to_notify")
    return None if minutes is None else round(int(minutes) / MINUTES_IN_HOUR, 1)


def home_records(pack: PackData) -> list[HomeRecord]:
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
    return sorted(records.homes.values(), key=lambda h: h.home)


def notification_exceptions(pack: PackData) -> list[Notification]:
    """Each notification not plainly met: never made, beyond the council's limit, or
    for a person to judge; the slowest first."""
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
    found.sort(key=lambda n: (n.hours is not None, -(n.hours or 0), n.day, n.home, n.event))
    return found[:EXCEPTIONS_SHOWN]


def missed_months(pack: PackData) -> list[MissedMonth]:
    """Months without a counting visit that were not met, or were judged otherwise."""
    found = [
        MissedMonth(f.subject_ref, f.evidence_date("month") or f.due_date, f.status)
        for f in pack.tracked_for("CH-REG44")
        if f.event_date is None and f.status not in OPEN_STATUSES
    ]
    found.sort(key=lambda m: (m.status not in LATE_STATUSES, m.month, m.home))
    return found[:EXCEPTIONS_SHOWN]


def closures(pack: PackData) -> list[ClosureItem]:
    """Each closure with the notice given and any cancellation application."""
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
    return items


def placement_exceptions(pack: PackData) -> list[PlacementItem]:
    """Placements flagged by CH-DEF, LAC-UNREG-U16 or SA-2023 (not met, or for a person)."""
    by_rule: dict[str, list[PlacementItem]] = defaultdict(list)
    for f in pack.findings_for(DOMAIN):
        if f.rule_id not in ("CH-DEF", "LAC-UNREG-U16", "SA-2023") or f.status == "met":
            continue
        by_rule[f.rule_id].append(
            PlacementItem(
                rule_id=f.rule_id,
                child=f.subject_ref,
                provider=str(f.evidence.get("provider") or ""),
                setting=str(f.evidence.get("setting") or "").replace("-", " "),
                judged_on=f.due_date,
                status=f.status,
            )
        )
    found = [item for rule_id in RULES for item in by_rule.get(rule_id, [])]
    return found[:EXCEPTIONS_SHOWN]
