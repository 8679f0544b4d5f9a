"""``scrutiny import``: recognise each file, then read, validate and write them all in one
transaction: every file whole, or nothing."""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import SQLAlchemyError

from scrutiny.db.base import utcnow
from scrutiny.db.engine import writer
from scrutiny.importing.contract import BatchSpec, Importer, ImportOptions, PreparedFile
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
    """Import every file, or none of them: the files are written in one transaction,
    so a bad file anywhere in a set leaves the database exactly as it was.

    Each file is recognised first (read, hashed and let go again). Then each importer's
    files are read and written one file at a time, and a large file in chunks as it is
    read, so memory is bounded by a file's chunk, not by the set. After a bad file the
    rest are still read, so that every file's problems are reported, before the whole
    import is rolled back. A file imported before is refused, unless
    ``options.skip_imported``: then it is skipped (and reported), so an import of a
    folder that was stopped part way through can be run again to import the rest.
    """
    claimed = [_claim(path, importers) for path in paths]
    groups: dict[str, list[Path]] = {}
    for path, owner, _ in claimed:
        groups.setdefault(owner.name, []).append(path)
    hashes = {path: sha256 for path, _, sha256 in claimed}
    by_name = {importer.name: importer for importer in importers}
    order = {path: number for number, path in reversed(list(enumerate(paths)))}
    results: dict[int, ImportResult] = {}
    problems: list[InputError] = []
    given: dict[tuple[str, str, str | None], str] = {}
    try:
        with writer(engine) as conn:
            for name, group in groups.items():
                sources = (_read_again(path, hashes[path]) for path in group)
                try:
                    for item in by_name[name].prepare(sources, options):
                        number = order[item.source.path]
                        earlier = _earlier_import(conn, item, given)
                        if earlier is None:
                            results[number] = _write(conn, item, problems)
                        elif options.skip_imported:
                            summary = f"already imported ({earlier}); skipped"
                            results[number] = ImportResult(item.source.name, summary, {}, True)
                        else:
                            hint = (
                                "give --skip-imported to import only the files not yet"
                                " imported (after an import was interrupted)"
                                if len(paths) > 1
                                else "nothing was imported again"
                            )
                            raise _Stop(
                                f"was already imported ({earlier}); {hint}",
                                file=item.source.name,
                            )
                except _Stop:
                    raise
                except InputError as exc:  # go on, so that every file's problems are reported
                    problems.extend(exc.problems)
            if problems:
                raise InputErrors(problems)
    except SQLAlchemyError as exc:
        raise _not_stored(exc, file=None) from exc
    return [results[number] for number in sorted(results)]


class _Stop(InputError):
    """A problem that ends the import at once: a file imported before, one given twice
    or changed while being read, or a database error (the transaction is lost)."""


def _claim(path: Path, importers: Sequence[Importer]) -> tuple[Path, Importer, str]:
    """The file's importer and its content's hash; its bytes are not kept."""
    source = SourceFile.read(path)
    owner = next((i for i in importers if i.claims(source)), None)
    if owner is None:
        raise InputError(_unrecognised(source, importers), file=source.name)
    return path, owner, source.sha256


def _read_again(path: Path, sha256: str) -> SourceFile:
    source = SourceFile.read(path)
    if source.sha256 != sha256:
        raise _Stop("changed while it was being imported; nothing was imported", file=path.name)
    return source


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


def _earlier_import(
    conn: Connection, item: PreparedFile, given: dict[tuple[str, str, str | None], str]
) -> str | None:
    """What was imported before with the same content for the same kind of data and
    collection year (None: nothing); refuses a file given twice in one import.

    The year matters: a return's Header file can be byte-for-byte the same in two
    years, and each year's import says something different (what held that year).
    """
    found: str | None = None
    for batch in item.batches:
        key = (batch.kind, item.source.sha256, batch.collection_year)
        if key in given:
            raise _Stop(
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
                year.is_(None) if batch.collection_year is None else year == batch.collection_year
            )
        ).first()
        if earlier is not None and found is None:
            when = earlier.imported_at.strftime("%d %b %Y %H:%M UTC")
            found = f"as {earlier.source_name}, batch {earlier.id}, on {when}"
    return found


def _write(conn: Connection, item: PreparedFile, problems: list[InputError]) -> ImportResult:
    """One file written within the import's transaction. A bad file's problems are
    added to ``problems`` (the import will be rolled back) and nothing is reported."""
    batch_ids: dict[str, int] = {}
    try:
        for batch in item.batches:
            batch_ids[batch.kind] = conn.execute(
                ImportBatch.__table__.insert().returning(ImportBatch.id),  # type: ignore[attr-defined]
                _batch_values(batch, item) | {"imported_at": utcnow()},
            ).scalar_one()
        written = item.write(conn, batch_ids)
        if problems:
            return ImportResult(item.source.name, "", batch_ids)  # rolled back below
        batches = item.batches if written is None else written.batches
        if written is not None:
            for batch in batches:
                conn.execute(
                    update(ImportBatch)
                    .where(ImportBatch.id == batch_ids[batch.kind])
                    .values(_batch_values(batch, item))
                )
        replaced = Replaced.combined(
            supersede(conn, batch, batch_ids[batch.kind]) for batch in batches
        )
    except InputError as exc:
        problems.extend(exc.located(file=item.source.name).problems)
        return ImportResult(item.source.name, "", batch_ids)
    except SQLAlchemyError as exc:
        raise _not_stored(exc, file=item.source.name) from exc
    summary = item.summary if written is None else written.summary
    if replaced is not None:
        summary = f"{summary}; {replaced.describe()}"
    return ImportResult(item.source.name, summary, batch_ids)


def _batch_values(batch: BatchSpec, item: PreparedFile) -> dict[str, Any]:
    return {
        "kind": batch.kind,
        "source_name": item.source.name[:255],
        "sha256": item.source.sha256,
        "row_count": batch.row_count,
        "collection_year": batch.collection_year,
        "covers_from": batch.covers_from,
        "covers_to": batch.covers_to,
        "report": dict(batch.report) if batch.report is not None else None,
    }


def _not_stored(exc: SQLAlchemyError, *, file: str | None) -> InputError:
    return _Stop(
        f"could not be stored ({type(getattr(exc, 'orig', None) or exc).__name__});"
        " nothing was imported",
        file=file,
    )


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
