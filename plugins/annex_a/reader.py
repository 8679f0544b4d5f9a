"""Reading an Annex A workbook: find each list's sheet and header row, match the
headers, and read every row's identifiers and dates, each problem located.

A sheet is taken to be List N when its title starts "List N" (any case or spacing:
"List 8", "list8", "List 8 - Children in care"). Its header row is the first of its
first ``HEADER_SEARCH_ROWS`` rows in which at least two cells are spellings of the
list's columns, so a title row or two above the table does not matter. Formulas are
read as the values Excel last calculated. Merged cells in the table are refused: a
merged value belongs to no single row or column.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook

from scrutiny.importing.errors import InputError, InputErrors, collect
from scrutiny.importing.fields import Cell, parse_date, parse_text, shown
from scrutiny.importing.tabular import MAX_FIELD_CHARS
from scrutiny.importing.wording import counted
from scrutiny.importing.workbook import cell_text
from scrutiny.plugins.annex_a.headers import HeaderMatch, match_headers, recognised
from scrutiny.plugins.annex_a.lists import BY_NUMBER, AnnexList, Column
from scrutiny.plugins.annex_a.models import CODE, REF, TEXT

HEADER_SEARCH_ROWS = 10
SUBJECTS = ("child_ref", "adopter_ref")
_LIST_TITLE = re.compile(r"^\s*list\s*0?(\d{1,2})(?!\d)", re.IGNORECASE)
_OPTION_PREFIX = re.compile(r"^[a-z]{1,2}\)\s*")  # Annex A's "a) Yes", "f) U6: …"
_PLACEMENT_CODE = re.compile(r"^([A-Z]\d{1,2}|[A-Z]{1,2}\d?)\s*(?::|-|–|$)")


@dataclass
class ListRead:
    """One list: where it was found (or why not) and its rows, as field -> value."""

    annex_list: AnnexList
    sheet: str | None = None
    header_row: int | None = None
    match: HeaderMatch | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)
    blank: dict[str, int] = field(default_factory=dict)
    note: str | None = None

    @property
    def found(self) -> bool:
        return self.match is not None

    def dates(self) -> Iterator[dt.date]:
        for row in self.rows:
            for value in row.values():
                if isinstance(value, dt.date):
                    yield value

    def report(self) -> dict[str, Any]:
        assert self.match is not None
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "rows": len(self.rows),
            "similar": [list(pair) for pair in self.match.similar],
            "unmatched": self.match.unmatched,
            "missing": [c.title for c in self.match.missing],
            "blank": self.blank,
        }


@dataclass
class AnnexWorkbook:
    lists: list[ListRead]
    ignored_sheets: list[str]

    def found(self) -> list[ListRead]:
        return [r for r in self.lists if r.found]


def list_number(title: str) -> int | None:
    match = _LIST_TITLE.match(title)
    if match is None:
        return None
    number = int(match.group(1))
    return number if number in BY_NUMBER else None


def open_book(name: str, data: bytes, *, values: bool = True) -> Any:
    """The workbook, with formulas read as their last calculated values (``values``)."""
    try:
        return load_workbook(io.BytesIO(data), data_only=values)
    # openpyxl's parsers raise many types on a damaged workbook (zlib.error from a
    # corrupt part, ParseError, OverflowError from a date cell Python cannot hold…):
    # every one of them means this file cannot be read.
    except Exception as exc:
        raise InputError(
            f"is not a readable XLSX workbook ({type(exc).__name__}); is the file complete?",
            file=name,
        ) from exc


def looks_like_annex_a(book: Any) -> bool:
    """At least one sheet is titled as a list and has that list's header row."""
    for ws in book.worksheets:
        number = list_number(str(ws.title))
        if number is not None and _header_row(ws, BY_NUMBER[number]) is not None:
            return True
    return False


def read_workbook(
    name: str, data: bytes, book: Any, today: dt.date, advance: Callable[[int], None]
) -> AnnexWorkbook:
    """Every list found, read in full; raises every row problem at once."""
    reads = {n: ListRead(annex_list) for n, annex_list in BY_NUMBER.items()}
    formulas = _Formulas(name, data)
    ignored: list[str] = []
    problems: list[InputError] = []
    for ws in book.worksheets:
        title = str(ws.title)
        number = list_number(title)
        if number is None:
            ignored.append(title)
            continue
        read = reads[number]
        if read.sheet is not None:
            raise InputError(
                f"sheets {read.sheet!r} and {title!r} are both List {number}", file=name
            )
        read.sheet = title
        try:
            _read_sheet(name, ws, read, today, advance, formulas)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputErrors(problems)
    for read in reads.values():
        if read.sheet is None:
            read.note = "no sheet titled List " + str(read.annex_list.number)
    return AnnexWorkbook(list(reads.values()), ignored)


def _header_row(ws: Any, annex_list: AnnexList) -> tuple[int, list[str]] | None:
    for number, values in enumerate(
        ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1
    ):
        cells = [cell_text(v) for v in values]
        if recognised(annex_list, cells) >= 2:
            return number, cells
    return None


_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet holds a formula: its XML has an ``<f>`` element. A scan of
    the raw sheets is a small part of the cost of reading the workbook a second time."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [m for m in archive.namelist() if m.startswith("xl/worksheets/")]
        return any(_FORMULA_ELEMENT.search(archive.read(m)) for m in sheets if m.endswith(".xml"))


