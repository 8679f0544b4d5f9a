"""Annex A plugin tables: the rows of Lists 7, 8, 9 and
11 (child protection, children in care, care leavers, adopters).

Revision ID: 0001_aa
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_aa"
down_revision = None
branch_labels = ("annex_a",)
depends_on = "0003_core"


def upgrade() -> None:
    op.create_table(
        "aa_adopter",
        sa.Column("adopter_ref", sa.String(length=40), nullable=False),
        sa.Column("family_ref", sa.String(length=40), nullable=True),
        sa.Column("enquiry", sa.Date(), nullable=True),
        sa.Column("stage1_start", sa.Date(), nullable=True),
        sa.Column("stage1_end", sa.Date(), nullable=True),
        sa.Column("stage2_start", sa.Date(), nullable=True),
        sa.Column("stage2_end", sa.Date(), nullable=True),
        sa.Column("approved", sa.Date(), nullable=True),
        sa.Column("left", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_aa_adopter_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aa_adopter")),
        sa.UniqueConstraint(
            "import_batch_id", "row_number", name=op.f("uq_aa_adopter_import_batch_id_row_number")
        ),
    )
    op.create_table(
        "aa_care_leaver",
        sa.Column("child_ref", sa.String(length=40), nullable=False),
        sa.Column("dob", sa.Date(), nullable=True),
        sa.Column("eligibility", sa.String(length=60), nullable=True),
        sa.Column("adviser_allocated", sa.Boolean(), nullable=True),
        sa.Column("latest_plan_review", sa.Date(), nullable=True),
        sa.Column("latest_contact", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_aa_care_leaver_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aa_care_leaver")),
        sa.UniqueConstraint(
            "import_batch_id",
            "row_number",
            name=op.f("uq_aa_care_leaver_import_batch_id_row_number"),
        ),
    )
    op.create_table(
        "aa_child_protection",
        sa.Column("child_ref", sa.String(length=40), nullable=False),
        sa.Column("dob", sa.Date(), nullable=True),
        sa.Column("plan_start", sa.Date(), nullable=True),
        sa.Column("last_visit", sa.Date(), nullable=True),
        sa.Column("seen_alone", sa.Boolean(), nullable=True),
        sa.Column("latest_review", sa.Date(), nullable=True),
        sa.Column("plan_end", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_aa_child_protection_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aa_child_protection")),
        sa.UniqueConstraint(
            "import_batch_id",
            "row_number",
            name=op.f("uq_aa_child_protection_import_batch_id_row_number"),
        ),
    )
    op.create_table(
        "aa_looked_after",
        sa.Column("child_ref", sa.String(length=40), nullable=False),
        sa.Column("dob", sa.Date(), nullable=True),
        sa.Column("started", sa.Date(), nullable=True),
        sa.Column("latest_review", sa.Date(), nullable=True),
        sa.Column("last_visit", sa.Date(), nullable=True),
        sa.Column("last_health", sa.Date(), nullable=True),
        sa.Column("last_dental", sa.Date(), nullable=True),
        sa.Column("ceased", sa.Date(), nullable=True),
        sa.Column("placement_start", sa.Date(), nullable=True),
        sa.Column("placement_type", sa.String(length=20), nullable=True),
        sa.Column("placement_urn", sa.String(length=20), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_aa_looked_after_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aa_looked_after")),
        sa.UniqueConstraint(
            "import_batch_id",
            "row_number",
            name=op.f("uq_aa_looked_after_import_batch_id_row_number"),
        ),
    )


def downgrade() -> None:
    op.drop_table("aa_looked_after")
    op.drop_table("aa_child_protection")
    op.drop_table("aa_care_leaver")
    op.drop_table("aa_adopter")
