"""Import batches can be superseded by a newer file from the same source and keep the
importer's report; each run records the batches it judged.

Revision ID: 0003_core
Revises: 0002_core
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_core"
down_revision = "0002_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("superseded_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("report", sa.JSON(), nullable=True))
    op.create_table(
        "run_import",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_run_import_import_batch_id_import_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["run.id"], name=op.f("fk_run_import_run_id_run"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "import_batch_id", name=op.f("pk_run_import")),
    )


def downgrade() -> None:
    op.drop_table("run_import")
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.drop_column("report")
        batch_op.drop_column("superseded_by")
