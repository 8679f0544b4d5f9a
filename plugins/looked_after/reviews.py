"""LAC-REVIEW: looked-after reviews on time (CPPCR 2010 reg 33).

First review within 20 working days of the child becoming looked after, the second
within 3 months of the first, then no more than 6 months apart. Each requirement is
judged in SQL for every period of care at once.

Reviews before the earliest imported Reviews data are unknown. For a period of care
that began before then, Scrutiny takes the start of the data as if it were a review
held that day and allows the longest interval (6 months): a review later than that is
certainly late; one sooner cannot be judged and is reported as a data gap.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, func, literal, null, or_, select, union_all

from scrutiny import rule
from scrutiny.db.portable import add_months
from scrutiny.plugins.looked_after.care_periods import (
    care_episodes,
    child_ref,
    periods_of_care,
)
from scrutiny.rules.context import RuleContext
from scrutiny.ssda903.models import Review

EPISODES = "ssda903.episodes"
REVIEWS = "ssda903.reviews"


@rule("LAC-REVIEW")
def looked_after_reviews(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    episodes = ctx.stage("episodes", care_episodes(ctx.as_of), ("child_id", "period_no"))
    periods = ctx.stage("periods", periods_of_care(episodes), ("child_id", "period_start"))
    reviews_from = ctx.data_from(REVIEWS)
    known_until = ctx.data_until(EPISODES, REVIEWS)

    held = (
        select(
            periods.c.child_id,
            periods.c.period_start,
            periods.c.period_end,
            Review.review.label("review"),
            func.row_number()
            .over(
                partition_by=(periods.c.child_id, periods.c.period_start),
                order_by=Review.review,
            )
            .label("number"),
            func.lag(Review.review)
            .over(
                partition_by=(periods.c.child_id, periods.c.period_start),
                order_by=Review.review,
            )
            .label("previous"),
        )
        .join(Review, Review.child_id == periods.c.child_id)
        .where(Review.review >= periods.c.period_start)
        .where(or_(periods.c.period_end.is_(None), Review.review <= periods.c.period_end))
        .where(Review.review <= as_of)
        .subquery("reviews_held")
    )
    last = (
        select(
            held.c.child_id,
            held.c.period_start,
            func.count().label("held"),
            func.max(held.c.review).label("last_review"),
        )
        .group_by(held.c.child_id, held.c.period_start)
        .subquery("last_review")
    )
    pending = (
        select(
            periods.c.child_id,
            periods.c.period_start,
            periods.c.period_end,
            null().label("review"),
            (func.coalesce(last.c.held, 0) + 1).label("number"),
            last.c.last_review.label("previous"),
        )
        .select_from(periods)
        .outerjoin(
            last,
            and_(
                last.c.child_id == periods.c.child_id, last.c.period_start == periods.c.period_start
            ),
        )
    )
    instances = union_all(select(held), pending).subquery("review_instances")

    pre_data = and_(reviews_from.is_not(None), instances.c.period_start < reviews_from)
    # The day the clock starts, and whether the number of this review is known.
    clock_start = case(
        (instances.c.previous.is_not(None), instances.c.previous),
        (pre_data, reviews_from),
        else_=instances.c.period_start,
    )
    clock_periods = ctx.periods()
    due_periods = clock_periods.alias("due_periods")
    due = case(
        (pre_data, add_months(clock_start, clock_periods.c.later_review_months)),
        (
            instances.c.number == 1,
            ctx.add_working_days(
                instances.c.period_start, clock_periods.c.first_review_working_days
            ),
        ),
        (
            instances.c.number == 2,
            add_months(instances.c.previous, clock_periods.c.second_review_months),
        ),
        else_=add_months(instances.c.previous, clock_periods.c.later_review_months),
    )
    judged = (
        select(
            instances.c.child_id,
            instances.c.period_start,
            instances.c.period_end,
            instances.c.number,
            instances.c.previous,
            instances.c.review,
            due.label("due_date"),
            pre_data.label("pre_data"),
            clock_periods.c.standard,
            clock_periods.c.instrument.label("interval_set_by"),
        )
        .join(
            clock_periods,
            and_(
                clock_periods.c.period_start <= clock_start,
                clock_periods.c.period_end >= clock_start,
            ),
        )
        .subquery("review_due")
    )
    timeliness = ctx.timeliness(judged.c.due_date, judged.c.review, known_until)
    outcome = case(
        # Before the data starts the number of the review is unknown: a review within the
        # longest interval might still have been late, so it cannot be judged.
        (
            and_(
                judged.c.pre_data,
                timeliness.in_(("met", "due-soon", "not-yet-due")),
                judged.c.previous.is_(None),
            ),
            "data-gap",
        ),
        (and_(timeliness == "not-met", due_periods.c.covid_relaxation == "unverified"), "manual"),
        else_=timeliness,
    )
    required = or_(
        judged.c.review.is_not(None),
        judged.c.period_end.is_(None),
        judged.c.period_end > judged.c.due_date,
    )
    return (
        select(
            literal("child").label("subject_type"),
            child_ref(judged.c.child_id).label("subject_ref"),
            judged.c.due_date,
            judged.c.review.label("event_date"),
            outcome.label("outcome"),
            judged.c.standard,
            judged.c.period_start.label("looked_after_from"),
            judged.c.period_end.label("looked_after_until"),
            case((judged.c.pre_data, null()), else_=judged.c.number).label("review_number"),
            judged.c.previous.label("previous_review"),
            judged.c.interval_set_by,
            due_periods.c.instrument.label("in_force_on_due_date"),
            case((judged.c.pre_data, "yes"), else_="no").label("earlier_reviews_unknown"),
        )
        .join(
            due_periods,
            and_(
                due_periods.c.period_start <= judged.c.due_date,
                due_periods.c.period_end >= judged.c.due_date,
            ),
        )
        .where(required)
        .where(judged.c.due_date.is_not(None))
    )
