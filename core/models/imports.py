"""Import batches: one per file imported, with what it covers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from scrutiny.db.base import Base, utcnow


class ImportBatch(Base):
    """One file, imported whole in one transaction.

    ``covers_from``/``covers_to`` bound the dates the file speaks for; a rule that
    needs this kind of data for a date outside every batch's cover reports a data gap
    rather than a breach. Only the file's name is kept, never its directory.
    """

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(80))
    source_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int]
    collection_year: Mapped[str | None] = mapped_column(String(7))
    covers_from: Mapped[dt.date | None]
    covers_to: Mapped[dt.date | None]
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The batch of a newer file from the same source that replaced this one's data.
    superseded_by: Mapped[int | None]
    # What the importer said about the file beyond its rows (e.g. headers it could not
    # match, lists it did not find), for the pack.
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))

    # named as in migration 0001 (before the convention named it by all three columns)
    __table_args__ = (
        UniqueConstraint("kind", "sha256", "collection_year", name="uq_import_batch_kind_sha256"),
    )


class RunImport(Base):
    """An import batch whose data a run judged (every batch in force when it ran)."""

    __tablename__ = "run_import"

    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), primary_key=True)
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), primary_key=True)


def batch_in_force() -> ColumnElement[bool]:
    """Batches whose data is still held: not replaced by a newer file from the source."""
    return ImportBatch.superseded_by.is_(None)
