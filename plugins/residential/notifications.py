"""CH-REG40: each notifiable event told without delay to each recipient regulation 40
names for it (Children's Homes (England) Regulations 2015).

One requirement per event and required recipient, due on the (local) day of the event:

- **never told**: not met once the events file speaks for that day (it is the home's
  log as it stood on the day it was imported); a data gap if the file stops before the
  event; due soon on the day of the event itself;
- **told**: the law says "without delay" and sets no hour limit, so a person judges
  (``manual``) unless the council sets its own limit in hours (local policy
  ``notify_within_hours``), when the minutes from event to notification decide;
- an event between 24 Apr and 25 Sep 2020 that would otherwise not be met is
  ``manual``: SI 2020/445 reg 11 amended these Regulations and its effect on reg 40 was
  not read.

The requirement names the event and the recipient, so two events at one home on one
day, and each recipient of one event, are findings of their own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Select, String, and_, case, literal, null, or_, select, union_all

from scrutiny import rule
from scrutiny.db.portable import minutes_between
from scrutiny.models.child import child_ref
from scrutiny.plugins.residential.models import EventNotification, Home, NotifiableEvent
from scrutiny.rules.context import RuleContext

EVENTS = "residential.events"
MINUTES_IN_HOUR = 60

RECIPIENT_NAMES = {
    "ofsted": "HMCI (Ofsted)",
    "placing-authority": "the placing authority",
    "secretary-of-state": "the Secretary of State",
    "host-authority": "the host local authority",
    "icb": "the integrated care board",
    "ppo": "the Prisons and Probation Ombudsman",
}
# (event type, recipient, paragraph of reg 40, only for a secure children's home)
REQUIRED: tuple[tuple[str, str, str, bool], ...] = (
    ("death", "ofsted", "40(1)", False),
    ("death", "placing-authority", "40(1)", False),
    ("death", "secretary-of-state", "40(1)", False),
    ("death", "host-authority", "40(1)", False),
    ("death", "icb", "40(1)", False),
    ("death", "ppo", "40(1)", True),
    ("dbs-referral", "ofsted", "40(3)", False),
    ("dbs-referral", "placing-authority", "40(3)", False),
    ("sexual-exploitation", "ofsted", "40(4)", False),
    ("police-incident", "ofsted", "40(4)", False),
    ("allegation-of-abuse", "ofsted", "40(4)", False),
    ("child-protection-enquiry", "ofsted", "40(4)", False),
)


def required_recipients() -> Any:
    """The table of who must be told of what, as SQL rows."""
    return union_all(
        *(
            select(
                literal(kind, String).label("event_type"),
                literal(recipient, String).label("recipient"),
                literal(RECIPIENT_NAMES[recipient], String).label("recipient_name"),
                literal(paragraph, String).label("paragraph"),
                literal(secure_only, Boolean).label("secure_only"),
            )
            for kind, recipient, paragraph, secure_only in REQUIRED
        )
    ).subquery("required_recipients")


@rule("CH-REG40")
def events_notified(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    e = NotifiableEvent
    told = select(EventNotification).where(EventNotification.notified_on <= as_of).subquery("told")
    required = required_recipients()
    periods = ctx.periods()
    minutes = minutes_between(e.occurred_at, told.c.notified_at)
    hours = periods.c.notify_within_hours
    limit_set = hours > 0
    unverified = periods.c.covid_relaxation == "unverified"
    never_told = told.c.notified_at.is_(None)
    past = e.occurred_on < as_of
    known = e.occurred_on <= ctx.data_until(EVENTS)
    outcome = case(
        (and_(never_told, past, known, unverified), "manual"),
        (and_(never_told, past, known), "not-met"),
        (and_(never_told, past), "data-gap"),
        (never_told, "due-soon"),
        (and_(limit_set, minutes <= hours * MINUTES_IN_HOUR), "met"),
        (and_(limit_set, unverified), "manual"),
        (limit_set, "not-met"),
        else_="manual",
    )
    return (
        select(
            literal("home").label("subject_type"),
            Home.home_ref.label("subject_ref"),
            e.occurred_on.label("due_date"),
            told.c.notified_on.label("event_date"),
            outcome.label("outcome"),
            periods.c.standard,
            (e.event_ref + ": " + required.c.recipient_name + " told").label("requirement"),
            case((e.event_type == "death", "critical"), else_=null()).label("severity"),
            e.event_ref,
            e.event_type,
            required.c.recipient,
            ("reg " + required.c.paragraph).label("provision"),
            minutes.label("minutes_to_notify"),
            case((limit_set, hours), else_=null()).label("hours_limit"),
            child_ref(e.child_id).label("child"),
            periods.c.instrument.label("in_force_on_event_day"),
        )
        .select_from(e)
        .join(Home, Home.id == e.home_id)
        .join(
            required,
            and_(
                required.c.event_type == e.event_type,
                or_(required.c.secure_only.is_(False), Home.secure.is_(True)),
            ),
        )
        .outerjoin(told, and_(told.c.event_id == e.id, told.c.recipient == required.c.recipient))
        .join(periods, ctx.in_force(periods, e.occurred_on))
        .where(e.occurred_on <= as_of)
    )
