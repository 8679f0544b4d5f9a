"""Writing rows by their natural key: a newer return replaces what an older one said."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Connection, Date, Dialect, Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from scrutiny.models.child import Child

CHUNK = 5_000
COPY_FROM = 500  # rows: PostgreSQL copies a set this large rather than insert row by row


def upsert(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    key: Sequence[str],
    *,
    update: bool = True,
) -> None:
    """Insert ``rows``, updating any stored row with the same ``key`` (or, unless
    ``update``, leaving it as it is)."""
    if not rows:
        return
    names = tuple(rows[0])
    if _needs_defaults(table, names):
        _upsert_with_defaults(conn, table, rows, key, update)
        return
    values = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    upsert_values(conn, table, names, [values(row) for row in rows], key, update=update)


def upsert_values(
    conn: Connection,
    table: Table,
    names: tuple[str, ...],
    rows: Sequence[Sequence[Any]],
    key: Sequence[str],
    *,
    update: bool = True,
) -> None:
    """:func:`upsert` of rows given as values in the order of ``names``, which must name
    every column with a default.

    Every file's rows are stored through here, so it is written for volume: the
    statement is built once per table and column set, each value is converted once by
    its column type's own bind processor, and the rows go to the driver's executemany
    as plain tuples (SQLAlchemy's per-row parameter handling was a third of the time of
    storing a large return).
    """
    if not rows:
        return
    as_tuple = _bound(conn.dialect, table, names)
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        _upsert_by_copy(conn, table, names, tuple(key), update, rows, as_tuple)
        return
    statement = _statement(conn.dialect, table, names, tuple(key), update)
    for start in range(0, len(rows), CHUNK):
        conn.exec_driver_sql(statement, [as_tuple(row) for row in rows[start : start + CHUNK]])


def _needs_defaults(table: Table, names: Sequence[str]) -> bool:
    return any(c.default is not None and c.name not in names for c in table.c)


def _upsert_by_copy(
    conn: Connection,
    table: Table,
    names: tuple[str, ...],
    key: tuple[str, ...],
    update: bool,
    rows: Sequence[Sequence[Any]],
    as_tuple: Callable[[Sequence[Any]], Sequence[Any]],
) -> None:
    """PostgreSQL: the rows copied (COPY) into a temporary table, then upserted from it
    in one statement. Per-row statements, even pipelined, took four times as long.

    Where a key repeats within ``rows`` the last row wins, as it would row by row.
    """
    quote = conn.dialect.identifier_preparer.quote
    target = conn.dialect.identifier_preparer.format_table(table)
    columns = ", ".join(quote(n) for n in names)
    keys = ", ".join(quote(k) for k in key)
    staging = quote(f"upsert_{table.name}")
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS"
        f" SELECT {columns}, 0::bigint AS row_number FROM {target} WITH NO DATA"
    )
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor, cursor.copy(f"COPY {staging} ({columns}, row_number) FROM STDIN") as copy:
        for number, row in enumerate(rows):
            copy.write_row((*as_tuple(row), number))
    conn.exec_driver_sql(
        f"INSERT INTO {target} ({columns})"
        f" SELECT DISTINCT ON ({keys}) {columns} FROM {staging} ORDER BY {keys}, row_number DESC"
        f" ON CONFLICT ({keys}) {_on_conflict(quote, names, key, update)}"
    )
    conn.exec_driver_sql(f"DROP TABLE {staging}")


def _on_conflict(
    quote: Callable[[str], str], names: tuple[str, ...], key: tuple[str, ...], update: bool
) -> str:
    updated = [n for n in names if n not in key] if update else []
    if not updated:
        return "DO NOTHING"
    return "DO UPDATE SET " + ", ".join(f"{quote(n)} = excluded.{quote(n)}" for n in updated)


@cache
def _statement(
    dialect: Dialect, table: Table, names: tuple[str, ...], key: tuple[str, ...], update: bool
) -> str:
    quote = dialect.identifier_preparer.quote
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    return (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)}"
        f" ({', '.join(quote(n) for n in names)})"
        f" VALUES ({', '.join(marker for _ in names)})"
        f" ON CONFLICT ({', '.join(quote(k) for k in key)})"
        f" {_on_conflict(quote, names, key, update)}"
    )


@cache
def _bound(
    dialect: Dialect, table: Table, names: tuple[str, ...]
) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """Values in ``names`` order, each as its column type binds it."""
    processors = [_processor(dialect, table.c[n]) for n in names]
    if not any(processors):
        return lambda row: row
    converting = [(i, p) for i, p in enumerate(processors) if p is not None]

    def as_tuple(row: Sequence[Any]) -> tuple[Any, ...]:
        cells = list(row)
        for i, process in converting:
            cells[i] = process(cells[i])
        return tuple(cells)

    return as_tuple


def _processor(dialect: Dialect, column: Column[Any]) -> Callable[[Any], Any] | None:
    """The column type's bind processor; for a date on SQLite, the same text (YYYY-MM-DD)
    by a quicker route (a file holds millions of dates)."""
    if dialect.name == "sqlite" and type(column.type) is Date:
        return _iso_date
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _iso_date(value: dt.date | None) -> str | None:
    return None if value is None else dt.date.isoformat(value)


def _upsert_with_defaults(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    key: Sequence[str],
    update: bool,
) -> None:
    """Through SQLAlchemy's insert, which fills in columns' Python-side defaults."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    columns = [c for c in rows[0] if c not in key] if update else []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        statement = insert(table)
        if columns:
            statement = statement.on_conflict_do_update(
                index_elements=list(key),
                set_={c: statement.excluded[c] for c in columns},
            )
        else:
            statement = statement.on_conflict_do_nothing(index_elements=list(key))
        conn.execute(statement, list(chunk))


