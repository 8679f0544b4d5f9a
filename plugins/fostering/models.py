"""The fostering plugin's tables: households, carers, approvals and what hangs off them.

None of this is in SSDA903; it comes from the project's documented files
(``docs/domains/fostering.md``). A *carer* is an approved foster carer as the
fostering service records one: a person, or a couple approved jointly. A
*household* is the home they live in, which is what the usual fostering limit counts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base

REF = 40
APPROVAL_TYPES = ("full", "temporary-connected", "temporary-any")
TEMPORARY_TYPES = ("temporary-connected", "temporary-any")
END_REASONS = (
    "full-approval",
    "not-approved",
    "placement-ended",
    "resigned",
    "terminated",
    "other",
)
ARRANGEMENTS = ("fostered", "private-fostering", "own-child")
COUNTED_ARRANGEMENTS = ("fostered", "private-fostering")


class Household(Base):
    """A home where foster carers live; ``residence_la`` is the authority whose area it is in
    (the one that may grant a usual-fostering-limit exemption, CA 1989 Sch 7 para 4)."""

    __tablename__ = "fos_household"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_ref: Mapped[str] = mapped_column(String(REF), unique=True)
    residence_la: Mapped[str | None] = mapped_column(String(10))
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))


class Carer(Base):
    __tablename__ = "fos_carer"

    id: Mapped[int] = mapped_column(primary_key=True)
    carer_ref: Mapped[str] = mapped_column(String(REF), unique=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("fos_household.id"), index=True)
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))


class Approval(Base):
    """An approval as a foster carer: full (FSR 2011), or temporary under CPPCR reg 24
    (``temporary-connected``; ``temporary-any`` is a person who is not connected, which
    only SI 2020/445 allowed). A temporary approval names the child it is for."""

    __tablename__ = "fos_approval"

    id: Mapped[int] = mapped_column(primary_key=True)
    carer_id: Mapped[int] = mapped_column(ForeignKey("fos_carer.id"), index=True)
    approval_type: Mapped[str] = mapped_column(String(20))
    approved_on: Mapped[dt.date]
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"))
    assessed_on: Mapped[dt.date | None]  # reg 24(2) suitability assessment
    max_children: Mapped[int | None]  # terms of approval
    ended_on: Mapped[dt.date | None]
    end_reason: Mapped[str | None] = mapped_column(String(20))
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("carer_id", "approved_on", "approval_type"),)


class Extension(Base):
    """An extension of a temporary approval (CPPCR reg 25), keyed to the approval by its
    carer and day of approval."""

    __tablename__ = "fos_extension"

    id: Mapped[int] = mapped_column(primary_key=True)
    carer_id: Mapped[int] = mapped_column(ForeignKey("fos_carer.id"), index=True)
    approved_on: Mapped[dt.date]
    extended_on: Mapped[dt.date]
    weeks: Mapped[int | None]
    panel_views_sought_on: Mapped[dt.date | None]
    iro_informed_on: Mapped[dt.date | None]
    nominated_officer_on: Mapped[dt.date | None]
    irm_review_requested: Mapped[bool | None]
    irm_outcome_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("carer_id", "approved_on", "extended_on"),)


class EmergencyPlacement(Base):
    """A child placed in an emergency outside the carer's terms of approval (CPPCR reg 23)."""

    __tablename__ = "fos_emergency_placement"

    id: Mapped[int] = mapped_column(primary_key=True)
    carer_id: Mapped[int] = mapped_column(ForeignKey("fos_carer.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    placed_on: Mapped[dt.date]
    terms_amended_on: Mapped[dt.date | None]
    ended_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("carer_id", "child_id", "placed_on"),)


class HouseholdChild(Base):
    """A child living with a carer: fostered (for any authority), privately fostered, or
    the carer's own child (listed so the count can show it was left out)."""

    __tablename__ = "fos_household_child"

    id: Mapped[int] = mapped_column(primary_key=True)
    carer_id: Mapped[int] = mapped_column(ForeignKey("fos_carer.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    arrangement: Mapped[str] = mapped_column(String(20))
    started_on: Mapped[dt.date]
    ended_on: Mapped[dt.date | None]
    sibling_group: Mapped[str | None] = mapped_column(String(REF))
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("carer_id", "child_id", "started_on"),)


class Exemption(Base):
    """A written exemption from the usual fostering limit (CA 1989 Sch 7 para 4)."""

    __tablename__ = "fos_exemption"

    id: Mapped[int] = mapped_column(primary_key=True)
    exemption_ref: Mapped[str] = mapped_column(String(REF), unique=True)
    carer_id: Mapped[int | None] = mapped_column(ForeignKey("fos_carer.id"), index=True)
    valid_from: Mapped[dt.date | None]
    valid_until: Mapped[dt.date | None]
    granted_by_la: Mapped[str | None] = mapped_column(String(10))
    conditions: Mapped[str | None] = mapped_column(Text)
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))


class ExemptionChild(Base):
    """A child an exemption names (para 4(3): each child who may be fostered, by name)."""

    __tablename__ = "fos_exemption_child"

    id: Mapped[int] = mapped_column(primary_key=True)
    exemption_id: Mapped[int] = mapped_column(ForeignKey("fos_exemption.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("exemption_id", "child_id"),)


class ShortBreak(Base):
    """One stay in a series of short breaks (CPPCR reg 48)."""

    __tablename__ = "fos_short_break"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    carer_id: Mapped[int | None] = mapped_column(ForeignKey("fos_carer.id"))
    started_on: Mapped[dt.date]
    ended_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "started_on"),)


class CarerReview(Base):
    """A review of a foster carer's approval (FSR 2011 reg 28)."""

    __tablename__ = "fos_carer_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    carer_id: Mapped[int] = mapped_column(ForeignKey("fos_carer.id"), index=True)
    reviewed_on: Mapped[dt.date]
    to_panel: Mapped[bool | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("carer_id", "reviewed_on"),)
