"""Importing the looked-after plugin's own files (documented in docs/input-files.md).

``visits.csv``: CHILD, VISIT_DATE, MODE, SEEN_ALONE, REMOTE_REASON, REASON_DETAIL
``placement_details.csv``: CHILD, DECOM, REGIME, LONG_TERM

Either may also be a sheet of an XLSX workbook. Dates are dd/mm/YYYY, as in SSDA903.
A visits file speaks for the days from its first visit to its last: due dates outside
every visits file's span are data gaps.
"""

from __future__ import annotations

from typing import Any

from scrutiny.db.base import table_of
from scrutiny.importing.table_files import RowFields, TableFile, TableFileImporter
from scrutiny.importing.upsert import RefColumn, rows_writer
from scrutiny.models.child import Child
from scrutiny.plugins.looked_after.models import (
    REMOTE_REASONS,
    VISIT_MODES,
    VISIT_REGIMES,
    PlacementDetail,
    StatutoryVisit,
)

CHILD = RefColumn("child_ref", table_of(Child), "child_ref", "child_id")


def _visit(row: RowFields) -> dict[str, Any]:
    mode = row.choice("MODE", VISIT_MODES)
    reason = row.choice("REMOTE_REASON", REMOTE_REASONS, required=False)
    if mode == "in-person" and reason is not None:
        raise row.error("REMOTE_REASON", "a remote reason is given for an in-person visit")
    return {
        "child_ref": row.child(),
        "visit_date": row.required_date("VISIT_DATE"),
        "mode": mode,
        "seen_alone": row.yes_no("SEEN_ALONE"),
        "remote_reason": reason,
        "reason_detail": row.text("REASON_DETAIL"),
    }


def _placement(row: RowFields) -> dict[str, Any]:
    return {
        "child_ref": row.child(),
        "placement_start": row.date("DECOM", required=True, future=True),
        "regime": row.choice("REGIME", VISIT_REGIMES),
        "long_term": row.yes_no("LONG_TERM"),
    }


FILES = (
    TableFile(
        kind="looked_after.visits",
        name="visits",
        description="statutory visits (visits.csv)",
        columns=("CHILD", "VISIT_DATE", "MODE", "SEEN_ALONE", "REMOTE_REASON", "REASON_DETAIL"),
        read_row=_visit,
        write=rows_writer(table_of(StatutoryVisit), ("child_id", "visit_date"), (CHILD,)),
        unique=("child_ref", "visit_date"),
        unique_label="same child and date",
        dated=("visit_date",),
    ),
    TableFile(
        kind="looked_after.placements",
        name="placement_details",
        description="placement details (placement_details.csv)",
        columns=("CHILD", "DECOM", "REGIME", "LONG_TERM"),
        read_row=_placement,
        write=rows_writer(table_of(PlacementDetail), ("child_id", "placement_start"), (CHILD,)),
        unique=("child_ref", "placement_start"),
        unique_label="same child and date",
        may_be_empty=True,
    ),
)


def looked_after_importer() -> TableFileImporter:
    return TableFileImporter(
        "looked_after", "Looked-after children: visits and placement details", FILES
    )
