"""FOS-ANNUAL-REVIEW: foster carers' approvals reviewed at least yearly (FSR 2011 reg 28).

The first review is due a year after the full approval, each later one a year after the
one before, until the approval ends. Reviews before the earliest imported reviews file
are unknown: for an approval older than the data, the start of the data is taken as if
a review had been held that day, so a review within a year of it cannot be judged (a
data gap) while one later than that is certainly late.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, literal, null, select

from scrutiny import rule
from scrutiny.db.base import table_of
from scrutiny.plugins.fostering.models import Approval, CarerReview
from scrutiny.plugins.fostering.refs import carer_ref
from scrutiny.rules.chains import due_at_intervals, event_chain
from scrutiny.rules.context import RuleContext

APPROVALS = "fostering.approvals"
REVIEWS = "fostering.reviews"


@rule("FOS-ANNUAL-REVIEW")
def annual_review(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    approvals = ctx.stage(
        "approvals",
        select(Approval.carer_id, Approval.approved_on, Approval.ended_on).where(
            Approval.approval_type == "full", Approval.approved_on <= as_of
        ),
        ("carer_id", "approved_on"),
    )
    instances = event_chain(
        approvals,
        ("carer_id",),
        "approved_on",
        "ended_on",
        table_of(CarerReview),
        ("carer_id",),
        "reviewed_on",
        as_of,
        carry=("to_panel",),
        event_label="review",
        name="review_instances",
        ctx=ctx,
    )
    due = due_at_intervals(
        ctx,
        instances,
        start="approved_on",
        end="ended_on",
        months="interval_months",
        data_from=ctx.data_from(REVIEWS),
        known_until=ctx.data_until(APPROVALS, REVIEWS),
        event_label="review",
        name="review_due",
    )
    judged = due.judged
    on_due = ctx.periods().alias("periods_on_due_date")
    outcome = case(
        (and_(due.outcome == "not-met", on_due.c.covid_relaxation == "unverified"), "manual"),
        else_=due.outcome,
    )
    required = due.required  # a review falls due only while the approval lasts
    return (
        select(
            literal("carer").label("subject_type"),
            carer_ref(judged.c.carer_id).label("subject_ref"),
            judged.c.due_date,
            judged.c.review.label("event_date"),
            outcome.label("outcome"),
            judged.c.standard,
            judged.c.approved_on,
            judged.c.ended_on.label("approval_ended"),
            case((judged.c.pre_data, null()), else_=judged.c.number).label("review_number"),
            judged.c.previous.label("previous_review"),
            case((judged.c.to_panel.is_(True), "yes"), (judged.c.to_panel.is_(False), "no")).label(
                "to_panel"
            ),
            judged.c.instrument.label("interval_set_by"),
            on_due.c.instrument.label("in_force_on_due_date"),
        )
        .join(on_due, ctx.in_force(on_due, judged.c.due_date))
        .where(required)
    )
