"""Importers for a plugin's own documented files: CSV, or the same tables as XLSX sheets.

A plugin describes each file once, as a :class:`TableFile` (its columns, how to read
a row, how to write the rows) and gets an importer that:

- recognises a CSV by its header, and an XLSX workbook by its sheets' headers (each
  sheet is one of the plugin's files; the sheet's title does not matter);
- reads every row through :class:`RowFields`, so each bad value is reported with its
  file (and sheet), row and column;
- refuses a row that repeats another's key, and a file with a header but no rows
  unless "none" is a real answer for that file;
- writes all of a file (all sheets of a workbook) in the import's transaction, or
  nothing: the rows go to the database in chunks as they are read, so a file's rows
  are never all held in memory, and a bad row anywhere rolls the whole import back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table

from scrutiny.importing import aside
from scrutiny.importing.aside import Aside, can_read_aside
from scrutiny.importing.contract import BatchSpec, ImportOptions, PreparedFile, Written
from scrutiny.importing.errors import MAX_REPORTED, InputError, InputErrors, collect
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
from scrutiny.importing.workbook import Sheet, sheet_rows, workbook_of
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


CHUNK_ROWS = 20_000
"""Rows read before they are written: a file's rows are never all held at once."""

RowSource = Callable[[], Iterator[Row]]
"""The rows of a file or sheet, read afresh each time it is called."""


