"""CH-CLOSURE: Ofsted told when a children's home closes, and a cancellation applied for
only when the law allows (Care Standards Act 2000 s15; Children's Homes (England)
Regulations 2015 reg 49).

Each closure is judged on two counts:

- **Ofsted told of the closure**, due on the closing day. England sets no notice period
  that could be verified (the 3 months often quoted is Welsh and Scottish law), so none
  is written here. Without a council period (local policy ``closure_notice_days``), a
  notice on or before the closing day is met, one after it ``manual`` (reg 49: as soon
  as reasonably practicable) and none at all not met once the closing day has passed
  and the closures file speaks for it. With a council period, the notice is due that
  many days before the closing day.
- **Cancellation applied for lawfully** (s15(2), 2015 text), due on the day of the
  application: an application made after Ofsted served notice of a proposal to cancel
  (s17(4)(a)) that it had not since dropped, or after a notice of its decision to cancel
  (s19(3)), is not met. A notice served on the day of the application is ``manual``:
  which came first that day is not recorded.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, and_, case, literal, null, or_, select, union_all

from scrutiny import rule
from scrutiny.db.base import table_of
from scrutiny.db.portable import add_days
from scrutiny.plugins.residential.models import Closure, Home
from scrutiny.rules.context import RuleContext

CLOSURES = "residential.closures"


@rule("CH-CLOSURE")
def closure_notices(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    periods = ctx.periods()
    c = Closure
    closes = table_of(Closure).c.closes_on
    days = periods.c.closure_notice_days
    policy_set = days > 0
    told = ctx.known(c.notified_on)
    due = case((policy_set, add_days(c.closes_on, -days)), else_=c.closes_on)
    known = ctx.data_until(CLOSURES)
    notice_outcome = case(
        (policy_set, ctx.timeliness(due, told, known)),
        (told <= c.closes_on, "met"),
        (told.is_not(None), "manual"),
        else_=ctx.timeliness(closes, told, known),
    )
    notice = (
        select(
            Home.home_ref.label("subject_ref"),
            due.label("due_date"),
            told.label("event_date"),
            notice_outcome.label("outcome"),
            case((policy_set, periods.c.standard), else_=ctx.rule.kind.value).label("standard"),
            literal("Ofsted told of the closure", String).label("requirement"),
            c.closes_on,
            case((policy_set, days), else_=null()).label("notice_days"),
            c.applied_on,
            c.proposal_notice_on,
            c.proposal_dropped_on,
            c.decision_notice_on,
        )
        .select_from(c)
        .join(Home, Home.id == c.home_id)
        .join(periods, ctx.in_force(periods, c.closes_on))
    )
    proposal_live = and_(
        c.proposal_notice_on <= c.applied_on,
        or_(c.proposal_dropped_on.is_(None), c.proposal_dropped_on > c.applied_on),
    )
    same_day = or_(c.proposal_notice_on == c.applied_on, c.decision_notice_on == c.applied_on)
    application_outcome = case(
        (same_day, "manual"),
        (or_(proposal_live, c.decision_notice_on <= c.applied_on), "not-met"),
        else_="met",
    )
    application = (
        select(
            Home.home_ref.label("subject_ref"),
            c.applied_on.label("due_date"),
            c.applied_on.label("event_date"),
            application_outcome.label("outcome"),
            literal(ctx.rule.kind.value, String).label("standard"),
            literal("cancellation applied for lawfully (CSA 2000 s15(2))", String).label(
                "requirement"
            ),
            c.closes_on,
            literal(None).label("notice_days"),
            c.applied_on,
            c.proposal_notice_on,
            c.proposal_dropped_on,
            c.decision_notice_on,
        )
        .select_from(c)
        .join(Home, Home.id == c.home_id)
        .join(periods, ctx.in_force(periods, c.applied_on))
        .where(c.applied_on <= as_of)
    )
    both = union_all(notice, application).subquery("closure_counts")
    return select(literal("home").label("subject_type"), *both.c)
