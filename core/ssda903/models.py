"""Tables holding the SSDA903 return, one per SSDA903 table.

Every row belongs to a child (see ``scrutiny.models.child``) and remembers the import
batch that last wrote it. Natural keys follow the return: a child has one episode per
start date, one review per date, and so on.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base


class _ChildRow:
    """Columns every SSDA903 row has."""

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))


class Episode(_ChildRow, Base):
    """A period during which a child's legal status and placement were unchanged."""

    __tablename__ = "ssda903_episode"

    decom: Mapped[dt.date]
    rne: Mapped[str] = mapped_column(String(1))
    ls: Mapped[str] = mapped_column(String(2))
    cin: Mapped[str] = mapped_column(String(2))
    place: Mapped[str] = mapped_column(String(4))  # 2025-26 added Z11–Z14
    place_provider: Mapped[str | None] = mapped_column(String(3))
    dec: Mapped[dt.date | None]
    rec: Mapped[str | None] = mapped_column(String(3))
    reason_place_change: Mapped[str | None] = mapped_column(String(6))
    home_post: Mapped[str | None] = mapped_column(String(8))
    pl_post: Mapped[str | None] = mapped_column(String(8))
    urn: Mapped[str | None] = mapped_column(String(10))

    __table_args__ = (UniqueConstraint("child_id", "decom"),)


class Review(_ChildRow, Base):
    """A statutory looked-after review (CPPCR 2010 reg 33)."""

    __tablename__ = "ssda903_review"

    review: Mapped[dt.date]
    review_code: Mapped[str | None] = mapped_column(String(3))

    __table_args__ = (UniqueConstraint("child_id", "review"),)


class UASC(_ChildRow, Base):
    """Unaccompanied asylum-seeking child status."""

    __tablename__ = "ssda903_uasc"

    duc: Mapped[dt.date | None]

    __table_args__ = (UniqueConstraint("child_id"),)


class OC2(_ChildRow, Base):
    """Outcomes for children looked after continuously for 12 months (one per year)."""

    __tablename__ = "ssda903_oc2"

    collection_year: Mapped[str] = mapped_column(String(7))
    sdq_score: Mapped[int | None]
    sdq_reason: Mapped[str | None] = mapped_column(String(4))
    convicted: Mapped[str | None] = mapped_column(String(1))
    health_check: Mapped[str | None] = mapped_column(String(1))
    immunisations: Mapped[str | None] = mapped_column(String(1))
    teeth_check: Mapped[str | None] = mapped_column(String(1))
    health_assessment: Mapped[str | None] = mapped_column(String(1))
    substance_misuse: Mapped[str | None] = mapped_column(String(1))
    intervention_received: Mapped[str | None] = mapped_column(String(1))
    intervention_offered: Mapped[str | None] = mapped_column(String(1))

    __table_args__ = (UniqueConstraint("child_id", "collection_year"),)


class OC3(_ChildRow, Base):
    """Care leavers around their 17th to 21st birthdays (one per year)."""

    __tablename__ = "ssda903_oc3"

    collection_year: Mapped[str] = mapped_column(String(7))
    in_touch: Mapped[str | None] = mapped_column(String(4))
    activ: Mapped[str | None] = mapped_column(String(2))
    accom: Mapped[str | None] = mapped_column(String(2))

    __table_args__ = (UniqueConstraint("child_id", "collection_year"),)


class AD1(_ChildRow, Base):
    """A looked-after child adopted."""

    __tablename__ = "ssda903_ad1"

    date_int: Mapped[dt.date | None]
    date_match: Mapped[dt.date | None]
    foster_care: Mapped[str | None] = mapped_column(String(1))
    nb_adoptr: Mapped[str | None] = mapped_column(String(1))
    sex_adoptr: Mapped[str | None] = mapped_column(String(3))
    ls_adoptr: Mapped[str | None] = mapped_column(String(3))

    __table_args__ = (UniqueConstraint("child_id"),)


class PlacedAdoption(_ChildRow, Base):
    """A child placed for adoption."""

    __tablename__ = "ssda903_placed_adoption"

    date_placed: Mapped[dt.date]
    date_placed_ceased: Mapped[dt.date | None]
    reason_placed_ceased: Mapped[str | None] = mapped_column(String(3))

    __table_args__ = (UniqueConstraint("child_id", "date_placed"),)


class PreviousPermanence(_ChildRow, Base):
    """Permanence before this period of care. ``date_perm`` may be partly unknown."""

    __tablename__ = "ssda903_previous_permanence"

    collection_year: Mapped[str] = mapped_column(String(7))
    prev_perm: Mapped[str | None] = mapped_column(String(2))
    la_perm: Mapped[str | None] = mapped_column(String(3))
    date_perm: Mapped[str | None] = mapped_column(String(10))

    __table_args__ = (UniqueConstraint("child_id", "collection_year"),)


class MissingEpisode(_ChildRow, Base):
    """A period missing from, or away without authorisation from, placement."""

    __tablename__ = "ssda903_missing"

    missing: Mapped[str] = mapped_column(String(1))
    mis_start: Mapped[dt.date]
    mis_end: Mapped[dt.date | None]

    __table_args__ = (UniqueConstraint("child_id", "mis_start", "missing"),)


class SocialWorkerEpisode(_ChildRow, Base):
    """A period with one allocated social worker (from 2023-24)."""

    __tablename__ = "ssda903_sw_episode"

    sw_id: Mapped[str] = mapped_column(String(20))
    sw_decom: Mapped[dt.date]
    sw_dec: Mapped[dt.date | None]
    sw_reason: Mapped[str | None] = mapped_column(String(12))

    __table_args__ = (UniqueConstraint("child_id", "sw_decom", "sw_id"),)


class DeprivationOfLiberty(_ChildRow, Base):
    """A deprivation of liberty order (from 2026-27)."""

    __tablename__ = "ssda903_dolo"

    dolo_start: Mapped[dt.date]
    dolo_end: Mapped[dt.date | None]

    __table_args__ = (UniqueConstraint("child_id", "dolo_start"),)
