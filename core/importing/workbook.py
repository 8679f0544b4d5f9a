"""Reading an XLSX workbook's sheets as rows of text, located like CSV rows.

Every cell becomes the text a CSV export of it would hold: dates as dd/mm/YYYY (with
HH:MM where the cell holds a time of day), whole numbers without a decimal point, empty
cells as "". So one set of field parsers serves both formats, and a value is judged the
same way whichever was used.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from openpyxl import load_workbook

from scrutiny.importing.errors import InputError
from scrutiny.importing.source import SourceFile
from scrutiny.importing.tabular import MAX_FIELD_CHARS, Row


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its title, normalised header and data rows (as text)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    first_row: int  # the spreadsheet row number of the header

    def label(self, file: str) -> str:
        return f"{file} (sheet {self.title})"


@dataclass(frozen=True)
class Workbook:
    name: str
    data: bytes

    @cached_property
    def headers(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each sheet's title and header row, reading no further: enough to tell whose
        file it is. Raises ``InputError`` if unreadable."""
        with self._reading() as book:
            found = (
                (str(ws.title), _header(ws.iter_rows(values_only=True))) for ws in book.worksheets
            )
            return tuple((title, header[1]) for title, header in found if header is not None)

    @cached_property
    def sheets(self) -> tuple[Sheet, ...]:
        """Every sheet that has a header row. Raises ``InputError`` if unreadable."""
        with self._reading() as book:
            return tuple(sheet for ws in book.worksheets if (sheet := _sheet(ws)) is not None)

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        """The workbook, open for reading; any failure to read it is the file's.

        Sheets are read lazily, so a damaged part (a corrupt deflate stream, a
        truncated sheet, a cell openpyxl cannot convert) only fails once it is reached:
        openpyxl then raises whatever its parser met (zlib.error, ParseError, KeyError,
        ValueError, OverflowError…). Every such failure is this file being unreadable.
        """
        try:
            book = load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl's parsers raise many types; see above
            raise self._unreadable(exc) from exc
        try:
            yield book
        except InputError:
            raise
        except Exception as exc:  # as above, from a part read lazily
            raise self._unreadable(exc) from exc
        finally:
            book.close()

    def _unreadable(self, exc: Exception) -> InputError:
        return InputError(
            f"is not a readable XLSX workbook ({type(exc).__name__}); is the file complete?",
            file=self.name,
        )


@lru_cache(maxsize=4)
def workbook_of(source: SourceFile) -> Workbook:
    """One :class:`Workbook` per file, shared by every importer asked whether it is
    theirs: each would otherwise read the whole workbook again."""
    return Workbook(source.name, source.data)


def _header(rows: Iterator[tuple[Any, ...]]) -> tuple[int, tuple[str, ...]] | None:
    """The first row with anything in it (its number and normalised cells), taken from
    ``rows``, which then go on from the row after it."""
    for number, values in enumerate(rows, start=1):
        cells = [cell_text(v) for v in values]
        if any(cells):
            header = [c.strip().upper() for c in cells]
            while header and not header[-1]:
                header.pop()
            return number, tuple(header)
    return None


def _sheet(ws: Any) -> Sheet | None:
    rows = ws.iter_rows(values_only=True)
    found = _header(rows)
    if found is None:
        return None
    number, header = found
    body = tuple(tuple(cell_text(v) for v in values) for values in rows)
    return Sheet(str(ws.title), header, body, number)


def cell_text(value: Any) -> str:
    """A cell's value as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.second:
            return value.strftime("%d/%m/%Y %H:%M:%S")
        if value.time() != dt.time(0, 0):
            return value.strftime("%d/%m/%Y %H:%M")
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def sheet_rows(sheet: Sheet, file: str, expected: tuple[str, ...]) -> Iterator[Row]:
    """Rows of ``sheet`` keyed by column, numbered as Excel shows them.

    Cells to the right of the header are ignored only when empty; a value there is
    refused, as a CSV row with too many fields is.
    """
    label = sheet.label(file)
    if set(sheet.header) != set(expected) or len(sheet.header) != len(expected):
        raise InputError(f"expected the columns {', '.join(expected)}", file=label, row=1)
    width = len(sheet.header)
    for offset, cells in enumerate(sheet.rows, start=1):
        number = sheet.first_row + offset
        if not any(c.strip() for c in cells):
            continue
        if any(c.strip() for c in cells[width:]):
            raise InputError(
                f"has a value beyond the last column ({sheet.header[-1]})",
                file=label,
                row=number,
            )
        padded = list(cells[:width]) + [""] * (width - len(cells))
        for column, cell in zip(sheet.header, padded, strict=True):
            if len(cell) > MAX_FIELD_CHARS:
                raise InputError(
                    f"the value is {len(cell):,} characters long, over the limit of"
                    f" {MAX_FIELD_CHARS:,}",
                    file=label,
                    row=number,
                    column=column,
                )
        yield Row(number, dict(zip(sheet.header, padded, strict=True)))
