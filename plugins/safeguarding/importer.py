"""Importing the safeguarding plugin's own files (documented in docs/domains/safeguarding.md).

The DfE children in need census is read by :mod:`scrutiny.plugins.safeguarding.cin_census`;
these files carry what the census does not. Each is a CSV, or a sheet of an XLSX
workbook, with these columns:

- ``referral_decisions.csv``: CHILD, RECEIVED, DECIDED, RESPONSE, REFERRER_INFORMED,
  REFERRER_ANONYMOUS. RECEIVED and DECIDED are local (England) times ``dd/mm/YYYY HH:MM``
  (DECIDED blank: not yet decided); RESPONSE is one of ``nfa``, ``early-help``,
  ``assessment``, ``strategy-discussion``, ``other`` (blank only while undecided);
  REFERRER_INFORMED is a date; REFERRER_ANONYMOUS is Y or N.
- ``strategy_discussions.csv``: CHILD, HELD, S47_STARTED (Y/N).
- ``core_groups.csv``: CHILD, CPP_START (the child protection plan's start), HELD.
- ``serious_incidents.csv``: INCIDENT, CHILD, INCIDENT_DATE, AWARE, HARM (``death`` or
  ``serious-harm``), LOOKED_AFTER (Y/N), PANEL_NOTIFIED, OFSTED_NOTIFIED, SOS_NOTIFIED.
- ``rapid_reviews.csv``: INCIDENT, COMPLETED, SENT_TO_PANEL, DELAY_REASON (free text).

Dates are ``dd/mm/YYYY``. Every file is the council's record as it stands on the day it
is imported, so each speaks for the days up to the import day. Times are stored as UTC
(without a zone, as the tables declare) with the local day beside them.
"""

from __future__ import annotations

from typing import Any

from scrutiny.db.base import table_of
from scrutiny.importing.fields import england_to_utc
from scrutiny.importing.table_files import RowFields, TableFile, TableFileImporter
from scrutiny.importing.upsert import RefColumn, rows_writer
from scrutiny.models.child import Child
from scrutiny.plugins.safeguarding.models import (
    HARMS,
    REF,
    REFERRAL_RESPONSES,
    CoreGroup,
    RapidReview,
    ReferralDecision,
    SeriousIncident,
    StrategyDiscussion,
)

CHILD = RefColumn("child_ref", table_of(Child), "child_ref", "child_id")
Y_N = ("y", "n", "yes", "no")
NOTIFICATIONS = {
    "PANEL_NOTIFIED": "panel_notified_on",
    "OFSTED_NOTIFIED": "ofsted_notified_on",
    "SOS_NOTIFIED": "sos_notified_on",
}


def _y_n(row: RowFields, column: str, *, required: bool) -> bool | None:
    """Y or N (yes and no are accepted too, as in the other plugins' files)."""
    value = row.choice(column, Y_N, required=required)
    return None if value is None else value in ("y", "yes")


def _referral_decision(row: RowFields) -> dict[str, Any]:
    received = row.datetime("RECEIVED", required=True)
    assert received is not None
    decided = row.datetime("DECIDED")
    if decided is not None and decided < received:
        raise row.error(
            "DECIDED",
            f"{decided:%d/%m/%Y %H:%M} is before the referral was received"
            f" (RECEIVED {received:%d/%m/%Y %H:%M})",
        )
    response = row.choice("RESPONSE", REFERRAL_RESPONSES, required=decided is not None)
    if response is not None and decided is None:
        raise row.error("DECIDED", "RESPONSE is given, so the time of the decision is needed")
    informed = row.date("REFERRER_INFORMED")
    row.not_before("REFERRER_INFORMED", informed, "RECEIVED", received.date())
    return {
        "child_ref": row.child(),
        "received_at": england_to_utc(received),
        "received_on": received.date(),
        "decided_at": None if decided is None else england_to_utc(decided),
        "decided_on": None if decided is None else decided.date(),
        "response": response,
        "referrer_informed_on": informed,
        "referrer_anonymous": _y_n(row, "REFERRER_ANONYMOUS", required=False),
    }


def _strategy_discussion(row: RowFields) -> dict[str, Any]:
    return {
        "child_ref": row.child(),
        "held_on": row.required_date("HELD"),
        "s47_started": _y_n(row, "S47_STARTED", required=True),
    }


def _core_group(row: RowFields) -> dict[str, Any]:
    plan_start = row.required_date("CPP_START")
    held = row.required_date("HELD")
    row.not_before("HELD", held, "CPP_START", plan_start)
    return {"child_ref": row.child(), "plan_start": plan_start, "held_on": held}


