"""A newer file from the same source replaces the data an earlier one wrote.

Rows are written by their natural key (see :mod:`scrutiny.importing.upsert`), so a row
the newer file repeats is simply rewritten, carrying the newer batch's id. What is left
with an earlier batch's id is what only the earlier file said: once that batch is
superseded, those rows are deleted and the batch is marked ``superseded_by``.

Which earlier batches a file supersedes:

- a yearly return (SSDA903, CIN census): those of the same kind and collection year;
- any other file: earlier files of the same kind whose dates lie wholly within its own
  (an extract from January to today replaces one from January to last month; an extract
  of this month's changes is added to it, not a replacement for it). A list without
  dates (carers, homes) replaces the earlier list; an empty file replaces nothing.

Tables that other rows point at (carers, homes, exemptions) are registers: a row of
one that the newer file omits is deleted only if no row points at it any more. The
children's register is written by every file and replaced by none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    Connection,
    ForeignKey,
    Table,
    and_,
    delete,
    exists,
    false,
    or_,
    select,
    update,
)
from sqlalchemy.sql.elements import ColumnElement

from scrutiny.importing.contract import BatchSpec
from scrutiny.models.imports import ImportBatch, batch_in_force


@dataclass(frozen=True)
class Replaced:
    """Earlier batches a file superseded, and how many of their rows were deleted."""

    batches: tuple[tuple[int, str], ...]  # (id, file name)
    rows_removed: int

    @staticmethod
    def combined(each: Iterable[Replaced | None]) -> Replaced | None:
        """One account for a file whose tables each superseded earlier batches."""
        found = [r for r in each if r is not None]
        if not found:
            return None
        batches = dict(b for r in found for b in r.batches)
        return Replaced(tuple(sorted(batches.items())), sum(r.rows_removed for r in found))

    def describe(self) -> str:
        named = ", ".join(f"batch {id_} ({name})" for id_, name in self.batches)
        if not self.rows_removed:
            return f"replaces {named}; no rows removed"
        rows = f"{self.rows_removed:,} row{'s' if self.rows_removed != 1 else ''}"
        files = "files" if len(self.batches) > 1 else "file"
        return f"replaces {named}; {rows} held only by the earlier {files} removed"


def is_register(table: Table) -> bool:
    """Whether other tables' rows point at this one's."""
    return bool(_pointers(table))


def _pointers(table: Table) -> list[ForeignKey]:
    return [
        fk
        for other in table.metadata.tables.values()
        for fk in other.foreign_keys
        if fk.column.table is table
    ]


def supersede(conn: Connection, batch: BatchSpec, batch_id: int) -> Replaced | None:
    """Supersede the earlier batches ``batch`` replaces; None when it replaces none."""
    if batch.replaces is None:
        return None
    earlier = conn.execute(
        select(ImportBatch.id, ImportBatch.source_name)
        .where(
            ImportBatch.kind == batch.kind,
            ImportBatch.id != batch_id,
            batch_in_force(),
            _same_source(batch),
        )
        .order_by(ImportBatch.id)
    ).all()
    if not earlier:
        return None
    ids = [row.id for row in earlier]
    removed = 0
    for table in _dependents_first(batch.replaces):
        unreferenced = [~exists().where(fk.parent == fk.column) for fk in _pointers(table)]
        removed += conn.execute(
            delete(table).where(table.c.import_batch_id.in_(ids), *unreferenced)
        ).rowcount
    conn.execute(update(ImportBatch).where(ImportBatch.id.in_(ids)).values(superseded_by=batch_id))
    return Replaced(tuple((row.id, row.source_name) for row in earlier), removed)


def _dependents_first(tables: Sequence[Table]) -> list[Table]:
    """So that a row pointing at a register's row goes before the register's row."""
    if not tables:
        return []
    wanted = set(tables)
    return [t for t in reversed(tables[0].metadata.sorted_tables) if t in wanted]


def _same_source(batch: BatchSpec) -> ColumnElement[bool]:
    if batch.collection_year is not None:
        return ImportBatch.collection_year == batch.collection_year
    if batch.row_count == 0:
        return false()
    undated = ImportBatch.covers_from.is_(None)
    if batch.covers_from is None or batch.covers_to is None:
        return and_(ImportBatch.collection_year.is_(None), undated)
    within = and_(
        ImportBatch.covers_from >= batch.covers_from,
        ImportBatch.covers_to <= batch.covers_to,
    )
    return and_(ImportBatch.collection_year.is_(None), or_(within, undated))