class _Reading:
    """One file or sheet read row by row and written in chunks as it is read.

    What is kept of the rows already written is bounded: their count, the earliest and
    latest of their ``dated`` values, and a hash of each row's key. A repeated hash is
    settled by reading the file once more (a repeated key is an error, so that second
    read happens only for a file that is refused, or on a true hash collision).
    """

    def __init__(
        self, spec: TableFile, rows: RowSource, label: str, layout: str, today: dt.date
    ) -> None:
        self.spec = spec
        self.rows = rows
        self.label = label
        self.layout = layout
        self.today = today
        self.count = 0
        self.dates: tuple[dt.date, dt.date] | None = None
        self._key_of = itemgetter(*spec.unique) if spec.unique else None
        self._hashes: set[int] = set()
        self._hash_repeats: list[tuple[int, Any]] = []  # (row number, key)
        self._numbered: list[tuple[int, Mapping[str, Any]]] = []  # only for check_rows

    def chunks(self, advance: Callable[[int], None]) -> Iterator[list[dict[str, Any]]]:
        """The rows, in chunks of at most ``CHUNK_ROWS``; every bad row is reported
        (up to a limit) when the file has been read, not just the first."""
        chunk: list[dict[str, Any]] = []

        def one(row: Row) -> None:
            advance(1)
            values = self.spec.read_row(RowFields(self.label, row, self.today))
            self._note(row.number, values)
            chunk.append(values)

        problems: list[InputError] = []
        try:
            for _ in collect(self.rows(), one):
                if len(chunk) >= CHUNK_ROWS:
                    yield chunk
                    chunk = []
        except InputErrors as found:
            problems.extend(found.problems)
        if len(problems) < MAX_REPORTED:
            problems.extend(self._repeated_keys())
        if problems:
            problems.sort(key=lambda p: p.row or 0)
            if len(problems) == 1:
                raise problems[0]
            raise InputErrors(problems)
        if chunk:
            yield chunk
        if not self.count and not self.spec.may_be_empty:
            raise InputError("has a header but no rows", file=self.label)
        if self.spec.check_rows is not None:
            self.spec.check_rows(self.label, self._numbered)

    def read(
        self, advance: Callable[[int], None], *, aside: bool
    ) -> Iterator[list[dict[str, Any]]]:
        """:meth:`chunks`, read in a forked process (:mod:`scrutiny.importing.aside`)
        while the caller stores each chunk, if ``aside`` and a process can be forked."""
        if not (aside and can_read_aside()):
            yield from self.chunks(advance)
            return
        reading = Aside(self._chunks_then_what_was_read, self.label)
        for chunk in reading:
            advance(len(chunk))
            yield chunk
        self.count, self.dates = reading.result

    def _chunks_then_what_was_read(
        self,
    ) -> Generator[list[dict[str, Any]], None, tuple[int, tuple[dt.date, dt.date] | None]]:
        """In the reading process: the chunks, then what :meth:`said` and :meth:`batch` need."""
        yield from self.chunks(lambda _count: None)
        return self.count, self.dates

    def _note(self, number: int, values: dict[str, Any]) -> None:
        self.count += 1
        if self._key_of is not None:
            key = self._key_of(values)
            hashed = hash(key)
            if hashed in self._hashes:
                self._hash_repeats.append((number, key))
            else:
                self._hashes.add(hashed)
        for column in self.spec.dated:
            day = values[column]
            if day is None:
                continue
            if self.dates is None:
                self.dates = (day, day)
            elif day < self.dates[0]:
                self.dates = (day, self.dates[1])
            elif day > self.dates[1]:
                self.dates = (self.dates[0], day)
        if self.spec.check_rows is not None:
            self._numbered.append((number, values))

    def _repeated_keys(self) -> list[InputError]:
        """Each row whose key an earlier row had, found by reading the file again for
        the keys whose hashes repeated."""
        if not self._hash_repeats or self._key_of is None:
            return []
        wanted = {key for _, key in self._hash_repeats}
        first: dict[Any, int] = {}
        for row in self.rows():
            try:
                key = self._key_of(self.spec.read_row(RowFields(self.label, row, self.today)))
            except InputError:
                continue  # reported already
            if key in wanted:
                first.setdefault(key, row.number)
        return [
            InputError(
                f"repeats row {first[key]} ({self.spec.unique_label})", file=self.label, row=number
            )
            for number, key in self._hash_repeats
            if first.get(key, number) < number
        ][:MAX_REPORTED]

    @property
    def said(self) -> str:
        """What was read: its kind, layout, rows and dates."""
        said = f"{self.spec.description}, {self.layout}: {counted(self.count, 'row')}"
        if self.dates is not None:
            first, last = self.dates
            said += f" dated {first:%d/%m/%Y}" + (f" to {last:%d/%m/%Y}" if last != first else "")
        return said

    def batch(self) -> BatchSpec:
        spec, dates = self.spec, self.dates
        covers_to = self.today if spec.current else (dates[1] if dates else None)
        return BatchSpec(
            kind=spec.kind,
            row_count=self.count,
            covers_from=dates[0] if dates else None,
            covers_to=covers_to,
            replaces=None if spec.adds_only else spec.stored_in(),
        )


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
        self, sources: Iterable[SourceFile], options: ImportOptions
    ) -> Iterator[PreparedFile]:
        for source in sources:  # one at a time: each file stands alone
            yield self._prepare(source, options)

    def _prepare(self, source: SourceFile, options: ImportOptions) -> PreparedFile:
        """The file's sheets (or its CSV) recognised; the rows are read as it is written."""
        readings: list[tuple[_Reading, int]] = []  # with the rows expected, for progress
        if source.format == "xlsx":
            for sheet in workbook_of(source).sheets:
                spec = self._by_columns[frozenset(sheet.header)]
                label = sheet.label(source.name)
                if any(r.spec is spec for r, _ in readings):
                    raise InputError(f"a second sheet holds {spec.description}", file=label)

                def rows(spec: TableFile = spec, sheet: Sheet = sheet) -> Iterator[Row]:
                    return skip_description_row(spec, sheet_rows(sheet, source.name, spec.columns))

                reading = _Reading(spec, rows, label, f"XLSX sheet {sheet.title}", options.today)
                readings.append((reading, len(sheet.rows)))
        else:
            header = source.csv_header
            assert header is not None
            spec = self._by_columns[frozenset(header)]

            def csv_rows(spec: TableFile = spec) -> Iterator[Row]:
                return read_csv_rows(source, spec.columns)

            reading = _Reading(spec, csv_rows, source.name, "CSV", options.today)
            readings.append((reading, source.data.count(b"\n")))

        def write(conn: Connection, batch_ids: Mapping[str, int]) -> Written:
            for reading, expected in readings:
                batch_id = batch_ids[reading.spec.kind]
                with options.progress(f"Reading {reading.label}", expected) as advance:
                    for chunk in reading.read(advance, aside=expected >= aside.ASIDE_FROM_ROWS):
                        reading.spec.write(conn, chunk, batch_id)
            return Written("; ".join(r.said for r, _ in readings), [r.batch() for r, _ in readings])

        provisional = [
            BatchSpec(kind=r.spec.kind, row_count=0, replaces=r.batch().replaces)
            for r, _ in readings
        ]
        return PreparedFile(source, f"{len(readings)} table(s)", provisional, write)


def skip_description_row(spec: TableFile, rows: Iterator[Row]) -> Iterator[Row]:
    """Rows of a sheet, without the description row a ``scrutiny template`` puts first."""
    from scrutiny.importing.templates import is_description_row

    first = next(rows, None)
    if first is None:
        return
    if not is_description_row(spec, first):
        yield first
    yield from rows
