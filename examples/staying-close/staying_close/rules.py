"""SC-STAYING-CLOSE: a former relevant child under 25 is assessed for staying close
support and, where it is found required, given it (Children Act 1989 s23CZAA(1)-(3),
inserted by the Children's Wellbeing and Schools Act 2026 s7; prospective).

The duty arises on the later of the commencement of s23CZAA (the start of the rule's
first period, in rules.toml) and the day the young person became a former relevant
child, if they are then under 25. Before commencement the query returns no row: the
rule is silent. Each young person is judged on up to two counts:

- **assessment** (s23CZAA(2)): met by an assessment on or after the day the duty arose.
  One recorded only before it (a council assessing ahead of commencement) is manual: a
  person decides whether it stands as the statutory assessment.
- **support** (s23CZAA(3)), only where the assessment found it required: met by support
  running on the day of the decision or begun after it.

The Act sets no number of days. Scrutiny does not invent one: a count not yet done is
**manual** unless the council sets its own ``assess_within_days`` or
``provide_within_days`` as local policy, when ``ctx.timeliness`` judges it (met, not
met, due soon, or a data gap where the file does not reach the due date). A count not
done whose due date falls on or after the 25th birthday owes nothing more: the duty
ended first.
"""

from __future__ import annotations

from typing import Any

from scrutiny import rule
from scrutiny.db.portable import add_days, greatest
from scrutiny.models.child import birthday, child_ref
from scrutiny.rules.context import RuleContext
from sqlalchemy import Date, Select, String, and_, case, literal, or_, select, union_all

from staying_close.models import CASES, StayingCloseCase


@rule("SC-STAYING-CLOSE")
def staying_close(ctx: RuleContext) -> Select[Any]:
    commencement = literal(ctx.rule.periods[0].start, Date)
    c = StayingCloseCase
    arises = greatest(c.former_relevant_from, commencement)
    cases = (
        select(
            c.child_id,
            c.former_relevant_from,
            ctx.known(c.assessed_on).label("assessed_on"),
            c.support_required,
            ctx.known(c.support_from).label("support_from"),
            arises.label("duty_arose"),
            birthday(c.dob, 25).label("twenty_five"),
        )
        .where(arises <= ctx.as_of_value, arises < birthday(c.dob, 25))
        .subquery("staying_close_duties")
    )
    q = cases.c
    periods = ctx.periods()
    known_until = ctx.data_until(CASES)

    def count(requirement: str, start: Any, done: Any, early: Any, days: Any) -> Select[Any]:
        days_set = days > 0
        due = case((days_set, add_days(start, days)), else_=start)
        outcome = case(
            (early, "manual"),
            (and_(done.is_not(None), ~days_set), "met"),
            (~days_set, "manual"),
            else_=ctx.timeliness(due, done, known_until),
        )
        standard = case((days_set, periods.c.standard), else_=literal(ctx.rule.kind.value, String))
        return (
            select(
                literal("child").label("subject_type"),
                child_ref(q.child_id).label("subject_ref"),
                due.label("due_date"),
                done.label("event_date"),
                outcome.label("outcome"),
                standard.label("standard"),
                literal(requirement).label("requirement"),
                q.duty_arose,
                q.former_relevant_from,
                q.assessed_on,
                q.support_required,
                case((days_set, days)).label("days_allowed"),
                periods.c.instrument,
            )
            .select_from(cases)
            .join(periods, ctx.in_force(periods, q.duty_arose))
            .where(or_(done.is_not(None), early, due < q.twenty_five))
        )

    assessed_in_time = case((q.assessed_on >= q.duty_arose, q.assessed_on))
    assessed_early = q.assessed_on < q.duty_arose
    decided = greatest(q.assessed_on, q.duty_arose)
    supported = case((q.support_from < decided, decided), else_=q.support_from)
    support = count(
        "support", decided, supported, literal(False), periods.c.provide_within_days
    ).where(q.support_required.is_(True), q.assessed_on.is_not(None))
    return (
        union_all(
            count(
                "assessment",
                q.duty_arose,
                assessed_in_time,
                assessed_early,
                periods.c.assess_within_days,
            ),
            support,
        )
        .subquery("staying_close_counts")
        .select()
    )
