"""Importing the care leavers plugin's files (documented in docs/domains/care-leavers.md).

Each file is a CSV, or a sheet of an XLSX workbook, with these columns:

- ``young_people.csv``: CHILD, DOB, STATUS, ELIGIBLE_FROM, DUTIES_ENDED, END_REASON
- ``advisers.csv``: CHILD, ADVISER, ALLOCATED, ENDED
- ``needs_assessments.csv``: CHILD, COMPLETED
- ``pathway_plans.csv``: CHILD, PLAN_DATE
- ``pathway_plan_reviews.csv``: CHILD, PLAN_DATE, REVIEWED, REQUESTED_BY, REQUESTED
- ``contacts.csv``: CHILD, CONTACT_DATE, KIND, BY
- ``accommodation.csv``: CHILD, STARTED, ENDED, TYPE, PROVIDED_BY_LA
- ``staying_put.csv``: CHILD, CARER, STARTED, ENDED, FINANCIAL_SUPPORT, SUPPORT_ENDED,
  LAST_MONITORED
- ``support_requests.csv``: CHILD, REQUESTED, WITHDRAWN

Lists of what is open (young people, advisers, accommodation, staying put, requests)
speak for the days up to the day they are imported; logs (assessments, plans, reviews,
contacts) speak from their first date to their last.
"""

from __future__ import annotations

from typing import Any

from scrutiny.db.base import table_of
from scrutiny.importing.table_files import RowFields, TableFile, TableFileImporter
from scrutiny.importing.upsert import RefColumn, rows_writer
from scrutiny.models.child import Child
from scrutiny.plugins.care_leavers.models import (
    ACCOMMODATION_TYPES,
    CONTACT_BY,
    CONTACT_KINDS,
    END_REASONS,
    REQUESTERS,
    STATUSES,
    Accommodation,
    AdviserAllocation,
    Contact,
    NeedsAssessment,
    PathwayPlan,
    PlanReview,
    StayingPut,
    SupportRequest,
    YoungPerson,
)

CHILD = RefColumn("child_ref", table_of(Child), "child_ref", "child_id")


def _young_person(row: RowFields) -> dict[str, Any]:
    dob = row.required_date("DOB")
    status = row.choice("STATUS", STATUSES)
    eligible_from = row.date("ELIGIBLE_FROM")
    row.not_before("ELIGIBLE_FROM", eligible_from, "DOB", dob)
    if status == "qualifying" and eligible_from is not None:
        raise row.error("ELIGIBLE_FROM", "a qualifying young person was never an eligible child")
    ended = row.date("DUTIES_ENDED")
    row.not_before("DUTIES_ENDED", ended, "DOB", dob)
    reason = row.choice("END_REASON", END_REASONS, required=ended is not None)
    if reason is not None and ended is None:
        raise row.error(
            "DUTIES_ENDED", "END_REASON is given, so the date the duties ended is needed"
        )
    return {
        "child_ref": row.child(),
        "dob": dob,
        "status": status,
        "eligible_from": eligible_from,
        "duties_ended": ended,
        "end_reason": reason,
    }


def _adviser(row: RowFields) -> dict[str, Any]:
    allocated = row.required_date("ALLOCATED")
    ended = row.date("ENDED")
    row.not_before("ENDED", ended, "ALLOCATED", allocated)
    return {
        "child_ref": row.child(),
        "adviser_ref": row.ref("ADVISER"),
        "allocated_on": allocated,
        "ended_on": ended,
    }


def _assessment(row: RowFields) -> dict[str, Any]:
    return {"child_ref": row.child(), "completed_on": row.required_date("COMPLETED")}


def _plan(row: RowFields) -> dict[str, Any]:
    return {"child_ref": row.child(), "plan_date": row.required_date("PLAN_DATE")}


