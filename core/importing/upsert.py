"""Writing rows by their natural key: a newer return replaces what an older one said."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from scrutiny.models.child import Child

CHUNK = 5_000


def upsert(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    key: Sequence[str],
) -> None:
    """Insert ``rows``, updating any stored row with the same ``key``."""
    if not rows:
        return
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    columns = [c for c in rows[0] if c not in key]
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
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    ordered = sorted(refs)
    column = table.c[ref_column]
    found: dict[str, int] = {}
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        conn.execute(
            insert(table).on_conflict_do_nothing(index_elements=[ref_column]),
            [{ref_column: ref, "import_batch_id": batch_id} for ref in chunk],
        )
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
        ids = {
            ref.value: ref_ids(
                conn,
                ref.table,
                ref.ref_column,
                {r[ref.value] for r in rows if r[ref.value]},
                batch_id,
            )
            for ref in self.refs
        }
        stored = []
        for row in rows:
            values = {k: v for k, v in row.items() if k not in ids}
            for ref in self.refs:
                values[ref.id_column] = (
                    ids[ref.value].get(row[ref.value]) if row[ref.value] else None
                )
            values["import_batch_id"] = batch_id
            stored.append(values)
        upsert(conn, self.table, stored, key=self.key)


def rows_writer(table: Table, key: Sequence[str], refs: Sequence[RefColumn] = ()) -> RowsWriter:
    """A writer storing a file's rows in ``table`` (see :class:`RowsWriter`)."""
    return RowsWriter(table, key, refs)
