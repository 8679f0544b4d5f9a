"""Residential plugin tables: children's homes, regulation 40 events and their
notifications, regulation 44 visits and reasonable-endeavours notes, regulation 45
reviews, manager absences (reg 48), change notices (reg 49), closures and placements.

Revision ID: 0001_ch
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_ch"
down_revision = None
branch_labels = ("residential",)
depends_on = "0001_core"


def upgrade() -> None:
    op.create_table(
        "ch_home",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_ref", sa.String(length=40), nullable=False),
        sa.Column("urn", sa.String(length=10), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("ceased_on", sa.Date(), nullable=True),
        sa.Column("secure", sa.Boolean(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ch_home_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ch_home")),
        sa.UniqueConstraint("home_ref", name=op.f("uq_ch_home_home_ref")),
    )
    op.create_table(
        "ch_change_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=20), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["ch_home.id"], name=op.f("fk_ch_change_notice_home_id_ch_home")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ch_change_notice_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ch_change_notice")),
        sa.UniqueConstraint(
            "home_id",
            "change",
            "changed_on",
            name=op.f("uq_ch_change_notice_home_id_change_changed_on"),
        ),
    )
    op.create_index(
        op.f("ix_ch_change_notice_home_id"), "ch_change_notice", ["home_id"], unique=False
    )
    op.create_table(
        "ch_closure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("proposal_notice_on", sa.Date(), nullable=True),
        sa.Column("proposal_dropped_on", sa.Date(), nullable=True),
        sa.Column("decision_notice_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["ch_home.id"], name=op.f("fk_ch_closure_home_id_ch_home")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ch_closure_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ch_closure")),
        sa.UniqueConstraint("home_id", "closes_on", name=op.f("uq_ch_closure_home_id_closes_on")),
    )
    op.create_index(op.f("ix_ch_closure_home_id"), "ch_closure", ["home_id"], unique=False)
    op.create_table(
        "ch_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_ref", sa.String(length=40), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=30), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ch_event_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["home_id"], ["ch_home.id"], name=op.f("fk_ch_event_home_id_ch_home")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ch_event_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ch_event")),
        sa.UniqueConstraint("event_ref", name=op.f("uq_ch_event_event_ref")),
    )
    op.create_index(op.f("ix_ch_event_home_id"), "ch_event", ["home_id"], unique=False)
    op.create_table(
        "ch_manager_absence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("expected_end", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column("notice_given_on", sa.Date(), nullable=True),
        sa.Column("return_notified_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["ch_home.id"], name=op.f("fk_ch_manager_absence_home_id_ch_home")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ch_manager_absence_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ch_manager_absence")),
        sa.UniqueConstraint(
            "home_id", "started_on", name=op.f("uq_ch_manager_absence_home_id_started_on")
        ),
    )
    op.create_index(
        op.f("ix_ch_manager_absence_home_id"), "ch_manager_absence", ["home_id"], unique=False
    )
    op.create_table(
        "ch_placement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("provider_ref", sa.String(length=40), nullable=False),
        sa.Column("urn", sa.String(length=10), nullable=True),
        sa.Column("setting", sa.String(length=30), nullable=False),
        sa.Column("care_provided", sa.Boolean(), nullable=False),
        sa.Column("other_arrangements", sa.Boolean(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ch_placement_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ch_placement_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ch_placement")),
        sa.UniqueConstraint(
            "child_id", "started_on", name=op.f("uq_ch_placement_child_id_started_on")
        ),
    )
    op.create_index(op.f("ix_ch_placement_child_id"), "ch_placement", ["child_id"], unique=False)
    op.create_table(
        "ch_reg44_endeavour",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("month_start", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["ch_home.id"], name=op.f("fk_ch_reg44_endeavour_home_id_ch_home")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ch_reg44_endeavour_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ch_reg44_endeavour")),
        sa.UniqueConstraint(
            "home_id", "month_start", name=op.f("uq_ch_reg44_endeavour_home_id_month_start")
        ),
    )
    op.create_index(
        op.f("ix_ch_reg44_endeavour_home_id"), "ch_reg44_endeavour", ["home_id"], unique=False
    )
    op.create_table(
        "ch_reg44_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("independent", sa.Boolean(), nullable=False),
        sa.Column("report_to_ofsted_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["ch_home.id"], name=op.f("fk_ch_reg44_visit_home_id_ch_home")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ch_reg44_visit_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ch_reg44_visit")),
        sa.UniqueConstraint(
            "home_id", "visited_on", name=op.f("uq_ch_reg44_visit_home_id_visited_on")
        ),
    )
    op.create_index(op.f("ix_ch_reg44_visit_home_id"), "ch_reg44_visit", ["home_id"], unique=False)
    op.create_table(
        "ch_reg45_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("report_to_ofsted_on", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["ch_home.id"], name=op.f("fk_ch_reg45_review_home_id_ch_home")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ch_reg45_review_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ch_reg45_review")),
        sa.UniqueConstraint(
            "home_id", "reviewed_on", name=op.f("uq_ch_reg45_review_home_id_reviewed_on")
        ),
    )
    op.create_index(
        op.f("ix_ch_reg45_review_home_id"), "ch_reg45_review", ["home_id"], unique=False
    )
    op.create_table(
        "ch_event_notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=20), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["ch_event.id"], name=op.f("fk_ch_event_notification_event_id_ch_event")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ch_event_notification_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ch_event_notification")),
        sa.UniqueConstraint(
            "event_id", "recipient", name=op.f("uq_ch_event_notification_event_id_recipient")
        ),
    )
    op.create_index(
        op.f("ix_ch_event_notification_event_id"),
        "ch_event_notification",
        ["event_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_ch_event_notification_event_id"), table_name="ch_event_notification")
    op.drop_table("ch_event_notification")
    op.drop_index(op.f("ix_ch_reg45_review_home_id"), table_name="ch_reg45_review")
    op.drop_table("ch_reg45_review")
    op.drop_index(op.f("ix_ch_reg44_visit_home_id"), table_name="ch_reg44_visit")
    op.drop_table("ch_reg44_visit")
    op.drop_index(op.f("ix_ch_reg44_endeavour_home_id"), table_name="ch_reg44_endeavour")
    op.drop_table("ch_reg44_endeavour")
    op.drop_index(op.f("ix_ch_placement_child_id"), table_name="ch_placement")
    op.drop_table("ch_placement")
    op.drop_index(op.f("ix_ch_manager_absence_home_id"), table_name="ch_manager_absence")
    op.drop_table("ch_manager_absence")
    op.drop_index(op.f("ix_ch_event_home_id"), table_name="ch_event")
    op.drop_table("ch_event")
    op.drop_index(op.f("ix_ch_closure_home_id"), table_name="ch_closure")
    op.drop_table("ch_closure")
    op.drop_index(op.f("ix_ch_change_notice_home_id"), table_name="ch_change_notice")
    op.drop_table("ch_change_notice")
    op.drop_table("ch_home")
