"""The migrations build exactly the tables the models describe, on both databases.

A plugin's migration written by hand (or generated and edited) must not drift from its
models: the importers and rules use the models, the database is built by migrations.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from scrutiny.db.base import Base
from scrutiny.plugin_host import PluginHost


def test_migrated_schema_matches_every_plugins_models(engine: Engine) -> None:
    PluginHost()  # imports every built-in plugin, and so its models
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    ours = [d for d in differences if "alembic_version" not in repr(d)]
    assert ours == []
