"""Adoption plugin tables: prospective adopters' applications and adoption panel meetings.

Revision ID: 0001_ado
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_ado"
down_revision = None
branch_labels = ("adoption",)
depends_on = "0001_core"


def upgrade() -> None:
    op.create_table(
        "ado_panel_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_ref", sa.String(length=40), nullable=False),
        sa.Column("panel_date", sa.Date(), nullable=True),
        sa.Column("chair_present", sa.Boolean(), nullable=True),
        sa.Column("members_present", sa.Integer(), nullable=True),
        sa.Column("independent_members", sa.Integer(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ado_panel_meeting_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ado_panel_meeting")),
        sa.UniqueConstraint("panel_ref", name=op.f("uq_ado_panel_meeting_panel_ref")),
    )
    op.create_table(
        "ado_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_ref", sa.String(length=40), nullable=False),
        sa.Column("roi_accepted", sa.Date(), nullable=False),
        sa.Column("stage1_decision", sa.Date(), nullable=True),
        sa.Column("stage1_outcome", sa.String(length=12), nullable=True),
        sa.Column("dbs_certificate", sa.Date(), nullable=True),
        sa.Column("medical_report", sa.Date(), nullable=True),
        sa.Column("medical_deferral_recorded", sa.Date(), nullable=True),
        sa.Column("medical_deferral_ref", sa.String(length=40), nullable=True),
        sa.Column("notice_to_proceed", sa.Date(), nullable=True),
        sa.Column("stage2_start", sa.Date(), nullable=True),
        sa.Column("panel_id", sa.Integer(), nullable=True),
        sa.Column("panel_recommendation", sa.String(length=12), nullable=True),
        sa.Column("no_panel_reason", sa.Text(), nullable=True),
        sa.Column("agency_decision", sa.Date(), nullable=True),
        sa.Column("agency_decision_outcome", sa.String(length=12), nullable=True),
        sa.Column("closed", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ado_application_import_batch_id_import_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["panel_id"],
            ["ado_panel_meeting.id"],
            name=op.f("fk_ado_application_panel_id_ado_panel_meeting"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ado_application")),
        sa.UniqueConstraint("application_ref", name=op.f("uq_ado_application_application_ref")),
    )


def downgrade() -> None:
    op.drop_table("ado_application")
    op.drop_table("ado_panel_meeting")