def _review(row: RowFields) -> dict[str, Any]:
    plan = row.required_date("PLAN_DATE")
    reviewed = row.required_date("REVIEWED")
    row.not_before("REVIEWED", reviewed, "PLAN_DATE", plan)
    if reviewed == plan:
        raise row.error("REVIEWED", "a review on the day of the plan is the plan itself")
    by = row.choice("REQUESTED_BY", REQUESTERS, required=False)
    requested = row.date("REQUESTED")
    if by is not None and requested is None:
        raise row.error("REQUESTED", "REQUESTED_BY is given, so the date of the request is needed")
    if requested is not None and by is None:
        raise row.error("REQUESTED_BY", "REQUESTED is given, so who asked is needed")
    row.not_before("REVIEWED", reviewed, "REQUESTED", requested)
    return {
        "child_ref": row.child(),
        "plan_date": plan,
        "reviewed_on": reviewed,
        "requested_by": by,
        "requested_on": requested,
    }


def _contact(row: RowFields) -> dict[str, Any]:
    return {
        "child_ref": row.child(),
        "contact_date": row.required_date("CONTACT_DATE"),
        "kind": row.choice("KIND", CONTACT_KINDS),
        "contact_by": row.choice("BY", CONTACT_BY),
    }


def _accommodation(row: RowFields) -> dict[str, Any]:
    started = row.required_date("STARTED")
    ended = row.date("ENDED")
    row.not_before("ENDED", ended, "STARTED", started)
    provided = row.yes_no("PROVIDED_BY_LA", required=True)
    return {
        "child_ref": row.child(),
        "started_on": started,
        "ended_on": ended,
        "accommodation_type": row.choice("TYPE", ACCOMMODATION_TYPES),
        "provided_by_la": provided,
    }


def _staying_put(row: RowFields) -> dict[str, Any]:
    started = row.required_date("STARTED")
    ended = row.date("ENDED")
    row.not_before("ENDED", ended, "STARTED", started)
    support = row.yes_no("FINANCIAL_SUPPORT")
    support_ended = row.date("SUPPORT_ENDED")
    if support_ended is not None and not support:
        raise row.error(
            "SUPPORT_ENDED", "financial support ended, but FINANCIAL_SUPPORT is not yes"
        )
    row.not_before("SUPPORT_ENDED", support_ended, "STARTED", started)
    monitored = row.date("LAST_MONITORED")
    row.not_before("LAST_MONITORED", monitored, "STARTED", started)
    return {
        "child_ref": row.child(),
        "carer_ref": row.ref("CARER"),
        "started_on": started,
        "ended_on": ended,
        "financial_support": support,
        "support_ended": support_ended,
        "last_monitored": monitored,
    }


def _request(row: RowFields) -> dict[str, Any]:
    requested = row.required_date("REQUESTED")
    withdrawn = row.date("WITHDRAWN")
    row.not_before("WITHDRAWN", withdrawn, "REQUESTED", requested)
    return {"child_ref": row.child(), "requested_on": requested, "withdrawn_on": withdrawn}


