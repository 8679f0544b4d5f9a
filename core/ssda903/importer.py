"""Importing the SSDA903 return, as CSV files or one XML file, from any supported year.

Each file is read as one collection year. The year comes from ``--year`` if given,
else from the latest event date among the files in the same folder (a return's files
travel together); files with no event dates of their own (Header, OC2, OC3 …) take
their folder's year. Codes are checked against that year's code set.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from scrutiny.importing.contract import Advance, BatchSpec, ImportOptions, PreparedFile
from scrutiny.importing.errors import InputError, InputErrors, collect
from scrutiny.importing.fields import Cell, parse_code, parse_date, parse_int, parse_text
from scrutiny.importing.source import SourceFile
from scrutiny.importing.tabular import read_csv_rows
from scrutiny.importing.upsert import child_ids, upsert
from scrutiny.importing.wording import counted
from scrutiny.ssda903.codesets import CodeSet, code_sets, collection_year_of, year_bounds
from scrutiny.ssda903.tables import BY_COLUMNS, TABLES, Field, Kind, TableSpec
from scrutiny.ssda903.xml_reader import XmlTables, is_ssda903_xml, read_xml

RawRows = list[tuple[int, dict[str, str]]]


@dataclass
class _Parsed:
    """One table's rows from one file, before a year is settled."""

    source: SourceFile
    spec: TableSpec
    raw: RawRows
    row_label: str
    latest_event: dt.date | None
    not_read: Mapping[str, int] = field(default_factory=dict)  # XML elements not understood


class Ssda903Importer:
    name = "ssda903"
    title = "SSDA903 children looked after return"

    def formats(self) -> Sequence[tuple[str, tuple[str, ...]]]:
        listed = [(f"the SSDA903 {spec.name} table", spec.columns) for spec in TABLES]
        return [*listed, ("the SSDA903 XML return (root EXPSSDA903)", ())]

    def claims(self, source: SourceFile) -> bool:
        if is_ssda903_xml(source):
            return True
        header = source.csv_header
        return header is not None and frozenset(header) in BY_COLUMNS

    def prepare(
        self, sources: Iterable[SourceFile], options: ImportOptions
    ) -> Sequence[PreparedFile]:
        parsed_by_source: dict[SourceFile, list[_Parsed]] = {}
        unreadable: list[InputError] = []
        for source in sources:
            children = source.data.count(b"<CHILD>") if source.format == "xml" else 0
            try:
                with options.progress(f"Reading {source.name}", children) as advance:
                    parsed_by_source[source] = _read_source(source, advance)
            except InputError as exc:  # go on: every file's problems are reported
                unreadable.extend(exc.problems)
        if unreadable:
            raise InputErrors(unreadable)
        years = _settle_years(parsed_by_source, options)
        dobs = _dates_of_birth(parsed_by_source, options.today)
        prepared = []
        problems: list[InputError] = []
        for source, parts in parsed_by_source.items():
            year = years[source]
            try:
                prepared.append(_prepare_file(source, parts, code_sets()[year], options, dobs))
            except InputError as exc:  # go on: every file's problems are reported
                problems.extend(exc.problems)
        if problems:
            raise InputErrors(problems)
        return prepared


def _read_source(source: SourceFile, advance: Advance) -> list[_Parsed]:
    if source.format == "xml":
        tables: XmlTables = read_xml(source, advance)
        if not tables.rows:
            raise InputError("holds no CHILD records", file=source.name)
        return [
            _Parsed(
                source,
                spec,
                tables.rows[spec.name],
                "CHILD element",
                _latest_event(source, spec, tables.rows[spec.name], "CHILD element"),
                tables.ignored,
            )
            for spec in TABLES
            if spec.name in tables.rows
        ]
    header = source.csv_header
    assert header is not None
    spec = BY_COLUMNS[frozenset(header)]
    raw = [(row.number, row.values) for row in read_csv_rows(source, spec.columns)]
    return [_Parsed(source, spec, raw, "row", _latest_event(source, spec, raw, "row"))]


def _latest_event(source: SourceFile, spec: TableSpec, raw: RawRows, label: str) -> dt.date | None:
    """The latest event date, to tell the collection year. A date that cannot be read is
    passed over here: validation reports it, with every other problem in the file."""
    latest: dt.date | None = None
    for number, values in raw:
        for column in spec.event_dates:
            cell = Cell(source.name, number, column, label)
            try:
                day = parse_date(values.get(column, ""), cell, required=False)
            except InputError:
                continue
            if day is not None and (latest is None or day > latest):
                latest = day
    return latest


