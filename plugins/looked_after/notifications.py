"""LAC-OOA-NOTIFY: the area authority told of an out-of-area placement in time (CPPCR
2010 reg 13(4), inserted by SI 2013/3239 reg 19 from 27 Jan 2014).

SSDA903 as stored here has no placing-area column, so the placements come from the
council's ``out_of_area.csv``. Each is due on the day it started (the notice must come
before the placement is made) or, for an emergency placement, on the fifth working day
after. "Unless it is not reasonably practicable" cannot be read from data: a late or
missing notice is not met, and the reason belongs in a deviation. Short breaks (V3/V4)
are left out: reg 48(3)(b) disapplies reg 13 for them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, case, cast, exists, literal, or_, select

from scrutiny import rule
from scrutiny.models.child import child_ref
from scrutiny.plugins.looked_after.care_periods import SHORT_BREAK_STATUSES
from scrutiny.plugins.looked_after.coverage import file_timeliness
from scrutiny.plugins.looked_after.models import OutOfAreaPlacement
from scrutiny.rules.context import RuleContext
from scrutiny.ssda903.models import Episode

OUT_OF_AREA = "looked_after.out_of_area"


@rule("LAC-OOA-NOTIFY")
def out_of_area_notifications(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    o = OutOfAreaPlacement
    rules = ctx.periods()
    short_break = exists().where(
        Episode.child_id == o.child_id,
        Episode.ls.in_(SHORT_BREAK_STATUSES),
        Episode.decom <= o.placement_start,
        or_(Episode.dec.is_(None), Episode.dec > o.placement_start),
    )
    due = case(
        (
            o.emergency.is_(True),
            ctx.add_working_days(o.placement_start, rules.c.emergency_working_days),
        ),
        else_=o.placement_start,
    )
    placements = (
        select(
            o.child_id,
            o.placement_start,
            o.area_authority,
            o.emergency,
            ctx.known(o.notified_on).label("notified_on"),
            due.label("due_date"),
            rules.c.emergency_working_days,
            rules.c.standard,
            rules.c.instrument,
        )
        .join(rules, ctx.in_force(rules, o.placement_start))
        .where(o.placement_start <= as_of)
        .where(~short_break)
        .subquery("out_of_area_due")
    )
    j = placements.c
    timescale = case(
        (
            j.emergency.is_(True),
            cast(j.emergency_working_days, String)
            + literal(" working days (emergency placement)", String),
        ),
        else_=literal("before the placement", String),
    )
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.notified_on.label("event_date"),
        file_timeliness(ctx, j.due_date, j.notified_on, OUT_OF_AREA).label("outcome"),
        j.standard,
        j.placement_start,
        j.area_authority,
        case((j.emergency.is_(True), "yes"), else_="no").label("emergency"),
        timescale.label("interval"),
        j.instrument.label("in_force_on_placement_start"),
    ).where(j.due_date.is_not(None))
