"""CL-PP-REVIEW: pathway plans reviewed at least every 6 months (CPPCR 2010 reg 43;
Care Leavers (England) Regulations 2010 reg 7).

Each pathway plan is a span from the day it was made to the day the next plan was made,
the duties ended (DUTIES_ENDED) or the 25th birthday, whichever is first. The first
review is due 6 calendar months after the plan, each later one 6 months after the one
before, while the span lasts. A review asked for by the young person or the personal
adviser is a review like any other: it restarts the clock, and who asked is kept as
evidence.

Reviews before the earliest imported reviews are unknown: for a plan older than the
data, the start of the data is taken as if a review had been held that day, so a
review within 6 months of it cannot be judged (a data gap), while one later is
certainly late. Local policy may set a shorter interval; a longer one (e.g. yearly from
18, as some councils' procedures say) is refused: that is a local variance from the
6 months, to be recorded as a deviation, not configured.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, func, literal, null, select

from scrutiny import rule
from scrutiny.db.base import table_of
from scrutiny.db.portable import earliest
from scrutiny.models.child import birthday, child_ref
from scrutiny.plugins.care_leavers.models import PathwayPlan, PlanReview, YoungPerson
from scrutiny.plugins.care_leavers.people import dob_of
from scrutiny.rules.chains import due_at_intervals, event_chain
from scrutiny.rules.context import RuleContext

PLANS = "care_leavers.pathway_plans"
REVIEWS = "care_leavers.plan_reviews"


@rule("CL-PP-REVIEW")
def pathway_plan_reviews(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    p = PathwayPlan
    next_plan = func.lead(p.plan_date).over(partition_by=p.child_id, order_by=p.plan_date)
    ended = (
        select(YoungPerson.duties_ended)
        .where(YoungPerson.child_id == p.child_id)
        .correlate_except(YoungPerson)
        .scalar_subquery()
    )
    plans = ctx.stage(
        "plans",
        select(
            p.child_id,
            p.plan_date,
            earliest(next_plan, ended, birthday(dob_of(p.child_id), 25)).label("span_end"),
        ).where(p.plan_date <= as_of),
        ("child_id", "plan_date"),
    )
    instances = event_chain(
        plans,
        ("child_id",),
        "plan_date",
        "span_end",
        table_of(PlanReview),
        ("child_id",),
        "reviewed_on",
        as_of,
        carry=("requested_by", "requested_on"),
        event_label="review",
        name="plan_review_instances",
        ctx=ctx,
    )
    due = due_at_intervals(
        ctx,
        instances,
        start="plan_date",
        end="span_end",
        months="review_months",
        data_from=ctx.data_from(REVIEWS),
        known_until=ctx.data_until(PLANS, REVIEWS),
        event_label="review",
        name="plan_review_due",
    )
    j = due.judged.c
    outcome = due.outcome
    required = due.required
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.review.label("event_date"),
        outcome.label("outcome"),
        j.standard,
        j.plan_date,
        j.span_end.label("plan_superseded_or_ended"),
        case((j.pre_data, null()), else_=j.number).label("review_number"),
        j.previous.label("previous_review"),
        j.requested_by,
        j.requested_on,
        j.instrument.label("interval_set_by"),
    ).where(required)
