"""The adoption plugin's own tables: prospective adopters' applications and panel meetings.

Nothing here is in SSDA903 (which is about children), so both come from the project's
documented CSV or XLSX schema (``docs/domains/adoption.md``). Applications are known by
the council's own reference (for example ``A123``): no names, no addresses.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base

STAGE1_OUTCOMES = ("suitable", "not-suitable")
DECISIONS = ("approve", "not-approve")


class PanelMeeting(Base):
    """One sitting of the adoption panel and who was there (AAR 2005 regs 3–6).

    A meeting named by an application but not yet described by a panels file is stored
    with its reference only: its date and constitution are then unknown (a data gap).
    ``independent_members`` counts the independent members present *besides* the chair,
    because SI 2020/445 reg 4 made "the chair and one other independent person" quorate.
    """

    __tablename__ = "ado_panel_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_ref: Mapped[str] = mapped_column(String(40), unique=True)
    panel_date: Mapped[dt.date | None]
    chair_present: Mapped[bool | None]
    members_present: Mapped[int | None]
    independent_members: Mapped[int | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))


class AdopterApplication(Base):
    """A prospective adopter's journey through the two-stage process (AAR 2005 Part 4,
    as substituted by SI 2013/985 from 1 July 2013).

    Stage 1 begins when the agency accepts the registration of interest (reg 21) and ends
    with the pre-assessment decision (reg 27); stage 2 begins with the applicant's notice
    that they wish to proceed and ends with the agency decision (reg 30B). ``closed`` is
    the day an application ended without an agency decision (withdrawn, or no notice to
    proceed). The medical deferral columns are the agency's own record of using the
    coronavirus flexibility that let medical information wait until stage 2.
    """

    __tablename__ = "ado_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_ref: Mapped[str] = mapped_column(String(40), unique=True)
    roi_accepted: Mapped[dt.date]
    stage1_decision: Mapped[dt.date | None]
    stage1_outcome: Mapped[str | None] = mapped_column(String(12))
    dbs_certificate: Mapped[dt.date | None]
    medical_report: Mapped[dt.date | None]
    medical_deferral_recorded: Mapped[dt.date | None]
    medical_deferral_ref: Mapped[str | None] = mapped_column(String(40))
    notice_to_proceed: Mapped[dt.date | None]
    stage2_start: Mapped[dt.date | None]
    panel_id: Mapped[int | None] = mapped_column(ForeignKey("ado_panel_meeting.id"))
    panel_recommendation: Mapped[str | None] = mapped_column(String(12))
    no_panel_reason: Mapped[str | None] = mapped_column(Text)
    agency_decision: Mapped[dt.date | None]
    agency_decision_outcome: Mapped[str | None] = mapped_column(String(12))
    closed: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
