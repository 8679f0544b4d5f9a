"""The looked-after section of the audit pack: reviews (reg 33) and visits (reg 28)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from scrutiny.pack.sections import FindingRow, PackData, PackSection

DOMAIN = "looked_after"
PACKAGE = "scrutiny.plugins.looked_after"
RULES = ("LAC-REVIEW", "LAC-SW-VISITS")
OUTCOMES = {
    "met": "Met",
    "not-met": "Not met",
    "due-soon": "Due soon",
    "not-yet-due": "Not yet due",
    "data-gap": "Data gap",
    "manual": "Manual",
}
STATUSES = ("breach", "deviation-lapsed", "deviation", "manual", "data-gap", "due-soon")
LATE_STATUSES = ("breach", "deviation-lapsed")
REMOTE_MODES = ("phone", "video")
WORST = 10
VISITS_RULE = "LAC-SW-VISITS"


@dataclass(frozen=True)
class LateItem:
    subject_ref: str
    due_date: dt.date
    event_date: dt.date | None
    days_late: int
    status: str


@dataclass(frozen=True)
class RuleSummary:
    rule_id: str
    title: str
    legal_source: str
    outcomes: list[tuple[str, int]]
    statuses: list[tuple[str, int]]
    worst: list[LateItem]


def looked_after_section(pack: PackData) -> PackSection:
    """Counts, the latest items and remote visits, for the two looked-after rules."""
    findings = pack.findings_for(DOMAIN)
    by_id = {r.meta.id: r for r in pack.rules_for(DOMAIN)}
    summaries = [
        _rule_summary(
            by_id[rule_id].meta.id,
            by_id[rule_id].meta.title,
            by_id[rule_id].meta.legal_source,
            by_id[rule_id].outcomes,
            [f for f in findings if f.rule_id == rule_id],
            pack.run.as_of,
        )
        for rule_id in RULES
        if rule_id in by_id
    ]
    return PackSection(
        id="looked-after",
        title="Looked-after children: reviews and visits",
        domain=DOMAIN,
        package=PACKAGE,
        template="looked_after_section.html.j2",
        context={
            "rules": summaries,
            "worst_limit": WORST,
            "remote_modes": REMOTE_MODES,
            "remote_visits": _remote_visits(findings),
        },
    )


def _rule_summary(
    rule_id: str,
    title: str,
    legal_source: str,
    outcomes: dict[str, int],
    findings: list[FindingRow],
    as_of: dt.date,
) -> RuleSummary:
    statuses = Counter(f.status for f in findings)
    return RuleSummary(
        rule_id=rule_id,
        title=title,
        legal_source=legal_source,
        outcomes=[(label, outcomes.get(o, 0)) for o, label in OUTCOMES.items()],
        statuses=[(s, statuses[s]) for s in STATUSES],
        worst=_worst_late(findings, as_of),
    )


def _worst_late(findings: list[FindingRow], as_of: dt.date) -> list[LateItem]:
    """The latest items; one never done is late to the as-of date and still counting."""
    items = []
    for f in findings:
        if f.status not in LATE_STATUSES:
            continue
        late = ((f.event_date or as_of) - f.due_date).days
        if late > 0:
            items.append(LateItem(f.subject_ref, f.due_date, f.event_date, late, f.status))
    # Ties broken by due date and child so the same run always lists the same ten.
    items.sort(key=lambda i: (-i.days_late, i.due_date, i.subject_ref))
    return items[:WORST]


def _remote_visits(findings: list[FindingRow]) -> list[tuple[str, dict[str, int]]]:
    """Phone and video visits judged, by finding status and mode."""
    counts = Counter(
        (f.status, f.evidence.get("visit_mode"))
        for f in findings
        if f.rule_id == VISITS_RULE and f.evidence.get("visit_mode") in REMOTE_MODES
    )
    rows = []
    for status in STATUSES:
        by_mode = {mode: counts[(status, mode)] for mode in REMOTE_MODES}
        if any(by_mode.values()):
            rows.append((status, by_mode))
    return rows
