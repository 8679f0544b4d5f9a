"""A whole database in one open file, and back again: ``scrutiny backup`` / ``restore``.

The file is a ZIP holding ``manifest.json`` and one JSON Lines file per table, each
value written in a portable form (ISO dates, UTC timestamps with their offset, decimals
as strings, bytes as base64). ``docs/backup.md`` describes the format exactly, so that
another tool can read a backup without Scrutiny.

Both directions stream in batches: memory does not grow with the database. A backup is
read in one snapshot and written under a temporary name, then renamed, so a half-written
backup never sits under the final name. A restore checks the manifest and every table's
hash before it writes anything, then inserts every table in one transaction and keeps
it only if the register's hash chain verifies on the other side.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Time,
    TypeDecorator,
    delete,
    inspect,
    literal,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import TypeEngine

import scrutiny.models  # noqa: F401  (registers the core tables on the metadata)
from scrutiny import __version__
from scrutiny.db.engine import writer
from scrutiny.db.migrate import SchemaError, current_heads
from scrutiny.register.chain import Verification, verify_chain
from scrutiny.register.models import GENESIS_HASH, RegisterHead

FORMAT_NAME = "scrutiny-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
TABLES_FOLDER = "tables"
BATCH_ROWS = 2_000
READ_CHUNK = 1 << 20

DERIVED_TABLES = frozenset({"calendar_day"})
"""Tables Scrutiny fills itself (the working-day calendar every check writes): a restore
target may already hold their rows, and the backup's replace them."""

ALEMBIC_TABLE = "alembic_version"


class BackupError(Exception):
    """The backup file is damaged, or is not a Scrutiny backup (one sentence)."""


class BackupRefused(Exception):
    """What was asked cannot be done as asked: the backup file exists already, or the
    restore's target database holds data (one sentence)."""


# Values ------------------------------------------------------------------------------


def column_kind(column_type: TypeEngine[Any]) -> str:
    """The portable kind a column's values are written as (``docs/backup.md``)."""
    if isinstance(column_type, TypeDecorator):
        return column_kind(column_type.impl_instance)
    kinds: tuple[tuple[type[TypeEngine[Any]], str], ...] = (
        (Boolean, "boolean"),
        (Integer, "integer"),
        (Float, "float"),
        (Numeric, "decimal"),
        (DateTime, "datetime"),
        (Date, "date"),
        (Time, "time"),
        (JSON, "json"),
        (LargeBinary, "bytes"),
        (String, "text"),
    )
    for sql_type, kind in kinds:
        if isinstance(column_type, sql_type):
            return kind
    raise TypeError(f"a backup cannot hold a {column_type!r} column")


def encode(kind: str, value: Any) -> Any:
    """A column value as JSON."""
    if value is None or kind in ("boolean", "integer", "text", "json"):
        return value
    if kind == "float":
        return float(value)
    if kind == "decimal":
        return str(value)
    if kind in ("datetime", "date", "time"):
        iso: str = value.isoformat()
        return iso
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"unknown kind {kind!r}")


def decode(kind: str, value: Any) -> Any:
    """A JSON value as the Python value its column takes; ValueError if it does not fit."""
    if value is None or kind == "json":
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError(f"{value!r} is not true or false")
        return value
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{value!r} is not an integer")
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{value!r} is not a number")
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a string")
    if kind == "text":
        return value
    if kind == "decimal":
        try:
            return decimal.Decimal(value)
        except decimal.InvalidOperation:
            raise ValueError(f"{value!r} is not a decimal number") from None
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "time":
        return dt.time.fromisoformat(value)
    if kind == "bytes":
        return base64.b64decode(value, validate=True)
    raise ValueError(f"unknown kind {kind!r}")


# The manifest ------------------------------------------------------------------------


@dataclass(frozen=True)
class TableEntry:
    """One table in a backup: its file, its columns (name and kind), rows and hash."""

    name: str
    file: str
    rows: int
    sha256: str
    columns: tuple[tuple[str, str], ...]
    primary_key: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "file": self.file,
            "rows": self.rows,
            "sha256": self.sha256,
            "primary_key": list(self.primary_key),
            "columns": [{"name": n, "type": k} for n, k in self.columns],
        }


@dataclass(frozen=True)
class RegisterHeadEntry:
    seq: int
    hash: str
    deviation_count: int


@dataclass(frozen=True)
class Manifest:
    scrutiny_version: str
    created_at: str
    source_dialect: str
    schema_heads: tuple[str, ...]
    register_head: RegisterHeadEntry
    tables: tuple[TableEntry, ...]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "scrutiny_version": self.scrutiny_version,
            "created_at": self.created_at,
            "source_dialect": self.source_dialect,
            "schema_heads": list(self.schema_heads),
            "register_head": {
                "seq": self.register_head.seq,
                "hash": self.register_head.hash,
                "deviation_count": self.register_head.deviation_count,
            },
            "tables": [t.as_json() for t in self.tables],
        }


