"""What most plugin sections show for each rule: outcome and status counts, worst items;
and how a section bounds a list that grows with the caseload (``Bounded``).

Built only from the stored run (``PackData``), like everything in the pack.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from scrutiny.pack.sections import FindingRow, PackData

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
WORST = 10
ATTENTION_ORDER = (*STATUSES, "not-yet-due", "met")
"""Statuses in the order a bounded list shows its items: what needs action, then what
cannot be judged, then what is running, then what was met."""

T = TypeVar("T")


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


def rule_summaries(pack: PackData, domain: str, rule_ids: Sequence[str]) -> list[RuleSummary]:
    """One summary per rule of ``rule_ids`` that was run, in that order."""
    findings = pack.findings_for(domain)
    by_id = {r.meta.id: r for r in pack.rules_for(domain)}
    return [
        rule_summary(
            by_id[rule_id].meta.id,
            by_id[rule_id].meta.title,
            by_id[rule_id].meta.legal_source,
            by_id[rule_id].outcomes,
            [f for f in findings if f.rule_id == rule_id],
            pack.run.as_of,
        )
        for rule_id in rule_ids
        if rule_id in by_id
    ]


def rule_summary(
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
        worst=worst_late(findings, as_of),
    )


def worst_late(findings: list[FindingRow], as_of: dt.date, limit: int = WORST) -> list[LateItem]:
    """The latest items; one never done is late to the as-of date and still counting."""
    items = []
    for f in findings:
        if f.status not in LATE_STATUSES:
            continue
        late = ((f.event_date or as_of) - f.due_date).days
        if late > 0:
            items.append(LateItem(f.subject_ref, f.due_date, f.event_date, late, f.status))
    # Ties broken by due date and subject so the same run always lists the same items.
    items.sort(key=lambda i: (-i.days_late, i.due_date, i.subject_ref))
    return items[:limit]


def is_finding(status: str) -> bool:
    """Whether an item of this status is a finding (in the attached findings.csv), not
    an item met or not yet due that a tracked rule kept."""
    return status in STATUSES


def attention_rank(status: str) -> int:
    """Where ``status`` comes in ``ATTENTION_ORDER``; a status it does not name, last."""
    return ATTENTION_ORDER.index(status) if status in ATTENTION_ORDER else len(ATTENTION_ORDER)


@dataclass(frozen=True)
class Bounded(Generic[T]):
    """The first items of a list that grows with the caseload, and what was left out.

    ``total`` counts the whole list, so a count beside the table stays exact. Of the
    items left out, ``left_out_with_findings`` have a finding, given in full in the
    attached findings.csv; the others were met or are not yet due, and no attachment
    lists them. The ``left_out`` macro of ``_summaries.html.j2`` says so under the table.
    """

    shown: list[T]
    total: int
    left_out_with_findings: int

    @property
    def left_out(self) -> int:
        return self.total - len(self.shown)


def bounded(items: Sequence[T], limit: int, has_finding: Callable[[T], bool]) -> Bounded[T]:
    """The first ``limit`` of ``items``, which the caller has put in the order to show
    them (the most urgent first, ties broken so the same run lists the same items)."""
    return Bounded(
        shown=list(items[:limit]),
        total=len(items),
        left_out_with_findings=sum(1 for item in items[limit:] if has_finding(item)),
    )
