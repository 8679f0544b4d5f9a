"""CH-REG44: an independent person visits each children's home every calendar month
(Children's Homes (England) Regulations 2015 reg 44).

One requirement per home and calendar month, due on the month's last day, for every
month the home was registered from its first day to its last (the months it opened and
closed in are not judged), from the month of the first imported visit to the as-of
month:

- met by a visit in the month by an independent person, in person; a virtual visit
  counts only on a day SI 2020/445 reg 11 was in force (24 Apr to 25 Sep 2020);
- a month with no counting visit is met when it lies wholly inside that window and the
  council recorded its reasonable endeavours for it (``reg44_endeavours.csv``); April
  and September 2020 lie partly outside it, so for them the record makes the month
  ``manual`` (a person judges whether the days outside the window allowed a visit);
- otherwise the shared timeliness logic: not met once the month is over and the
  visits file speaks for its last day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import Date, Select, and_, case, exists, func, literal, or_, select, union_all

from scrutiny import rule
from scrutiny.plugins.residential.models import Home, IndependentVisit, VisitEndeavour
from scrutiny.rules.context import RuleContext

VISITS = "residential.reg44_visits"
FIRST_MONTH = dt.date(2015, 4, 1)  # the Children's Homes (England) Regulations 2015


def calendar_months(first: dt.date, last: dt.date) -> Any:
    """Every calendar month from ``first``'s to ``last``'s, as rows of its first and
    last day (a fixed calendar, not the caseload)."""
    months = []
    start = first.replace(day=1)
    while start <= last:
        end = start + relativedelta(months=1) - dt.timedelta(days=1)
        months.append(
            select(literal(start, Date).label("month_start"), literal(end, Date).label("month_end"))
        )
        start += relativedelta(months=1)
    return union_all(*months).subquery("calendar_months")


@rule("CH-REG44")
def monthly_independent_visits(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    months = calendar_months(FIRST_MONTH, ctx.as_of)
    periods = ctx.periods()
    on_start = periods.alias("on_month_start")
    on_end = periods.alias("on_month_end")
    on_visit = periods.alias("on_visit_day")
    v = IndependentVisit
    in_month = and_(
        v.home_id == Home.id,
        v.visited_on >= months.c.month_start,
        v.visited_on <= months.c.month_end,
        v.visited_on <= as_of,
    )
    counts = and_(
        v.independent.is_(True),
        or_(v.mode == "in-person", on_visit.c.virtual_counts.is_(True)),
    )
    first_counting = (
        select(func.min(v.visited_on))
        .join(on_visit, ctx.in_force(on_visit, v.visited_on))
        .where(in_month, counts)
        .correlate(Home, months)
        .scalar_subquery()
    )
    not_counted = (
        select(func.count(v.id))
        .outerjoin(on_visit, ctx.in_force(on_visit, v.visited_on))
        .where(in_month, ~counts)
        .correlate(Home, months)
        .scalar_subquery()
    )
    report = (
        select(func.min(v.report_to_ofsted_on))
        .join(on_visit, ctx.in_force(on_visit, v.visited_on))
        .where(in_month, counts)
        .correlate(Home, months)
        .scalar_subquery()
    )
    noted = exists().where(
        VisitEndeavour.home_id == Home.id, VisitEndeavour.month_start == months.c.month_start
    )
    inside = and_(
        on_start.c.reasonable_endeavours.is_(True), on_end.c.reasonable_endeavours.is_(True)
    )
    partly = or_(
        on_start.c.reasonable_endeavours.is_(True), on_end.c.reasonable_endeavours.is_(True)
    )
    # A home whose registration day is not known is judged from the start of the data.
    registered = func.coalesce(Home.registered_on, literal(FIRST_MONTH, Date))
    judged = (
        select(
            Home.home_ref,
            months.c.month_start,
            months.c.month_end,
            first_counting.label("visit"),
            not_counted.label("visits_not_counted"),
            report.label("report_to_ofsted"),
            noted.label("endeavours_recorded"),
            inside.label("inside_window"),
            partly.label("partly_in_window"),
            on_end.c.instrument,
        )
        .select_from(Home)
        .join(months, registered <= months.c.month_start)
        .join(on_start, ctx.in_force(on_start, months.c.month_start))
        .join(on_end, ctx.in_force(on_end, months.c.month_end))
        .where(or_(Home.ceased_on.is_(None), Home.ceased_on >= months.c.month_end))
        .where(months.c.month_end >= ctx.data_from(VISITS))
        .subquery("reg44_months")
    )
    j = judged.c
    timeliness = ctx.timeliness(j.month_end, j.visit, ctx.data_until(VISITS))
    missed = and_(timeliness == "not-met", j.visit.is_(None), j.endeavours_recorded.is_(True))
    outcome = case(
        (and_(missed, j.inside_window.is_(True)), "met"),
        (and_(missed, j.partly_in_window.is_(True)), "manual"),
        else_=timeliness,
    )
    return select(
        literal("home").label("subject_type"),
        j.home_ref.label("subject_ref"),
        j.month_end.label("due_date"),
        j.visit.label("event_date"),
        outcome.label("outcome"),
        literal(ctx.rule.kind.value).label("standard"),
        j.month_start.label("month"),
        j.visits_not_counted,
        j.report_to_ofsted,
        case((j.endeavours_recorded.is_(True), "yes"), else_="no").label("endeavours_recorded"),
        j.instrument.label("in_force_on_due_date"),
    )
