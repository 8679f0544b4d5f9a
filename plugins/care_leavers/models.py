"""The care leavers plugin's tables: who the authority counts as a care leaver, and the
advisers, assessments, plans, contacts, accommodation, staying-put arrangements and
requests for support that hang off each young person.

None of this is in SSDA903 except what OC3 says once a year (in touch, activity,
accommodation); it comes from the project's documented files
(``docs/domains/care-leavers.md``). Every row belongs to a child (``child``), the same
child the SSDA903 return describes when the young person was looked after.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base

REF = 40
CODE = 30
STATUSES = ("eligible", "relevant", "former-relevant", "qualifying")
CARE_LEAVER_STATUSES = ("eligible", "relevant", "former-relevant")
END_REASONS = ("reached-21", "reached-25", "opted-out", "moved-away", "died", "other")
CONTACT_KINDS = ("visit-at-home", "visit-elsewhere", "phone", "video", "message", "other")
CONTACT_BY = ("adviser", "other-worker")
REQUESTERS = ("young-person", "adviser")
ACCOMMODATION_TYPES = (
    "staying-put",
    "supported-lodgings",
    "semi-independent",
    "independent-tenancy",
    "with-family",
    "custody",
    "other",
)


class YoungPerson(Base):
    """A young person the authority records as a care leaver, and which kind
    (CA 1989 s19B eligible, s23A relevant, s23C former relevant, s24 qualifying)."""

    __tablename__ = "cl_young_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), unique=True)
    dob: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(CODE))
    eligible_from: Mapped[dt.date | None]
    duties_ended: Mapped[dt.date | None]
    end_reason: Mapped[str | None] = mapped_column(String(CODE))
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))


class AdviserAllocation(Base):
    """A personal adviser allocated to a young person (CA 1989 s23CZB, s23D)."""

    __tablename__ = "cl_adviser_allocation"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    adviser_ref: Mapped[str] = mapped_column(String(REF))
    allocated_on: Mapped[dt.date]
    ended_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "allocated_on"),)


class NeedsAssessment(Base):
    """A completed assessment of a young person's needs (CPPCR 2010 reg 42)."""

    __tablename__ = "cl_needs_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    completed_on: Mapped[dt.date]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "completed_on"),)


class PathwayPlan(Base):
    """A pathway plan prepared for a young person (CPPCR reg 43; s23CZB(5))."""

    __tablename__ = "cl_pathway_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    plan_date: Mapped[dt.date]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "plan_date"),)


class PlanReview(Base):
    """A review of a pathway plan, and who asked for it if it was requested."""

    __tablename__ = "cl_plan_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    plan_date: Mapped[dt.date]
    reviewed_on: Mapped[dt.date]
    requested_by: Mapped[str | None] = mapped_column(String(CODE))
    requested_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "reviewed_on"),)


class Contact(Base):
    """A contact with a young person: a visit (where), a call, a message; by whom."""

    __tablename__ = "cl_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    contact_date: Mapped[dt.date]
    kind: Mapped[str] = mapped_column(String(CODE))
    contact_by: Mapped[str] = mapped_column(String(CODE))
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "contact_date", "kind"),)


class Accommodation(Base):
    """Where a young person lives, and whether the authority provides it
    (Care Leavers (England) Regs 2010 reg 8 applies to accommodation it provides)."""

    __tablename__ = "cl_accommodation"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    started_on: Mapped[dt.date]
    ended_on: Mapped[dt.date | None]
    accommodation_type: Mapped[str] = mapped_column(String(CODE))
    provided_by_la: Mapped[bool]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "started_on"),)


class StayingPut(Base):
    """A former relevant child staying on with their former foster parent (s23CZA)."""

    __tablename__ = "cl_staying_put"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    carer_ref: Mapped[str] = mapped_column(String(REF))
    started_on: Mapped[dt.date]
    ended_on: Mapped[dt.date | None]
    financial_support: Mapped[bool | None]
    support_ended: Mapped[dt.date | None]
    last_monitored: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "started_on"),)


class SupportRequest(Base):
    """A former relevant child aged 21 to 24 asking for advice and support (s23CZB)."""

    __tablename__ = "cl_support_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    requested_on: Mapped[dt.date]
    withdrawn_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "requested_on"),)
