"""FOS-SHORT-BREAKS: a series of short breaks within reg 48's limits (CPPCR 2010).

Each stay is judged on two counts: its own length (at most 17 days) and the days of
short breaks in the 12 months ending with its last day (at most 75). The worst
12-month window always ends on the last day of some stay, so judging every stay's
window finds every breach. Days are calendar days counting the first and last day
of a stay; a stay still running is counted to the as-of date.

A stay begun between 24 Apr and 25 Sep 2020 that breaks a limit is 'manual': SI 2020/445
changed short breaks (its reg 21 saves them) in a way that was not read.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, func, literal, select, union_all
from sqlalchemy.orm import aliased

from scrutiny import rule
from scrutiny.db.portable import add_days, add_months, days_between, earliest, greatest
from scrutiny.models.child import child_ref
from scrutiny.plugins.fostering.models import ShortBreak
from scrutiny.plugins.fostering.refs import carer_ref
from scrutiny.rules.context import RuleContext

SHORT_BREAKS = "fostering.short_breaks"


@rule("FOS-SHORT-BREAKS")
def short_breaks(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    periods = ctx.periods()
    last_day = earliest(ShortBreak.ended_on, as_of)
    stays = ctx.stage(
        "stays",
        select(
            ShortBreak.child_id,
            ShortBreak.carer_id,
            ShortBreak.started_on,
            ShortBreak.ended_on,
            last_day.label("last_day"),
            (days_between(ShortBreak.started_on, last_day) + 1).label("days"),
        ).where(ShortBreak.started_on <= as_of),
        ("child_id", "started_on"),
    )
    other = aliased(stays, name="other")
    window_start = add_days(add_months(stays.c.last_day, -12), 1)
    # No stay is longer than the longest, so one reaching into a window began at most
    # that many days before it: this bounds each stay's search to about a year of the
    # child's stays instead of all of them (quadratic in the years of history).
    every_stay = stays.alias("every_stay")
    longest = select(func.max(every_stay.c.days)).correlate(None).scalar_subquery()
    overlap = (
        days_between(
            greatest(other.c.started_on, window_start), earliest(other.c.last_day, stays.c.last_day)
        )
        + 1
    )
    in_year = (
        select(
            stays.c.child_id,
            stays.c.started_on,
            func.sum(overlap).label("days_in_year"),
        )
        .select_from(stays)
        .join(
            other,
            and_(
                other.c.child_id == stays.c.child_id,
                other.c.started_on <= stays.c.last_day,
                other.c.started_on >= add_days(window_start, -longest),
                other.c.last_day >= window_start,
            ),
        )
        .group_by(stays.c.child_id, stays.c.started_on)
        .subquery("days_in_year")
    )
    judged_stays = (
        select(
            stays,
            in_year.c.days_in_year,
            periods.c.max_stay_days,
            periods.c.max_days_in_year,
            periods.c.covid_relaxation,
            periods.c.standard,
            periods.c.instrument,
        )
        .join(
            in_year,
            and_(
                in_year.c.child_id == stays.c.child_id,
                in_year.c.started_on == stays.c.started_on,
            ),
        )
        .join(periods, ctx.in_force(periods, stays.c.started_on))
    )
    # Staged: each stay is judged on two counts below, and its days in the year would
    # otherwise be summed again for each.
    s = ctx.stage("judged_stays", judged_stays)
    known_until = ctx.data_until(SHORT_BREAKS)
    unverified = s.c.covid_relaxation == "unverified"

    def settle(outcome: Any) -> Any:
        return case((and_(outcome == "not-met", unverified), "manual"), else_=outcome)

    longest_end = add_days(s.c.started_on, s.c.max_stay_days - 1)
    length = ctx.timeliness(longest_end, s.c.ended_on, known_until)
    year = case(
        (s.c.days_in_year > s.c.max_days_in_year, "not-met"),
        (s.c.ended_on.is_(None), "not-yet-due"),
        else_="met",
    )

    def judged(requirement: str, due: Any, event: Any, outcome: Any) -> Select[Any]:
        return select(
            literal("child").label("subject_type"),
            child_ref(s.c.child_id).label("subject_ref"),
            due.label("due_date"),
            event.label("event_date"),
            settle(outcome).label("outcome"),
            s.c.standard,
            literal(requirement).label("requirement"),
            carer_ref(s.c.carer_id).label("carer"),
            s.c.started_on.label("stay_started"),
            s.c.ended_on.label("stay_ended"),
            s.c.days.label("stay_days"),
            s.c.days_in_year.label("days_in_12_months"),
            s.c.max_stay_days,
            s.c.max_days_in_year,
            s.c.instrument.label("limit_set_by"),
        )

    return (
        union_all(
            judged("single stay of at most 17 days", longest_end, s.c.ended_on, length),
            judged("at most 75 days in 12 months", s.c.last_day, s.c.ended_on, year),
        )
        .subquery("judged")
        .select()
    )
