"""FOS-EMERGENCY-PLACEMENT: emergency placements outside terms of approval (CPPCR reg 23).

A child placed in an emergency with a carer outside the carer's terms of approval may
stay 6 working days; by then the terms are amended or the placement ends. SI 2020/445
allowed 24 weeks for placements made between 24 Apr and 25 Sep 2020 (saved by its regs
18 and 19), so the period is the one in force on the day of placement.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, literal, select

from scrutiny import rule
from scrutiny.db.portable import add_days, earliest
from scrutiny.models.child import child_ref
from scrutiny.plugins.fostering.models import EmergencyPlacement
from scrutiny.plugins.fostering.refs import carer_ref
from scrutiny.rules.context import RuleContext

PLACEMENTS = "fostering.emergency_placements"


@rule("FOS-EMERGENCY-PLACEMENT")
def emergency_placement(ctx: RuleContext) -> Select[Any]:
    periods = ctx.periods()
    p = EmergencyPlacement
    due = case(
        (periods.c.limit_weeks > 0, add_days(p.placed_on, periods.c.limit_weeks * 7)),
        else_=ctx.add_working_days(p.placed_on, periods.c.limit_working_days),
    )
    resolved = earliest(p.terms_amended_on, p.ended_on)
    placements = (
        select(
            p.child_id,
            p.carer_id,
            p.placed_on,
            p.terms_amended_on,
            p.ended_on,
            resolved.label("resolved_on"),
            due.label("due_date"),
            periods.c.standard,
            periods.c.instrument,
            case(
                (periods.c.limit_weeks > 0, periods.c.limit_weeks * 7),
                else_=periods.c.limit_working_days,
            ).label("limit"),
            case((periods.c.limit_weeks > 0, "calendar days"), else_="working days").label(
                "limit_unit"
            ),
        )
        .join(periods, ctx.in_force(periods, p.placed_on))
        .where(p.placed_on <= ctx.as_of_value)
        .subquery("emergency_placements")
    )
    outcome = ctx.timeliness(
        placements.c.due_date, placements.c.resolved_on, ctx.data_until(PLACEMENTS)
    )
    return select(
        literal("child").label("subject_type"),
        child_ref(placements.c.child_id).label("subject_ref"),
        placements.c.due_date,
        placements.c.resolved_on.label("event_date"),
        outcome.label("outcome"),
        placements.c.standard,
        carer_ref(placements.c.carer_id).label("carer"),
        placements.c.placed_on,
        placements.c.terms_amended_on.label("terms_amended"),
        placements.c.ended_on.label("placement_ended"),
        placements.c.limit,
        placements.c.limit_unit,
        placements.c.instrument.label("limit_set_by"),
    ).where(placements.c.due_date.is_not(None))
