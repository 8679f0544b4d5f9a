"""A deviation may cover one count of a rule (a finding's requirement) instead of all.

Revision ID: 0002_core
Revises: 0001_core
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_core"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deviation_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("covers_requirement", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deviation_version", schema=None) as batch_op:
        batch_op.drop_column("covers_requirement")
