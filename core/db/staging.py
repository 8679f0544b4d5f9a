"""Temporary tables for a rule's intermediate results.

A long chain of CTEs is fine on SQLite, but PostgreSQL estimates a CTE's size badly
and then picks nested loops that grow with the square of the caseload. Materialising
the large intermediate sets (placements, judged visits …) into temporary tables, with
indexes and fresh statistics, gives both backends real numbers to plan with.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, MetaData, Table, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.selectable import SelectBase


class CreateTempTableAs(Executable, ClauseElement):
    """``CREATE TEMPORARY TABLE name AS <select>``."""

    inherit_cache = False

    def __init__(self, name: str, query: SelectBase) -> None:
        self.name = name
        self.query = query


@compiles(CreateTempTableAs)
def _create_temp_table_as(element: CreateTempTableAs, compiler: SQLCompiler, **kw: Any) -> str:
    body = compiler.process(element.query, asfrom=False, **kw)
    return f"CREATE TEMPORARY TABLE {element.name} AS {body}"


def stage(
    conn: Connection,
    name: str,
    query: SelectBase,
    indexes: Sequence[Sequence[str]] = (),
) -> Table:
    """Materialise ``query`` as the temporary table ``name``; returns a Table to select from.

    The caller drops it (``drop_staged``) when the rule is done.
    """
    conn.execute(CreateTempTableAs(name, query))
    for number, columns in enumerate(indexes):
        conn.execute(text(f"CREATE INDEX {name}_ix{number} ON {name} ({', '.join(columns)})"))
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"ANALYZE {name}"))
    return Table(name, MetaData(), *(Column(c.name, c.type) for c in query.selected_columns))


def drop_staged(conn: Connection, names: Sequence[str]) -> None:
    for name in names:
        conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
