"""What an Annex A workbook said, as of its latest import.

Annex A is a snapshot: each list holds one row per child (or adopter) with the latest
dates only. A newer workbook replaces every row an earlier one wrote. Only identifiers
and the dates the checks use are kept (no names, workers, ethnicity or free text).
Child references are kept as given: Annex A's "Child Unique ID" is the council's own
identifier, which may or may not be the SSDA903 CHILD reference.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base

REF = 40
CODE = 20
TEXT = 60


class _Row:
    id: Mapped[int] = mapped_column(primary_key=True)
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
    row_number: Mapped[int]


class AnnexAProtection(_Row, Base):
    """List 7: a child with a child protection plan in the last 6 months."""

    __tablename__ = "aa_child_protection"

    child_ref: Mapped[str] = mapped_column(String(REF))
    dob: Mapped[dt.date | None]
    plan_start: Mapped[dt.date | None]
    last_visit: Mapped[dt.date | None]
    seen_alone: Mapped[bool | None]
    latest_review: Mapped[dt.date | None]
    plan_end: Mapped[dt.date | None]

    __table_args__ = (UniqueConstraint("import_batch_id", "row_number"),)


class AnnexALookedAfter(_Row, Base):
    """List 8: a child looked after in the last 12 months."""

    __tablename__ = "aa_looked_after"

    child_ref: Mapped[str] = mapped_column(String(REF))
    dob: Mapped[dt.date | None]
    started: Mapped[dt.date | None]
    latest_review: Mapped[dt.date | None]
    last_visit: Mapped[dt.date | None]
    last_health: Mapped[dt.date | None]
    last_dental: Mapped[dt.date | None]
    ceased: Mapped[dt.date | None]
    placement_start: Mapped[dt.date | None]
    placement_type: Mapped[str | None] = mapped_column(String(CODE))
    placement_urn: Mapped[str | None] = mapped_column(String(CODE))

    __table_args__ = (UniqueConstraint("import_batch_id", "row_number"),)


class AnnexACareLeaver(_Row, Base):
    """List 9: a care leaver; the 2024 layout adds the adviser, plan review and contact."""

    __tablename__ = "aa_care_leaver"

    child_ref: Mapped[str] = mapped_column(String(REF))
    dob: Mapped[dt.date | None]
    eligibility: Mapped[str | None] = mapped_column(String(TEXT))
    # NULL: the workbook has no adviser column; False: the column is blank for this row
    adviser_allocated: Mapped[bool | None]
    latest_plan_review: Mapped[dt.date | None]
    latest_contact: Mapped[dt.date | None]

    __table_args__ = (UniqueConstraint("import_batch_id", "row_number"),)


class AnnexAAdopter(_Row, Base):
    """List 11: an adopter in the adoption process in the last 12 months."""

    __tablename__ = "aa_adopter"

    adopter_ref: Mapped[str] = mapped_column(String(REF))
    family_ref: Mapped[str | None] = mapped_column(String(REF))
    enquiry: Mapped[dt.date | None]
    stage1_start: Mapped[dt.date | None]
    stage1_end: Mapped[dt.date | None]
    stage2_start: Mapped[dt.date | None]
    stage2_end: Mapped[dt.date | None]
    approved: Mapped[dt.date | None]
    left: Mapped[dt.date | None]

    __table_args__ = (UniqueConstraint("import_batch_id", "row_number"),)


TABLES_BY_LIST: dict[
    int, type[AnnexAProtection | AnnexALookedAfter | AnnexACareLeaver | AnnexAAdopter]
] = {
    7: AnnexAProtection,
    8: AnnexALookedAfter,
    9: AnnexACareLeaver,
    11: AnnexAAdopter,
}
