"""Alembic environment: always run by Scrutiny itself, on a connection it provides."""

from __future__ import annotations

from alembic import context

import scrutiny.models  # noqa: F401  (registers the core tables)
from scrutiny.db.base import metadata

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