def _dates_of_birth(
    parsed: Mapping[SourceFile, list[_Parsed]], today: dt.date
) -> dict[str, dt.date]:
    """Each child's date of birth from the Header rows being imported, for tables (such as
    Episodes) that do not repeat it. One that is unreadable or in the future is left out,
    so the Header's own problem is reported, not every date "before" it."""
    dobs: dict[str, dt.date] = {}
    for parts in parsed.values():
        for part in parts:
            if not part.spec.is_header:
                continue
            for number, values in part.raw:
                cell = Cell(part.source.name, number, "DOB", part.row_label)
                try:
                    day = parse_date(values.get("DOB", ""), cell, required=False)
                except InputError:  # reported by validation, with the file's other problems
                    continue
                if day is not None and day <= today:
                    dobs[values.get("CHILD", "")] = day
    return dobs


def _settle_years(
    parsed: Mapping[SourceFile, list[_Parsed]], options: ImportOptions
) -> dict[SourceFile, str]:
    supported = code_sets()
    if options.collection_year is not None:
        if options.collection_year not in supported:
            raise InputError(
                f"--year {options.collection_year} is not a collection year Scrutiny reads"
                f" ({', '.join(supported)})"
            )
        return dict.fromkeys(parsed, options.collection_year)
    by_folder: dict[Path, list[SourceFile]] = defaultdict(list)
    for source in parsed:
        by_folder[source.path.resolve().parent].append(source)
    years: dict[SourceFile, str] = {}
    for sources in by_folder.values():
        latest = [p.latest_event for s in sources for p in parsed[s] if p.latest_event]
        if not latest:
            names = ", ".join(s.name for s in sources)
            raise InputError(
                f"{names}: no event dates to tell which collection year these files are from;"
                " give --year (e.g. --year 2023-24) or import them with their Episodes file"
            )
        year = collection_year_of(max(latest))
        if year not in supported:
            raise InputError(
                f"reads as collection year {year}, which Scrutiny does not read"
                f" (it reads {', '.join(supported)}); give --year to override",
                file=sources[0].name,
            )
        years.update(dict.fromkeys(sources, year))
    return years


def _prepare_file(
    source: SourceFile,
    parts: list[_Parsed],
    codes: CodeSet,
    options: ImportOptions,
    dobs: Mapping[str, dt.date],
) -> PreparedFile:
    tables: list[tuple[TableSpec, list[dict[str, Any]]]] = []
    batches: list[BatchSpec] = []
    starts, ends = year_bounds(codes.year)
    latest = max((p.latest_event for p in parts if p.latest_event), default=None)
    in_year = ends >= options.today
    covers_to = min(latest or ends, ends) if in_year else ends
    problems: list[InputError] = []
    with options.progress(f"Checking {source.name}", sum(len(p.raw) for p in parts)) as advance:
        for part in parts:
            if part.spec.first_year > codes.year:
                raise InputError(
                    f"holds the {part.spec.name} table, collected only from"
                    f" {part.spec.first_year}, but reads as {codes.year}",
                    file=source.name,
                )
            try:
                rows = _validate(part, codes, options.today, dobs, advance)
            except InputError as exc:  # go on: every table's problems are reported
                problems.extend(exc.problems)
                continue
            tables.append((part.spec, rows))
            dated = bool(part.spec.event_dates) or part.spec.is_header
            batches.append(
                BatchSpec(
                    kind=part.spec.kind,
                    row_count=len(rows),
                    collection_year=codes.year,
                    covers_from=starts if dated else None,
                    covers_to=covers_to if dated else None,
                    # the Header is the children's register, which no file replaces
                    replaces=() if part.spec.is_header else (part.spec.table,),
                )
            )
    if problems:
        raise InputErrors(problems)
    counts = ", ".join(f"{spec.name} {counted(len(rows), 'row')}" for spec, rows in tables)
    summary = f"SSDA903 {codes.year}, {source.format.upper()} ({counts})"
    not_read = parts[0].not_read if parts else {}
    if not_read:
        # Never silently: say what was in the file and was not imported.
        elements = ", ".join(f"{count:,} <{tag}>" for tag, count in sorted(not_read.items()))
        summary += f"; not read (not a table Scrutiny knows in XML): {elements}"

    def write(conn: Connection, batch_ids: Mapping[str, int]) -> None:
        for spec, rows in tables:
            _write_table(conn, spec, rows, batch_ids[spec.kind], codes.year)

    return PreparedFile(source=source, summary=summary, batches=batches, write=write)


