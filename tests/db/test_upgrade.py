"""A database from an earlier release is refused until `scrutiny init` upgrades it."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.db.migrate import SchemaError, alembic_config, ensure_schema, upgrade


def test_a_database_without_the_latest_core_revision_is_upgraded_by_init(database_url, host):
    engine = create_scrutiny_engine(database_url)
    dirs = host.migration_dirs()
    config = alembic_config(dirs)
    with engine.begin() as conn:  # back to the first release's core schema
        config.attributes["connection"] = conn
        command.downgrade(config, "0002_core-1")
    with engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("deviation_version")}
    assert "covers_requirement" not in columns

    # 0002_core to 0004_core, and the annex_a branch, which depends on 0003_core
    with pytest.raises(SchemaError, match=r"4 migration\(s\) pending.*scrutiny init"):
        ensure_schema(engine, dirs)
    upgrade(engine, dirs)
    ensure_schema(engine, dirs)
    with engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("deviation_version")}
    assert "covers_requirement" in columns
    with engine.connect() as conn:
        batch_columns = {c["name"] for c in inspect(conn).get_columns("import_batch")}
        tables = set(inspect(conn).get_table_names())
    assert {"superseded_by", "report"} <= batch_columns
    assert {"run_import", "aa_looked_after", "pseudonym_key"} <= tables
    engine.dispose()