def parse_manifest(raw: bytes, source: str) -> Manifest:
    """The manifest's JSON, checked for shape; BackupError naming the problem."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{source}: {MANIFEST_NAME} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise BackupError(f"{source} is not a Scrutiny backup ({MANIFEST_NAME} names no format)")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupError(
            f"{source} is in backup format version {version!r}; this Scrutiny reads"
            f" version {FORMAT_VERSION}"
        )
    try:
        head = data["register_head"]
        tables = tuple(
            TableEntry(
                name=str(t["name"]),
                file=str(t["file"]),
                rows=_count(t["rows"]),
                sha256=str(t["sha256"]),
                columns=tuple((str(c["name"]), str(c["type"])) for c in t["columns"]),
                primary_key=tuple(str(c) for c in t["primary_key"]),
            )
            for t in data["tables"]
        )
        manifest = Manifest(
            scrutiny_version=str(data["scrutiny_version"]),
            created_at=str(data["created_at"]),
            source_dialect=str(data["source_dialect"]),
            schema_heads=tuple(sorted(str(h) for h in data["schema_heads"])),
            register_head=RegisterHeadEntry(
                _count(head["seq"]), str(head["hash"]), _count(head["deviation_count"])
            ),
            tables=tables,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(f"{source}: {MANIFEST_NAME} is incomplete ({exc!r} is wrong)") from None
    names = [t.name for t in tables]
    if len(set(names)) != len(names):
        raise BackupError(f"{source}: {MANIFEST_NAME} lists a table twice")
    return manifest


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(value)
    return value


# Tables ------------------------------------------------------------------------------


def database_tables(conn: Connection, metadata: MetaData) -> list[Table]:
    """Every table in the database, in foreign-key order (a table after those it refers to).

    Refuses a database holding tables no installed plugin declares: their columns'
    types are unknown, so their values could not be written faithfully.
    """
    present = set(inspect(conn).get_table_names()) - {ALEMBIC_TABLE}
    unknown = sorted(present - set(metadata.tables))
    if unknown:
        raise SchemaError(
            f"the database has tables no installed plugin declares ({', '.join(unknown)});"
            " install the plugin that made them first"
        )
    return [t for t in metadata.sorted_tables if t.name in present]


def table_entry_columns(table: Table) -> tuple[tuple[str, str], ...]:
    return tuple((c.name, column_kind(c.type)) for c in table.columns)


def _rows(conn: Connection, table: Table) -> Iterator[Sequence[Any]]:
    """A table's rows in primary-key order, fetched in batches (a server-side cursor on
    PostgreSQL), so memory stays flat however many there are."""
    query = select(*table.columns).order_by(*table.primary_key.columns)
    result = conn.execution_options(yield_per=BATCH_ROWS).execute(query)
    for partition in result.partitions():
        yield from partition


# Writing a backup --------------------------------------------------------------------


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    manifest: Manifest
    size: int


@contextmanager
def _read_snapshot(engine: Engine) -> Iterator[Connection]:
    """One read transaction, so every table is read as of the same moment."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(text("SET TRANSACTION READ ONLY"))
            yield conn


