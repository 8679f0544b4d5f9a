"""The looked-after plugin's own tables: statutory visits and placement details.

Neither is in SSDA903, so both come from the project's documented CSV schema
(``docs/input-files.md``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base

VISIT_MODES = ("in-person", "phone", "video")
REMOTE_REASONS = ("covid-guidance", "covid-not-practicable", "other")
VISIT_REGIMES = ("standard", "reg24-connected", "reg19-parent", "ico-parent", "care-order-parent")


class StatutoryVisit(Base):
    """A social worker's statutory visit to a looked-after child (CPPCR 2010 reg 28).

    ``remote_reason`` records why a phone or video visit was held: the two coronavirus
    reasons SI 2020/909 reg 4(2) accepts (a face-to-face visit would breach public-health
    guidance, or is not reasonably practicable for a coronavirus reason), or ``other``.
    """

    __tablename__ = "lac_statutory_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    visit_date: Mapped[dt.date]
    mode: Mapped[str] = mapped_column(String(10))
    seen_alone: Mapped[bool | None]
    remote_reason: Mapped[str | None] = mapped_column(String(24))
    reason_detail: Mapped[str | None] = mapped_column(Text)
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "visit_date"),)


class PlacementDetail(Base):
    """What SSDA903 cannot say about a placement: which reg 28 visiting regime applies.

    Keyed like the SSDA903 episode that starts the placement (child and DECOM).
    """

    __tablename__ = "lac_placement_detail"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    placement_start: Mapped[dt.date]
    regime: Mapped[str] = mapped_column(String(20))
    long_term: Mapped[bool | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "placement_start"),)
