"""CL-STAYING-PUT: staying put arrangements supported until 21 (Children Act 1989
s23CZA, inserted by the Children and Families Act 2014 s98, in force 13 May 2014).

Each arrangement begun (on or after 13 May 2014) before the young person's 21st
birthday is judged on two counts, due on the day it began:

- **financial support to the carer**: FINANCIAL_SUPPORT yes is met, unless support
  stopped (SUPPORT_ENDED) before the arrangement ended and before the 21st birthday
  (the duty lasts until 21); no is not met; blank is a data gap. Where support would
  not be consistent with the young person's welfare (s23CZA(3)), record a deviation.
- **arrangement monitored**: a monitoring date recorded (LAST_MONITORED) is met. The
  Act sets no frequency, so with none recorded a person judges (manual): Scrutiny does
  not invent an interval.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, literal, or_, select, union_all

from scrutiny import rule
from scrutiny.db.portable import earliest
from scrutiny.models.child import birthday, child_ref
from scrutiny.plugins.care_leavers.models import StayingPut
from scrutiny.plugins.care_leavers.people import dob_of
from scrutiny.rules.context import RuleContext

SUPPORT = "financial support to the carer"
MONITORED = "arrangement monitored"


@rule("CL-STAYING-PUT")
def staying_put(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    s = StayingPut
    dob = dob_of(s.child_id)
    arrangements = (
        select(
            s.child_id,
            s.carer_ref,
            s.started_on,
            s.ended_on,
            s.financial_support,
            s.support_ended,
            s.last_monitored,
            birthday(dob, 21).label("twenty_one"),
        )
        .where(s.started_on <= as_of)
        .subquery("staying_put_arrangements")
    )
    a = arrangements.c
    periods = ctx.periods()
    until = earliest(a.ended_on, a.twenty_one)
    stopped_early = and_(a.support_ended.is_not(None), a.support_ended < until)
    support = case(
        (a.financial_support.is_(None), "data-gap"),
        (a.financial_support.is_(False), "not-met"),
        (stopped_early, "not-met"),
        else_="met",
    )
    monitored = case((a.last_monitored.is_not(None), "met"), else_="manual")

    def count(requirement: str, outcome: Any, event: Any) -> Select[Any]:
        return (
            select(
                literal("child").label("subject_type"),
                child_ref(a.child_id).label("subject_ref"),
                a.started_on.label("due_date"),
                event.label("event_date"),
                outcome.label("outcome"),
                periods.c.standard,
                literal(requirement).label("requirement"),
                a.carer_ref.label("former_foster_carer"),
                a.ended_on.label("arrangement_ended"),
                a.twenty_one.label("twenty_first_birthday"),
                a.support_ended,
                a.last_monitored,
                periods.c.instrument,
            )
            .select_from(arrangements)
            .join(periods, ctx.in_force(periods, a.started_on))
            .where(or_(a.twenty_one.is_(None), a.started_on < a.twenty_one))
        )

    return (
        union_all(
            count(SUPPORT, support, case((stopped_early, a.support_ended), else_=None)),
            count(MONITORED, monitored, a.last_monitored),
        )
        .subquery("staying_put_counts")
        .select()
    )