FILES = (
    TableFile(
        kind="care_leavers.young_people",
        name="young_people",
        description="care leavers and their status (young_people.csv)",
        columns=("CHILD", "DOB", "STATUS", "ELIGIBLE_FROM", "DUTIES_ENDED", "END_REASON"),
        read_row=_young_person,
        write=rows_writer(table_of(YoungPerson), ("child_id",), (CHILD,)),
        unique=("child_ref",),
        unique_label="same young person",
        current=True,
    ),
    TableFile(
        kind="care_leavers.advisers",
        name="advisers",
        description="personal advisers allocated (advisers.csv)",
        columns=("CHILD", "ADVISER", "ALLOCATED", "ENDED"),
        read_row=_adviser,
        write=rows_writer(table_of(AdviserAllocation), ("child_id", "allocated_on"), (CHILD,)),
        unique=("child_ref", "allocated_on"),
        unique_label="same young person and date of allocation",
        dated=("allocated_on",),
        current=True,
    ),
    TableFile(
        kind="care_leavers.needs_assessments",
        name="needs_assessments",
        description="needs assessments completed (needs_assessments.csv)",
        columns=("CHILD", "COMPLETED"),
        read_row=_assessment,
        write=rows_writer(table_of(NeedsAssessment), ("child_id", "completed_on"), (CHILD,)),
        unique=("child_ref", "completed_on"),
        unique_label="same young person and date",
        dated=("completed_on",),
        may_be_empty=True,
    ),
    TableFile(
        kind="care_leavers.pathway_plans",
        name="pathway_plans",
        description="pathway plans (pathway_plans.csv)",
        columns=("CHILD", "PLAN_DATE"),
        read_row=_plan,
        write=rows_writer(table_of(PathwayPlan), ("child_id", "plan_date"), (CHILD,)),
        unique=("child_ref", "plan_date"),
        unique_label="same young person and date",
        dated=("plan_date",),
        may_be_empty=True,
    ),
    TableFile(
        kind="care_leavers.plan_reviews",
        name="pathway_plan_reviews",
        description="pathway plan reviews (pathway_plan_reviews.csv)",
        columns=("CHILD", "PLAN_DATE", "REVIEWED", "REQUESTED_BY", "REQUESTED"),
        read_row=_review,
        write=rows_writer(table_of(PlanReview), ("child_id", "reviewed_on"), (CHILD,)),
        unique=("child_ref", "reviewed_on"),
        unique_label="same young person and date",
        dated=("reviewed_on",),
        may_be_empty=True,
    ),
    TableFile(
        kind="care_leavers.contacts",
        name="contacts",
        description="contacts and personal adviser visits (contacts.csv)",
        columns=("CHILD", "CONTACT_DATE", "KIND", "BY"),
        read_row=_contact,
        write=rows_writer(table_of(Contact), ("child_id", "contact_date", "kind"), (CHILD,)),
        unique=("child_ref", "contact_date", "kind"),
        unique_label="same young person, date and kind",
        dated=("contact_date",),
        may_be_empty=True,
    ),
    TableFile(
        kind="care_leavers.accommodation",
        name="accommodation",
        description="care leavers' accommodation (accommodation.csv)",
        columns=("CHILD", "STARTED", "ENDED", "TYPE", "PROVIDED_BY_LA"),
        read_row=_accommodation,
        write=rows_writer(table_of(Accommodation), ("child_id", "started_on"), (CHILD,)),
        unique=("child_ref", "started_on"),
        unique_label="same young person and start date",
        dated=("started_on",),
        current=True,
        may_be_empty=True,
    ),
    TableFile(
        kind="care_leavers.staying_put",
        name="staying_put",
        description="staying put arrangements (staying_put.csv)",
        columns=(
            "CHILD",
            "CARER",
            "STARTED",
            "ENDED",
            "FINANCIAL_SUPPORT",
            "SUPPORT_ENDED",
            "LAST_MONITORED",
        ),
        read_row=_staying_put,
        write=rows_writer(table_of(StayingPut), ("child_id", "started_on"), (CHILD,)),
        unique=("child_ref", "started_on"),
        unique_label="same young person and start date",
        dated=("started_on",),
        current=True,
        may_be_empty=True,
    ),
    TableFile(
        kind="care_leavers.support_requests",
        name="support_requests",
        description="requests for support from 21 to 25 (support_requests.csv)",
        columns=("CHILD", "REQUESTED", "WITHDRAWN"),
        read_row=_request,
        write=rows_writer(table_of(SupportRequest), ("child_id", "requested_on"), (CHILD,)),
        unique=("child_ref", "requested_on"),
        unique_label="same young person and date",
        dated=("requested_on",),
        current=True,
        may_be_empty=True,
    ),
)


def care_leavers_importer() -> TableFileImporter:
    return TableFileImporter(
        "care_leavers", "Care leavers: status, advisers, plans, contacts and support", FILES
    )
