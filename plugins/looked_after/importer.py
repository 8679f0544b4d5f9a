"""Importing the looked-after plugin's own CSV files (documented in docs/input-files.md).

``visits.csv``: CHILD, VISIT_DATE, MODE, SEEN_ALONE, REMOTE_REASON, REASON_DETAIL
``placement_details.csv``: CHILD, DECOM, REGIME, LONG_TERM

Dates are dd/mm/YYYY, as in SSDA903. A visits file speaks for the days from its first
visit to its last: due dates outside every visits file's span are data gaps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table

from scrutiny.importing.contract import BatchSpec, ImportOptions, PreparedFile
from scrutiny.importing.errors import InputError
from scrutiny.importing.fields import Cell, parse_choice, parse_date, parse_text
from scrutiny.importing.source import SourceFile
from scrutiny.importing.tabular import Row, read_csv_rows
from scrutiny.importing.upsert import child_ids, upsert
from scrutiny.models.child import CHILD_REF_LENGTH
from scrutiny.plugins.looked_after.models import (
    REMOTE_REASONS,
    VISIT_MODES,
    VISIT_REGIMES,
    PlacementDetail,
    StatutoryVisit,
)

YES_NO = ("yes", "no")
MAX_DETAIL = 2_000


@dataclass(frozen=True)
class OwnFile:
    """One of the plugin's CSV files: its columns and how to read a row."""

    kind: str
    description: str
    columns: tuple[str, ...]
    table: Table
    key: tuple[str, ...]
    read_row: Callable[[Row, str, dt.date], dict[str, Any]]
    dated: str | None  # the column whose span the file covers
    may_be_empty: bool = False  # a header alone is a real answer ("none of these")


def _yes_no(value: str, cell: Cell) -> bool | None:
    choice = parse_choice(value, cell, YES_NO, required=False)
    return None if choice is None else choice == "yes"


def _visit(row: Row, file: str, today: dt.date) -> dict[str, Any]:
    def cell(column: str) -> Cell:
        return Cell(file, row.number, column)

    values = row.values
    visit_date = parse_date(values["VISIT_DATE"], cell("VISIT_DATE"), required=True)
    assert visit_date is not None
    if visit_date > today:
        raise cell("VISIT_DATE").error(f"{visit_date:%d/%m/%Y} is in the future")
    mode = parse_choice(values["MODE"], cell("MODE"), VISIT_MODES, required=True)
    reason = parse_choice(
        values["REMOTE_REASON"], cell("REMOTE_REASON"), REMOTE_REASONS, required=False
    )
    if mode == "in-person" and reason is not None:
        raise cell("REMOTE_REASON").error("a remote reason is given for an in-person visit")
    return {
        "child_ref": parse_text(
            values["CHILD"], cell("CHILD"), required=True, max_length=CHILD_REF_LENGTH
        ),
        "visit_date": visit_date,
        "mode": mode,
        "seen_alone": _yes_no(values["SEEN_ALONE"], cell("SEEN_ALONE")),
        "remote_reason": reason,
        "reason_detail": parse_text(
            values["REASON_DETAIL"], cell("REASON_DETAIL"), required=False, max_length=MAX_DETAIL
        ),
    }


def _placement(row: Row, file: str, today: dt.date) -> dict[str, Any]:
    def cell(column: str) -> Cell:
        return Cell(file, row.number, column)

    values = row.values
    return {
        "child_ref": parse_text(
            values["CHILD"], cell("CHILD"), required=True, max_length=CHILD_REF_LENGTH
        ),
        "placement_start": parse_date(values["DECOM"], cell("DECOM"), required=True),
        "regime": parse_choice(values["REGIME"], cell("REGIME"), VISIT_REGIMES, required=True),
        "long_term": _yes_no(values["LONG_TERM"], cell("LONG_TERM")),
    }


def _table(model: type) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


FILES = (
    OwnFile(
        "looked_after.visits",
        "statutory visits (visits.csv)",
        ("CHILD", "VISIT_DATE", "MODE", "SEEN_ALONE", "REMOTE_REASON", "REASON_DETAIL"),
        _table(StatutoryVisit),
        ("child_id", "visit_date"),
        _visit,
        "visit_date",
    ),
    OwnFile(
        "looked_after.placements",
        "placement details (placement_details.csv)",
        ("CHILD", "DECOM", "REGIME", "LONG_TERM"),
        _table(PlacementDetail),
        ("child_id", "placement_start"),
        _placement,
        None,
        may_be_empty=True,
    ),
)
BY_COLUMNS = {frozenset(f.columns): f for f in FILES}


class LookedAfterImporter:
    name = "looked_after"
    title = "Looked-after children: visits and placement details"

    def formats(self) -> Sequence[tuple[str, tuple[str, ...]]]:
        return [(f.description, f.columns) for f in FILES]

    def claims(self, source: SourceFile) -> bool:
        header = source.csv_header
        return header is not None and frozenset(header) in BY_COLUMNS

    def prepare(
        self, sources: Sequence[SourceFile], options: ImportOptions
    ) -> Sequence[PreparedFile]:
        return [self._prepare(source, options) for source in sources]

    def _prepare(self, source: SourceFile, options: ImportOptions) -> PreparedFile:
        header = source.csv_header
        assert header is not None
        spec = BY_COLUMNS[frozenset(header)]
        rows: list[dict[str, Any]] = []
        seen: dict[tuple[Any, ...], int] = {}
        for row in read_csv_rows(source, spec.columns):
            values = spec.read_row(row, source.name, options.today)
            key = (values["child_ref"], *(values[k] for k in spec.key if k != "child_id"))
            if key in seen:
                raise InputError(
                    f"repeats row {seen[key]} (same child and date)",
                    file=source.name,
                    row=row.number,
                )
            seen[key] = row.number
            rows.append(values)
        if not rows and not spec.may_be_empty:
            raise InputError("has a header but no rows", file=source.name)
        dates = [r[spec.dated] for r in rows] if spec.dated else []
        batch = BatchSpec(
            kind=spec.kind,
            row_count=len(rows),
            covers_from=min(dates) if dates else None,
            covers_to=max(dates) if dates else None,
        )

        def write(conn: Connection, batch_ids: Mapping[str, int]) -> None:
            batch_id = batch_ids[spec.kind]
            ids = child_ids(conn, {r["child_ref"] for r in rows}, batch_id)
            stored = [
                {
                    **{k: v for k, v in r.items() if k != "child_ref"},
                    "child_id": ids[r["child_ref"]],
                    "import_batch_id": batch_id,
                }
                for r in rows
            ]
            upsert(conn, spec.table, stored, key=spec.key)

        return PreparedFile(source, f"{spec.description}: {len(rows):,} rows", [batch], write)
