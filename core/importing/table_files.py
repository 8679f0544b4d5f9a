"""Importers for a plugin's own documented files: CSV, or the same tables as XLSX sheets.

A plugin describes each file once, as a :class:`TableFile` (its columns, how to read
a row, how to write the rows) and gets an importer that:

- recognises a CSV by its header, and an XLSX workbook by its sheets' headers (each
  sheet is one of the plugin's files; the sheet's title does not matter);
- reads every row through :class:`RowFields`, so each bad value is reported with its
  file (and sheet), row and column;
- refuses a row that repeats another's key, and a file with a header but no rows
  unless "none" is a real answer for that file;
- writes all of a file (all sheets of a workbook) in one transaction, or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table

from scrutiny.importing.contract import BatchSpec, ImportOptions, PreparedFile
from scrutiny.importing.errors import InputError, InputErrors, collect
from scrutiny.importing.fields import (
    PLAIN_REFERENCE,
    WHITESPACE,
    Cell,
    known_date,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_int,
    parse_text,
)
from scrutiny.importing.source import SourceFile
from scrutiny.importing.tabular import Row, read_csv_rows
from scrutiny.importing.wording import counted
from scrutiny.importing.workbook import sheet_rows, workbook_of
from scrutiny.models.child import CHILD_REF_LENGTH

YES_NO = ("yes", "no")
REF_LENGTH = 40
MAX_DETAIL = 2_000

Rows = Sequence[Mapping[str, Any]]


class RowFields:
    """The values of one row, each parsed with an error that names where it was."""

    def __init__(self, file: str, row: Row, today: dt.date) -> None:
        self.file = file
        self.row = row
        self.today = today

    def cell(self, column: str) -> Cell:
        return Cell(self.file, self.row.number, column)

    def error(self, column: str, message: str) -> InputError:
        return self.cell(column).error(message)

    def date(self, column: str, *, required: bool = False, future: bool = False) -> dt.date | None:
        """A dd/mm/YYYY date; a date after the import day is refused unless ``future``."""
        text = self.row.values[column]
        value = known_date(text) or parse_date(text, self.cell(column), required=required)
        if value is not None and not future and value > self.today:
            raise self.cell(column).error(
                f"{value:%d/%m/%Y} is in the future", value=self.row.values[column]
            )
        return value

    def datetime(self, column: str, *, required: bool = False) -> dt.datetime | None:
        """A dd/mm/YYYY HH:MM local time; a time after the end of the import day is refused."""
        value = parse_datetime(self.row.values[column], self.cell(column), required=required)
        if value is not None and value.date() > self.today:
            raise self.error(column, f"{value:%d/%m/%Y %H:%M} is in the future")
        return value

    def required_date(self, column: str, *, future: bool = False) -> dt.date:
        value = self.date(column, required=True, future=future)
        assert value is not None
        return value

    def ref(self, column: str, *, required: bool = True, max_length: int = REF_LENGTH) -> str:
        """An identifier (a child's, a carer's, an application's): no spaces inside."""
        text = self.row.values[column]
        if len(text) <= max_length and PLAIN_REFERENCE.fullmatch(text):
            return text  # the usual case, checked at once; anything else is explained below
        value = parse_text(
            self.row.values[column], self.cell(column), required=required, max_length=max_length
        )
        if value is not None and WHITESPACE.search(value):
            raise self.cell(column).error("a reference must not contain spaces", value=value)
        return value or ""

    def optional_ref(self, column: str, *, max_length: int = REF_LENGTH) -> str | None:
        return self.ref(column, required=False, max_length=max_length) or None

    def child(self, column: str = "CHILD") -> str:
        return self.ref(column, max_length=CHILD_REF_LENGTH)

    def text(self, column: str, *, max_length: int = MAX_DETAIL) -> str | None:
        return parse_text(
            self.row.values[column], self.cell(column), required=False, max_length=max_length
        )

    def choice(self, column: str, choices: tuple[str, ...], *, required: bool = True) -> str | None:
        text = self.row.values[column]
        if text in choices and text == text.lower():
            return text  # as parse_choice would give it
        return parse_choice(text, self.cell(column), choices, required=required)

    def yes_no(self, column: str, *, required: bool = False) -> bool | None:
        value = self.choice(column, YES_NO, required=required)
        return None if value is None else value == "yes"

    def whole(
        self, column: str, *, required: bool = False, minimum: int = 0, maximum: int = 10_000
    ) -> int | None:
        return parse_int(
            self.row.values[column],
            self.cell(column),
            required=required,
            minimum=minimum,
            maximum=maximum,
        )

    def not_before(
        self, later: str, later_value: dt.date | None, earlier: str, earlier_value: dt.date | None
    ) -> None:
        """Refuse ``later`` if it is before ``earlier`` (both given)."""
        if later_value is not None and earlier_value is not None and later_value < earlier_value:
            raise self.error(
                later, f"{later_value:%d/%m/%Y} is before {earlier} ({earlier_value:%d/%m/%Y})"
            )


@dataclass(frozen=True)
class TableFile:
    """One of a plugin's documented files.

    ``read_row`` turns a row into a dict of values; ``unique`` names the values that
    identify a row (a second row with the same ones is refused); ``write`` stores the
    rows given the import batch's id. The file speaks for the days from its earliest
    ``dated`` value to its latest, or to the import day when ``current`` (a list of
    what is open now, where a blank end date means "still open").
    """

    kind: str
    name: str
    description: str
    columns: tuple[str, ...]
    read_row: Callable[[RowFields], dict[str, Any]]
    write: Callable[[Connection, Rows, int], None]
    unique: tuple[str, ...]
    dated: tuple[str, ...] = ()
    current: bool = False
    may_be_empty: bool = False
    unique_label: str = "same key"
    # Checks across rows (e.g. rows of one exemption agree); raises a located InputError.
    check_rows: Callable[[str, Sequence[tuple[int, Mapping[str, Any]]]], None] | None = None
    # The tables ``write`` stores rows in, when it is not a ``rows_writer`` (which says).
    tables: tuple[Table, ...] = ()
    # Each file adds to what earlier ones gave (deviations recorded elsewhere), rather
    # than a newer file replacing an earlier one (see ``scrutiny.importing.supersede``).
    adds_only: bool = False

    def stored_in(self) -> tuple[Table, ...]:
        table = getattr(self.write, "table", None)
        return (table,) if isinstance(table, Table) else self.tables


@dataclass(frozen=True)
class _Read:
    spec: TableFile
    rows: list[dict[str, Any]]
    label: str
    layout: str  # "CSV", or the workbook's sheet

    @cached_property
    def dates(self) -> tuple[dt.date, dt.date] | None:
        """The earliest and latest of the rows' ``dated`` values (None: there are none)."""
        found = [r[k] for r in self.rows for k in self.spec.dated if r[k] is not None]
        return (min(found), max(found)) if found else None


class TableFileImporter:
    """An importer for a set of :class:`TableFile` (see the module's docstring)."""

    def __init__(self, name: str, title: str, files: Sequence[TableFile]) -> None:
        self.name = name
        self.title = title
        self.files = tuple(files)
        self._by_columns = {frozenset(f.columns): f for f in self.files}
        if len(self._by_columns) != len(self.files):
            raise ValueError(f"{name}: two files have the same columns")

    def formats(self) -> Sequence[tuple[str, tuple[str, ...]]]:
        return [(f.description, f.columns) for f in self.files]

    def claims(self, source: SourceFile) -> bool:
        if source.format == "xlsx":
            try:
                headers = workbook_of(source).headers
            except InputError:
                return False
            return bool(headers) and all(frozenset(h) in self._by_columns for _, h in headers)
        header = source.csv_header
        return header is not None and frozenset(header) in self._by_columns

    def prepare(
        self, sources: Sequence[SourceFile], options: ImportOptions
    ) -> Sequence[PreparedFile]:
        return [self._prepare(source, options) for source in sources]

    def _prepare(self, source: SourceFile, options: ImportOptions) -> PreparedFile:
        reads: list[_Read] = []
        if source.format == "xlsx":
            for sheet in workbook_of(source).sheets:
                spec = self._by_columns[frozenset(sheet.header)]
                label = sheet.label(source.name)
                if any(r.spec is spec for r in reads):
                    raise InputError(f"a second sheet holds {spec.description}", file=label)
                rows = skip_description_row(spec, sheet_rows(sheet, source.name, spec.columns))
                with options.progress(f"Reading {label}", len(sheet.rows)) as advance:
                    read = _read(spec, rows, label, options.today, advance)
                reads.append(_Read(spec, read, label, f"XLSX sheet {sheet.title}"))
        else:
            header = source.csv_header
            assert header is not None
            spec = self._by_columns[frozenset(header)]
            rows = read_csv_rows(source, spec.columns)
            with options.progress(f"Reading {source.name}", source.data.count(b"\n")) as advance:
                read = _read(spec, rows, source.name, options.today, advance)
            reads.append(_Read(spec, read, source.name, "CSV"))
        batches = [_batch(r, options.today) for r in reads]

        def write(conn: Connection, batch_ids: Mapping[str, int]) -> None:
            for read in reads:
                read.spec.write(conn, read.rows, batch_ids[read.spec.kind])

        summary = "; ".join(_said(r) for r in reads)
        return PreparedFile(source, summary, batches, write)


def _said(read: _Read) -> str:
    """What was read from one file or sheet: its kind, layout, rows and dates."""
    said = f"{read.spec.description}, {read.layout}: {counted(len(read.rows), 'row')}"
    if read.dates is not None:
        first, last = read.dates
        said += f" dated {first:%d/%m/%Y}" + (f" to {last:%d/%m/%Y}" if last != first else "")
    return said


def _read(
    spec: TableFile,
    rows: Iterable[Row],
    label: str,
    today: dt.date,
    advance: Callable[[int], None] = lambda _count: None,
) -> list[dict[str, Any]]:
    """Every row read; every bad row reported (up to a limit), not just the first."""
    read: list[dict[str, Any]] = []
    numbers: list[int] = []
    seen: dict[Any, int] = {}
    key_of = itemgetter(*spec.unique) if spec.unique else lambda _values: ()

    def one(row: Row) -> None:
        advance(1)
        values = spec.read_row(RowFields(label, row, today))
        key = key_of(values)
        if key in seen:
            raise InputError(
                f"repeats row {seen[key]} ({spec.unique_label})", file=label, row=row.number
            )
        seen[key] = row.number
        read.append(values)
        numbers.append(row.number)

    try:
        for _ in collect(rows, one):
            pass
    except InputErrors as problems:
        if len(problems.problems) == 1:
            raise problems.problems[0] from None
        raise
    if not read and not spec.may_be_empty:
        raise InputError("has a header but no rows", file=label)
    if spec.check_rows is not None:
        spec.check_rows(label, list(zip(numbers, read, strict=True)))
    return read


def skip_description_row(spec: TableFile, rows: Iterator[Row]) -> Iterator[Row]:
    """Rows of a sheet, without the description row a ``scrutiny template`` puts first."""
    from scrutiny.importing.templates import is_description_row

    first = next(rows, None)
    if first is None:
        return
    if not is_description_row(spec, first):
        yield first
    yield from rows


def _batch(read: _Read, today: dt.date) -> BatchSpec:
    spec, dates = read.spec, read.dates
    covers_to = today if spec.current else (dates[1] if dates else None)
    return BatchSpec(
        kind=spec.kind,
        row_count=len(read.rows),
        covers_from=dates[0] if dates else None,
        covers_to=covers_to,
        replaces=None if spec.adds_only else spec.stored_in(),
    )
