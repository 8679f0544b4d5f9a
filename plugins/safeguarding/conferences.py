"""Child protection conferences and core groups (Working Together to Safeguard Children
2018, statutory guidance).

- CP-ICPC: the initial conference within 15 working days of the strategy discussion at
  which section 47 enquiries were started, or of the last such discussion if there were
  several. The census gives the enquiry's start (S47ActualStartDate, the day of the
  discussion that started it); the council's strategy discussions file may show a later
  one that started s47 enquiries for the child before the conference, which restarts
  the clock. Which date started it, and from which file, is evidence.
- CP-RCPC-1 and CP-RCPC-N: the first review conference within 3 months of the plan's
  start (the initial conference that made it), then no more than 6 months apart while the
  plan continues: one chain of reviews per plan
  (:func:`scrutiny.rules.chains.event_chain`), judged in two rules. Reviews before the
  earliest imported census are unknown: for a plan that began earlier, CP-RCPC-1 does not
  judge the first review, and CP-RCPC-N takes the start of the census data as if a review
  had been held that day, as LAC-REVIEW does: the first review it sees is certainly late
  if more than 6 months after that day, and a data gap if sooner.
- CP-CORE-GROUP: the first core group within a number of working days of the plan's
  start that the council sets, 10 by default (no English source verified): every finding
  shows which applied.

A plan or enquiry is judged as of the as-of date: a conference, review, core group or
plan end recorded after it has not happened yet.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, and_, case, cast, func, literal, not_, null, or_, select
from sqlalchemy.sql.selectable import Subquery

from scrutiny import rule
from scrutiny.db.base import table_of
from scrutiny.models.child import child_ref
from scrutiny.plugins.safeguarding.models import (
    CoreGroup,
    ProtectionPlan,
    ProtectionReview,
    Section47,
    StrategyDiscussion,
)
from scrutiny.rules.chains import IntervalDue, due_at_intervals, event_chain
from scrutiny.rules.context import RuleContext

CENSUS = "safeguarding.cin_census"
STRATEGY = "safeguarding.strategy_discussions"
CORE_GROUPS = "safeguarding.core_groups"
CORE_GROUP_DAYS = "first_core_group_working_days"
FROM_CENSUS = "census S47ActualStartDate"
FROM_DISCUSSION = "a later strategy discussion (strategy discussions file)"


@rule("CP-ICPC")
def initial_conferences(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    s = Section47
    next_enquiry = func.lead(s.s47_start).over(partition_by=s.child_id, order_by=s.s47_start)
    every_enquiry = (
        select(
            s.id.label("enquiry_id"),
            s.child_id,
            s.s47_start,
            s.icpc_target,
            ctx.known(s.icpc_date).label("icpc_date"),
            s.icpc_not_required,
            next_enquiry.label("next_s47_start"),
        )
        .where(s.s47_start <= as_of)
        .subquery("every_enquiry")
    )
    e = every_enquiry.c
    enquiries = ctx.stage(
        "enquiries",
        select(every_enquiry).where(
            or_(e.icpc_not_required.is_(None), e.icpc_not_required.is_(False))
        ),
        ("enquiry_id",),
        ("child_id", "s47_start"),
    )
    q = enquiries.c
    sd = StrategyDiscussion
    last_discussion = (
        select(q.enquiry_id, func.max(sd.held_on).label("last_discussion"))
        .join(
            sd,
            and_(
                sd.child_id == q.child_id,
                sd.s47_started.is_(True),
                sd.held_on >= q.s47_start,
                sd.held_on <= func.coalesce(q.icpc_date, as_of),
                or_(q.next_s47_start.is_(None), sd.held_on < q.next_s47_start),
            ),
        )
        .group_by(q.enquiry_id)
        .subquery("last_s47_discussion")
    )
    later = and_(
        last_discussion.c.last_discussion.is_not(None),
        last_discussion.c.last_discussion > q.s47_start,
    )
    clock_start = case((later, last_discussion.c.last_discussion), else_=q.s47_start)
    clocks = (
        select(
            q.child_id,
            q.s47_start,
            q.icpc_target,
            q.icpc_date,
            last_discussion.c.last_discussion,
            clock_start.label("clock_start"),
            case((later, FROM_DISCUSSION), else_=FROM_CENSUS).label("clock_from"),
        )
        .select_from(enquiries)
        .outerjoin(last_discussion, last_discussion.c.enquiry_id == q.enquiry_id)
        .subquery("icpc_clocks")
    )
    periods = ctx.periods()
    judged = (
        select(
            clocks,
            ctx.add_working_days(clocks.c.clock_start, periods.c.icpc_working_days).label(
                "due_date"
            ),
            periods.c.standard,
            periods.c.instrument,
        )
        .join(periods, ctx.in_force(periods, clocks.c.clock_start))
        .subquery("icpc_due")
    )
    j = judged.c
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.icpc_date.label("event_date"),
        ctx.timeliness(j.due_date, j.icpc_date, ctx.data_until(CENSUS)).label("outcome"),
        j.standard,
        j.s47_start,
        j.last_discussion.label("last_s47_strategy_discussion"),
        j.clock_start.label("clock_started_on"),
        j.clock_from,
        case((ctx.covered(STRATEGY, j.s47_start), "yes"), else_="no").label(
            "strategy_discussions_file_covers"
        ),
        j.icpc_target.label("census_icpc_target"),
        ctx.working_days_between(j.clock_start, j.icpc_date).label("working_days_to_icpc"),
        j.instrument.label("judged_under"),
    )


def _review_chain(ctx: RuleContext) -> Subquery:
    """Each plan's review conferences held by the as-of date, and the one owed next."""
    as_of = ctx.as_of_value
    p = ProtectionPlan
    plans = ctx.stage(
        "plans",
        select(p.child_id, p.start_date, ctx.known(p.end_date).label("end_date")).where(
            p.start_date <= as_of
        ),
        ("child_id", "start_date"),
    )
    return event_chain(
        plans,
        ("child_id",),
        "start_date",
        "end_date",
        table_of(ProtectionReview),
        ("child_id",),
        "review_date",
        as_of,
        event_label="review",
        name="cp_review_chain",
        ctx=ctx,
    )