class _Formulas:
    """The formulas behind blank cells, the workbook read again (once, and only if a
    used cell is blank) without calculated values: a formula whose value was never
    calculated (a workbook saved by a program, not by Excel) reads as blank, and must
    not pass for a blank date."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self.data = name, data
        self._book: Any = None
        self._any: bool | None = None

    def is_formula(self, sheet: str, row: int, column: int) -> bool:
        if self._any is None:
            self._any = _has_formulas(self.data)
        if not self._any:  # most workbooks: no second read at all
            return False
        if self._book is None:
            self._book = open_book(self.name, self.data, values=False)
        value = self._book[sheet].cell(row=row, column=column).value
        return isinstance(value, str) and value.startswith("=")


def _read_sheet(
    name: str,
    ws: Any,
    read: ListRead,
    today: dt.date,
    advance: Callable[[int], None],
    formulas: _Formulas,
) -> None:
    label = f"{name} (sheet {ws.title})"
    annex_list = read.annex_list
    if ws.max_row <= 1 and ws.max_column <= 1 and ws.cell(1, 1).value is None:
        read.note = f"the sheet {ws.title!r} is empty"
        return
    found = _header_row(ws, annex_list)
    if found is None:
        read.note = (
            f"no header row of {annex_list.name} in the first {HEADER_SEARCH_ROWS} rows of"
            f" sheet {ws.title!r}"
        )
        return
    header_row, headers = found
    for merged in ws.merged_cells.ranges:
        if merged.max_row >= header_row:
            raise InputError(
                f"has merged cells ({merged.coord}); unmerge them so that each value has"
                " its own cell",
                file=label,
                row=merged.min_row,
            )
    read.header_row = header_row
    read.match = match_headers(annex_list, headers)
    used = [(i, c) for i, c in read.match.positions.items() if c.field is not None]
    read.blank = {c.title: 0 for c in annex_list.key_dates if read.match.index_of(c) is not None}

    def one(item: tuple[int, tuple[Any, ...]]) -> dict[str, Any] | None:
        number, values = item
        advance(1)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            return None
        row: dict[str, Any] = {"row_number": number}
        for index, column in used:
            value = values[index] if index < len(values) else None
            assert column.field is not None
            if value is None and formulas.is_formula(ws.title, number, index + 1):
                raise InputError(
                    "holds a formula whose value was never calculated; open the workbook in"
                    " Excel and save it, so that the values are stored",
                    file=label,
                    row=number,
                    column=column.title,
                )
            row[column.field] = _value(column, value, Cell(label, number, column.title), today)
            if column.key_date and row[column.field] is None:
                read.blank[column.title] += 1
        return row

    rows = ws.iter_rows(min_row=header_row + 1, values_only=True)
    numbered = enumerate(rows, start=header_row + 1)
    read.rows = [row for row in collect(numbered, one) if row is not None]
    subject = next((c for c in annex_list.columns if c.field in SUBJECTS), None)
    if read.rows and subject is not None and read.match.index_of(subject) is None:
        # Without it a row says nothing about anyone (and could not be stored).
        raise InputError(
            f"has no {subject.title} column (no header in row {header_row} matches it);"
            " every row needs one",
            file=label,
            row=header_row,
        )


def _value(column: Column, value: Any, cell: Cell, today: dt.date) -> Any:
    if column.type == "date":
        return _date(value, cell, today)
    text = cell_text(value)
    if len(text) > MAX_FIELD_CHARS:
        raise cell.error(f"the value is {len(text):,} characters long", value=text[:200])
    if column.type == "id":
        # the subject's identifier is required; another (a family's) may be blank
        return parse_text(text, cell, required=column.field in SUBJECTS, max_length=REF)
    option = _OPTION_PREFIX.sub("", text).strip()
    if column.type == "yes_no":
        lowered = option.lower()
        if not lowered:
            return None
        if lowered in ("yes", "y"):
            return True
        if lowered in ("no", "n"):
            return False
        raise cell.error(f"{shown(text)} is not yes or no", value=text)
    if column.type == "present":
        return bool(text) and text.upper() not in ("#N/A", "N/A", "NONE", "NOT ALLOCATED")
    if column.type == "code":
        if not option:
            return None
        match = _PLACEMENT_CODE.match(option)
        code = match.group(1) if match else option
        if len(code) > CODE:
            raise cell.error(f"{shown(text)} is not a code of up to {CODE} characters", value=text)
        return code
    return parse_text(option, cell, required=False, max_length=TEXT)


def _date(value: Any, cell: Cell, today: dt.date) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = parse_date(value.strftime("%d/%m/%Y"), cell, required=False)
    else:
        day = parse_date(cell_text(value), cell, required=False)
    if day is not None and day > today:
        raise cell.error(f"{day:%d/%m/%Y} is in the future", value=cell_text(value))
    return day


def summary(workbook: AnnexWorkbook) -> Sequence[str]:
    """What was read, list by list, for the command line."""
    lines: list[str] = []
    for read in workbook.lists:
        annex_list = read.annex_list
        if read.match is None:
            lines.append(f"  {annex_list.name} ({annex_list.subject}): not read: {read.note}")
            continue
        line = f"  {annex_list.name} ({annex_list.subject}): {counted(len(read.rows), 'row')}"
        missing_used = [c.title for c in read.match.missing if c.field is not None]
        details = []
        if read.match.similar:
            details.append(
                "matched by similarity: "
                + "; ".join(f"{h!r} as {t!r}" for h, t in read.match.similar)
            )
        if read.match.unmatched:
            details.append("columns not matched: " + "; ".join(map(repr, read.match.unmatched)))
        if missing_used:
            details.append("no column for: " + "; ".join(missing_used))
        gaps = {k: v for k, v in read.blank.items() if v}
        if gaps:
            details.append(
                "blank: " + "; ".join(f"{k} in {counted(v, 'row')}" for k, v in gaps.items())
            )
        lines.append(line + (f" ({' | '.join(details)})" if details else ""))
    if workbook.ignored_sheets:
        lines.append("  sheets ignored: " + ", ".join(map(repr, workbook.ignored_sheets)))
    return lines
