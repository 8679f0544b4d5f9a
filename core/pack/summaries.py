"""What most plugin sections show for each rule: outcome and status counts, worst items;
and how a section bounds a list that grows with the caseload (``Bounded``).

Built only from the stored run (``PackData``), like everything in the pack.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from scrutiny.pack.leading import Leading
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
    """One summary per rule of ``rule_ids`` that was run, in that order: its findings
    counted and its worst listed in one pass over them."""
    by_id = {r.meta.id: r for r in pack.rules_for(domain)}
    wanted = [rule_id for rule_id in rule_ids if rule_id in by_id]
    statuses: dict[str, Counter[str]] = {rule_id: Counter() for rule_id in wanted}
    worst: dict[str, Leading[LateItem]] = {rule_id: Leading(WORST, _latest) for rule_id in wanted}
    if wanted:
        for f in pack.findings.where(domains=(domain,), rule_ids=wanted):
            statuses[f.rule_id][f.status] += 1
            item = late_item(f, pack.run.as_of)
            if item is not None:
                worst[f.rule_id].add(item)
    return [
        RuleSummary(
            rule_id=rule_id,
            title=by_id[rule_id].meta.title,
            legal_source=by_id[rule_id].meta.legal_source,
            outcomes=[(label, by_id[rule_id].outcomes.get(o, 0)) for o, label in OUTCOMES.items()],
            statuses=[(s, statuses[rule_id][s]) for s in STATUSES],
            worst=worst[rule_id].items(),
        )
        for rule_id in wanted
    ]


def late_item(f: FindingRow, as_of: dt.date) -> LateItem | None:
    """``f`` as a late item, if it is late; one never done is late to the as-of date and
    still counting."""
    if f.status not in LATE_STATUSES:
        return None
    late = ((f.event_date or as_of) - f.due_date).days
    return LateItem(f.subject_ref, f.due_date, f.event_date, late, f.status) if late > 0 else None


def _latest(item: LateItem) -> tuple[int, dt.date, str]:
    # Ties broken by due date and subject so the same run always lists the same items.
    return (-item.days_late, item.due_date, item.subject_ref)


def worst_late(
    findings: Iterable[FindingRow], as_of: dt.date, limit: int = WORST
) -> list[LateItem]:
    """The latest ``limit`` items, the latest first."""
    items = (late_item(f, as_of) for f in findings)
    return heapq.nsmallest(limit, (i for i in items if i is not None), key=_latest)


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
