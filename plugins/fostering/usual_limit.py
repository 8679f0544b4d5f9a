"""FOS-USUAL-LIMIT: at most three fostered children in a household (CA 1989 Sch 7).

The count can only change on the day a child arrives, the day after one leaves, and
the days an exemption starts or stops; so each household is judged on those days
alone, and consecutive days in the same state make one spell. A spell is:

- ``within``: three children or fewer;
- ``siblings``: more, but all siblings of each other (para 3);
- ``exempt``: more, but every child named in an exemption in force, granted by the
  authority where the carer lives (para 4);
- ``over``: a breach, from the day it began to the day it ended.

Privately fostered children count; carers' own children do not. The count is per
household, the stricter of the two local readings (RULES.md FOS-USUAL-LIMIT).
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
    null,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import aliased

from scrutiny import rule
from scrutiny.db.portable import add_days
from scrutiny.plugins.fostering.models import (
    COUNTED_ARRANGEMENTS,
    Carer,
    Exemption,
    ExemptionChild,
    Household,
    HouseholdChild,
)
from scrutiny.plugins.fostering.refs import household_of
from scrutiny.rules.context import RuleContext

WITHIN = "within"


@rule("FOS-USUAL-LIMIT")
def usual_limit(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    limit = ctx.periods()
    hc = HouseholdChild
    present = ctx.stage(
        "children",
        select(
            household_of(hc.carer_id).label("household"),
            hc.child_id,
            hc.started_on,
            hc.ended_on,
            hc.sibling_group,
        ).where(hc.arrangement.in_(COUNTED_ARRANGEMENTS), hc.started_on <= as_of),
        ("household", "started_on"),
    )
    exemptions = ctx.stage(
        "exemptions",
        select(
            func.coalesce(Household.household_ref, "carer:" + Carer.carer_ref).label("household"),
            ExemptionChild.child_id,
            Exemption.valid_from,
            Exemption.valid_until,
        )
        .select_from(Exemption)
        .join(ExemptionChild, ExemptionChild.exemption_id == Exemption.id)
        .join(Carer, Carer.id == Exemption.carer_id)
        .outerjoin(Household, Household.id == Carer.household_id)
        # Only the authority where the carer lives may exempt (para 4(1)).
        .where(
            or_(
                Exemption.granted_by_la.is_(None),
                Household.residence_la.is_(None),
                Exemption.granted_by_la == Household.residence_la,
            )
        ),
        ("household", "child_id"),
    )
    left = add_days(present.c.ended_on, 1)
    lapsed = add_days(exemptions.c.valid_until, 1)
    points = ctx.stage(
        "days",
        union(
            select(present.c.household, present.c.started_on.label("day")),
            select(present.c.household, left).where(present.c.ended_on.is_not(None), left <= as_of),
            select(exemptions.c.household, exemptions.c.valid_from).where(
                exemptions.c.valid_from.is_not(None), exemptions.c.valid_from <= as_of
            ),
            select(exemptions.c.household, lapsed).where(
                exemptions.c.valid_until.is_not(None), lapsed <= as_of
            ),
        ),
        ("household", "day"),
    )
    here = and_(
        present.c.household == points.c.household,
        present.c.started_on <= points.c.day,
        or_(present.c.ended_on.is_(None), present.c.ended_on >= points.c.day),
    )
    named = (
        exists()
        .where(
            exemptions.c.household == present.c.household,
            exemptions.c.child_id == present.c.child_id,
            exemptions.c.valid_from <= points.c.day,
            or_(exemptions.c.valid_until.is_(None), exemptions.c.valid_until >= points.c.day),
        )
        .correlate(present, points)
    )
    group = func.coalesce(present.c.sibling_group, "child:" + cast(present.c.child_id, String))
    counted = (
        select(
            points.c.household,
            points.c.day,
            func.count(func.distinct(present.c.child_id)).label("children"),
            func.count(func.distinct(group)).label("groups"),
            func.sum(case((named, 0), else_=1)).label("unnamed"),
        )
        .select_from(points)
        .outerjoin(present, here)
        .group_by(points.c.household, points.c.day)
        .subquery("counted")
    )
    state = case(
        (counted.c.children <= limit.c.usual_limit, WITHIN),
        (counted.c.groups == 1, "siblings"),
        (counted.c.unnamed == 0, "exempt"),
        else_="over",
    )
    states = ctx.stage(
        "states",
        select(
            counted.c.household,
            counted.c.day,
            counted.c.children,
            (counted.c.children - counted.c.unnamed).label("named"),
            state.label("state"),
            limit.c.standard,
            limit.c.usual_limit,
        ).join(limit, ctx.in_force(limit, counted.c.day)),
        ("household", "day"),
    )
    lagged = select(
        states,
        func.lag(states.c.state)
        .over(partition_by=states.c.household, order_by=states.c.day)
        .label("previous"),
    ).subquery("lagged")
    later = aliased(states, name="later")
    # Each spell's first day, and the first later day in another state (its end).
    starts = (
        select(
            lagged,
            select(func.min(later.c.day))
            .where(
                later.c.household == lagged.c.household,
                later.c.day > lagged.c.day,
                later.c.state != lagged.c.state,
            )
            .correlate(lagged)
            .scalar_subquery()
            .label("spell_end"),
        )
        .where(lagged.c.state != WITHIN)
        .where(or_(lagged.c.previous.is_(None), lagged.c.previous != lagged.c.state))
        .subquery("spell_starts")
    )
    peak = (
        select(func.max(later.c.children))
        .where(
            later.c.household == starts.c.household,
            later.c.day >= starts.c.day,
            or_(starts.c.spell_end.is_(None), later.c.day < starts.c.spell_end),
        )
        .correlate(starts)
        .scalar_subquery()
    )
    spells = select(
        literal("household").label("subject_type"),
        starts.c.household.label("subject_ref"),
        starts.c.day.label("due_date"),
        starts.c.spell_end.label("event_date"),
        case((starts.c.state == "over", "not-met"), else_="met").label("outcome"),
        starts.c.standard,
        literal("spell above the usual limit").label("requirement"),
        starts.c.state.label("spell"),
        starts.c.children.label("children_at_start"),
        peak.label("most_children"),
        starts.c.named.label("named_in_exemption_at_start"),
        starts.c.usual_limit,
    )
    ever_above = select(states.c.household).where(states.c.state != WITHIN)
    never = (
        select(
            literal("household").label("subject_type"),
            states.c.household.label("subject_ref"),
            as_of.label("due_date"),
            null().label("event_date"),
            literal("met").label("outcome"),
            func.min(states.c.standard).label("standard"),
            literal("never above the usual limit").label("requirement"),
            literal(WITHIN).label("spell"),
            null().label("children_at_start"),
            func.max(states.c.children).label("most_children"),
            null().label("named_in_exemption_at_start"),
            func.min(states.c.usual_limit).label("usual_limit"),
        )
        .where(states.c.household.not_in(ever_above))
        .group_by(states.c.household)
    )
    return union_all(spells, never).subquery("judged").select()
