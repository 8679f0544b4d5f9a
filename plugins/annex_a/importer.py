"""``scrutiny import annex-a.xlsx``: Ofsted's Annex A lists, for a pre-inspection check.

Each list found is one import batch (kind ``annex_a.listN``). The workbook speaks for
the days up to its latest date (capped at the import day): Annex A holds the latest
dates as of the day it was extracted, and that is the nearest the workbook says about
when that was. A newer workbook replaces the earlier one whole: every row it wrote
is deleted and its batches are marked superseded (the run history still names them).
A workbook whose latest date is earlier than the one already held is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from scrutiny.importing.contract import BatchSpec, ImportOptions, PreparedFile
from scrutiny.importing.errors import InputError
from scrutiny.importing.source import SourceFile
from scrutiny.models.imports import ImportBatch, batch_in_force
from scrutiny.plugins.annex_a.models import TABLES_BY_LIST
from scrutiny.plugins.annex_a.reader import (
    AnnexWorkbook,
    ListRead,
    looks_like_annex_a,
    open_book,
    read_workbook,
    summary,
)

KIND_PREFIX = "annex_a.list"


def kind_of(number: int) -> str:
    return f"{KIND_PREFIX}{number}"


class AnnexAImporter:
    name = "annex_a"
    title = "Ofsted Annex A"

    def __init__(self) -> None:
        # A workbook opened to claim it, kept for prepare() so it is not parsed twice.
        self._claimed: dict[str, Any] = {}

    def formats(self) -> Sequence[tuple[str, tuple[str, ...]]]:
        return [("an Ofsted Annex A workbook (sheets List 1 … List 11)", ())]

    def claims(self, source: SourceFile) -> bool:
        if source.format != "xlsx":
            return False
        try:
            book = open_book(source.name, source.data)
        except InputError:
            return False
        if not looks_like_annex_a(book):
            return False
        self._claimed[source.sha256] = book
        return True

    def prepare(
        self, sources: Iterable[SourceFile], options: ImportOptions
    ) -> Sequence[PreparedFile]:
        return [self._prepare(source, options) for source in sources]

    def _prepare(self, source: SourceFile, options: ImportOptions) -> PreparedFile:
        book = self._claimed.pop(source.sha256, None) or open_book(source.name, source.data)
        total = sum(ws.max_row for ws in book.worksheets)
        with options.progress(f"Reading {source.name}", total) as advance:
            workbook = read_workbook(source.name, source.data, book, options.today, advance)
        found = workbook.found()
        latest = max((d for r in found for d in r.dates()), default=None)
        covers_to = min(latest, options.today) if latest else options.today
        whole = {
            "not_found": {str(r.annex_list.number): r.note for r in workbook.lists if not r.found},
            "ignored_sheets": workbook.ignored_sheets,
        }
        batches = [
            BatchSpec(
                kind=kind_of(read.annex_list.number),
                row_count=len(read.rows),
                covers_from=min(read.dates(), default=None),
                covers_to=covers_to,
                report={"list": read.report(), "workbook": whole},
            )
            for read in found
        ]

        def write(conn: Connection, batch_ids: Mapping[str, int]) -> None:
            _replace_earlier(conn, covers_to, batch_ids)
            _write(conn, workbook, batch_ids)

        text = "\n".join(
            [
                f"Ofsted Annex A, {len(found)} of {len(workbook.lists)} lists read, dates up to"
                f" {covers_to:%d/%m/%Y}",
                *summary(workbook),
            ]
        )
        return PreparedFile(source, text, batches, write)


def _replace_earlier(conn: Connection, covers_to: dt.date, batch_ids: Mapping[str, int]) -> None:
    earlier = batch_in_force() & ImportBatch.kind.startswith(KIND_PREFIX)
    earlier = earlier & ImportBatch.id.not_in(list(batch_ids.values()))
    held = conn.execute(select(func.max(ImportBatch.covers_to)).where(earlier)).scalar()
    if held is not None and covers_to < held:
        raise InputError(
            f"its latest date ({covers_to:%d/%m/%Y}) is earlier than that of the Annex A"
            f" already imported ({held:%d/%m/%Y}); import the newer workbook, or start from an"
            " empty database to judge this one"
        )
    replaced = [row.id for row in conn.execute(select(ImportBatch.id).where(earlier))]
    if not replaced:
        return
    for table in TABLES_BY_LIST.values():
        conn.execute(delete(table).where(table.import_batch_id.in_(replaced)))
    newest = max(batch_ids.values())
    conn.execute(
        update(ImportBatch).where(ImportBatch.id.in_(replaced)).values(superseded_by=newest)
    )


def _write(conn: Connection, workbook: AnnexWorkbook, batch_ids: Mapping[str, int]) -> None:
    for read in workbook.found():
        table = TABLES_BY_LIST.get(read.annex_list.number)
        if table is not None and read.rows:
            batch_id = batch_ids[kind_of(read.annex_list.number)]
            conn.execute(insert(table), [_stored(table, read, row, batch_id) for row in read.rows])


def _stored(table: Any, read: ListRead, row: Mapping[str, Any], batch_id: int) -> dict[str, Any]:
    columns = set(table.__table__.c.keys())
    values = {k: v for k, v in row.items() if k in columns}
    if "adviser_allocated" in columns:
        has_column = read.match is not None and "adviser" in read.match.fields
        values["adviser_allocated"] = row.get("adviser") if has_column else None
    for name in columns - {"id", "import_batch_id"} - set(values):
        values[name] = None
    values["import_batch_id"] = batch_id
    return values
