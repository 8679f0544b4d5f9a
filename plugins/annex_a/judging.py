"""What every Annex A rule shares: the workbook's reach, and the outcome of a
"next one due after the latest" requirement.

Annex A holds no later date than the latest, so no date in it can meet the next
requirement: the outcome is overdue once the due date has passed (within the days the
workbook speaks for), due soon, or not yet due. A latest date after the as-of date
means the workbook was extracted after the day being judged and cannot say what held
on it, so the row is a data gap; so is a row missing the dates needed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Select, String, and_, case, cast, func, literal, null, or_, select
from sqlalchemy.sql.elements import ColumnElement

from scrutiny.plugins.annex_a.importer import kind_of
from scrutiny.rules.context import RuleContext

NOTE = "Annex A holds only the latest date; the next one due is judged from it"


def workbook_until(ctx: RuleContext, number: int) -> ColumnElement[Any]:
    """The last day the imported list speaks for (its workbook's latest date)."""
    return ctx.data_until(kind_of(number))


def next_due_outcome(ctx: RuleContext, number: int, due: Any, *latest: Any) -> ColumnElement[str]:
    """The outcome for a requirement due on ``due`` that no date in the list meets."""
    return case(
        (due.is_(None), "data-gap"),
        (or_(*(d > ctx.as_of_value for d in latest)), "data-gap"),
        else_=ctx.timeliness(due, null(), known_until=workbook_until(ctx, number)),
    )


def gap_day(ctx: RuleContext, number: int) -> ColumnElement[Any]:
    """The day a data gap is recorded against (a finding needs a due date): the list's
    last day, stable between runs on the same workbook, or the as-of date if earlier."""
    until = workbook_until(ctx, number)
    return case((until < ctx.as_of_value, until), else_=ctx.as_of_value)


Branch = tuple[Any, Any, str]
"""When (a condition), the next due date then, and that basis in words."""


def due_and_basis(*branches: Branch, otherwise: tuple[Any, str]) -> tuple[Any, Any]:
    """The ``due`` and ``basis`` columns of a next-due rule, from one list of branches,
    so the date and the words that explain it can never take different branches."""
    due = case(*((when, day) for when, day, _ in branches), else_=otherwise[0])
    basis = case(*((when, words) for when, _, words in branches), else_=otherwise[1])
    return due.label("due"), basis.label("basis")


def param(ctx: RuleContext, name: str) -> Any:
    """A parameter as the latest period sets it, or as the council's local policy does.

    Annex A rules judge the next date due, which is today's requirement: the latest
    period is the one that sets it (earlier periods only decide the standard shown)."""
    if name in ctx.local_policy:
        return ctx.local_policy[name]
    return ctx.rule.periods[-1].params[name]


def next_due_findings(
    ctx: RuleContext,
    number: int,
    rows: Any,
    *,
    latest: Any,
    evidence: dict[str, Any],
    outcome: Any = None,
    event: Any = None,
    subject_type: str = "child",
    subject_ref: Any = None,
    due: Any = None,
) -> Select[Any]:
    """The rule's select over ``rows`` (a subquery with ``row_number``): due date,
    outcome (by :func:`next_due_outcome` unless given), the standard of the period in
    force on the due date, and the evidence columns. ``latest`` is kept as evidence,
    not as the event: the latest date is the one before the requirement judged, never
    the one that met it (``event``, where the list has it: a stage's end).

    A period with ``covid_relaxation = "unverified"`` turns an overdue requirement into
    ``manual``: a person confirms what the coronavirus instrument allowed.

    The subject is ``rows``' ``child_ref`` and the due date its ``due`` unless given."""
    subject_ref = rows.c.child_ref if subject_ref is None else subject_ref
    due = rows.c.due if due is None else due
    periods = ctx.periods()
    judged = outcome if outcome is not None else next_due_outcome(ctx, number, due, latest)
    if "covid_relaxation" in periods.c:
        relaxed = and_(periods.c.covid_relaxation == "unverified", judged == "not-met")
        judged = case((relaxed, "manual"), else_=judged)
    return (
        select(
            literal(subject_type, String).label("subject_type"),
            subject_ref.label("subject_ref"),
            case((due.is_(None), gap_day(ctx, number)), else_=due).label("due_date"),
            (event if event is not None else cast(null(), Date)).label("event_date"),
            judged.label("outcome"),
            func.coalesce(periods.c.standard, ctx.rule.kind.value).label("standard"),
            latest.label("latest_in_annex_a"),
            *(value.label(name) for name, value in evidence.items()),
            rows.c.row_number.label("annex_a_row"),
            literal(NOTE, String).label("note"),
        )
        .select_from(rows)
        .outerjoin(periods, ctx.in_force(periods, due))
    )
