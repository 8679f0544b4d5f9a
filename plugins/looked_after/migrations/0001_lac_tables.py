"""Looked-after plugin tables: statutory visits and placement details.

Revision ID: 0001_lac
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_lac"
down_revision = None
branch_labels = ("looked_after",)
depends_on = "0001_core"


def upgrade() -> None:
    op.create_table(
        "lac_placement_detail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("placement_start", sa.Date(), nullable=False),
        sa.Column("regime", sa.String(length=20), nullable=False),
        sa.Column("long_term", sa.Boolean(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_lac_placement_detail_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_lac_placement_detail_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lac_placement_detail")),
        sa.UniqueConstraint(
            "child_id",
            "placement_start",
            name=op.f("uq_lac_placement_detail_child_id_placement_start"),
        ),
    )
    with op.batch_alter_table("lac_placement_detail", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lac_placement_detail_child_id"), ["child_id"], unique=False
        )

    op.create_table(
        "lac_statutory_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("seen_alone", sa.Boolean(), nullable=True),
        sa.Column("remote_reason", sa.String(length=24), nullable=True),
        sa.Column("reason_detail", sa.Text(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_lac_statutory_visit_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_lac_statutory_visit_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lac_statutory_visit")),
        sa.UniqueConstraint(
            "child_id", "visit_date", name=op.f("uq_lac_statutory_visit_child_id_visit_date")
        ),
    )
    with op.batch_alter_table("lac_statutory_visit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lac_statutory_visit_child_id"), ["child_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("lac_statutory_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lac_statutory_visit_child_id"))

    op.drop_table("lac_statutory_visit")
    with op.batch_alter_table("lac_placement_detail", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lac_placement_detail_child_id"))

    op.drop_table("lac_placement_detail")
