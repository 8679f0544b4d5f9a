"""Staying close plugin tables: the former relevant children its rule judges.

A branch of its own (``branch_labels``) that depends on Scrutiny's core schema, so the
plugin's tables come and go with the plugin. A later change to models.py is a new
revision in this folder with ``down_revision = "0001_staying_close"``.

Revision ID: 0001_staying_close
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_staying_close"
down_revision = None
branch_labels = ("staying_close",)
depends_on = "0001_core"


def upgrade() -> None:
    op.create_table(
        "staying_close_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("dob", sa.Date(), nullable=False),
        sa.Column("former_relevant_from", sa.Date(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("support_required", sa.Boolean(), nullable=True),
        sa.Column("support_from", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["child.id"],
            name=op.f("fk_staying_close_case_child_id_child"),
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_staying_close_case_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staying_close_case")),
        sa.UniqueConstraint("child_id", name=op.f("uq_staying_close_case_child_id")),
    )
    op.create_index(
        op.f("ix_staying_close_case_child_id"),
        "staying_close_case",
        ["child_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_staying_close_case_child_id"),
        table_name="staying_close_case",
    )
    op.drop_table("staying_close_case")
