"""The deviation register as ``scrutiny deviation export`` writes it: CSV, XLSX or JSON,
with each version's hash, so the chain can be checked outside Scrutiny."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from scrutiny.export.spreadsheet_safe import csv_text
from scrutiny.export.workbook_safe import workbook_bytes
from scrutiny.register.chain import HASHED_FIELDS, LATER_FIELDS
from scrutiny.register.models import DeviationVersion

REGISTER_COLUMNS: tuple[str, ...] = (*HASHED_FIELDS, *LATER_FIELDS, "hash")


def register_json(versions: Sequence[DeviationVersion]) -> str:
    rows = [{c: getattr(v, c) for c in REGISTER_COLUMNS} for v in versions]
    return json.dumps(rows, indent=2, default=_json_default, ensure_ascii=False) + "\n"


def register_csv(versions: Sequence[DeviationVersion]) -> str:
    """Safe to open in a spreadsheet; lists and mappings are written as JSON text."""
    return csv_text(
        REGISTER_COLUMNS, ([_csv_value(getattr(v, c)) for c in REGISTER_COLUMNS] for v in versions)
    )


def register_xlsx(versions: Sequence[DeviationVersion]) -> bytes:
    """The CSV's columns as a workbook: dates as date cells, no cell a formula."""
    return workbook_bytes(
        "Deviation register",
        REGISTER_COLUMNS,
        ([_csv_value(getattr(v, c)) for c in REGISTER_COLUMNS] for v in versions),
    )


def _csv_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)
