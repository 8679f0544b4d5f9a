"""The residential plugin's tables: children's homes and what the registered person
records about them, and placements in provision with or without registration.

None of this is in SSDA903; it comes from the project's documented files
(``docs/domains/residential.md``). A *home* is a children's home the council runs or
places children in, keyed by the council's own reference; its Ofsted URN is kept when
it has one. Times of day (when a notifiable event happened, when each recipient was
told) are stored as UTC timestamps, with the local (England) day beside them for due
dates, so that hours are counted correctly across a change of the clocks.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base

REF = 40
URN = 10

# Regulation 40 (Children's Homes (England) Regulations 2015) events, as far as the
# regulation was read (RULES.md CH-REG40: reg 40(4)'s list was cut off).
EVENT_TYPES = (
    "death",  # reg 40(1)
    "dbs-referral",  # reg 40(3): staff member referred to DBS (SVGA 2006 s35)
    "sexual-exploitation",  # reg 40(4)
    "police-incident",  # reg 40(4): serious incident requiring police involvement
    "allegation-of-abuse",  # reg 40(4): against the home or a person working there
    "child-protection-enquiry",  # reg 40(4)
)
RECIPIENTS = (
    "ofsted",
    "placing-authority",
    "secretary-of-state",
    "host-authority",
    "icb",
    "ppo",
)
VISIT_MODES = ("in-person", "virtual")
CHANGES = ("new-manager", "manager-ceased", "new-provider", "provider-ceased")
SETTINGS = (
    "childrens-home",
    "supported-accommodation",
    "independent-living",
    "care-home",
    "hospital",
    "residential-family-centre",
    "school",
    "holiday-scheme",
    "further-education-college",
    "16-19-academy",
    "other",
)


class Home(Base):
    """A children's home: its Ofsted URN and the span it was registered for."""

    __tablename__ = "ch_home"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_ref: Mapped[str] = mapped_column(String(REF), unique=True)
    urn: Mapped[str | None] = mapped_column(String(URN))
    registered_on: Mapped[dt.date | None]
    ceased_on: Mapped[dt.date | None]
    secure: Mapped[bool | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))


class NotifiableEvent(Base):
    """An event regulation 40 requires the registered person to notify."""

    __tablename__ = "ch_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_ref: Mapped[str] = mapped_column(String(REF), unique=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("ch_home.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[dt.datetime]
    occurred_on: Mapped[dt.date]  # the local day, for the due date
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"))
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))


class EventNotification(Base):
    """One recipient told of one event, and when."""

    __tablename__ = "ch_event_notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("ch_event.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(20))
    notified_at: Mapped[dt.datetime]
    notified_on: Mapped[dt.date]  # the local day
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("event_id", "recipient"),)


class IndependentVisit(Base):
    """A regulation 44 visit by an independent person, and its report to HMCI."""

    __tablename__ = "ch_reg44_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("ch_home.id"), index=True)
    visited_on: Mapped[dt.date]
    mode: Mapped[str] = mapped_column(String(10))
    independent: Mapped[bool]
    report_to_ofsted_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("home_id", "visited_on"),)


class VisitEndeavour(Base):
    """A month with no regulation 44 visit, and the reasonable endeavours recorded for it
    (the duty SI 2020/445 reg 11 substituted for 24 Apr to 25 Sep 2020)."""

    __tablename__ = "ch_reg44_endeavour"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("ch_home.id"), index=True)
    month_start: Mapped[dt.date]
    note: Mapped[str] = mapped_column(Text)
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("home_id", "month_start"),)


class QualityReview(Base):
    """A regulation 45 review of the quality of care, and its report to HMCI."""

    __tablename__ = "ch_reg45_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("ch_home.id"), index=True)
    reviewed_on: Mapped[dt.date]
    report_to_ofsted_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("home_id", "reviewed_on"),)


class ManagerAbsence(Base):
    """An absence of the person in day-to-day charge (regulation 48)."""

    __tablename__ = "ch_manager_absence"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("ch_home.id"), index=True)
    started_on: Mapped[dt.date]
    expected_end: Mapped[dt.date | None]
    ended_on: Mapped[dt.date | None]
    planned: Mapped[bool]
    notice_given_on: Mapped[dt.date | None]
    return_notified_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("home_id", "started_on"),)


class ChangeNotice(Base):
    """A change regulation 49 requires notice of, and when HMCI was told."""

    __tablename__ = "ch_change_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("ch_home.id"), index=True)
    change: Mapped[str] = mapped_column(String(20))
    changed_on: Mapped[dt.date]
    notified_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("home_id", "change", "changed_on"),)


class Closure(Base):
    """A home closing or ceasing: the notice to Ofsted and any cancellation application,
    with Ofsted's own notices (CSA 2000 s17(4)(a) proposal, s19(3) decision)."""

    __tablename__ = "ch_closure"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("ch_home.id"), index=True)
    closes_on: Mapped[dt.date]
    notified_on: Mapped[dt.date | None]
    applied_on: Mapped[dt.date | None]
    proposal_notice_on: Mapped[dt.date | None]
    proposal_dropped_on: Mapped[dt.date | None]
    decision_notice_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("home_id", "closes_on"),)


class ResidentialPlacement(Base):
    """A child placed in residential provision: what kind, whether it provides care, its
    Ofsted URN if registered, and whether the child is there under "other arrangements"
    (Children Act 1989 s22C(6)(d))."""

    __tablename__ = "ch_placement"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    started_on: Mapped[dt.date]
    ended_on: Mapped[dt.date | None]
    provider_ref: Mapped[str] = mapped_column(String(REF))
    urn: Mapped[str | None] = mapped_column(String(URN))
    setting: Mapped[str] = mapped_column(String(30))
    care_provided: Mapped[bool]
    other_arrangements: Mapped[bool]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "started_on"),)
