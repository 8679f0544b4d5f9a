"""Import batches: one per file imported, with what it covers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

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

    # named as in migration 0001 (before the convention named it by all three columns)
    __table_args__ = (
        UniqueConstraint("kind", "sha256", "collection_year", name="uq_import_batch_kind_sha256"),
    )
