"""Fostering plugin tables: households, carers, approvals, extensions, emergency
placements, children in the household, exemptions, short breaks and carer reviews.

Revision ID: 0001_fos
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_fos"
down_revision = None
branch_labels = ("fostering",)
depends_on = "0001_core"


def upgrade() -> None:
    op.create_table(
        "fos_household",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_ref", sa.String(length=40), nullable=False),
        sa.Column("residence_la", sa.String(length=10), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_fos_household_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fos_household")),
        sa.UniqueConstraint("household_ref", name=op.f("uq_fos_household_household_ref")),
    )
    op.create_table(
        "fos_carer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carer_ref", sa.String(length=40), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["fos_household.id"],
            name=op.f("fk_fos_carer_household_id_fos_household"),
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_fos_carer_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fos_carer")),
        sa.UniqueConstraint("carer_ref", name=op.f("uq_fos_carer_carer_ref")),
    )
    op.create_index(op.f("ix_fos_carer_household_id"), "fos_carer", ["household_id"], unique=False)
    op.create_table(
        "fos_approval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=False),
        sa.Column("approval_type", sa.String(length=20), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("max_children", sa.Integer(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=20), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"], ["fos_carer.id"], name=op.f("fk_fos_approval_carer_id_fos_carer")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_fos_approval_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_fos_approval_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fos_approval")),
        sa.UniqueConstraint(
            "carer_id",
            "approved_on",
            "approval_type",
            name=op.f("uq_fos_approval_carer_id_approved_on_approval_type"),
        ),
    )
    op.create_index(op.f("ix_fos_approval_carer_id"), "fos_approval", ["carer_id"], unique=False)
    op.create_table(
        "fos_carer_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("to_panel", sa.Boolean(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"], ["fos_carer.id"], name=op.f("fk_fos_carer_review_carer_id_fos_carer")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_fos_carer_review_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fos_carer_review")),
        sa.UniqueConstraint(
            "carer_id", "reviewed_on", name=op.f("uq_fos_carer_review_carer_id_reviewed_on")
        ),
    )
    op.create_index(
        op.f("ix_fos_carer_review_carer_id"), "fos_carer_review", ["carer_id"], unique=False
    )
    op.create_table(
        "fos_emergency_placement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("placed_on", sa.Date(), nullable=False),
        sa.Column("terms_amended_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"],
            ["fos_carer.id"],
            name=op.f("fk_fos_emergency_placement_carer_id_fos_carer"),
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_fos_emergency_placement_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_fos_emergency_placement_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fos_emergency_placement")),
        sa.UniqueConstraint(
            "carer_id",
            "child_id",
            "placed_on",
            name=op.f("uq_fos_emergency_placement_carer_id_child_id_placed_on"),
        ),
    )
    op.create_index(
        op.f("ix_fos_emergency_placement_carer_id"),
        "fos_emergency_placement",
        ["carer_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_fos_emergency_placement_child_id"),
        "fos_emergency_placement",
        ["child_id"],
        unique=False,
    )
    op.create_table(
        "fos_exemption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exemption_ref", sa.String(length=40), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("granted_by_la", sa.String(length=10), nullable=True),
        sa.Column("conditions", sa.Text(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"], ["fos_carer.id"], name=op.f("fk_fos_exemption_carer_id_fos_carer")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_fos_exemption_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fos_exemption")),
        sa.UniqueConstraint("exemption_ref", name=op.f("uq_fos_exemption_exemption_ref")),
    )
    op.create_index(op.f("ix_fos_exemption_carer_id"), "fos_exemption", ["carer_id"], unique=False)
    op.create_table(
        "fos_extension",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("extended_on", sa.Date(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=True),
        sa.Column("panel_views_sought_on", sa.Date(), nullable=True),
        sa.Column("iro_informed_on", sa.Date(), nullable=True),
        sa.Column("nominated_officer_on", sa.Date(), nullable=True),
        sa.Column("irm_review_requested", sa.Boolean(), nullable=True),
        sa.Column("irm_outcome_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"], ["fos_carer.id"], name=op.f("fk_fos_extension_carer_id_fos_carer")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_fos_extension_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fos_extension")),
        sa.UniqueConstraint(
            "carer_id",
            "approved_on",
            "extended_on",
            name=op.f("uq_fos_extension_carer_id_approved_on_extended_on"),
        ),
    )
    op.create_index(op.f("ix_fos_extension_carer_id"), "fos_extension", ["carer_id"], unique=False)
    op.create_table(
        "fos_household_child",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("arrangement", sa.String(length=20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("sibling_group", sa.String(length=40), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"], ["fos_carer.id"], name=op.f("fk_fos_household_child_carer_id_fos_carer")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_fos_household_child_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_fos_household_child_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fos_household_child")),
        sa.UniqueConstraint(
            "carer_id",
            "child_id",
            "started_on",
            name=op.f("uq_fos_household_child_carer_id_child_id_started_on"),
        ),
    )
    op.create_index(
        op.f("ix_fos_household_child_carer_id"), "fos_household_child", ["carer_id"], unique=False
    )
    op.create_index(
        op.f("ix_fos_household_child_child_id"), "fos_household_child", ["child_id"], unique=False
    )
    op.create_table(
        "fos_short_break",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"], ["fos_carer.id"], name=op.f("fk_fos_short_break_carer_id_fos_carer")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_fos_short_break_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_fos_short_break_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fos_short_break")),
        sa.UniqueConstraint(
            "child_id", "started_on", name=op.f("uq_fos_short_break_child_id_started_on")
        ),
    )
    op.create_index(
        op.f("ix_fos_short_break_child_id"), "fos_short_break", ["child_id"], unique=False
    )
    op.create_table(
        "fos_exemption_child",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exemption_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_fos_exemption_child_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["exemption_id"],
            ["fos_exemption.id"],
            name=op.f("fk_fos_exemption_child_exemption_id_fos_exemption"),
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_fos_exemption_child_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fos_exemption_child")),
        sa.UniqueConstraint(
            "exemption_id", "child_id", name=op.f("uq_fos_exemption_child_exemption_id_child_id")
        ),
    )
    op.create_index(
        op.f("ix_fos_exemption_child_child_id"), "fos_exemption_child", ["child_id"], unique=False
    )
    op.create_index(
        op.f("ix_fos_exemption_child_exemption_id"),
        "fos_exemption_child",
        ["exemption_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_fos_exemption_child_exemption_id"), table_name="fos_exemption_child")
    op.drop_index(op.f("ix_fos_exemption_child_child_id"), table_name="fos_exemption_child")
    op.drop_table("fos_exemption_child")
    op.drop_index(op.f("ix_fos_short_break_child_id"), table_name="fos_short_break")
    op.drop_table("fos_short_break")
    op.drop_index(op.f("ix_fos_household_child_child_id"), table_name="fos_household_child")
    op.drop_index(op.f("ix_fos_household_child_carer_id"), table_name="fos_household_child")
    op.drop_table("fos_household_child")
    op.drop_index(op.f("ix_fos_extension_carer_id"), table_name="fos_extension")
    op.drop_table("fos_extension")
    op.drop_index(op.f("ix_fos_exemption_carer_id"), table_name="fos_exemption")
    op.drop_table("fos_exemption")
    op.drop_index(op.f("ix_fos_emergency_placement_child_id"), table_name="fos_emergency_placement")
    op.drop_index(op.f("ix_fos_emergency_placement_carer_id"), table_name="fos_emergency_placement")
    op.drop_table("fos_emergency_placement")
    op.drop_index(op.f("ix_fos_carer_review_carer_id"), table_name="fos_carer_review")
    op.drop_table("fos_carer_review")
    op.drop_index(op.f("ix_fos_approval_carer_id"), table_name="fos_approval")
    op.drop_table("fos_approval")
    op.drop_index(op.f("ix_fos_carer_household_id"), table_name="fos_carer")
    op.drop_table("fos_carer")
    op.drop_table("fos_household")
