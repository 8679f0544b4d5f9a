"""Creating and upgrading the schema with Alembic: core and every plugin's branch.

Core migrations carry the branch label ``scrutiny``; each plugin's migrations form a
branch of their own that depends on it, so a plugin's tables come and go with the
plugin without touching anyone else's history.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from sqlalchemy import Connection, Engine, inspect, text

from scrutiny.db.engine import writer

PG_MIGRATION_LOCK = 7_402_113  # any constant: serialises concurrent `scrutiny init`s


class SchemaError(RuntimeError):
    """The database's schema is missing or behind this version of Scrutiny."""


def core_versions_dir() -> Path:
    return Path(str(resources.files("scrutiny.migrations") / "versions"))


def alembic_config(plugin_dirs: Iterable[Path] = ()) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("scrutiny.migrations")))
    locations = [core_versions_dir(), *plugin_dirs]
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(str(p) for p in locations))
    return config


def pending_revisions(config: Config, applied_heads: set[str]) -> set[str]:
    """Revisions the database still lacks, given the heads it records.

    A plugin's branch depends on the core branch, so the database records only the
    plugin's head; every revision it depends on counts as applied too.
    """
    script = ScriptDirectory.from_config(config)
    everything = {r.revision for r in script.walk_revisions()}
    try:
        applied = (
            {
                r.revision
                for r in script.revision_map.iterate_revisions(
                    tuple(applied_heads), (), implicit_base=True
                )
            }
            if applied_heads
            else set()
        )
    except RevisionError as exc:
        raise SchemaError(
            f"the database has a schema revision this version of Scrutiny does not know ({exc});"
            " is it from a newer version, or from a plugin that is no longer installed?"
        ) from None
    return everything - applied


def current_heads(conn: Connection) -> set[str]:
    return set(MigrationContext.configure(conn).get_current_heads())


def upgrade(engine: Engine, plugin_dirs: Iterable[Path] = ()) -> tuple[set[str], set[str]]:
    """Bring the schema to the newest revision of every branch. Returns (before, after)."""
    config = alembic_config(plugin_dirs)
    with writer(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
        before = current_heads(conn)
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")
        after = current_heads(conn)
    return before, after


def ensure_schema(engine: Engine, plugin_dirs: Iterable[Path] = ()) -> None:
    """Create the schema in an empty database; refuse to work on an out-of-date one.

    Upgrading a register kept for decades is a deliberate act (``scrutiny init``), so
    only an empty database is set up without being asked.
    """
    dirs = list(plugin_dirs)
    config = alembic_config(dirs)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        have = current_heads(conn) if "alembic_version" in tables else set()
    if not have and not tables - {"alembic_version"}:
        upgrade(engine, dirs)
        return
    if not have:
        raise SchemaError(
            "the database has tables but no Scrutiny schema version; is it a Scrutiny database?"
        )
    pending = pending_revisions(config, have)
    if pending:
        raise SchemaError(
            f"the database schema is older than this version of Scrutiny ({len(pending)}"
            " migration(s) pending); run `scrutiny init` to upgrade it"
        )
