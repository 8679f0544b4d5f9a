"""LAC-CAREPLAN and LAC-PLACEMENTPLAN: the care plan for each period of care and the
placement plan for each placement, on time (CPPCR 2010 regs 4(2) and 9(2)).

**Care plan (reg 4(2))**: prepared before the child is first placed or, if that is not
practicable, within 10 working days of the start of the first placement; due on that
tenth working day. A plan counts for a period of care if it is dated after the previous
period ended (any date, for a child's first period) and no later than the period's end.
Reg 4(2) excepts "a child to whom section 31A (care orders: care plans) applies".
Section 31A applies wherever an application has been made on which a care order might
be made, and an interim care order (legal status C1) or a care order (C2) is only made
on such an application; so a period of care in which the child was under C1 or C2 on
or before the plan fell due is not judged: the court's s31A plan governs it. A child
accommodated first (under s20, say) and brought into proceedings after the ten working
days is judged. Reg 4(6) (first placed before 1 Apr 2011: as soon as reasonably
practicable) is met by judging only periods that began on or after 1 Apr 2011.

**Placement plan (reg 9(2))**: within 5 working days of the start of each placement (a
plan prepared before the placement meets it). SI 2020/445 reg 8(4) replaced "within
five working days of" with "as soon as is reasonably practicable after" for 24 Apr to
25 Sep 2020: there is no number to judge by, so a plan later than 5 working days, or
none, is ``manual`` when the placement started in that window or its fifth working day
fell in it, unless the council sets its own figure for the window (local policy
``window_working_days``), which is then judged as a local-policy standard.

A child who left care (or the placement) before the plan fell due, without a plan, is
not owed one. Short breaks (V3/V4) are left out: reg 48(3) replaces regs 5 and 9 for
them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
)

from scrutiny import rule
from scrutiny.models.child import child_ref
from scrutiny.plugins.looked_after.care_periods import care_episodes, periods_of_care, placements
from scrutiny.plugins.looked_after.coverage import file_timeliness, started_in_data
from scrutiny.plugins.looked_after.models import CarePlan, PlacementPlan
from scrutiny.rules.context import RuleContext
from scrutiny.rules.metadata import SourceKind

CARE_PLANS = "looked_after.care_plans"
PLACEMENT_PLANS = "looked_after.placement_plans"
SECTION_31A_STATUSES = ("C1", "C2")  # interim care order, full care order


@rule("LAC-CAREPLAN")
def care_plans(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    episodes = ctx.stage("episodes", care_episodes(ctx.as_of), ("child_id", "period_no"))
    grouped = periods_of_care(episodes).subquery("periods_grouped")
    previous_end = func.lag(grouped.c.period_end).over(
        partition_by=grouped.c.child_id, order_by=grouped.c.period_start
    )
    periods = ctx.stage(
        "periods",
        select(*grouped.c, previous_end.label("previous_end")),
        ("child_id", "period_no"),
    )
    p = periods.c
    rules = ctx.periods()
    legal_status_at_start = (
        select(episodes.c.ls)
        .where(
            episodes.c.child_id == p.child_id,
            episodes.c.period_no == p.period_no,
            episodes.c.decom == p.period_start,
        )
        .limit(1)
        .scalar_subquery()
    )
    due_rows = (
        select(
            *p,
            legal_status_at_start.label("legal_status_at_start"),
            ctx.add_working_days(p.period_start, rules.c.care_plan_working_days).label("due_date"),
            rules.c.care_plan_working_days,
            rules.c.standard,
            rules.c.instrument,
        )
        .join(rules, ctx.in_force(rules, p.period_start))
        .where(started_in_data(ctx, p.period_start))
    )
    dues = ctx.stage("due", due_rows, ("child_id", "period_no"))
    d = dues.c
    section_31a = exists().where(
        episodes.c.child_id == d.child_id,
        episodes.c.period_no == d.period_no,
        episodes.c.ls.in_(SECTION_31A_STATUSES),
        episodes.c.decom <= d.due_date,
    )
    plan_date = (
        select(func.min(CarePlan.plan_date))
        .where(
            CarePlan.child_id == d.child_id,
            or_(d.previous_end.is_(None), CarePlan.plan_date > d.previous_end),
            or_(d.period_end.is_(None), CarePlan.plan_date <= d.period_end),
            CarePlan.plan_date <= as_of,
        )
        .scalar_subquery()
    )
    judged = (
        select(*d, plan_date.label("plan_date"))
        .where(~section_31a)
        .where(d.due_date.is_not(None))
        .subquery("care_plan_judged")
    )
    j = judged.c
    required = or_(j.plan_date.is_not(None), j.period_end.is_(None), j.period_end > j.due_date)
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.plan_date.label("event_date"),
        file_timeliness(ctx, j.due_date, j.plan_date, CARE_PLANS).label("outcome"),
        j.standard,
        j.period_start.label("looked_after_from"),
        j.period_end.label("looked_after_until"),
        j.legal_status_at_start,
        j.previous_end.label("previous_period_ended"),
        (cast(j.care_plan_working_days, String) + literal(" working days", String)).label(
            "interval"
        ),
        j.instrument.label("in_force_on_first_placement"),
    ).where(required)


@rule("LAC-PLACEMENTPLAN")
def placement_plans(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    episodes = ctx.stage("episodes", care_episodes(ctx.as_of), ("child_id", "placement_no"))
    places = ctx.stage("places", placements(episodes), ("child_id", "placement_no"))
    p = places.c
    at_start = ctx.periods()
    base_rows = (
        select(
            p.child_id,
            p.placement_no,
            p.placement_start,
            p.placement_end,
            p.first_place,
            ctx.add_working_days(p.placement_start, at_start.c.plan_working_days).label("base_due"),
            at_start.c.plan_working_days,
            case((at_start.c.practicable_only.is_(True), 1), else_=0).label("window_at_start"),
            at_start.c.window_working_days,
            at_start.c.instrument.label("in_force_on_placement_start"),
        )
        .join(at_start, ctx.in_force(at_start, p.placement_start))
        .where(started_in_data(ctx, p.placement_start))
    )
    base = ctx.stage("base_due", base_rows, ("child_id", "placement_no"))
    b = base.c
    at_due = ctx.periods().alias("at_due")
    in_window = or_(b.window_at_start == 1, at_due.c.practicable_only.is_(True))
    council_days = b.window_working_days
    council_set = and_(in_window, council_days > 0)
    due = case(
        (council_set, ctx.add_working_days(b.placement_start, council_days)),
        else_=b.base_due,
    )
    due_rows = select(
        *b,
        case((in_window, 1), else_=0).label("in_window"),
        case((council_set, 1), else_=0).label("council_set"),
        due.label("due_date"),
    ).join(at_due, ctx.in_force(at_due, b.base_due))
    dues = ctx.stage("due", due_rows, ("child_id", "placement_start"))
    d = dues.c
    plan = PlacementPlan
    judged = (
        select(*d, plan.plan_date)
        .select_from(dues)
        .outerjoin(
            plan,
            and_(
                plan.child_id == d.child_id,
                plan.placement_start == d.placement_start,
                plan.plan_date <= as_of,
            ),
        )
        .where(d.due_date.is_not(None))
        .subquery("placement_plan_judged")
    )
    j = judged.c
    timeliness = file_timeliness(ctx, j.due_date, j.plan_date, PLACEMENT_PLANS)
    no_number = and_(j.in_window == 1, j.council_set == 0)
    outcome = case((and_(no_number, timeliness == "not-met"), "manual"), else_=timeliness)
    standard = case((j.council_set == 1, SourceKind.LOCAL_POLICY.value), else_=ctx.rule.kind.value)
    timescale = case(
        (
            j.council_set == 1,
            cast(j.window_working_days, String)
            + literal(" working days (council policy for the SI 2020/445 window)", String),
        ),
        (
            j.in_window == 1,
            literal("as soon as reasonably practicable (SI 2020/445); due date shown is ", String)
            + cast(j.plan_working_days, String)
            + literal(" working days", String),
        ),
        else_=cast(j.plan_working_days, String) + literal(" working days", String),
    )
    required = or_(
        j.plan_date.is_not(None), j.placement_end.is_(None), j.placement_end > j.due_date
    )
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.plan_date.label("event_date"),
        outcome.label("outcome"),
        standard.label("standard"),
        j.placement_start,
        j.placement_end,
        j.first_place.label("placement_type"),
        timescale.label("interval"),
        case((j.in_window == 1, "yes"), else_="no").label("si_2020_445_window"),
        j.in_force_on_placement_start,
    ).where(required)
