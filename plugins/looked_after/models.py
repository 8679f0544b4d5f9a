"""The looked-after plugin's own tables: statutory visits, placement details, care and
placement plans, out-of-area placements, health assessments and personal education plans.

None is in SSDA903, so all come from the project's documented CSV schema
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


HEALTH_KINDS = ("initial", "review")
PRACTITIONERS = ("doctor", "nurse", "midwife", "other")
AREA_AUTHORITY_LENGTH = 80


class CarePlan(Base):
    """The first care plan prepared for a period of care (CPPCR 2010 reg 4(2))."""

    __tablename__ = "lac_care_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    plan_date: Mapped[dt.date]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "plan_date"),)


class PlacementPlan(Base):
    """The placement plan for a placement (CPPCR 2010 reg 9), keyed like the SSDA903
    episode that starts the placement (child and DECOM). It may predate the placement."""

    __tablename__ = "lac_placement_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    placement_start: Mapped[dt.date]
    plan_date: Mapped[dt.date]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "placement_start"),)


class OutOfAreaPlacement(Base):
    """A placement outside the authority's area and when the area authority was told
    (CPPCR 2010 reg 13(4)). SSDA903 as stored here has no placing-area column.

    ``notified_on`` is empty while the area authority has not been told.
    """

    __tablename__ = "lac_out_of_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    placement_start: Mapped[dt.date]
    area_authority: Mapped[str] = mapped_column(String(AREA_AUTHORITY_LENGTH))
    emergency: Mapped[bool]
    notified_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "placement_start"),)


class HealthAssessment(Base):
    """A statutory health assessment of a looked-after child (CPPCR 2010 reg 7): the
    initial one, or a review, and who carried it out."""

    __tablename__ = "lac_health_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    assessed_on: Mapped[dt.date]
    kind: Mapped[str] = mapped_column(String(7))
    practitioner: Mapped[str] = mapped_column(String(7))
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "assessed_on"),)


class PersonalEducationPlan(Base):
    """A personal education plan, or a review of one (CPPCR 2010 reg 5(b)(ii))."""

    __tablename__ = "lac_pep"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    pep_date: Mapped[dt.date]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "pep_date"),)
