"""Importing the looked-after plugin's own files (documented in docs/input-files.md).

``visits.csv``: CHILD, VISIT_DATE, MODE, SEEN_ALONE, REMOTE_REASON, REASON_DETAIL
``placement_details.csv``: CHILD, DECOM, REGIME, LONG_TERM
``care_plans.csv``: CHILD, CARE_PLAN_DATE
``placement_plans.csv``: CHILD, DECOM, PLAN_DATE
``out_of_area.csv``: CHILD, DECOM, AREA_AUTHORITY, EMERGENCY, NOTIFIED
``health_assessments.csv``: CHILD, ASSESSED, KIND, PRACTITIONER
``peps.csv``: CHILD, PEP_DATE

Any may also be a sheet of an XLSX workbook. Dates are dd/mm/YYYY, as in SSDA903.
A file speaks for the days from its earliest date to its latest: due dates outside
every file's span are data gaps. The care plans file's date column is CARE_PLAN_DATE,
not PLAN_DATE: CHILD and PLAN_DATE alone are the care leavers' pathway plans file.
"""

from __future__ import annotations

from typing import Any

from scrutiny.db.base import table_of
from scrutiny.importing.table_files import RowFields, TableFile, TableFileImporter
from scrutiny.importing.upsert import RefColumn, rows_writer
from scrutiny.models.child import Child
from scrutiny.plugins.looked_after.models import (
    AREA_AUTHORITY_LENGTH,
    HEALTH_KINDS,
    PRACTITIONERS,
    REMOTE_REASONS,
    VISIT_MODES,
    VISIT_REGIMES,
    CarePlan,
    HealthAssessment,
    OutOfAreaPlacement,
    PersonalEducationPlan,
    PlacementDetail,
    PlacementPlan,
    StatutoryVisit,
)

CHILD = RefColumn("child_ref", table_of(Child), "child_ref", "child_id")
EMERGENCY_ANSWERS = ("y", "n", "yes", "no")


def _visit(row: RowFields) -> dict[str, Any]:
    mode = row.choice("MODE", VISIT_MODES)
    reason = row.choice("REMOTE_REASON", REMOTE_REASONS, required=False)
    if mode == "in-person" and reason is not None:
        raise row.error("REMOTE_REASON", "a remote reason is given for an in-person visit")
    return {
        "child_ref": row.child(),
        "visit_date": row.required_date("VISIT_DATE"),
        "mode": mode,
        "seen_alone": row.yes_no("SEEN_ALONE"),
        "remote_reason": reason,
        "reason_detail": row.text("REASON_DETAIL"),
    }


def _placement(row: RowFields) -> dict[str, Any]:
    return {
        "child_ref": row.child(),
        "placement_start": row.date("DECOM", required=True, future=True),
        "regime": row.choice("REGIME", VISIT_REGIMES),
        "long_term": row.yes_no("LONG_TERM"),
    }


def _care_plan(row: RowFields) -> dict[str, Any]:
    return {"child_ref": row.child(), "plan_date": row.required_date("CARE_PLAN_DATE")}


def _placement_plan(row: RowFields) -> dict[str, Any]:
    # A plan may be prepared before the placement starts (reg 9(1)), so either date may
    # be the earlier; a placement arranged for a future day may already have its plan.
    return {
        "child_ref": row.child(),
        "placement_start": row.date("DECOM", required=True, future=True),
        "plan_date": row.required_date("PLAN_DATE"),
    }


def _out_of_area(row: RowFields) -> dict[str, Any]:
    area = row.text("AREA_AUTHORITY", max_length=AREA_AUTHORITY_LENGTH)
    if area is None:
        raise row.error("AREA_AUTHORITY", "the area authority's name or code is required here")
    emergency = row.choice("EMERGENCY", EMERGENCY_ANSWERS)
    return {
        "child_ref": row.child(),
        "placement_start": row.required_date("DECOM"),
        "area_authority": area,
        "emergency": emergency in ("y", "yes"),
        "notified_on": row.date("NOTIFIED"),
    }


