"""LAC-PEP: a personal education plan for each looked-after child of compulsory school
age, confirmed by a person (CPPCR 2010 reg 5(b)(ii) and Sch 1 para 2).

The regulations make the PEP part of the care plan but set no timescale, and the one
usually quoted from the statutory guidance was not read: so no figure is judged. Each
child in a current period of care (one still open on the as-of date) who is of
compulsory school age that day gets one ``manual`` finding, due on the day the period
began, showing the latest PEP date from ``peps.csv`` if that file was imported.

Compulsory school age (Education Act 1996 s8, VERIFIED-S): from the prescribed day
(31 December, 31 March or 31 August) on or after the 5th birthday, to the school-leaving
date, the last Friday in June of the school year (1 September to 31 August) in which the
child turns 16. As both ends depend only on the date of birth, the range of dates of
birth of compulsory school age on the as-of date is worked out once, here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, Select, String, case, exists, func, literal, select

from scrutiny import rule
from scrutiny.models.child import Child, child_ref
from scrutiny.models.imports import ImportBatch
from scrutiny.plugins.looked_after.care_periods import care_episodes, periods_of_care
from scrutiny.plugins.looked_after.models import PersonalEducationPlan
from scrutiny.rules.context import RuleContext

PEPS = "looked_after.peps"
PRESCRIBED_DAYS = ((3, 31), (8, 31), (12, 31))  # (month, day)
SCHOOL_YEAR_STARTS = (9, 1)
FRIDAY = 4  # date.weekday()


def school_leaving_date(year: int) -> dt.date:
    """The last Friday in June of ``year``."""
    last = dt.date(year, 6, 30)
    return last - dt.timedelta(days=(last.weekday() - FRIDAY) % 7)


def compulsory_school_age_births(day: dt.date) -> tuple[dt.date, dt.date]:
    """The earliest and latest dates of birth of a child of compulsory school age on
    ``day`` (both included)."""
    prescribed = max(
        dt.date(year, month, dom)
        for year in (day.year - 1, day.year)
        for month, dom in PRESCRIBED_DAYS
        if dt.date(year, month, dom) <= day
    )
    # Of compulsory school age from the prescribed day on or after the 5th birthday: so
    # born no later than five years before the latest prescribed day so far.
    latest = prescribed.replace(year=prescribed.year - 5)
    # Still of compulsory school age until the leaving date of the school year in which
    # they turn 16: so turning 16 no earlier than the start of the school year whose
    # leaving date is the next (or today's).
    leaving_year = day.year if day <= school_leaving_date(day.year) else day.year + 1
    earliest = dt.date(leaving_year - 17, *SCHOOL_YEAR_STARTS)
    return earliest, latest


@rule("LAC-PEP")
def personal_education_plans(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    earliest, latest = compulsory_school_age_births(ctx.as_of)
    episodes = ctx.stage("episodes", care_episodes(ctx.as_of), ("child_id", "period_no"))
    periods = ctx.stage("periods", periods_of_care(episodes), ("child_id", "period_no"))
    p = periods.c
    pep = PersonalEducationPlan
    rules = ctx.periods()

    def latest_pep(*conditions: Any) -> Any:
        return (
            select(func.max(pep.pep_date))
            .where(pep.child_id == p.child_id, pep.pep_date <= as_of, *conditions)
            .scalar_subquery()
        )

    peps_imported = exists().where(ImportBatch.kind == PEPS)
    age_range = (
        f"born {earliest:%d/%m/%Y} to {latest:%d/%m/%Y}"
        f" (compulsory school age on {ctx.as_of:%d/%m/%Y})"
    )
    return (
        select(
            literal("child").label("subject_type"),
            child_ref(p.child_id).label("subject_ref"),
            p.period_start.label("due_date"),
            latest_pep(pep.pep_date >= p.period_start).label("event_date"),
            literal("manual").label("outcome"),
            rules.c.standard,
            p.period_start.label("looked_after_from"),
            latest_pep().label("latest_pep"),
            case((peps_imported, "imported"), else_="not imported").label("peps_file"),
            literal(age_range, String).label("school_age"),
            rules.c.instrument.label("in_force"),
        )
        .join(Child, Child.id == p.child_id)
        .join(rules, ctx.in_force(rules, as_of))
        .where(p.period_end.is_(None))
        .where(Child.dob.between(literal(earliest, Date), literal(latest, Date)))
    )