def _reviews_due(ctx: RuleContext, months: str) -> IntervalDue:
    return due_at_intervals(
        ctx,
        _review_chain(ctx),
        start="start_date",
        end="end_date",
        months=months,
        data_from=ctx.data_from(CENSUS),
        known_until=ctx.data_until(CENSUS),
        event_label="review",
        name="cp_review_due",
    )


def _review_findings(ctx: RuleContext, due: IntervalDue) -> Select[Any]:
    j = due.judged.c
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.review.label("event_date"),
        due.outcome.label("outcome"),
        j.standard,
        j.start_date.label("plan_start"),
        j.end_date.label("plan_end"),
        case((j.pre_data, null()), else_=j.number).label("review_number"),
        j.previous.label("previous_review"),
        case((j.pre_data, "yes"), else_="no").label("earlier_reviews_unknown"),
        j.instrument.label("interval_set_by"),
    ).where(due.required)


@rule("CP-RCPC-1")
def first_review_conferences(ctx: RuleContext) -> Select[Any]:
    due = _reviews_due(ctx, "first_review_months")
    j = due.judged.c
    return _review_findings(ctx, due).where(j.number == 1, not_(j.pre_data))


@rule("CP-RCPC-N")
def later_review_conferences(ctx: RuleContext) -> Select[Any]:
    due = _reviews_due(ctx, "later_review_months")
    j = due.judged.c
    return _review_findings(ctx, due).where(or_(j.number > 1, j.pre_data))


@rule("CP-CORE-GROUP")
def first_core_groups(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    p = ProtectionPlan
    cg = CoreGroup
    first_core_group = (
        select(cg.child_id, cg.plan_start, func.min(cg.held_on).label("first_core_group"))
        .where(cg.held_on <= as_of, cg.held_on >= cg.plan_start)
        .group_by(cg.child_id, cg.plan_start)
        .subquery("first_core_group")
    )
    periods = ctx.periods()
    days = periods.c[CORE_GROUP_DAYS]
    judged = (
        select(
            p.child_id,
            p.start_date,
            ctx.known(p.end_date).label("end_date"),
            first_core_group.c.first_core_group,
            ctx.add_working_days(p.start_date, days).label("due_date"),
            days.label("working_days"),
            periods.c.standard,
            periods.c.instrument,
        )
        .select_from(p)
        .outerjoin(
            first_core_group,
            and_(
                first_core_group.c.child_id == p.child_id,
                first_core_group.c.plan_start == p.start_date,
            ),
        )
        .join(periods, ctx.in_force(periods, p.start_date))
        .where(p.start_date <= as_of)
        .subquery("core_group_due")
    )
    j = judged.c
    timeliness = ctx.timeliness(j.due_date, j.first_core_group, ctx.data_until(CORE_GROUPS))
    data_from = ctx.data_from(CORE_GROUPS)
    # A core group before the file begins is unknown: only one on time can be seen.
    before_data = and_(data_from.is_not(None), j.start_date < data_from)
    outcome = case((and_(before_data, timeliness != "met"), "data-gap"), else_=timeliness)
    if CORE_GROUP_DAYS in ctx.local_policy:
        status = " working days (the council's local policy)"
    else:
        status = " working days (local-policy default; English source unverified)"
    required = or_(j.first_core_group.is_not(None), j.end_date.is_(None), j.end_date > j.due_date)
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.first_core_group.label("event_date"),
        outcome.label("outcome"),
        j.standard,
        (cast(j.working_days, String) + literal(status)).label("threshold"),
        j.start_date.label("plan_start"),
        j.end_date.label("plan_end"),
        ctx.working_days_between(j.start_date, j.first_core_group).label(
            "working_days_to_core_group"
        ),
        case((before_data, "yes"), else_="no").label("plan_before_core_groups_file"),
        j.instrument.label("judged_under"),
    ).where(required)
