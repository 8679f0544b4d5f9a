"""Dates written by the import's quick route on SQLite are the text SQLAlchemy's own
Date type writes and reads back, so imported rows and rows written elsewhere compare."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Date, Integer, MetaData, Table, select
from sqlalchemy.dialects import sqlite

from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.importing.upsert import upsert

DAYS = [dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(2020, 2, 29), dt.date(9999, 12, 31)]


def test_the_quick_route_writes_what_sqlalchemy_writes(tmp_path):
    bind = Date().dialect_impl(sqlite.dialect()).bind_processor(sqlite.dialect())
    assert bind is not None
    table = Table("days", MetaData(), Column("id", Integer, primary_key=True), Column("day", Date))
    engine = create_scrutiny_engine(f"sqlite:///{tmp_path / 'days.db'}")
    try:
        with engine.begin() as conn:
            table.create(conn)
            upsert(conn, table, [{"id": n, "day": d} for n, d in enumerate([*DAYS, None])], ["id"])
            stored = conn.exec_driver_sql("SELECT day FROM days ORDER BY id").scalars().all()
            read = conn.execute(select(table.c.day).order_by(table.c.id)).scalars().all()
    finally:
        engine.dispose()
    assert stored == [*(bind(d) for d in DAYS), None]
    assert stored[:2] == ["0001-01-01", "0999-12-31"]
    assert read == [*DAYS, None]
