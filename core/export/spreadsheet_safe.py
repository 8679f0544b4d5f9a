"""CSV cells a spreadsheet will not execute.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be run
as a formula by Excel or LibreOffice (OWASP "CSV injection"). Such cells are written
with a leading apostrophe, which spreadsheets show as text and do not display.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula if it were typed into a cell."""
    return text.startswith(FORMULA_TRIGGERS)


def safe_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if is_formula_like(text) else text


class SafeCsvWriter:
    """Rows written one at a time to ``out`` (after ``header``), every cell as ``safe_cell``
    makes it: for a file too long to hold as one string."""

    def __init__(self, out: TextIO, header: Sequence[str]) -> None:
        self._writer = csv.writer(out, lineterminator="\n")
        self.row(header)

    def row(self, values: Sequence[Any]) -> None:
        self._writer.writerow([safe_cell(v) for v in values])


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, header)
    for row in rows:
        writer.row(row)
    return buffer.getvalue()
