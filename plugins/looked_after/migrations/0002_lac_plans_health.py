"""Looked-after plugin tables: care plans, placement plans, out-of-area placements, health
assessments and personal education plans.

Revision ID: 0002_lac
Revises: 0001_lac
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_lac"
down_revision = "0001_lac"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lac_care_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("plan_date", sa.Date(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_lac_care_plan_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_lac_care_plan_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lac_care_plan")),
        sa.UniqueConstraint(
            "child_id", "plan_date", name=op.f("uq_lac_care_plan_child_id_plan_date")
        ),
    )
    with op.batch_alter_table("lac_care_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lac_care_plan_child_id"), ["child_id"], unique=False)

    op.create_table(
        "lac_health_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=7), nullable=False),
        sa.Column("practitioner", sa.String(length=7), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_lac_health_assessment_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_lac_health_assessment_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lac_health_assessment")),
        sa.UniqueConstraint(
            "child_id", "assessed_on", name=op.f("uq_lac_health_assessment_child_id_assessed_on")
        ),
    )
    with op.batch_alter_table("lac_health_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lac_health_assessment_child_id"), ["child_id"], unique=False
        )

    op.create_table(
        "lac_out_of_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("placement_start", sa.Date(), nullable=False),
        sa.Column("area_authority", sa.String(length=80), nullable=False),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_lac_out_of_area_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_lac_out_of_area_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lac_out_of_area")),
        sa.UniqueConstraint(
            "child_id", "placement_start", name=op.f("uq_lac_out_of_area_child_id_placement_start")
        ),
    )
    with op.batch_alter_table("lac_out_of_area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lac_out_of_area_child_id"), ["child_id"], unique=False)

    op.create_table(
        "lac_pep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("pep_date", sa.Date(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["child_id"], ["child.id"], name=op.f("fk_lac_pep_child_id_child")),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_lac_pep_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lac_pep")),
        sa.UniqueConstraint("child_id", "pep_date", name=op.f("uq_lac_pep_child_id_pep_date")),
    )
    with op.batch_alter_table("lac_pep", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lac_pep_child_id"), ["child_id"], unique=False)

    op.create_table(
        "lac_placement_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("placement_start", sa.Date(), nullable=False),
        sa.Column("plan_date", sa.Date(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_lac_placement_plan_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_lac_placement_plan_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lac_placement_plan")),
        sa.UniqueConstraint(
            "child_id",
            "placement_start",
            name=op.f("uq_lac_placement_plan_child_id_placement_start"),
        ),
    )
    with op.batch_alter_table("lac_placement_plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lac_placement_plan_child_id"), ["child_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("lac_placement_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lac_placement_plan_child_id"))

    op.drop_table("lac_placement_plan")
    with op.batch_alter_table("lac_pep", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lac_pep_child_id"))

    op.drop_table("lac_pep")
    with op.batch_alter_table("lac_out_of_area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lac_out_of_area_child_id"))

    op.drop_table("lac_out_of_area")
    with op.batch_alter_table("lac_health_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lac_health_assessment_child_id"))

    op.drop_table("lac_health_assessment")
    with op.batch_alter_table("lac_care_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lac_care_plan_child_id"))

    op.drop_table("lac_care_plan")
