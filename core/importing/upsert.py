"""Writing rows by their natural key: a newer return replaces what an older one said."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    _insert_missing_children(conn, table, refs, batch_id)
    found: dict[str, int] = {}
    ordered = sorted(refs)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        found.update(
            (ref, id_)
            for id_, ref in conn.execute(
                select(Child.id, Child.child_ref).where(Child.child_ref.in_(chunk))
            )
        )
    return found


def _insert_missing_children(conn: Connection, table: Table, refs: set[str], batch_id: int) -> None:
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    ordered = sorted(refs)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        conn.execute(
            insert(table).on_conflict_do_nothing(index_elements=["child_ref"]),
            [{"child_ref": ref, "import_batch_id": batch_id} for ref in chunk],
        )
