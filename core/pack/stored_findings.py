"""A run's stored findings, read back from the database a chunk at a time.

Each pass is a query of its own, narrowed and ordered by the database and read
``CHUNK`` rows at a time (a server-side cursor on PostgreSQL), so a pass holds a chunk,
never the run. The order is the one the pack has always read findings in
(:func:`scrutiny.pack.findings.finding_sort_key`, then as stored), written in SQL: text
is compared byte by byte, as Python compares it, whatever the database's collation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Engine, case, func, select

from scrutiny.models.run import Finding
from scrutiny.pack.findings import (
    SEVERITY_ORDER,
    STATUS_ORDER,
    UNRANKED,
    Change,
    Findings,
    Narrowing,
)
from scrutiny.pack.sections import FindingRow

CHUNK = 1000
"""Rows read from the database at a time."""
COLUMNS = tuple(getattr(Finding, f.name) for f in dataclasses.fields(FindingRow))
"""The stored columns of each of FindingRow's fields, in its order."""
BYTEWISE = {"postgresql": "C", "sqlite": "BINARY"}
"""Each database's name for comparing text byte by byte (UTF-8: by code point)."""


def _finding_row(row: Sequence[Any]) -> FindingRow:
    """A row of ``COLUMNS``, by position: quicker than by name, for every finding of a
    pass."""
    finding = FindingRow(*row)
    return finding if finding.evidence is not None else dataclasses.replace(finding, evidence={})


@dataclass(frozen=True)
class StoredFindings(Findings):
    """The findings of run ``run_id`` with one of ``statuses``: in the pack's order or,
    without ``pack_order``, as stored."""

    engine: Engine
    run_id: int
    statuses_read: tuple[str, ...]
    pack_order: bool = True
    due_first: bool = False
    narrowing: Narrowing = field(default_factory=Narrowing)
    changes: tuple[Change, ...] = ()

    def __iter__(self) -> Iterator[FindingRow]:
        return _by_subject_each_day(self._read()) if self.due_first else self._read()

    def _read(self) -> Iterator[FindingRow]:
        query = select(*COLUMNS).where(*self._conditions()).order_by(*self._order())
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=CHUNK).execute(query):
                finding = _finding_row(row)
                for change in self.changes:
                    finding = change(finding)
                yield finding

    def statuses(self) -> Counter[str]:
        query = (
            select(Finding.status, func.count()).where(*self._conditions()).group_by(Finding.status)
        )
        with self.engine.connect() as conn:
            return Counter({status: count for status, count in conn.execute(query)})

    def __bool__(self) -> bool:
        query = select(Finding.id).where(*self._conditions()).limit(1)
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    def where(
        self,
        *,
        domains: Collection[str] | None = None,
        rule_ids: Collection[str] | None = None,
        due_from: dt.date | None = None,
        due_to: dt.date | None = None,
    ) -> StoredFindings:
        narrowing = self.narrowing.narrowed(domains, rule_ids, due_from, due_to)
        return dataclasses.replace(self, narrowing=narrowing)

    def changed(self, change: Change) -> StoredFindings:
        return dataclasses.replace(self, changes=(*self.changes, change))

    def by_due_date(self) -> StoredFindings:
        return dataclasses.replace(self, due_first=True)

    def _conditions(self) -> list[ColumnElement[bool]]:
        narrowing = self.narrowing
        conditions = [Finding.run_id == self.run_id, Finding.status.in_(self.statuses_read)]
        if narrowing.domains is not None:
            conditions.append(Finding.domain.in_(sorted(narrowing.domains)))
        if narrowing.rule_ids is not None:
            conditions.append(Finding.rule_id.in_(sorted(narrowing.rule_ids)))
        if narrowing.due_from is not None:
            conditions.append(Finding.due_date >= narrowing.due_from)
        if narrowing.due_to is not None:
            conditions.append(Finding.due_date <= narrowing.due_to)
        return conditions

    def _order(self) -> list[Any]:
        collation = BYTEWISE.get(self.engine.dialect.name, "BINARY")
        # By due date: each day's are then put in subject order as they are read.
        order: list[Any] = [Finding.due_date] if self.due_first else []
        if self.pack_order:
            order += [
                case(STATUS_ORDER, value=Finding.status, else_=UNRANKED),
                case(SEVERITY_ORDER, value=Finding.severity, else_=UNRANKED),
                Finding.domain.collate(collation),
                Finding.rule_id.collate(collation),
                Finding.due_date,
                Finding.subject_ref.collate(collation),
            ]
        return [*order, Finding.id]


def _by_subject_each_day(findings: Iterator[FindingRow]) -> Iterator[FindingRow]:
    """Findings read by due date put in subject order day by day (ties as they came).

    Sorted here, not by the database: ``changed`` may give each a subject of its own (a
    pseudonym), and the order is by the subject a reader sees.
    """
    for _, day in itertools.groupby(findings, key=lambda f: f.due_date):
        yield from sorted(day, key=lambda f: f.subject_ref)
