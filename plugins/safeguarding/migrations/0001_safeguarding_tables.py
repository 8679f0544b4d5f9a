"""Safeguarding plugin tables: the children in need census (CIN episodes, assessments,
CIN plans, section 47 enquiries, child protection plans and reviews, pre-proceedings)
and the project's own files (referral decisions, strategy discussions, core groups,
serious incidents, rapid reviews).

Revision ID: 0001_sg
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_sg"
down_revision = None
branch_labels = ("safeguarding",)
depends_on = "0001_core"


def upgrade() -> None:
    op.create_table(
        "sg_rapid_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_ref", sa.String(length=40), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("sent_to_panel_on", sa.Date(), nullable=True),
        sa.Column("delay_reason", sa.Text(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_sg_rapid_review_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sg_rapid_review")),
        sa.UniqueConstraint("incident_ref", name=op.f("uq_sg_rapid_review_incident_ref")),
    )
    op.create_table(
        "sg_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("authorised_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_sg_assessment_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_sg_assessment_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sg_assessment")),
        sa.UniqueConstraint(
            "child_id", "start_date", name=op.f("uq_sg_assessment_child_id_start_date")
        ),
    )
    op.create_index(op.f("ix_sg_assessment_child_id"), "sg_assessment", ["child_id"], unique=False)
    op.create_table(
        "sg_cin_episode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("referral_source", sa.String(length=4), nullable=True),
        sa.Column("primary_need", sa.String(length=4), nullable=True),
        sa.Column("closure_date", sa.Date(), nullable=True),
        sa.Column("closure_reason", sa.String(length=4), nullable=True),
        sa.Column("referral_nfa", sa.Boolean(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_sg_cin_episode_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_sg_cin_episode_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sg_cin_episode")),
        sa.UniqueConstraint(
            "child_id", "referral_date", name=op.f("uq_sg_cin_episode_child_id_referral_date")
        ),
    )
    op.create_index(
        op.f("ix_sg_cin_episode_child_id"), "sg_cin_episode", ["child_id"], unique=False
    )
    op.create_table(
        "sg_cin_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_sg_cin_plan_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_sg_cin_plan_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sg_cin_plan")),
        sa.UniqueConstraint(
            "child_id", "start_date", name=op.f("uq_sg_cin_plan_child_id_start_date")
        ),
    )
    op.create_index(op.f("ix_sg_cin_plan_child_id"), "sg_cin_plan", ["child_id"], unique=False)
    op.create_table(
        "sg_core_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("plan_start", sa.Date(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_sg_core_group_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_sg_core_group_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sg_core_group")),
        sa.UniqueConstraint("child_id", "held_on", name=op.f("uq_sg_core_group_child_id_held_on")),
    )
    op.create_index(op.f("ix_sg_core_group_child_id"), "sg_core_group", ["child_id"], unique=False)
    op.create_table(
        "sg_cp_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("initial_category", sa.String(length=4), nullable=True),
        sa.Column("latest_category", sa.String(length=4), nullable=True),
        sa.Column("previous_plans", sa.Integer(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_sg_cp_plan_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_sg_cp_plan_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sg_cp_plan")),
        sa.UniqueConstraint(
            "child_id", "start_date", name=op.f("uq_sg_cp_plan_child_id_start_date")
        ),
    )
    op.create_index(op.f("ix_sg_cp_plan_child_id"), "sg_cp_plan", ["child_id"], unique=False)
    op.create_table(
        "sg_cp_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("plan_start", sa.Date(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_sg_cp_review_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_sg_cp_review_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sg_cp_review")),
        sa.UniqueConstraint(
            "child_id", "review_date", name=op.f("uq_sg_cp_review_child_id_review_date")
        ),
    )
    op.create_index(op.f("ix_sg_cp_review_child_id"), "sg_cp_review", ["child_id"], unique=False)
    op.create_table(
        "sg_pre_proceedings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("letter_sent_on", sa.Date(), nullable=True),
        sa.Column("fgdm_offered", sa.Boolean(), nullable=True),
        sa.Column("fgdm_held", sa.Boolean(), nullable=True),
        sa.Column("initial_meeting_on", sa.Date(), nullable=True),
        sa.Column("review_meetings", sa.Integer(), nullable=True),
        sa.Column("step_decision_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=4), nullable=True),
        sa.Column("court_application_on", sa.Date(), nullable=True),
        sa.Column("letter_initiating_cp_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_sg_pre_proceedings_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_sg_pre_proceedings_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sg_pre_proceedings")),
        sa.UniqueConstraint(
            "child_id", "start_date", name=op.f("uq_sg_pre_proceedings_child_id_start_date")
        ),
    )
    op.create_index(
        op.f("ix_sg_pre_proceedings_child_id"), "sg_pre_proceedings", ["child_id"], unique=False
    )
    op.create_table(
        "sg_referral_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("response", sa.String(length=20), nullable=True),
        sa.Column("referrer_informed_on", sa.Date(), nullable=True),
        sa.Column("referrer_anonymous", sa.Boolean(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_sg_referral_decision_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_sg_referral_decision_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sg_referral_decision")),
        sa.UniqueConstraint(
            "child_id", "received_at", name=op.f("uq_sg_referral_decision_child_id_received_at")
        ),
    )
    op.create_index(
        op.f("ix_sg_referral_decision_child_id"), "sg_referral_decision", ["child_id"], unique=False
    )
    op.create_table(
        "sg_section47",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("s47_start", sa.Date(), nullable=False),
        sa.Column("icpc_target", sa.Date(), nullable=True),
        sa.Column("icpc_date", sa.Date(), nullable=True),
        sa.Column("icpc_not_required", sa.Boolean(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_sg_section47_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_sg_section47_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sg_section47")),
        sa.UniqueConstraint(
            "child_id", "s47_start", name=op.f("uq_sg_section47_child_id_s47_start")
        ),
    )
    op.create_index(op.f("ix_sg_section47_child_id"), "sg_section47", ["child_id"], unique=False)
    op.create_table(
        "sg_serious_incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_ref", sa.String(length=40), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("incident_date", sa.Date(), nullable=True),
        sa.Column("aware_on", sa.Date(), nullable=False),
        sa.Column("harm", sa.String(length=20), nullable=False),
        sa.Column("looked_after", sa.Boolean(), nullable=False),
        sa.Column("panel_notified_on", sa.Date(), nullable=True),
        sa.Column("ofsted_notified_on", sa.Date(), nullable=True),
        sa.Column("sos_notified_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_sg_serious_incident_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_sg_serious_incident_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sg_serious_incident")),
        sa.UniqueConstraint("incident_ref", name=op.f("uq_sg_serious_incident_incident_ref")),
    )
    op.create_index(
        op.f("ix_sg_serious_incident_child_id"), "sg_serious_incident", ["child_id"], unique=False
    )
    op.create_table(
        "sg_strategy_discussion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("s47_started", sa.Boolean(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_sg_strategy_discussion_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_sg_strategy_discussion_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sg_strategy_discussion")),
        sa.UniqueConstraint(
            "child_id", "held_on", name=op.f("uq_sg_strategy_discussion_child_id_held_on")
        ),
    )
    op.create_index(
        op.f("ix_sg_strategy_discussion_child_id"),
        "sg_strategy_discussion",
        ["child_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sg_strategy_discussion_child_id"), table_name="sg_strategy_discussion")
    op.drop_table("sg_strategy_discussion")
    op.drop_index(op.f("ix_sg_serious_incident_child_id"), table_name="sg_serious_incident")
    op.drop_table("sg_serious_incident")
    op.drop_index(op.f("ix_sg_section47_child_id"), table_name="sg_section47")
    op.drop_table("sg_section47")
    op.drop_index(op.f("ix_sg_referral_decision_child_id"), table_name="sg_referral_decision")
    op.drop_table("sg_referral_decision")
    op.drop_index(op.f("ix_sg_pre_proceedings_child_id"), table_name="sg_pre_proceedings")
    op.drop_table("sg_pre_proceedings")
    op.drop_index(op.f("ix_sg_cp_review_child_id"), table_name="sg_cp_review")
    op.drop_table("sg_cp_review")
    op.drop_index(op.f("ix_sg_cp_plan_child_id"), table_name="sg_cp_plan")
    op.drop_table("sg_cp_plan")
    op.drop_index(op.f("ix_sg_core_group_child_id"), table_name="sg_core_group")
    op.drop_table("sg_core_group")
    op.drop_index(op.f("ix_sg_cin_plan_child_id"), table_name="sg_cin_plan")
    op.drop_table("sg_cin_plan")
    op.drop_index(op.f("ix_sg_cin_episode_child_id"), table_name="sg_cin_episode")
    op.drop_table("sg_cin_episode")
    op.drop_index(op.f("ix_sg_assessment_child_id"), table_name="sg_assessment")
    op.drop_table("sg_assessment")
    op.drop_table("sg_rapid_review")