def _serious_incident(row: RowFields) -> dict[str, Any]:
    occurred = row.date("INCIDENT_DATE")
    aware = row.required_date("AWARE")
    row.not_before("AWARE", aware, "INCIDENT_DATE", occurred)
    values: dict[str, Any] = {
        "incident_ref": row.ref("INCIDENT", max_length=REF),
        "child_ref": row.child(),
        "incident_date": occurred,
        "aware_on": aware,
        "harm": row.choice("HARM", HARMS),
        "looked_after": _y_n(row, "LOOKED_AFTER", required=True),
    }
    for column, attribute in NOTIFICATIONS.items():
        notified = row.date(column)
        row.not_before(column, notified, "AWARE", aware)
        values[attribute] = notified
    return values


def _rapid_review(row: RowFields) -> dict[str, Any]:
    completed = row.date("COMPLETED")
    sent = row.date("SENT_TO_PANEL")
    if sent is not None and completed is None:
        raise row.error("COMPLETED", "the review was sent to the Panel, so it was completed: when?")
    row.not_before("SENT_TO_PANEL", sent, "COMPLETED", completed)
    return {
        "incident_ref": row.ref("INCIDENT", max_length=REF),
        "completed_on": completed,
        "sent_to_panel_on": sent,
        "delay_reason": row.text("DELAY_REASON"),
    }


FILES = (
    TableFile(
        kind="safeguarding.referral_decisions",
        name="referral_decisions",
        description="referrals received and decided (referral_decisions.csv)",
        columns=(
            "CHILD",
            "RECEIVED",
            "DECIDED",
            "RESPONSE",
            "REFERRER_INFORMED",
            "REFERRER_ANONYMOUS",
        ),
        read_row=_referral_decision,
        write=rows_writer(table_of(ReferralDecision), ("child_id", "received_at"), (CHILD,)),
        unique=("child_ref", "received_at"),
        unique_label="same child and time received",
        dated=("received_on",),
        current=True,
    ),
    TableFile(
        kind="safeguarding.strategy_discussions",
        name="strategy_discussions",
        description="strategy discussions (strategy_discussions.csv)",
        columns=("CHILD", "HELD", "S47_STARTED"),
        read_row=_strategy_discussion,
        write=rows_writer(table_of(StrategyDiscussion), ("child_id", "held_on"), (CHILD,)),
        unique=("child_ref", "held_on"),
        unique_label="same child and day",
        dated=("held_on",),
        current=True,
    ),
    TableFile(
        kind="safeguarding.core_groups",
        name="core_groups",
        description="core group meetings (core_groups.csv)",
        columns=("CHILD", "CPP_START", "HELD"),
        read_row=_core_group,
        write=rows_writer(table_of(CoreGroup), ("child_id", "held_on"), (CHILD,)),
        unique=("child_ref", "held_on"),
        unique_label="same child and day",
        dated=("held_on",),
        current=True,
        may_be_empty=True,
    ),
    TableFile(
        kind="safeguarding.serious_incidents",
        name="serious_incidents",
        description="serious child safeguarding incidents (serious_incidents.csv)",
        columns=(
            "INCIDENT",
            "CHILD",
            "INCIDENT_DATE",
            "AWARE",
            "HARM",
            "LOOKED_AFTER",
            *NOTIFICATIONS,
        ),
        read_row=_serious_incident,
        write=rows_writer(table_of(SeriousIncident), ("incident_ref",), (CHILD,)),
        unique=("incident_ref",),
        unique_label="same incident",
        dated=("aware_on",),
        current=True,
        may_be_empty=True,
    ),
    TableFile(
        kind="safeguarding.rapid_reviews",
        name="rapid_reviews",
        description="rapid reviews of serious incidents (rapid_reviews.csv)",
        columns=("INCIDENT", "COMPLETED", "SENT_TO_PANEL", "DELAY_REASON"),
        read_row=_rapid_review,
        write=rows_writer(table_of(RapidReview), ("incident_ref",)),
        unique=("incident_ref",),
        unique_label="same incident",
        dated=("completed_on",),
        current=True,
        may_be_empty=True,
    ),
)


def safeguarding_importer() -> TableFileImporter:
    return TableFileImporter(
        "safeguarding",
        "Safeguarding: referral decisions, strategy discussions, core groups, serious incidents",
        FILES,
    )