def child_ids(conn: Connection, refs: set[str], batch_id: int) -> dict[str, int]:
    """The id of each child reference, adding children not yet known."""
    table = Child.__table__
    assert isinstance(table, Table)
    return ref_ids(conn, table, "child_ref", refs, batch_id)


def ref_ids(
    conn: Connection, table: Table, ref_column: str, refs: set[str], batch_id: int
) -> dict[str, int]:
    """The ``id`` of each reference in ``table``, adding a bare row for any not yet known.

    A row added here holds only its reference and batch: the file that describes it
    (a return's Header, a plugin's carers file) fills it in whenever it is imported,
    before or after, so files can be imported in any order.
    """
    ordered = sorted(refs)
    column = table.c[ref_column]
    found: dict[str, int] = {}
    upsert(
        conn,
        table,
        [{ref_column: ref, "import_batch_id": batch_id} for ref in ordered],
        [ref_column],
        update=False,
    )
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        found.update(
            (ref, id_)
            for id_, ref in conn.execute(select(table.c.id, column).where(column.in_(chunk)))
        )
    return found


@dataclass(frozen=True)
class RefColumn:
    """A reference in a file's rows that is stored as the id of a row in another table."""

    value: str  # the key in the row dict, e.g. "child_ref"
    table: Table
    ref_column: str  # the reference column there, e.g. "child_ref"
    id_column: str  # the foreign-key column written, e.g. "child_id"


class RowsWriter:
    """A writer for :class:`scrutiny.importing.table_files.TableFile`: references resolved
    to ids, the batch id added, rows upserted on ``key`` into ``table``."""

    def __init__(self, table: Table, key: Sequence[str], refs: Sequence[RefColumn] = ()) -> None:
        self.table = table
        self.key = tuple(key)
        self.refs = tuple(refs)

    def __call__(self, conn: Connection, rows: Sequence[Mapping[str, Any]], batch_id: int) -> None:
        if not rows:
            return
        ids = [
            (
                ref.value,
                ref_ids(
                    conn,
                    ref.table,
                    ref.ref_column,
                    {r[ref.value] for r in rows if r[ref.value]},
                    batch_id,
                ),
            )
            for ref in self.refs
        ]
        referring = {ref.value for ref in self.refs}
        kept = tuple(k for k in rows[0] if k not in referring)
        names = (*kept, *(ref.id_column for ref in self.refs), "import_batch_id")
        if _needs_defaults(self.table, names):
            stored = [
                dict(zip(names, values, strict=True))
                for values in self._values(rows, kept, ids, batch_id)
            ]
            upsert(conn, self.table, stored, key=self.key)
            return
        upsert_values(conn, self.table, names, self._values(rows, kept, ids, batch_id), self.key)

    @staticmethod
    def _values(
        rows: Sequence[Mapping[str, Any]],
        kept: tuple[str, ...],
        ids: list[tuple[str, dict[str, int]]],
        batch_id: int,
    ) -> list[tuple[Any, ...]]:
        """Each row's values: those kept, then each reference's id, then the batch."""
        if not kept:
            values: Callable[[Mapping[str, Any]], tuple[Any, ...]] = lambda row: ()  # noqa: E731
        elif len(kept) == 1:
            values = lambda row: (row[kept[0]],)  # noqa: E731
        else:
            values = itemgetter(*kept)
        return [
            (
                *values(row),
                *(found.get(row[value]) if row[value] else None for value, found in ids),
                batch_id,
            )
            for row in rows
        ]


def rows_writer(table: Table, key: Sequence[str], refs: Sequence[RefColumn] = ()) -> RowsWriter:
    """A writer storing a file's rows in ``table`` (see :class:`RowsWriter`)."""
    return RowsWriter(table, key, refs)
