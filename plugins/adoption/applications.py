"""Applications as they stood on the as-of date, in SQL.

An applications file says what has happened up to the day it was exported; a check as
of an earlier date must not see later events. So every event date after the as-of date
is read as "not yet" (NULL), and applications accepted after it are left out.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Subquery, case, literal, null, select

from scrutiny.plugins.adoption.models import AdopterApplication
from scrutiny.rules.context import known_by

APPLICATIONS = "adoption.applications"
EVENT_DATES = (
    "stage1_decision",
    "dbs_certificate",
    "medical_report",
    "medical_deferral_recorded",
    "notice_to_proceed",
    "stage2_start",
    "agency_decision",
    "closed",
)


def applications_as_of(as_of: dt.date) -> Subquery:
    """One row per application accepted by ``as_of``, with later events blanked.

    Outcomes go with their dates: a decision not yet made has no outcome either.
    """
    a = AdopterApplication
    day = literal(as_of, Date)
    dated = [known_by(getattr(a, name), day).label(name) for name in EVENT_DATES]
    return (
        select(
            a.id,
            a.application_ref,
            a.roi_accepted,
            *dated,
            case((a.stage1_decision <= day, a.stage1_outcome), else_=null()).label(
                "stage1_outcome"
            ),
            case((a.agency_decision <= day, a.agency_decision_outcome), else_=null()).label(
                "agency_decision_outcome"
            ),
            a.medical_deferral_ref,
            a.panel_id,
            a.panel_recommendation,
            a.no_panel_reason,
        )
        .where(a.roi_accepted <= day)
        .subquery("applications_as_of")
    )
