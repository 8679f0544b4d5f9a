"""CL-PA-TO-25: a former relevant child aged 21 to 24 who asks for advice and support
gets a personal adviser, a needs assessment and a pathway plan (Children Act 1989
s23CZB, inserted by the Children and Social Work Act 2017 s3).

Each request made on or after the 21st birthday and before the 25th, by a young person
recorded as a care leaver (eligible, relevant or former relevant), is judged on three
counts: a personal adviser allocated (an allocation running on the day of the request,
or made after it), a needs assessment completed on or after the request, and a pathway
plan made or reviewed on or after it.

The Act sets no number of days. Scrutiny does not invent one: a count that has been
provided is met; one not yet provided is **manual** (a person judges whether the delay
is reasonable), unless the council sets its own ``respond_within_days`` as local
policy, when it is judged against that. A request withdrawn (the young person opted
out) before a count was provided owes nothing more on that count.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, and_, case, func, literal, or_, select, union_all

from scrutiny import rule
from scrutiny.db.portable import add_days
from scrutiny.models.child import birthday, child_ref
from scrutiny.plugins.care_leavers.models import (
    CARE_LEAVER_STATUSES,
    AdviserAllocation,
    NeedsAssessment,
    PathwayPlan,
    PlanReview,
    SupportRequest,
    YoungPerson,
)
from scrutiny.plugins.care_leavers.people import dob_of
from scrutiny.rules.context import RuleContext

REQUESTS = "care_leavers.support_requests"
ADVISERS = "care_leavers.advisers"
ASSESSMENTS = "care_leavers.needs_assessments"
PLANS = "care_leavers.pathway_plans"
REVIEWS = "care_leavers.plan_reviews"


@rule("CL-PA-TO-25")
def adviser_to_25(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    r = SupportRequest
    dob = dob_of(r.child_id)
    requests = (
        select(
            r.child_id,
            r.requested_on,
            r.withdrawn_on,
            birthday(dob, 21).label("twenty_one"),
            birthday(dob, 25).label("twenty_five"),
        )
        .join(YoungPerson, YoungPerson.child_id == r.child_id)
        .where(r.requested_on <= as_of, YoungPerson.status.in_(CARE_LEAVER_STATUSES))
        .subquery("support_requests_21_to_25")
    )
    q = requests.c
    al = AdviserAllocation
    allocated = (
        select(
            func.min(
                case((al.allocated_on < q.requested_on, q.requested_on), else_=al.allocated_on)
            )
        )
        .where(
            al.child_id == q.child_id,
            al.allocated_on <= as_of,
            or_(al.ended_on.is_(None), al.ended_on >= q.requested_on),
        )
        .correlate(requests)
        .scalar_subquery()
    )
    assessed = (
        select(func.min(NeedsAssessment.completed_on))
        .where(
            NeedsAssessment.child_id == q.child_id,
            NeedsAssessment.completed_on >= q.requested_on,
            NeedsAssessment.completed_on <= as_of,
        )
        .correlate(requests)
        .scalar_subquery()
    )
    planned = (
        select(func.min(PathwayPlan.plan_date))
        .where(
            PathwayPlan.child_id == q.child_id,
            PathwayPlan.plan_date >= q.requested_on,
            PathwayPlan.plan_date <= as_of,
        )
        .correlate(requests)
        .scalar_subquery()
    )
    reviewed = (
        select(func.min(PlanReview.reviewed_on))
        .where(
            PlanReview.child_id == q.child_id,
            PlanReview.reviewed_on >= q.requested_on,
            PlanReview.reviewed_on <= as_of,
        )
        .correlate(requests)
        .scalar_subquery()
    )
    plan = case(
        (planned.is_(None), reviewed),
        (reviewed.is_(None), planned),
        (planned <= reviewed, planned),
        else_=reviewed,
    )
    periods = ctx.periods()
    days_set = periods.c.respond_within_days > 0

    def count(requirement: str, provided: Any, *kinds: str) -> Select[Any]:
        event = case(
            (or_(q.withdrawn_on.is_(None), provided <= q.withdrawn_on), provided), else_=None
        )
        due = case(
            (days_set, add_days(q.requested_on, periods.c.respond_within_days)),
            else_=q.requested_on,
        )
        timeliness = ctx.timeliness(due, event, ctx.data_until(REQUESTS, *kinds))
        outcome = case(
            (and_(event.is_not(None), ~days_set), "met"),
            (~days_set, "manual"),
            else_=timeliness,
        )
        standard = case((days_set, periods.c.standard), else_=literal(ctx.rule.kind.value, String))
        return (
            select(
                literal("child").label("subject_type"),
                child_ref(q.child_id).label("subject_ref"),
                due.label("due_date"),
                event.label("event_date"),
                outcome.label("outcome"),
                standard.label("standard"),
                literal(requirement).label("requirement"),
                q.requested_on,
                q.withdrawn_on,
                case((days_set, periods.c.respond_within_days)).label("respond_within_days"),
                periods.c.instrument,
            )
            .select_from(requests)
            .join(periods, ctx.in_force(periods, q.requested_on))
            .where(q.requested_on >= q.twenty_one, q.requested_on < q.twenty_five)
            .where(or_(event.is_not(None), q.withdrawn_on.is_(None)))
        )

    return (
        union_all(
            count("personal adviser", allocated, ADVISERS),
            count("needs assessment", assessed, ASSESSMENTS),
            count("pathway plan", plan, PLANS, REVIEWS),
        )
        .subquery("support_to_25_counts")
        .select()
    )
