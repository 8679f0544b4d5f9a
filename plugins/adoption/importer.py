"""Importing the adoption plugin's files (documented in docs/domains/adoption.md).

``applications.csv``: one row per prospective adopter's application, as it stands on
the day of export (a blank date means "not yet"). ``panels.csv``: one row per adoption
panel meeting, with who was present. Either may instead be a sheet of an XLSX
workbook. Dates are dd/mm/YYYY.

An applications file is a list of every application as it stands now, so it speaks
for the days from its earliest date up to the day it is imported: a deadline after
that is a data gap, not a breach.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from scrutiny.db.base import table_of
from scrutiny.importing.table_files import RowFields, TableFile, TableFileImporter
from scrutiny.importing.upsert import RefColumn, rows_writer
from scrutiny.plugins.adoption.models import (
    DECISIONS,
    STAGE1_OUTCOMES,
    AdopterApplication,
    PanelMeeting,
)

APPLICATIONS = "adoption.applications"
PANELS = "adoption.panels"
APPLICATION_COLUMNS = (
    "APPLICATION",
    "ROI_ACCEPTED",
    "STAGE1_DECISION",
    "STAGE1_OUTCOME",
    "DBS_CERTIFICATE",
    "MEDICAL_REPORT",
    "MEDICAL_DEFERRAL_RECORDED",
    "MEDICAL_DEFERRAL_REF",
    "NOTICE_TO_PROCEED",
    "STAGE2_START",
    "PANEL",
    "PANEL_RECOMMENDATION",
    "NO_PANEL_REASON",
    "AGENCY_DECISION",
    "AGENCY_DECISION_OUTCOME",
    "CLOSED",
)
PANEL_COLUMNS = ("PANEL", "PANEL_DATE", "CHAIR_PRESENT", "MEMBERS_PRESENT", "INDEPENDENT_MEMBERS")
MAX_PANEL_MEMBERS = 50

PANEL = RefColumn("panel_ref", table_of(PanelMeeting), "panel_ref", "panel_id")


def _requires(
    row: RowFields, column: str, value: object, needed: str, needed_value: object
) -> None:
    """Refuse ``column`` when it is given without ``needed``."""
    if value is not None and needed_value is None:
        raise row.error(column, f"a value is given but {needed} is blank")


def _outcome_with_date(
    row: RowFields, column: str, choices: tuple[str, ...], date_column: str, day: dt.date | None
) -> str | None:
    """An outcome that must be given exactly when its decision date is."""
    outcome = row.choice(column, choices, required=day is not None)
    if outcome is not None and day is None:
        raise row.error(column, f"an outcome is given but {date_column} is blank")
    return outcome


def _application(row: RowFields) -> dict[str, Any]:
    roi = row.required_date("ROI_ACCEPTED")
    stage1 = row.date("STAGE1_DECISION")
    row.not_before("STAGE1_DECISION", stage1, "ROI_ACCEPTED", roi)
    stage1_outcome = _outcome_with_date(
        row, "STAGE1_OUTCOME", STAGE1_OUTCOMES, "STAGE1_DECISION", stage1
    )

    deferral_recorded = row.date("MEDICAL_DEFERRAL_RECORDED")
    deferral_ref = row.optional_ref("MEDICAL_DEFERRAL_REF")
    _requires(
        row, "MEDICAL_DEFERRAL_REF", deferral_ref, "MEDICAL_DEFERRAL_RECORDED", deferral_recorded
    )

    notice = row.date("NOTICE_TO_PROCEED")
    _requires(row, "NOTICE_TO_PROCEED", notice, "STAGE1_DECISION", stage1)
    if notice is not None and stage1_outcome != "suitable":
        raise row.error("NOTICE_TO_PROCEED", "a notice is given but STAGE1_OUTCOME is not suitable")
    row.not_before("NOTICE_TO_PROCEED", notice, "STAGE1_DECISION", stage1)
    stage2_start = row.date("STAGE2_START")
    _requires(row, "STAGE2_START", stage2_start, "NOTICE_TO_PROCEED", notice)
    row.not_before("STAGE2_START", stage2_start, "NOTICE_TO_PROCEED", notice)

    panel = row.optional_ref("PANEL")
    recommendation = row.choice("PANEL_RECOMMENDATION", DECISIONS, required=panel is not None)
    _requires(row, "PANEL_RECOMMENDATION", recommendation, "PANEL", panel)
    no_panel_reason = row.text("NO_PANEL_REASON")
    if no_panel_reason is not None and panel is not None:
        raise row.error(
            "NO_PANEL_REASON", "a reason for deciding without a panel is given, but PANEL names one"
        )

    decision = row.date("AGENCY_DECISION")
    _requires(row, "AGENCY_DECISION", decision, "NOTICE_TO_PROCEED", notice)
    row.not_before("AGENCY_DECISION", decision, "NOTICE_TO_PROCEED", notice)
    if decision is not None and stage1 is not None and decision <= stage1:
        # Each decision is a requirement of its own, identified by its date.
        raise row.error(
            "AGENCY_DECISION",
            f"{decision:%d/%m/%Y} is not after STAGE1_DECISION ({stage1:%d/%m/%Y})",
        )
    decision_outcome = _outcome_with_date(
        row, "AGENCY_DECISION_OUTCOME", DECISIONS, "AGENCY_DECISION", decision
    )

    closed = row.date("CLOSED")
    row.not_before("CLOSED", closed, "ROI_ACCEPTED", roi)
    if closed is not None and decision is not None:
        raise row.error(
            "CLOSED", "an application with an agency decision did not close without one"
        )
    return {
        "application_ref": row.ref("APPLICATION"),
        "roi_accepted": roi,
        "stage1_decision": stage1,
        "stage1_outcome": stage1_outcome,
        "dbs_certificate": row.date("DBS_CERTIFICATE"),
        "medical_report": row.date("MEDICAL_REPORT"),
        "medical_deferral_recorded": deferral_recorded,
        "medical_deferral_ref": deferral_ref,
        "notice_to_proceed": notice,
        "stage2_start": stage2_start,
        "panel_ref": panel,
        "panel_recommendation": recommendation,
        "no_panel_reason": no_panel_reason,
        "agency_decision": decision,
        "agency_decision_outcome": decision_outcome,
        "closed": closed,
    }


def _panel(row: RowFields) -> dict[str, Any]:
    chair = row.yes_no("CHAIR_PRESENT", required=True)
    members = row.whole("MEMBERS_PRESENT", required=True, minimum=1, maximum=MAX_PANEL_MEMBERS)
    independent = row.whole("INDEPENDENT_MEMBERS", required=True, maximum=MAX_PANEL_MEMBERS)
    assert members is not None and independent is not None
    others = members - (1 if chair else 0)
    if independent > others:
        raise row.error(
            "INDEPENDENT_MEMBERS",
            f"{independent} independent members besides the chair, but only {others}"
            " members other than the chair were present",
        )
    return {
        "panel_ref": row.ref("PANEL"),
        "panel_date": row.required_date("PANEL_DATE"),
        "chair_present": chair,
        "members_present": members,
        "independent_members": independent,
    }


FILES = (
    TableFile(
        kind=APPLICATIONS,
        name="applications",
        description="prospective adopters' applications (applications.csv)",
        columns=APPLICATION_COLUMNS,
        read_row=_application,
        write=rows_writer(table_of(AdopterApplication), ("application_ref",), (PANEL,)),
        unique=("application_ref",),
        unique_label="same application",
        dated=("roi_accepted",),
        current=True,
    ),
    TableFile(
        kind=PANELS,
        name="panels",
        description="adoption panel meetings (panels.csv)",
        columns=PANEL_COLUMNS,
        read_row=_panel,
        write=rows_writer(table_of(PanelMeeting), ("panel_ref",)),
        unique=("panel_ref",),
        unique_label="same panel",
        dated=("panel_date",),
        may_be_empty=True,
    ),
)


def adoption_importer() -> TableFileImporter:
    return TableFileImporter("adoption", "Adoption: prospective adopters and panels", FILES)