def _validate(
    part: _Parsed,
    codes: CodeSet,
    today: dt.date,
    dobs: Mapping[str, dt.date],
    advance: Advance,
) -> list[dict[str, Any]]:
    spec = part.spec
    stored = {c.name for c in spec.table.columns}
    first_seen: dict[tuple[Any, ...], int] = {}

    def one(item: tuple[int, Mapping[str, str]]) -> dict[str, Any]:
        number, values = item
        row: dict[str, Any] = {}
        for fld in spec.fields:
            cell = Cell(part.source.name, number, fld.column, part.row_label)
            value = _parse(fld, values.get(fld.column, ""), cell, codes)
            attribute = "child_ref" if fld.kind is Kind.CHILD else fld.attribute
            if attribute in stored or fld.kind is Kind.CHILD:
                row[attribute] = value
            elif fld.column == "DOB":
                row["_dob"] = value
        where = Cell(part.source.name, number, "", part.row_label)
        _check_row(spec, row, where, today, dobs.get(row["child_ref"]))
        key = tuple(
            row.get("child_ref" if k == "child_id" else k)
            for k in spec.key
            if k != "collection_year"
        )
        if key in first_seen:
            raise InputError(
                f"repeats {spec.name} {part.row_label} {first_seen[key]} (same "
                f"{', '.join(_key_columns(spec))})",
                file=part.source.name,
                row=number,
                row_label=part.row_label,
            )
        first_seen[key] = number
        advance(1)
        return row

    # every bad row is reported (up to a limit), not just the first
    return list(collect(part.raw, one))


def _key_columns(spec: TableSpec) -> list[str]:
    """The columns of the file that make up the table's natural key."""
    return [
        "CHILD" if k in ("child_id", "child_ref") else k.upper()
        for k in spec.key
        if k != "collection_year"
    ]


def _parse(fld: Field, value: str, cell: Cell, codes: CodeSet) -> Any:
    if fld.kind is Kind.CHILD:
        return parse_text(value, cell, required=True, max_length=fld.max_length)
    if fld.kind is Kind.DATE:
        return parse_date(value, cell, required=fld.required)
    if fld.kind is Kind.CODE:
        allowed = codes.codes(fld.column)
        if not allowed:
            raise cell.error(f"has no code set for {codes.year}")
        return parse_code(value, cell, allowed, required=fld.required, year=codes.year)
    if fld.kind is Kind.INT:
        return parse_int(
            value, cell, required=fld.required, minimum=fld.minimum, maximum=fld.maximum
        )
    return parse_text(value, cell, required=fld.required, max_length=fld.max_length)


def _check_row(
    spec: TableSpec,
    row: dict[str, Any],
    where: Cell,
    today: dt.date,
    header_dob: dt.date | None,
) -> None:
    """Checks across the fields of one row: impossible orders of dates. The date of birth
    is the row's own, else the one the Header being imported gives the child."""
    dob = row.pop("_dob", None) or row.get("dob") or header_dob

    def fail(column: str, message: str) -> InputError:
        return InputError(
            message, file=where.file, row=where.row, column=column, row_label=where.row_label
        )

    for fld in spec.fields:
        if fld.kind is not Kind.DATE or fld.column in ("DOB", "MC_DOB"):
            continue
        day = row.get(fld.attribute)
        if day is None:
            continue
        if day > today:
            raise fail(fld.column, f"{day:%d/%m/%Y} is in the future")
        if dob is not None and day < dob:
            raise fail(fld.column, f"{day:%d/%m/%Y} is before the date of birth {dob:%d/%m/%Y}")
    if spec.is_header and row.get("dob") and row["dob"] > today:
        raise fail("DOB", f"{row['dob']:%d/%m/%Y} is in the future")
    pairs = {
        "Episodes": ("DECOM", "DEC"),
        "Missing": ("MIS_START", "MIS_END"),
        "SWEpisodes": ("SW_DECOM", "SW_DEC"),
        "DoLo": ("DOLO_START", "DOLO_END"),
        "PlacedAdoption": ("DATE_PLACED", "DATE_PLACED_CEASED"),
    }
    if spec.name in pairs:
        start, end = pairs[spec.name]
        if row.get(end.lower()) and row[end.lower()] < row[start.lower()]:
            raise fail(
                end, f"{row[end.lower()]:%d/%m/%Y} is before {start} {row[start.lower()]:%d/%m/%Y}"
            )
    if spec.name == "Episodes" and bool(row.get("dec")) != bool(row.get("rec")):
        missing = "REC" if row.get("dec") else "DEC"
        raise fail(missing, "DEC and REC must both be given (episode ended) or both be blank")


def _write_table(
    conn: Connection, spec: TableSpec, rows: list[dict[str, Any]], batch_id: int, year: str
) -> None:
    if spec.is_header:
        upsert(
            conn, spec.table, [{**r, "import_batch_id": batch_id} for r in rows], key=("child_ref",)
        )
        return
    ids = child_ids(conn, {r["child_ref"] for r in rows}, batch_id)
    stored: list[dict[str, Any]] = []
    for row in rows:
        values = {k: v for k, v in row.items() if k != "child_ref"}
        values["child_id"] = ids[row["child_ref"]]
        values["import_batch_id"] = batch_id
        if spec.per_year:
            values["collection_year"] = year
        stored.append(values)
    upsert(conn, spec.table, stored, key=spec.key)
