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

from sqlalchemy import Select, and_, case, literal, null, or_, select

from scrutiny import rule
from scrutiny.db.base import table_of
from scrutiny.db.portable import add_months
from scrutiny.models.child import child_ref
from scrutiny.plugins.looked_after.care_periods import (
    care_episodes,
    periods_of_care,
)
from scrutiny.rules.chains import event_chain
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

    instances = event_chain(
        periods,
        ("child_id",),
        "period_start",
        "period_end",
        table_of(Review),
        ("child_id",),
        "review",
        as_of,
        on_start_day=True,
        event_label="review",
        name="review_instances",
        ctx=ctx,
    )

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
    judged_rows = (
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
        .select_from(instances)
        .join(
            clock_periods,
            and_(
                clock_periods.c.period_start <= clock_start,
                clock_periods.c.period_end >= clock_start,
            ),
        )
    )
    # Staged, so that each due date is worked out once, not once for every use of it
    # in the outcome below and for every period it is compared with.
    judged = ctx.stage("review_due", judged_rows, ("due_date",))
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
