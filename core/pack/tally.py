"""The findings the pack's pages count and list, gathered in one pass over them.

Every finding is counted (by domain, status and rule; data gaps with their dates), and
of each domain's findings of a status only the worst ``limits[status]`` are kept, so a
pass holds those, never the run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scrutiny.pack.leading import Leading
from scrutiny.pack.sections import FindingRow
from scrutiny.rules.metadata import Severity

# Most severe first; a severity the rules do not name sorts after them all.
_SEVERITY_RANK = {s.value: s.rank for s in Severity}
SOONEST_FIRST = ("due-soon",)
"""Statuses listed soonest due first; the others are listed worst first."""


@dataclass(frozen=True)
class FindingLine:
    """A finding as its table row shows it."""

    finding: FindingRow
    days_late: int | None


def days_overdue(finding: FindingRow, as_of: dt.date) -> int | None:
    """Days past due: to the event, or to the as-of date if it has not happened."""
    late = ((finding.event_date or as_of) - finding.due_date).days
    return late if late > 0 else None


def worst_first(line: FindingLine) -> tuple[Any, ...]:
    """Most days late first (none last), then most severe, earliest due, rule, subject."""
    f = line.finding
    late = line.days_late
    return (
        late is None,
        -(late or 0),
        -_SEVERITY_RANK.get(f.severity, 0),
        f.due_date,
        f.rule_id,
        f.subject_ref,
    )


def soonest_first(line: FindingLine) -> tuple[Any, ...]:
    """Items due soon: the soonest due first, then most severe, rule, subject."""
    f = line.finding
    return (f.due_date, -_SEVERITY_RANK.get(f.severity, 0), f.rule_id, f.subject_ref)


@dataclass
class DataGaps:
    """One rule's data gaps: how many, and the first and last due date."""

    count: int
    first_due: dt.date
    last_due: dt.date


class FindingsTally:
    """Findings counted, and the worst of each domain and status kept, as they are added.

    ``limits`` names the statuses listed and how many of each a domain lists.
    """

    def __init__(self, as_of: dt.date, limits: Mapping[str, int]) -> None:
        self.as_of = as_of
        self.limits = limits
        self.domains: set[str] = set()
        # (domain, status): how many, and how many of each rule
        self.counts: Counter[tuple[str, str]] = Counter()
        self.by_rule: dict[tuple[str, str], Counter[str]] = {}
        # (domain, status) of a listed status: its worst lines
        self.worst: dict[tuple[str, str], Leading[FindingLine]] = {}
        self.data_gaps: dict[str, DataGaps] = {}
        self.first_due: dt.date | None = None

    @classmethod
    def of(
        cls, findings: Iterable[FindingRow], as_of: dt.date, limits: Mapping[str, int]
    ) -> FindingsTally:
        tally = cls(as_of, limits)
        for finding in findings:
            tally.add(finding)
        return tally

    def add(self, f: FindingRow) -> None:
        key = (f.domain, f.status)
        self.domains.add(f.domain)
        self.counts[key] += 1
        self.by_rule.setdefault(key, Counter())[f.rule_id] += 1
        if f.status in self.limits:
            if key not in self.worst:
                order = soonest_first if f.status in SOONEST_FIRST else worst_first
                self.worst[key] = Leading(self.limits[f.status], order)
            self.worst[key].add(FindingLine(f, days_overdue(f, self.as_of)))
        if f.status == "data-gap":
            gaps = self.data_gaps.get(f.rule_id)
            if gaps is None:
                self.data_gaps[f.rule_id] = DataGaps(1, f.due_date, f.due_date)
            else:
                gaps.count += 1
                gaps.first_due = min(gaps.first_due, f.due_date)
                gaps.last_due = max(gaps.last_due, f.due_date)
        if self.first_due is None or f.due_date < self.first_due:
            self.first_due = f.due_date
