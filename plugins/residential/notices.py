"""CH-REG48: notice to HMCI of the manager's absence and return (reg 48) and of the
changes reg 49 lists (Children's Homes (England) Regulations 2015).

For an absence of the person in day-to-day charge lasting 28 days or more (by its end,
or its expected end while it runs, or so far if neither is known):

- **planned**: written notice at least 1 month before it starts. Notice given later
  but before the absence began is ``manual``: reg 48 allows "a shorter period" agreed
  with HMCI, which the data do not show. Notice after the start is not met;
- **emergency or unforeseen**: notice within 1 week (7 days) of the start;
- **return**: notice within 7 days of the return.

For each change reg 49 lists (a new or departing manager or provider): notice "as soon
as reasonably practicable". Notice on or before the change is met; later notice is
``manual`` (a person judges what was practicable); none at all is not met once the
change-notices file speaks for the day of the change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, and_, case, literal, select, union_all

from scrutiny import rule
from scrutiny.db.portable import add_days, add_months, days_between
from scrutiny.plugins.residential.models import ChangeNotice, Home, ManagerAbsence
from scrutiny.rules.context import RuleContext

ABSENCES = "residential.manager_absences"
CHANGES = "residential.change_notices"


@rule("CH-REG48")
def notices_to_hmci(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    periods = ctx.periods()
    a = ManagerAbsence
    length_to = case(
        (a.ended_on.is_not(None), a.ended_on),
        (a.expected_end.is_not(None), a.expected_end),
        else_=as_of,
    )
    length = days_between(a.started_on, length_to)
    notice = ctx.known(a.notice_given_on)
    returned = ctx.known(a.return_notified_on)
    known = ctx.data_until(ABSENCES)

    def absence_rows(requirement: str, due: Any, done: Any, outcome: Any, *where: Any) -> Any:
        return (
            select(
                Home.home_ref.label("subject_ref"),
                due.label("due_date"),
                done.label("event_date"),
                outcome.label("outcome"),
                literal(requirement, String).label("requirement"),
                literal("48", String).label("regulation"),
                a.started_on.label("absence_started"),
                a.ended_on.label("absence_ended"),
                length.label("absence_days"),
                literal(None, String).label("change"),
            )
            .select_from(a)
            .join(Home, Home.id == a.home_id)
            .join(periods, ctx.in_force(periods, a.started_on))
            .where(length >= periods.c.absence_days, *where)
        )

    before_due = add_months(a.started_on, -periods.c.notice_months)
    planned = absence_rows(
        "notice at least 1 month before a planned absence",
        before_due,
        notice,
        case(
            (notice <= before_due, "met"),
            (notice <= a.started_on, "manual"),
            (notice.is_not(None), "not-met"),
            else_=ctx.timeliness(before_due, notice, known),
        ),
        a.planned.is_(True),
    )
    emergency_due = add_days(a.started_on, periods.c.emergency_days)
    emergency = absence_rows(
        "notice within 1 week of an emergency or unforeseen absence",
        emergency_due,
        notice,
        ctx.timeliness(emergency_due, notice, known),
        a.planned.is_(False),
        a.started_on <= as_of,
    )
    return_due = add_days(a.ended_on, periods.c.return_days)
    back = absence_rows(
        "notice of the return within 7 days",
        return_due,
        returned,
        ctx.timeliness(return_due, returned, known),
        a.ended_on <= as_of,
    )

    c = ChangeNotice
    told = ctx.known(c.notified_on)
    change_outcome = case(
        (told <= c.changed_on, "met"),
        (told.is_not(None), "manual"),
        (and_(c.changed_on < as_of, c.changed_on <= ctx.data_until(CHANGES)), "not-met"),
        (c.changed_on < as_of, "data-gap"),
        else_="due-soon",
    )
    changes = (
        select(
            Home.home_ref.label("subject_ref"),
            c.changed_on.label("due_date"),
            told.label("event_date"),
            change_outcome.label("outcome"),
            ("notice of " + c.change + " (reg 49)").label("requirement"),
            literal("49", String).label("regulation"),
            literal(None).label("absence_started"),
            literal(None).label("absence_ended"),
            literal(None).label("absence_days"),
            c.change,
        )
        .select_from(c)
        .join(Home, Home.id == c.home_id)
        .join(periods, ctx.in_force(periods, c.changed_on))
        .where(c.changed_on <= as_of)
    )
    everything = union_all(planned, emergency, back, changes).subquery("reg48_49")
    u = everything.c
    return select(
        literal("home").label("subject_type"),
        u.subject_ref,
        u.due_date,
        u.event_date,
        u.outcome,
        literal(ctx.rule.kind.value).label("standard"),
        u.requirement,
        u.regulation,
        u.absence_started,
        u.absence_ended,
        u.absence_days,
        u.change,
    )
