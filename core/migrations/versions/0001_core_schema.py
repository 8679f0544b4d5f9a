"""Core schema: register, runs and findings, import batches, calendar, SSDA903.

Revision ID: 0001_core
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = ("scrutiny",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_day",
        sa.Column("calendar_key", sa.String(length=80), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_working", sa.Boolean(), nullable=False),
        sa.Column("working_ordinal", sa.Integer(), nullable=False),
        sa.Column("holiday_name", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("calendar_key", "day", name=op.f("pk_calendar_day")),
    )
    with op.batch_alter_table("calendar_day", schema=None) as batch_op:
        batch_op.create_index(
            "ix_calendar_day_working",
            ["calendar_key", "working_ordinal", "is_working"],
            unique=False,
        )

    op.create_table(
        "deviation_version",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("deviation_ref", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=12), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("deviation_type", sa.String(length=80), nullable=True),
        sa.Column("rule_id", sa.String(length=40), nullable=False),
        sa.Column("legal_reference", sa.Text(), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_ref", sa.String(length=40), nullable=False),
        sa.Column("requirement", sa.Text(), nullable=False),
        sa.Column("done_instead", sa.Text(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("legal_basis", sa.String(length=40), nullable=False),
        sa.Column("covid_reason", sa.String(length=40), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("principles", sa.JSON(), nullable=False),
        sa.Column("risk_likelihood", sa.Integer(), nullable=True),
        sa.Column("risk_impact", sa.Integer(), nullable=True),
        sa.Column("mitigations", sa.Text(), nullable=True),
        sa.Column("residual_likelihood", sa.Integer(), nullable=True),
        sa.Column("residual_impact", sa.Integer(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("nominated_officer_recommendation", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("authorised_by", sa.String(length=120), nullable=True),
        sa.Column("authorised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_deviation_version")),
        sa.UniqueConstraint(
            "deviation_ref", "version", name=op.f("uq_deviation_version_deviation_ref_version")
        ),
    )
    with op.batch_alter_table("deviation_version", schema=None) as batch_op:
        batch_op.create_index(
            "ix_deviation_version_rule_subject", ["rule_id", "subject_ref"], unique=False
        )

    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("collection_year", sa.String(length=7), nullable=True),
        sa.Column("covers_from", sa.Date(), nullable=True),
        sa.Column("covers_to", sa.Date(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
        sa.UniqueConstraint(
            "kind", "sha256", "collection_year", name=op.f("uq_import_batch_kind_sha256")
        ),
    )
    op.create_table(
        "register_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("deviation_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_head")),
    )
    op.create_table(
        "run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("domains", sa.JSON(), nullable=True),
        sa.Column("scrutiny_version", sa.String(length=40), nullable=False),
        sa.Column("plugins", sa.JSON(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("config_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("data_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("register_seq", sa.Integer(), nullable=False),
        sa.Column("register_hash", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("rule_errors", sa.JSON(), nullable=False),
        sa.Column("pack_sha256", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run")),
    )
    op.create_table(
        "child",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_ref", sa.String(length=20), nullable=False),
        sa.Column("sex", sa.String(length=2), nullable=True),
        sa.Column("dob", sa.Date(), nullable=True),
        sa.Column("ethnic", sa.String(length=4), nullable=True),
        sa.Column("upn", sa.String(length=13), nullable=True),
        sa.Column("mother", sa.String(length=1), nullable=True),
        sa.Column("mc_dob", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_child_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child")),
        sa.UniqueConstraint("child_ref", name=op.f("uq_child_child_ref")),
    )
    op.create_table(
        "finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=40), nullable=False),
        sa.Column("rule_version", sa.String(length=20), nullable=False),
        sa.Column("domain", sa.String(length=40), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_ref", sa.String(length=40), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("standard", sa.String(length=20), nullable=False),
        sa.Column("fingerprint", sa.Text(), nullable=False),
        sa.Column("deviation_ref", sa.String(length=16), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["run.id"], name=op.f("fk_finding_run_id_run"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding")),
    )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.create_index("ix_finding_run_fingerprint", ["run_id", "fingerprint"], unique=False)
        batch_op.create_index("ix_finding_run_status", ["run_id", "status"], unique=False)

    op.create_table(
        "rule_outcome_count",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["run.id"],
            name=op.f("fk_rule_outcome_count_run_id_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "rule_id", "outcome", name=op.f("pk_rule_outcome_count")),
    )
    op.create_table(
        "ssda903_ad1",
        sa.Column("date_int", sa.Date(), nullable=True),
        sa.Column("date_match", sa.Date(), nullable=True),
        sa.Column("foster_care", sa.String(length=1), nullable=True),
        sa.Column("nb_adoptr", sa.String(length=1), nullable=True),
        sa.Column("sex_adoptr", sa.String(length=3), nullable=True),
        sa.Column("ls_adoptr", sa.String(length=3), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ssda903_ad1_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ssda903_ad1_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ssda903_ad1")),
        sa.UniqueConstraint("child_id", name=op.f("uq_ssda903_ad1_child_id")),
    )
    with op.batch_alter_table("ssda903_ad1", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ssda903_ad1_child_id"), ["child_id"], unique=False)

    op.create_table(
        "ssda903_dolo",
        sa.Column("dolo_start", sa.Date(), nullable=False),
        sa.Column("dolo_end", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ssda903_dolo_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ssda903_dolo_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ssda903_dolo")),
        sa.UniqueConstraint(
            "child_id", "dolo_start", name=op.f("uq_ssda903_dolo_child_id_dolo_start")
        ),
    )
    with op.batch_alter_table("ssda903_dolo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ssda903_dolo_child_id"), ["child_id"], unique=False)

    op.create_table(
        "ssda903_episode",
        sa.Column("decom", sa.Date(), nullable=False),
        sa.Column("rne", sa.String(length=1), nullable=False),
        sa.Column("ls", sa.String(length=2), nullable=False),
        sa.Column("cin", sa.String(length=2), nullable=False),
        sa.Column("place", sa.String(length=4), nullable=False),
        sa.Column("place_provider", sa.String(length=3), nullable=True),
        sa.Column("dec", sa.Date(), nullable=True),
        sa.Column("rec", sa.String(length=3), nullable=True),
        sa.Column("reason_place_change", sa.String(length=6), nullable=True),
        sa.Column("home_post", sa.String(length=8), nullable=True),
        sa.Column("pl_post", sa.String(length=8), nullable=True),
        sa.Column("urn", sa.String(length=10), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ssda903_episode_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ssda903_episode_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ssda903_episode")),
        sa.UniqueConstraint("child_id", "decom", name=op.f("uq_ssda903_episode_child_id_decom")),
    )
    with op.batch_alter_table("ssda903_episode", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ssda903_episode_child_id"), ["child_id"], unique=False)

    op.create_table(
        "ssda903_missing",
        sa.Column("missing", sa.String(length=1), nullable=False),
        sa.Column("mis_start", sa.Date(), nullable=False),
        sa.Column("mis_end", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ssda903_missing_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ssda903_missing_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ssda903_missing")),
        sa.UniqueConstraint(
            "child_id",
            "mis_start",
            "missing",
            name=op.f("uq_ssda903_missing_child_id_mis_start_missing"),
        ),
    )
    with op.batch_alter_table("ssda903_missing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ssda903_missing_child_id"), ["child_id"], unique=False)

    op.create_table(
        "ssda903_oc2",
        sa.Column("collection_year", sa.String(length=7), nullable=False),
        sa.Column("sdq_score", sa.Integer(), nullable=True),
        sa.Column("sdq_reason", sa.String(length=4), nullable=True),
        sa.Column("convicted", sa.String(length=1), nullable=True),
        sa.Column("health_check", sa.String(length=1), nullable=True),
        sa.Column("immunisations", sa.String(length=1), nullable=True),
        sa.Column("teeth_check", sa.String(length=1), nullable=True),
        sa.Column("health_assessment", sa.String(length=1), nullable=True),
        sa.Column("substance_misuse", sa.String(length=1), nullable=True),
        sa.Column("intervention_received", sa.String(length=1), nullable=True),
        sa.Column("intervention_offered", sa.String(length=1), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ssda903_oc2_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ssda903_oc2_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ssda903_oc2")),
        sa.UniqueConstraint(
            "child_id", "collection_year", name=op.f("uq_ssda903_oc2_child_id_collection_year")
        ),
    )
    with op.batch_alter_table("ssda903_oc2", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ssda903_oc2_child_id"), ["child_id"], unique=False)

    op.create_table(
        "ssda903_oc3",
        sa.Column("collection_year", sa.String(length=7), nullable=False),
        sa.Column("in_touch", sa.String(length=4), nullable=True),
        sa.Column("activ", sa.String(length=2), nullable=True),
        sa.Column("accom", sa.String(length=2), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ssda903_oc3_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ssda903_oc3_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ssda903_oc3")),
        sa.UniqueConstraint(
            "child_id", "collection_year", name=op.f("uq_ssda903_oc3_child_id_collection_year")
        ),
    )
    with op.batch_alter_table("ssda903_oc3", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ssda903_oc3_child_id"), ["child_id"], unique=False)

    op.create_table(
        "ssda903_placed_adoption",
        sa.Column("date_placed", sa.Date(), nullable=False),
        sa.Column("date_placed_ceased", sa.Date(), nullable=True),
        sa.Column("reason_placed_ceased", sa.String(length=3), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ssda903_placed_adoption_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ssda903_placed_adoption_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ssda903_placed_adoption")),
        sa.UniqueConstraint(
            "child_id", "date_placed", name=op.f("uq_ssda903_placed_adoption_child_id_date_placed")
        ),
    )
    with op.batch_alter_table("ssda903_placed_adoption", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ssda903_placed_adoption_child_id"), ["child_id"], unique=False
        )

    op.create_table(
        "ssda903_previous_permanence",
        sa.Column("collection_year", sa.String(length=7), nullable=False),
        sa.Column("prev_perm", sa.String(length=2), nullable=True),
        sa.Column("la_perm", sa.String(length=3), nullable=True),
        sa.Column("date_perm", sa.String(length=10), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ssda903_previous_permanence_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ssda903_previous_permanence_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ssda903_previous_permanence")),
        sa.UniqueConstraint(
            "child_id",
            "collection_year",
            name=op.f("uq_ssda903_previous_permanence_child_id_collection_year"),
        ),
    )
    with op.batch_alter_table("ssda903_previous_permanence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ssda903_previous_permanence_child_id"), ["child_id"], unique=False
        )

    op.create_table(
        "ssda903_review",
        sa.Column("review", sa.Date(), nullable=False),
        sa.Column("review_code", sa.String(length=3), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ssda903_review_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ssda903_review_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ssda903_review")),
        sa.UniqueConstraint("child_id", "review", name=op.f("uq_ssda903_review_child_id_review")),
    )
    with op.batch_alter_table("ssda903_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ssda903_review_child_id"), ["child_id"], unique=False)

    op.create_table(
        "ssda903_sw_episode",
        sa.Column("sw_id", sa.String(length=20), nullable=False),
        sa.Column("sw_decom", sa.Date(), nullable=False),
        sa.Column("sw_dec", sa.Date(), nullable=True),
        sa.Column("sw_reason", sa.String(length=12), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ssda903_sw_episode_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ssda903_sw_episode_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ssda903_sw_episode")),
        sa.UniqueConstraint(
            "child_id",
            "sw_decom",
            "sw_id",
            name=op.f("uq_ssda903_sw_episode_child_id_sw_decom_sw_id"),
        ),
    )
    with op.batch_alter_table("ssda903_sw_episode", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ssda903_sw_episode_child_id"), ["child_id"], unique=False
        )

    op.create_table(
        "ssda903_uasc",
        sa.Column("duc", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_ssda903_uasc_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_ssda903_uasc_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ssda903_uasc")),
        sa.UniqueConstraint("child_id", name=op.f("uq_ssda903_uasc_child_id")),
    )
    with op.batch_alter_table("ssda903_uasc", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ssda903_uasc_child_id"), ["child_id"], unique=False)

    op.bulk_insert(
        sa.table(
            "register_head",
            sa.column("id", sa.Integer),
            sa.column("seq", sa.Integer),
            sa.column("hash", sa.String),
            sa.column("deviation_count", sa.Integer),
        ),
        [{"id": 1, "seq": 0, "hash": "0" * 64, "deviation_count": 0}],
    )


def downgrade() -> None:
    with op.batch_alter_table("ssda903_uasc", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ssda903_uasc_child_id"))

    op.drop_table("ssda903_uasc")
    with op.batch_alter_table("ssda903_sw_episode", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ssda903_sw_episode_child_id"))

    op.drop_table("ssda903_sw_episode")
    with op.batch_alter_table("ssda903_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ssda903_review_child_id"))

    op.drop_table("ssda903_review")
    with op.batch_alter_table("ssda903_previous_permanence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ssda903_previous_permanence_child_id"))

    op.drop_table("ssda903_previous_permanence")
    with op.batch_alter_table("ssda903_placed_adoption", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ssda903_placed_adoption_child_id"))

    op.drop_table("ssda903_placed_adoption")
    with op.batch_alter_table("ssda903_oc3", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ssda903_oc3_child_id"))

    op.drop_table("ssda903_oc3")
    with op.batch_alter_table("ssda903_oc2", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ssda903_oc2_child_id"))

    op.drop_table("ssda903_oc2")
    with op.batch_alter_table("ssda903_missing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ssda903_missing_child_id"))

    op.drop_table("ssda903_missing")
    with op.batch_alter_table("ssda903_episode", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ssda903_episode_child_id"))

    op.drop_table("ssda903_episode")
    with op.batch_alter_table("ssda903_dolo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ssda903_dolo_child_id"))

    op.drop_table("ssda903_dolo")
    with op.batch_alter_table("ssda903_ad1", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ssda903_ad1_child_id"))

    op.drop_table("ssda903_ad1")
    op.drop_table("rule_outcome_count")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index("ix_finding_run_status")
        batch_op.drop_index("ix_finding_run_fingerprint")

    op.drop_table("finding")
    op.drop_table("child")
    op.drop_table("run")
    op.drop_table("register_head")
    op.drop_table("import_batch")
    with op.batch_alter_table("deviation_version", schema=None) as batch_op:
        batch_op.drop_index("ix_deviation_version_rule_subject")

    op.drop_table("deviation_version")
    with op.batch_alter_table("calendar_day", schema=None) as batch_op:
        batch_op.drop_index("ix_calendar_day_working")

    op.drop_table("calendar_day")