def _health_assessment(row: RowFields) -> dict[str, Any]:
    return {
        "child_ref": row.child(),
        "assessed_on": row.required_date("ASSESSED"),
        "kind": row.choice("KIND", HEALTH_KINDS),
        "practitioner": row.choice("PRACTITIONER", PRACTITIONERS),
    }


def _pep(row: RowFields) -> dict[str, Any]:
    return {"child_ref": row.child(), "pep_date": row.required_date("PEP_DATE")}


FILES = (
    TableFile(
        kind="looked_after.visits",
        name="visits",
        description="statutory visits (visits.csv)",
        columns=("CHILD", "VISIT_DATE", "MODE", "SEEN_ALONE", "REMOTE_REASON", "REASON_DETAIL"),
        read_row=_visit,
        write=rows_writer(table_of(StatutoryVisit), ("child_id", "visit_date"), (CHILD,)),
        unique=("child_ref", "visit_date"),
        unique_label="same child and date",
        dated=("visit_date",),
    ),
    TableFile(
        kind="looked_after.placements",
        name="placement_details",
        description="placement details (placement_details.csv)",
        columns=("CHILD", "DECOM", "REGIME", "LONG_TERM"),
        read_row=_placement,
        write=rows_writer(table_of(PlacementDetail), ("child_id", "placement_start"), (CHILD,)),
        unique=("child_ref", "placement_start"),
        unique_label="same child and date",
        may_be_empty=True,
    ),
    TableFile(
        kind="looked_after.care_plans",
        name="care_plans",
        description="care plans (care_plans.csv)",
        columns=("CHILD", "CARE_PLAN_DATE"),
        read_row=_care_plan,
        write=rows_writer(table_of(CarePlan), ("child_id", "plan_date"), (CHILD,)),
        unique=("child_ref", "plan_date"),
        unique_label="same child and date",
        dated=("plan_date",),
    ),
    TableFile(
        kind="looked_after.placement_plans",
        name="placement_plans",
        description="placement plans (placement_plans.csv)",
        columns=("CHILD", "DECOM", "PLAN_DATE"),
        read_row=_placement_plan,
        write=rows_writer(table_of(PlacementPlan), ("child_id", "placement_start"), (CHILD,)),
        unique=("child_ref", "placement_start"),
        unique_label="same child and placement",
        dated=("plan_date",),
    ),
    TableFile(
        kind="looked_after.out_of_area",
        name="out_of_area",
        description="out-of-area placements (out_of_area.csv)",
        columns=("CHILD", "DECOM", "AREA_AUTHORITY", "EMERGENCY", "NOTIFIED"),
        read_row=_out_of_area,
        write=rows_writer(table_of(OutOfAreaPlacement), ("child_id", "placement_start"), (CHILD,)),
        unique=("child_ref", "placement_start"),
        unique_label="same child and placement",
        dated=("placement_start", "notified_on"),
        may_be_empty=True,
    ),
    TableFile(
        kind="looked_after.health",
        name="health_assessments",
        description="health assessments (health_assessments.csv)",
        columns=("CHILD", "ASSESSED", "KIND", "PRACTITIONER"),
        read_row=_health_assessment,
        write=rows_writer(table_of(HealthAssessment), ("child_id", "assessed_on"), (CHILD,)),
        unique=("child_ref", "assessed_on"),
        unique_label="same child and date",
        dated=("assessed_on",),
    ),
    TableFile(
        kind="looked_after.peps",
        name="peps",
        description="personal education plans (peps.csv)",
        columns=("CHILD", "PEP_DATE"),
        read_row=_pep,
        write=rows_writer(table_of(PersonalEducationPlan), ("child_id", "pep_date"), (CHILD,)),
        unique=("child_ref", "pep_date"),
        unique_label="same child and date",
        dated=("pep_date",),
    ),
)


def looked_after_importer() -> TableFileImporter:
    return TableFileImporter(
        "looked_after",
        "Looked-after children: visits, placements, plans, health assessments and PEPs",
        FILES,
    )
