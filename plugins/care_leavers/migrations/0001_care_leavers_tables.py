"""Care leavers plugin tables: young people and their status, personal advisers, needs
assessments, pathway plans and reviews, contacts, accommodation, staying put and
requests for support from 21 to 25.

Revision ID: 0001_cl
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_cl"
down_revision = None
branch_labels = ("care_leavers",)
depends_on = "0001_core"


def upgrade() -> None:
    op.create_table(
        "cl_accommodation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("accommodation_type", sa.String(length=30), nullable=False),
        sa.Column("provided_by_la", sa.Boolean(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_cl_accommodation_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_cl_accommodation_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cl_accommodation")),
        sa.UniqueConstraint(
            "child_id", "started_on", name=op.f("uq_cl_accommodation_child_id_started_on")
        ),
    )
    op.create_index(
        op.f("ix_cl_accommodation_child_id"), "cl_accommodation", ["child_id"], unique=False
    )
    op.create_table(
        "cl_adviser_allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("adviser_ref", sa.String(length=40), nullable=False),
        sa.Column("allocated_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_cl_adviser_allocation_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_cl_adviser_allocation_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cl_adviser_allocation")),
        sa.UniqueConstraint(
            "child_id", "allocated_on", name=op.f("uq_cl_adviser_allocation_child_id_allocated_on")
        ),
    )
    op.create_index(
        op.f("ix_cl_adviser_allocation_child_id"),
        "cl_adviser_allocation",
        ["child_id"],
        unique=False,
    )
    op.create_table(
        "cl_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("contact_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("contact_by", sa.String(length=30), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_cl_contact_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_cl_contact_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cl_contact")),
        sa.UniqueConstraint(
            "child_id",
            "contact_date",
            "kind",
            name=op.f("uq_cl_contact_child_id_contact_date_kind"),
        ),
    )
    op.create_index(op.f("ix_cl_contact_child_id"), "cl_contact", ["child_id"], unique=False)
    op.create_table(
        "cl_needs_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_cl_needs_assessment_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_cl_needs_assessment_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cl_needs_assessment")),
        sa.UniqueConstraint(
            "child_id", "completed_on", name=op.f("uq_cl_needs_assessment_child_id_completed_on")
        ),
    )
    op.create_index(
        op.f("ix_cl_needs_assessment_child_id"), "cl_needs_assessment", ["child_id"], unique=False
    )
    op.create_table(
        "cl_pathway_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("plan_date", sa.Date(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_cl_pathway_plan_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_cl_pathway_plan_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cl_pathway_plan")),
        sa.UniqueConstraint(
            "child_id", "plan_date", name=op.f("uq_cl_pathway_plan_child_id_plan_date")
        ),
    )
    op.create_index(
        op.f("ix_cl_pathway_plan_child_id"), "cl_pathway_plan", ["child_id"], unique=False
    )
    op.create_table(
        "cl_plan_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("plan_date", sa.Date(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("requested_by", sa.String(length=30), nullable=True),
        sa.Column("requested_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_cl_plan_review_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_cl_plan_review_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cl_plan_review")),
        sa.UniqueConstraint(
            "child_id", "reviewed_on", name=op.f("uq_cl_plan_review_child_id_reviewed_on")
        ),
    )
    op.create_index(
        op.f("ix_cl_plan_review_child_id"), "cl_plan_review", ["child_id"], unique=False
    )
    op.create_table(
        "cl_staying_put",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("carer_ref", sa.String(length=40), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("financial_support", sa.Boolean(), nullable=True),
        sa.Column("support_ended", sa.Date(), nullable=True),
        sa.Column("last_monitored", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_cl_staying_put_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_cl_staying_put_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cl_staying_put")),
        sa.UniqueConstraint(
            "child_id", "started_on", name=op.f("uq_cl_staying_put_child_id_started_on")
        ),
    )
    op.create_index(
        op.f("ix_cl_staying_put_child_id"), "cl_staying_put", ["child_id"], unique=False
    )
    op.create_table(
        "cl_support_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_cl_support_request_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_cl_support_request_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cl_support_request")),
        sa.UniqueConstraint(
            "child_id", "requested_on", name=op.f("uq_cl_support_request_child_id_requested_on")
        ),
    )
    op.create_index(
        op.f("ix_cl_support_request_child_id"), "cl_support_request", ["child_id"], unique=False
    )
    op.create_table(
        "cl_young_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("dob", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("eligible_from", sa.Date(), nullable=True),
        sa.Column("duties_ended", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=30), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_cl_young_person_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_cl_young_person_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cl_young_person")),
        sa.UniqueConstraint("child_id", name=op.f("uq_cl_young_person_child_id")),
    )


def downgrade() -> None:
    op.drop_table("cl_young_person")
    op.drop_index(op.f("ix_cl_support_request_child_id"), table_name="cl_support_request")
    op.drop_table("cl_support_request")
    op.drop_index(op.f("ix_cl_staying_put_child_id"), table_name="cl_staying_put")
    op.drop_table("cl_staying_put")
    op.drop_index(op.f("ix_cl_plan_review_child_id"), table_name="cl_plan_review")
    op.drop_table("cl_plan_review")
    op.drop_index(op.f("ix_cl_pathway_plan_child_id"), table_name="cl_pathway_plan")
    op.drop_table("cl_pathway_plan")
    op.drop_index(op.f("ix_cl_needs_assessment_child_id"), table_name="cl_needs_assessment")
    op.drop_table("cl_needs_assessment")
    op.drop_index(op.f("ix_cl_contact_child_id"), table_name="cl_contact")
    op.drop_table("cl_contact")
    op.drop_index(op.f("ix_cl_adviser_allocation_child_id"), table_name="cl_adviser_allocation")
    op.drop_table("cl_adviser_allocation")
    op.drop_index(op.f("ix_cl_accommodation_child_id"), table_name="cl_accommodation")
    op.drop_table("cl_accommodation")
