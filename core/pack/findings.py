"""The findings a pack reads, as a stream: never all of them in memory at once.

A large council's run has hundreds of thousands of findings. The pack reads them as
:class:`Findings`: each reader goes through them (every pass reads them afresh, in the
same order), narrows them first with ``where`` (a database then reads only those), or
counts them. :class:`ListedFindings` are findings in memory (a test's, a plugin's);
:class:`scrutiny.pack.stored_findings.StoredFindings` are a run's, read back from the
database a chunk at a time.
"""

from __future__ import annotations

import datetime as dt
import heapq
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrutiny.pack.sections import FindingRow

Change = Callable[["FindingRow"], "FindingRow"]
STATUS_ORDER = {
    "breach": 0,
    "deviation-lapsed": 1,
    "manual": 2,
    "data-gap": 3,
    "due-soon": 4,
    "deviation": 5,
}
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
UNRANKED = 9


def finding_sort_key(f: FindingRow) -> tuple[Any, ...]:
    """The pack's order: worst status and severity first, then domain, rule, due date and
    subject."""
    return (
        STATUS_ORDER.get(f.status, UNRANKED),
        SEVERITY_ORDER.get(f.severity, UNRANKED),
        f.domain,
        f.rule_id,
        f.due_date,
        f.subject_ref,
    )


def due_order(f: FindingRow) -> tuple[dt.date, str]:
    """Due date, then subject: the order a tracked rule's items are read in."""
    return (f.due_date, f.subject_ref)


class Findings(ABC):
    """Findings to go through, as often as needed, always in the same order."""

    @abstractmethod
    def __iter__(self) -> Iterator[FindingRow]: ...

    @abstractmethod
    def where(
        self,
        *,
        domains: Collection[str] | None = None,
        rule_ids: Collection[str] | None = None,
        due_from: dt.date | None = None,
        due_to: dt.date | None = None,
    ) -> Findings:
        """Only those of these domains and rules, due in the period (None: any), in the
        same order. Narrowing is by what ``changed`` leaves as it is."""

    @abstractmethod
    def changed(self, change: Change) -> Findings:
        """Each one as ``change`` makes it (a pseudonym for its subject, say); ``change``
        must keep its domain, rule, status and due date."""

    @abstractmethod
    def by_due_date(self) -> Findings:
        """The same, by due date then subject (ties in the present order)."""

    def statuses(self) -> Counter[str]:
        """How many there are of each status."""
        return Counter(f.status for f in self)

    def __len__(self) -> int:
        return sum(self.statuses().values())

    def __bool__(self) -> bool:
        return any(True for _ in self)


@dataclass(frozen=True)
class Narrowing:
    """Which findings ``where`` keeps: None keeps any."""

    domains: frozenset[str] | None = None
    rule_ids: frozenset[str] | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None

    def narrowed(
        self,
        domains: Collection[str] | None,
        rule_ids: Collection[str] | None,
        due_from: dt.date | None,
        due_to: dt.date | None,
    ) -> Narrowing:
        """Both this narrowing and the one given."""
        return Narrowing(
            _both(self.domains, domains),
            _both(self.rule_ids, rule_ids),
            max((d for d in (self.due_from, due_from) if d is not None), default=None),
            min((d for d in (self.due_to, due_to) if d is not None), default=None),
        )

    def holds(self, f: FindingRow) -> bool:
        return (
            (self.domains is None or f.domain in self.domains)
            and (self.rule_ids is None or f.rule_id in self.rule_ids)
            and (self.due_from is None or f.due_date >= self.due_from)
            and (self.due_to is None or f.due_date <= self.due_to)
        )


def _both(held: frozenset[str] | None, given: Collection[str] | None) -> frozenset[str] | None:
    if given is None:
        return held
    return frozenset(given) if held is None else held & frozenset(given)


class ListedFindings(Findings):
    """Findings held in memory, in the order given."""

    def __init__(self, rows: Iterable[FindingRow] = ()) -> None:
        self._rows = tuple(rows)

    def __iter__(self) -> Iterator[FindingRow]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __bool__(self) -> bool:
        return bool(self._rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ListedFindings) and self._rows == other._rows

    def __hash__(self) -> int:
        return hash(self._rows)

    def __repr__(self) -> str:
        return f"ListedFindings({len(self._rows)} findings)"

    def where(
        self,
        *,
        domains: Collection[str] | None = None,
        rule_ids: Collection[str] | None = None,
        due_from: dt.date | None = None,
        due_to: dt.date | None = None,
    ) -> ListedFindings:
        period = Narrowing().narrowed(domains, rule_ids, due_from, due_to)
        return ListedFindings(f for f in self._rows if period.holds(f))

    def changed(self, change: Change) -> ListedFindings:
        return ListedFindings(change(f) for f in self._rows)

    def by_due_date(self) -> ListedFindings:
        return ListedFindings(sorted(self._rows, key=due_order))


class MergedFindings(Findings):
    """Two sets of findings, each by due date, read as one by due date (the first's
    before the second's on a tie): a tracked rule's findings and its other items."""

    def __init__(self, first: Findings, second: Findings) -> None:
        self._first = first.by_due_date()
        self._second = second.by_due_date()

    def __iter__(self) -> Iterator[FindingRow]:
        return heapq.merge(self._first, self._second, key=due_order)

    def statuses(self) -> Counter[str]:
        return self._first.statuses() + self._second.statuses()

    def where(
        self,
        *,
        domains: Collection[str] | None = None,
        rule_ids: Collection[str] | None = None,
        due_from: dt.date | None = None,
        due_to: dt.date | None = None,
    ) -> MergedFindings:
        return MergedFindings(
            self._first.where(domains=domains, rule_ids=rule_ids, due_from=due_from, due_to=due_to),
            self._second.where(
                domains=domains, rule_ids=rule_ids, due_from=due_from, due_to=due_to
            ),
        )

    def changed(self, change: Change) -> MergedFindings:
        return MergedFindings(self._first.changed(change), self._second.changed(change))

    def by_due_date(self) -> MergedFindings:
        return self


def as_findings(rows: Findings | Iterable[FindingRow]) -> Findings:
    """``rows`` as :class:`Findings`: a list or other iterable is held in memory."""
    return rows if isinstance(rows, Findings) else ListedFindings(rows)
