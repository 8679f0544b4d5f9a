"""``scrutiny import``: recognise each file, validate all of them, then write each whole."""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from scrutiny.db.base import utcnow
from scrutiny.db.engine import writer
from scrutiny.importing.contract import Importer, ImportOptions, PreparedFile
from scrutiny.importing.errors import InputError, InputErrors
from scrutiny.importing.source import SourceFile
from scrutiny.importing.supersede import Replaced, supersede
from scrutiny.importing.workbook import workbook_of
from scrutiny.models.imports import ImportBatch


@dataclass(frozen=True)
class ImportResult:
    file: str
    summary: str
    batch_ids: dict[str, int]
    skipped: bool = False  # already imported, and the user asked to skip such files


def import_paths(
    engine: Engine,
    paths: Sequence[Path],
    importers: Sequence[Importer],
    options: ImportOptions,
) -> list[ImportResult]:
    """Import every file, or stop at the first bad one having written nothing.

    Every file is read and validated before any is written, so a bad file in a set
    leaves the database exactly as it was. Each file is then written in its own
    transaction: whole or not at all. A file imported before is refused, unless
    ``options.skip_imported``: then it is skipped (and reported), so an import of a
    folder that was interrupted can be run again to import the rest.
    """
    sources = _read_all(paths)
    prepared = _prepare_all(sources, importers, options)
    earlier = _earlier_imports(engine, prepared)
    if earlier and not options.skip_imported:
        number, previous = next(iter(earlier.items()))
        hint = (
            "give --skip-imported to import only the files not yet imported"
            " (after an import was interrupted)"
            if len(prepared) > 1
            else "nothing was imported again"
        )
        raise InputError(
            f"was already imported ({previous}); {hint}", file=prepared[number].source.name
        )
    return [
        ImportResult(item.source.name, f"already imported ({earlier[number]}); skipped", {}, True)
        if number in earlier
        else _write(engine, item)
        for number, item in enumerate(prepared)
    ]


def _read_all(paths: Sequence[Path]) -> list[SourceFile]:
    return [SourceFile.read(path) for path in paths]


def _prepare_all(
    sources: Sequence[SourceFile], importers: Sequence[Importer], options: ImportOptions
) -> list[PreparedFile]:
    groups: dict[str, list[SourceFile]] = {}
    by_name = {importer.name: importer for importer in importers}
    for source in sources:
        owner = next((i for i in importers if i.claims(source)), None)
        if owner is None:
            raise InputError(_unrecognised(source, importers), file=source.name)
        groups.setdefault(owner.name, []).append(source)
    prepared: list[PreparedFile] = []
    problems: list[InputError] = []
    for name, group in groups.items():
        try:
            prepared.extend(by_name[name].prepare(group, options))
        except InputError as exc:  # go on, so that every file's problems are reported
            problems.extend(exc.problems)
    if problems:
        raise InputErrors(problems)
    order = {source.sha256: index for index, source in enumerate(sources)}
    return sorted(prepared, key=lambda p: order[p.source.sha256])


def _unrecognised(source: SourceFile, importers: Sequence[Importer]) -> str:
    if source.format == "unknown":
        if source.data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "is UTF-16 text, which Scrutiny does not read; save it as CSV UTF-8"
        return "is not a CSV, XML or XLSX file Scrutiny can read (empty, or binary)"
    if source.format == "xlsx":
        try:
            _ = workbook_of(source).headers
        except InputError as exc:  # damaged, not merely someone else's: say so
            return exc.message
    header = source.csv_header
    if header is None:
        article = "an" if source.format in ("xml", "xlsx") else "a"
        return f"is {article} {source.format.upper()} file that no importer recognises"
    best: tuple[int, str, tuple[str, ...]] | None = None
    for importer in importers:
        for description, columns in importer.formats():
            if not columns:
                continue
            overlap = len(set(columns) & set(header))
            if best is None or overlap > best[0]:
                best = (overlap, description, columns)
    if best is None or best[0] == 0:
        return f"has columns ({', '.join(header)}) that match no file Scrutiny reads"
    _, description, columns = best
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    detail = []
    if missing:
        detail.append(f"missing {', '.join(missing)}")
    if extra:
        detail.append(f"unexpected {', '.join(extra)}")
    return f"looks like {description} but its columns differ ({'; '.join(detail)})"


def _earlier_imports(engine: Engine, prepared: Sequence[PreparedFile]) -> dict[int, str]:
    """The files already imported (the same content for the same kind of data and
    collection year), by their place in ``prepared``, each with what was imported then;
    refuses a file given twice.

    The year matters: a return's Header file can be byte-for-byte the same in two
    years, and each year's import says something different (what held that year).
    """
    given: dict[tuple[str, str, str | None], str] = {}
    found: dict[int, str] = {}
    with engine.connect() as conn:
        for number, item in enumerate(prepared):
            for batch in item.batches:
                key = (batch.kind, item.source.sha256, batch.collection_year)
                if key in given:
                    raise InputError(
                        f"has the same content as {given[key]}, given in the same import",
                        file=item.source.name,
                    )
                given[key] = item.source.name
                year = ImportBatch.collection_year
                earlier = conn.execute(
                    select(ImportBatch.id, ImportBatch.imported_at, ImportBatch.source_name)
                    .where(ImportBatch.kind == batch.kind)
                    .where(ImportBatch.sha256 == item.source.sha256)
                    .where(
                        year.is_(None)
                        if batch.collection_year is None
                        else year == batch.collection_year
                    )
                ).first()
                if earlier is not None and number not in found:
                    when = earlier.imported_at.strftime("%d %b %Y %H:%M UTC")
                    found[number] = f"as {earlier.source_name}, batch {earlier.id}, on {when}"
    return found


def _write(engine: Engine, item: PreparedFile) -> ImportResult:
    try:
        with writer(engine) as conn:
            batch_ids: dict[str, int] = {}
            for batch in item.batches:
                batch_ids[batch.kind] = conn.execute(
                    ImportBatch.__table__.insert().returning(ImportBatch.id),  # type: ignore[attr-defined]
                    {
                        "kind": batch.kind,
                        "source_name": item.source.name[:255],
                        "sha256": item.source.sha256,
                        "row_count": batch.row_count,
                        "collection_year": batch.collection_year,
                        "covers_from": batch.covers_from,
                        "covers_to": batch.covers_to,
                        "report": dict(batch.report) if batch.report is not None else None,
                        "imported_at": utcnow(),
                    },
                ).scalar_one()
            item.write(conn, batch_ids)
            replaced = Replaced.combined(
                supersede(conn, batch, batch_ids[batch.kind]) for batch in item.batches
            )
    except InputError as exc:
        raise exc.located(file=item.source.name) from None
    except SQLAlchemyError as exc:
        raise InputError(
            f"could not be stored ({type(getattr(exc, 'orig', None) or exc).__name__});"
            " nothing from it was imported",
            file=item.source.name,
        ) from exc
    summary = item.summary if replaced is None else f"{item.summary}; {replaced.describe()}"
    return ImportResult(item.source.name, summary, batch_ids)


def default_paths(paths: Sequence[str]) -> list[Path]:
    """Expand directories to the files in them (sorted), so a return's folder can be given."""
    expanded: list[Path] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            expanded.extend(sorted(p for p in path.iterdir() if p.is_file()))
        else:
            expanded.append(path)
    return expanded
