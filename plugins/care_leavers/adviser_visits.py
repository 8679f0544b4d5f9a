"""CL-PA-VISITS: personal adviser visits to accommodation the authority provides (Care
Leavers (England) Regulations 2010, SI 2010/2571, reg 8).

Where the authority provides accommodation (PROVIDED_BY_LA = yes) to a young person it
records as relevant or former relevant, the personal adviser visits them there:

- **within 7 days** of the accommodation first being provided (calendar days; a visit
  on the day it starts counts, and on the 7th day after it is in time);
- **then at intervals of no more than 2 calendar months** for as long as the
  accommodation lasts: each visit's clock runs from the visit before
  (:func:`scrutiny.rules.chains.event_chain`);
- **before each pathway plan review** held while the young person lives there: a visit
  after the previous review (or the start of the accommodation) and on or before the
  review's day.

A visit is a contact of KIND ``visit-at-home`` BY the ``adviser``; calls, video,
messages and visits elsewhere are contacts, not reg 8 visits. Visits before the
earliest imported contacts are unknown: for accommodation older than the data, the
start of the data is taken as if a visit had been made that day.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, func, literal, or_, select, union_all

from scrutiny import rule
from scrutiny.db.portable import add_days, add_months
from scrutiny.models.child import child_ref
from scrutiny.plugins.care_leavers.models import (
    Accommodation,
    Contact,
    PlanReview,
    YoungPerson,
)
from scrutiny.rules.chains import event_chain
from scrutiny.rules.context import RuleContext

ACCOMMODATION = "care_leavers.accommodation"
CONTACTS = "care_leavers.contacts"
VISITED_STATUSES = ("relevant", "former-relevant")
FIRST = "first visit within 7 days"
INTERVAL = "visits no more than 2 months apart"
BEFORE_REVIEW = "visit before the pathway plan review"


@rule("CL-PA-VISITS")
def adviser_visits(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    a = Accommodation
    stays = ctx.stage(
        "stays",
        select(a.child_id, a.started_on, a.ended_on)
        .join(YoungPerson, YoungPerson.child_id == a.child_id)
        .where(
            a.provided_by_la.is_(True),
            a.started_on <= as_of,
            YoungPerson.status.in_(VISITED_STATUSES),
        ),
        ("child_id", "started_on"),
    )
    visits = (
        select(Contact.child_id, Contact.contact_date)
        .where(Contact.kind == "visit-at-home", Contact.contact_by == "adviser")
        .subquery("adviser_visits")
    )
    periods = ctx.periods()
    known_until = ctx.data_until(ACCOMMODATION, CONTACTS)
    visits_from = ctx.data_from(CONTACTS)
    chain = _visit_chain(ctx, stays, visits, periods, known_until, visits_from)
    before_reviews = _visits_before_reviews(ctx, stays, visits, periods, visits_from)
    return union_all(chain, before_reviews).subquery("pa_visits").select()


def _visit_chain(
    ctx: RuleContext, stays: Any, visits: Any, periods: Any, known_until: Any, visits_from: Any
) -> Select[Any]:
    as_of = ctx.as_of_value
    instances = event_chain(
        stays,
        ("child_id",),
        "started_on",
        "ended_on",
        visits,
        ("child_id",),
        "contact_date",
        as_of,
        on_start_day=True,
        event_label="visit",
        name="pa_visit_instances",
        ctx=ctx,
    )
    i = instances.c
    pre_data = and_(visits_from.is_not(None), i.previous.is_(None), i.started_on < visits_from)
    first = and_(i.previous.is_(None), ~pre_data)
    clock_start = case((i.previous.is_not(None), i.previous), (pre_data, visits_from))
    due = case(
        (first, add_days(i.started_on, periods.c.first_visit_days)),
        else_=add_months(clock_start, periods.c.interval_months),
    )
    judged_rows = (
        select(
            instances,
            due.label("due_date"),
            pre_data.label("pre_data"),
            case((first, FIRST), else_=INTERVAL).label("requirement"),
            periods.c.standard,
            periods.c.instrument,
        )
        .select_from(instances)
        .join(periods, ctx.in_force(periods, i.started_on))
    )
    judged = ctx.stage("pa_visit_due", judged_rows, ("due_date",))
    j = judged.c
    timeliness = ctx.timeliness(j.due_date, j.visit, known_until)
    outcome = case(
        (and_(j.pre_data, timeliness.in_(("met", "due-soon", "not-yet-due"))), "data-gap"),
        else_=timeliness,
    )
    required = or_(j.visit.is_not(None), j.ended_on.is_(None), j.ended_on > j.due_date)
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.visit.label("event_date"),
        outcome.label("outcome"),
        j.standard,
        j.requirement,
        j.started_on.label("accommodation_from"),
        j.ended_on.label("accommodation_until"),
        j.previous.label("previous_visit_or_review"),
        j.instrument,
    ).where(required)


def _visits_before_reviews(
    ctx: RuleContext, stays: Any, visits: Any, periods: Any, visits_from: Any
) -> Select[Any]:
    as_of = ctx.as_of_value
    r = PlanReview
    reviews = select(
        r.child_id,
        r.reviewed_on,
        func.lag(r.reviewed_on)
        .over(partition_by=r.child_id, order_by=r.reviewed_on)
        .label("previous_review"),
    ).subquery("reviews_in_order")
    in_stay = (
        select(
            stays.c.child_id,
            stays.c.started_on,
            stays.c.ended_on,
            reviews.c.reviewed_on,
            case(
                (
                    and_(
                        reviews.c.previous_review.is_not(None),
                        reviews.c.previous_review >= stays.c.started_on,
                    ),
                    reviews.c.previous_review,
                ),
                else_=None,
            ).label("previous_review"),
        )
        .join(reviews, reviews.c.child_id == stays.c.child_id)
        .where(
            reviews.c.reviewed_on >= stays.c.started_on,
            reviews.c.reviewed_on <= as_of,
            or_(stays.c.ended_on.is_(None), reviews.c.reviewed_on <= stays.c.ended_on),
        )
        .subquery("reviews_in_stay")
    )
    s = in_stay.c
    since = case(
        (s.previous_review.is_not(None), visits.c.contact_date > s.previous_review),
        else_=visits.c.contact_date >= s.started_on,
    )
    visited = (
        select(func.max(visits.c.contact_date))
        .where(visits.c.child_id == s.child_id, since, visits.c.contact_date <= s.reviewed_on)
        .correlate(in_stay)
        .scalar_subquery()
    )
    window_start = func.coalesce(s.previous_review, s.started_on)
    outcome = case(
        (visited.is_not(None), "met"),
        (or_(visits_from.is_(None), visits_from > window_start), "data-gap"),
        else_="not-met",
    )
    return (
        select(
            literal("child").label("subject_type"),
            child_ref(s.child_id).label("subject_ref"),
            s.reviewed_on.label("due_date"),
            visited.label("event_date"),
            outcome.label("outcome"),
            periods.c.standard,
            literal(BEFORE_REVIEW).label("requirement"),
            s.started_on.label("accommodation_from"),
            s.ended_on.label("accommodation_until"),
            s.previous_review.label("previous_visit_or_review"),
            periods.c.instrument,
        )
        .select_from(in_stay)
        .join(periods, ctx.in_force(periods, s.started_on))
    )
