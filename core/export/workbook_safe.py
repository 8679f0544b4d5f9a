"""XLSX workbooks a spreadsheet will not execute: every text cell is text, never a formula.

openpyxl stores a str beginning with ``=`` as a formula. Here every str is written as a
string cell whatever it begins with, and one that a spreadsheet would run if it were
typed in (:func:`scrutiny.export.spreadsheet_safe.is_formula_like`, the rule the CSV
exports use) also gets Excel's "quote prefix", so it stays text when someone edits the
cell. The text itself is kept exactly: the apostrophe a CSV cell needs is not added,
because a workbook can say "this is text" without changing the value.

Dates are date cells and numbers are numbers, so the sheet sorts and filters as the
reader expects; the header row is bold, frozen and filtered. Timestamps are written in
UTC (Excel has no time zones). Control characters an XLSX cell cannot hold are written
as ``\\xNN`` escapes, and a value longer than Excel's cell limit is cut, saying so.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from scrutiny.export.spreadsheet_safe import is_formula_like

EXCEL_CELL_LIMIT = 32_767
DATE_FORMAT = "yyyy-mm-dd"
TIMESTAMP_FORMAT = "yyyy-mm-dd hh:mm:ss"
# What openpyxl refuses in a cell (XML 1.0 cannot carry them).
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HEADER_FONT = Font(bold=True)
_CUT_NOTE = " … [cut at Excel's cell limit; the CSV and JSON exports hold it whole]"


def workbook_bytes(sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet: ``header`` then ``rows``, every cell written as described above."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    header_cells = []
    for name in header:
        cell = _cell(sheet, name)
        cell.font = _HEADER_FONT
        header_cells.append(cell)
    body = [[_cell(sheet, value) for value in row] for row in rows]
    last = get_column_letter(max(len(header), 1))
    sheet.auto_filter.ref = f"A1:{last}{len(body) + 1}"
    sheet.append(header_cells)
    for cells in body:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: Any) -> WriteOnlyCell:
    if value is None:
        return WriteOnlyCell(sheet, value=None)
    if isinstance(value, bool):
        return _text(sheet, "yes" if value else "no")
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=_utc(value))
        cell.number_format = TIMESTAMP_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, int | float):
        return WriteOnlyCell(sheet, value=value)
    if isinstance(value, list | dict):
        return _text(sheet, json.dumps(value, ensure_ascii=False, sort_keys=True))
    return _text(sheet, str(value))


def _text(sheet: Any, text: str) -> WriteOnlyCell:
    text = _UNWRITABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(_CUT_NOTE)] + _CUT_NOTE
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # never "f", whatever the text begins with
    if is_formula_like(text):
        cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)