def write_backup(
    engine: Engine, path: Path, metadata: MetaData, *, overwrite: bool = False
) -> BackupSummary:
    """Write the whole database to ``path``; returns what was written."""
    if path.exists() and not overwrite:
        raise BackupRefused(f"{path} already exists; name a new file, or add --overwrite")
    if path.is_dir():
        raise BackupRefused(f"{path} is a folder; name a file")
    folder = path.resolve().parent
    if not folder.is_dir():
        raise BackupRefused(f"{path}: the folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    try:
        with os.fdopen(handle, "wb") as raw:
            manifest = _write_zip(engine, raw, metadata)
            raw.flush()
            os.fsync(raw.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return BackupSummary(path, manifest, path.stat().st_size)


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _write_zip(engine: Engine, raw: IO[bytes], metadata: MetaData) -> Manifest:
    created = dt.datetime.now(dt.UTC).replace(microsecond=0)
    entries: list[TableEntry] = []
    with (
        zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive,
        _read_snapshot(engine) as conn,
    ):
        heads = tuple(sorted(current_heads(conn)))
        head = conn.execute(select(RegisterHead).where(RegisterHead.id == 1)).first()
        if head is None:
            raise SchemaError("the database has no register head; is it a Scrutiny database?")
        register = RegisterHeadEntry(head.seq, head.hash, head.deviation_count)
        for table in database_tables(conn, metadata):
            entries.append(_write_table(conn, archive, table, created))
        manifest = Manifest(
            scrutiny_version=__version__,
            created_at=created.isoformat(),
            source_dialect=engine.dialect.name,
            schema_heads=heads,
            register_head=register,
            tables=tuple(entries),
        )
        body = json.dumps(manifest.as_json(), indent=2, ensure_ascii=False) + "\n"
        archive.writestr(_zip_info(MANIFEST_NAME, created), body.encode("utf-8"))
    return manifest


def _zip_info(name: str, created: dt.datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _write_table(
    conn: Connection, archive: zipfile.ZipFile, table: Table, created: dt.datetime
) -> TableEntry:
    columns = table_entry_columns(table)
    kinds = [kind for _, kind in columns]
    names = [name for name, _ in columns]
    digest = hashlib.sha256()
    rows = 0
    file = f"{TABLES_FOLDER}/{table.name}.jsonl"
    with archive.open(_zip_info(file, created), "w", force_zip64=True) as out:
        buffer = io.BytesIO()
        for row in _rows(conn, table):
            record = {n: encode(k, v) for n, k, v in zip(names, kinds, row, strict=True)}
            line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            buffer.write(line.encode("utf-8"))
            buffer.write(b"\n")
            rows += 1
            if buffer.tell() >= READ_CHUNK:
                chunk = buffer.getvalue()
                digest.update(chunk)
                out.write(chunk)
                buffer = io.BytesIO()
        chunk = buffer.getvalue()
        digest.update(chunk)
        out.write(chunk)
    return TableEntry(
        name=table.name,
        file=file,
        rows=rows,
        sha256=digest.hexdigest(),
        columns=columns,
        primary_key=tuple(c.name for c in table.primary_key.columns),
    )


# Restoring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreSummary:
    manifest: Manifest
    verification: Verification


@contextmanager
def _open_backup(path: Path) -> Iterator[zipfile.ZipFile]:
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BackupError(
            f"{path} is not a readable ZIP file ({exc}); is it truncated or not a backup?"
        ) from None
    with archive:
        yield archive


def _lines(archive: zipfile.ZipFile, entry: TableEntry, source: str) -> Iterator[bytes]:
    """A table file's lines, as bytes; BackupError if the ZIP cannot give them."""
    try:
        with archive.open(entry.file) as stream:
            yield from stream
    except KeyError:
        raise BackupError(f"{source} lacks {entry.file}, which its manifest lists") from None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"{source}: {entry.file} is damaged ({exc})") from None


def read_manifest(archive: zipfile.ZipFile, source: str) -> Manifest:
    try:
        raw = archive.read(MANIFEST_NAME)
    except KeyError:
        raise BackupError(
            f"{source} is not a Scrutiny backup (it has no {MANIFEST_NAME})"
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"{source}: {MANIFEST_NAME} is damaged ({exc})") from None
    return parse_manifest(raw, source)


def check_backup(path: Path) -> Manifest:
    """Read the whole backup once: the manifest's shape, each table file's row count and
    SHA-256. Nothing is written anywhere; BackupError names the first problem."""
    source = str(path)
    with _open_backup(path) as archive:
        manifest = read_manifest(archive, source)
        for entry in manifest.tables:
            digest = hashlib.sha256()
            rows = 0
            for line in _lines(archive, entry, source):
                digest.update(line)
                rows += 1
            if digest.hexdigest() != entry.sha256:
                raise BackupError(
                    f"{source}: {entry.file} does not match its SHA-256 in the manifest"
                    " (the backup has been damaged or changed)"
                )
            if rows != entry.rows:
                raise BackupError(
                    f"{source}: {entry.file} holds {rows} rows, the manifest says {entry.rows}"
                )
    return manifest


def _check_target(conn: Connection, manifest: Manifest, metadata: MetaData, where: str) -> None:
    """The target has the backup's schema, every table's columns alike, and no data."""
    heads = tuple(sorted(current_heads(conn)))
    if heads != manifest.schema_heads:
        raise SchemaError(
            f"the backup was made at schema revisions {', '.join(manifest.schema_heads)} and"
            f" {where} is at {', '.join(heads) or 'none'}; restore into a database of the"
            " same Scrutiny version and plugins"
        )
    tables = {t.name: t for t in database_tables(conn, metadata)}
    in_backup = {t.name for t in manifest.tables}
    if in_backup != set(tables):
        differ = sorted(in_backup ^ set(tables))
        raise SchemaError(
            f"the backup's tables and those of {where} differ ({', '.join(differ)}),"
            " though their schema revisions agree"
        )
    for entry in manifest.tables:
        if entry.columns != table_entry_columns(tables[entry.name]):
            raise SchemaError(
                f"the backup's table {entry.name} has other columns than {where}'s,"
                " though their schema revisions agree"
            )
    holding = [
        name
        for name, table in tables.items()
        if name not in DERIVED_TABLES
        and name != RegisterHead.__tablename__
        and conn.execute(select(literal(1)).select_from(table).limit(1)).first() is not None
    ]
    head = conn.execute(select(RegisterHead)).all()
    if any((h.seq, h.hash, h.deviation_count) != (0, GENESIS_HASH, 0) for h in head):
        holding.insert(0, RegisterHead.__tablename__)
    if holding:
        others = f" and {len(holding) - 1} other table(s)" if len(holding) > 1 else ""
        raise BackupRefused(
            f"{where} is not empty ({holding[0]}{others} hold rows); restore only into an"
            " empty database made by `scrutiny init`"
        )


def restore_backup(engine: Engine, path: Path, metadata: MetaData, where: str) -> RestoreSummary:
    """Restore ``path`` into the empty database behind ``engine``, all or nothing.

    The backup is checked in full before anything is written; the rows are inserted in
    foreign-key order in one transaction, which is committed only if the register's hash
    chain verifies and ends at the manifest's head.
    """
    manifest = check_backup(path)
    source = str(path)
    with writer(engine) as conn:
        _check_target(conn, manifest, metadata, where)
        by_name = {t.name: t for t in manifest.tables}
        order = database_tables(conn, metadata)
        for table in order:
            if table.name in DERIVED_TABLES or table.name == RegisterHead.__tablename__:
                conn.execute(delete(table))
        with _open_backup(path) as archive:
            for table in order:
                _insert_table(conn, archive, table, by_name[table.name], source)
        if conn.dialect.name == "postgresql":
            _advance_sequences(conn, order)
        verification = verify_chain(conn)
        if not verification.ok:
            raise BackupError(
                f"{source}: the deviation register in the backup does not verify"
                f" ({verification.problem}); nothing was restored"
            )
        expected = manifest.register_head
        if (verification.head_seq, verification.head_hash) != (expected.seq, expected.hash):
            raise BackupError(
                f"{source}: the register ends at record {verification.head_seq} but the"
                f" manifest records head {expected.seq}; nothing was restored"
            )
    return RestoreSummary(manifest, verification)


def _insert_table(
    conn: Connection, archive: zipfile.ZipFile, table: Table, entry: TableEntry, source: str
) -> None:
    kinds = dict(entry.columns)
    digest = hashlib.sha256()
    batch: list[dict[str, Any]] = []
    number = 0
    for number, line in enumerate(_lines(archive, entry, source), start=1):
        digest.update(line)
        batch.append(_decode_line(line, kinds, entry, number, source))
        if len(batch) >= BATCH_ROWS:
            _insert_batch(conn, table, batch, entry, number, source)
            batch = []
    if batch:
        _insert_batch(conn, table, batch, entry, number, source)
    if digest.hexdigest() != entry.sha256 or number != entry.rows:
        raise BackupError(f"{source}: {entry.file} changed while it was being restored")


def _decode_line(
    line: bytes, kinds: dict[str, str], entry: TableEntry, number: int, source: str
) -> dict[str, Any]:
    try:
        record = json.loads(line)
        if not isinstance(record, dict) or set(record) != set(kinds):
            raise ValueError("its keys are not the table's columns")
        return {name: decode(kinds[name], value) for name, value in record.items()}
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(
            f"{source}: line {number} of {entry.file} cannot be read ({exc})"
        ) from None


def _insert_batch(
    conn: Connection,
    table: Table,
    batch: list[dict[str, Any]],
    entry: TableEntry,
    last: int,
    source: str,
) -> None:
    try:
        conn.execute(table.insert(), batch)
    except DBAPIError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        first = last - len(batch) + 1
        raise BackupError(
            f"{source}: lines {first}-{last} of {entry.file} cannot be stored ({reason})"
        ) from None


def _advance_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """Set each serial column's sequence past the ids the restore inserted, so the next
    row PostgreSQL numbers itself does not collide with one."""
    quote = conn.dialect.identifier_preparer.quote
    for table in tables:
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            sequence = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"),
                {"t": quote(table.name), "c": column.name},
            ).scalar_one()
            if sequence is None:
                continue
            conn.execute(
                text(
                    f"SELECT setval(CAST(:s AS regclass), COALESCE(MAX({quote(column.name)}), 1),"
                    f" MAX({quote(column.name)}) IS NOT NULL) FROM {quote(table.name)}"
                ),
                {"s": sequence},
            )
