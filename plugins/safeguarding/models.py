"""The safeguarding plugin's tables: children in need and child protection.

Two sources fill them. The DfE children in need census (XML) gives each child's CIN
episodes (``CINdetails``) and, within each, assessments, CIN plans, section 47
enquiries, child protection plans and their review conferences, and from 2025/26 the
pre-proceedings module. What the census does not carry comes from the project's own
documented files (``docs/domains/safeguarding.md``): when a referral was received and
decided, strategy discussions, core group meetings, serious incidents and their
notification, and rapid reviews.

Census rows are keyed by the child and the date that starts them, so a later census
that repeats an episode updates it rather than adding a copy. Each row keeps the
referral date of the CIN episode it belongs to.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base

CODE = 4
REF = 40

REFERRAL_RESPONSES = ("nfa", "early-help", "assessment", "strategy-discussion", "other")
HARMS = ("death", "serious-harm")


class CinEpisode(Base):
    """A CIN episode: from a referral to its closure (census ``CINdetails``)."""

    __tablename__ = "sg_cin_episode"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    referral_date: Mapped[dt.date]
    referral_source: Mapped[str | None] = mapped_column(String(CODE))
    primary_need: Mapped[str | None] = mapped_column(String(CODE))
    closure_date: Mapped[dt.date | None]
    closure_reason: Mapped[str | None] = mapped_column(String(CODE))
    referral_nfa: Mapped[bool | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "referral_date"),)


class Assessment(Base):
    """A child and family assessment (census ``Assessments``)."""

    __tablename__ = "sg_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    referral_date: Mapped[dt.date]
    start_date: Mapped[dt.date]
    authorised_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "start_date"),)


class CinPlan(Base):
    """A child in need plan (census ``CINPlanDates``)."""

    __tablename__ = "sg_cin_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    referral_date: Mapped[dt.date]
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "start_date"),)


class Section47(Base):
    """A section 47 enquiry (census ``Section47``).

    ``s47_start`` is the census's S47ActualStartDate: the date of the strategy
    discussion at which the enquiry was started.
    """

    __tablename__ = "sg_section47"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    referral_date: Mapped[dt.date]
    s47_start: Mapped[dt.date]
    icpc_target: Mapped[dt.date | None]
    icpc_date: Mapped[dt.date | None]
    icpc_not_required: Mapped[bool | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "s47_start"),)


class ProtectionPlan(Base):
    """A child protection plan (census ``ChildProtectionPlans``)."""

    __tablename__ = "sg_cp_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    referral_date: Mapped[dt.date]
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date | None]
    initial_category: Mapped[str | None] = mapped_column(String(CODE))
    latest_category: Mapped[str | None] = mapped_column(String(CODE))
    previous_plans: Mapped[int | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "start_date"),)


class ProtectionReview(Base):
    """A review child protection conference (census ``Reviews/CPPreviewDate``)."""

    __tablename__ = "sg_cp_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    plan_start: Mapped[dt.date]
    review_date: Mapped[dt.date]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "review_date"),)


class PreProceedings(Base):
    """Pre-proceedings and family group decision making (census, from 2025/26)."""

    __tablename__ = "sg_pre_proceedings"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    referral_date: Mapped[dt.date]
    start_date: Mapped[dt.date]
    letter_sent_on: Mapped[dt.date | None]
    fgdm_offered: Mapped[bool | None]
    fgdm_held: Mapped[bool | None]
    initial_meeting_on: Mapped[dt.date | None]
    review_meetings: Mapped[int | None]
    step_decision_on: Mapped[dt.date | None]
    outcome: Mapped[str | None] = mapped_column(String(CODE))
    court_application_on: Mapped[dt.date | None]
    letter_initiating_cp_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "start_date"),)


class ReferralDecision(Base):
    """When a referral was received and when the council decided its response and told
    the referrer: times as UTC, with the England local day beside them."""

    __tablename__ = "sg_referral_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    received_at: Mapped[dt.datetime]
    received_on: Mapped[dt.date]
    decided_at: Mapped[dt.datetime | None]
    decided_on: Mapped[dt.date | None]
    response: Mapped[str | None] = mapped_column(String(20))
    referrer_informed_on: Mapped[dt.date | None]
    referrer_anonymous: Mapped[bool | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "received_at"),)


class StrategyDiscussion(Base):
    """A strategy discussion, and whether it started (or continued) s47 enquiries."""

    __tablename__ = "sg_strategy_discussion"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    held_on: Mapped[dt.date]
    s47_started: Mapped[bool]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "held_on"),)


class CoreGroup(Base):
    """A core group meeting for a child protection plan."""

    __tablename__ = "sg_core_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    plan_start: Mapped[dt.date]
    held_on: Mapped[dt.date]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id", "held_on"),)


class SeriousIncident(Base):
    """A serious child safeguarding incident (Children Act 2004 s16C(1)) and the
    notifications the council sent: to the Child Safeguarding Practice Review Panel,
    to Ofsted, and to the Secretary of State where the child was looked after."""

    __tablename__ = "sg_serious_incident"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_ref: Mapped[str] = mapped_column(String(REF), unique=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    incident_date: Mapped[dt.date | None]
    aware_on: Mapped[dt.date]
    harm: Mapped[str] = mapped_column(String(20))
    looked_after: Mapped[bool]
    panel_notified_on: Mapped[dt.date | None]
    ofsted_notified_on: Mapped[dt.date | None]
    sos_notified_on: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))


class RapidReview(Base):
    """The safeguarding partners' rapid review of a serious incident."""

    __tablename__ = "sg_rapid_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_ref: Mapped[str] = mapped_column(String(REF), unique=True)
    completed_on: Mapped[dt.date | None]
    sent_to_panel_on: Mapped[dt.date | None]
    delay_reason: Mapped[str | None] = mapped_column(Text)
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
