"""CL-ELIGIBLE: the children the episodes show to be eligible are the ones the council
records as care leavers (CPPCR 2010 reg 40; Children Act 1989 s19B, Sch 2 para 19B).

An eligible child has been looked after for a period or periods totalling 13 weeks
(91 days) which began after the 14th birthday and ended after the 16th. It is computed
here in SQL from the SSDA903 episodes, short breaks (legal status V3/V4) excluded:

- days looked after are counted as nights: DEC − DECOM (an episode still open on the
  as-of date counts to that date), and only days from the 14th birthday and before the
  18th count;
- the child becomes eligible on the first day, on or after the 16th birthday and
  before the 18th, on which the count has reached 91 and the child is looked after
  (the day an episode ends counts as a day looked after: a child whose care ends on
  the 16th birthday, with 13 weeks behind them, has a period that ended after reaching
  16).

Each young person either shown eligible by the episodes or recorded in
``young_people.csv`` is one item (``track``: the pack lists them all):

- shown eligible and recorded as eligible, relevant or former relevant: met;
- shown eligible but not recorded, or recorded only as "qualifying": not met (the
  council may not know it owes the leaving-care duties);
- recorded as eligible, relevant or former relevant but not shown eligible: a data gap
  where the episodes do not reach back to the 14th birthday (no episodes imported, or
  the data start later), otherwise manual (a person checks the record);
- recorded as qualifying and not shown eligible: met (consistent).

Only young people under 25 on the as-of date are judged. Each item carries what the
pack shows of the young person: age band, status, adviser, last contact, OC3 answer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Select,
    Table,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union,
)

from scrutiny import rule
from scrutiny.db.portable import add_days, days_between, greatest, least
from scrutiny.models.child import Child, birthday, child_ref
from scrutiny.plugins.care_leavers.models import (
    CARE_LEAVER_STATUSES,
    AdviserAllocation,
    Contact,
    YoungPerson,
)
from scrutiny.plugins.care_leavers.people import dob_of
from scrutiny.plugins.looked_after.care_periods import care_episodes
from scrutiny.rules.context import RuleContext, SQLColumn
from scrutiny.ssda903.models import OC3

EPISODES = "ssda903.episodes"
YOUNG_PEOPLE = "care_leavers.young_people"
DAYS_IN_WEEK = 7


def single_param(ctx: RuleContext, name: str) -> int:
    """A parameter every period of the rule sets to the same whole number."""
    values = {p.params[name] for p in ctx.rule.periods}
    if len(values) != 1:
        raise ValueError(f"{ctx.rule.id}.{name} differs between periods")
    value = values.pop()
    assert isinstance(value, int)
    return value


def eligible_children(ctx: RuleContext, *, weeks: int, from_age: int, to_age: int) -> Table:
    """One row per child the episodes show to be eligible: ``child_id``,
    ``eligible_from`` (staged: several rules join it)."""
    as_of = ctx.as_of_value
    episodes = ctx.stage("episodes", care_episodes(ctx.as_of), ("child_id",))
    dob = Child.dob
    start = greatest(episodes.c.decom, birthday(dob, from_age))
    end = least(func.coalesce(episodes.c.dec, as_of), birthday(dob, 18))
    clipped = (
        select(
            episodes.c.child_id,
            start.label("start"),
            end.label("finish"),
            birthday(dob, to_age).label("from_day"),
            birthday(dob, 18).label("adult"),
            days_between(start, end).label("days"),
        )
        .join(Child, Child.id == episodes.c.child_id)
        .where(dob.is_not(None), start < end)
        .subquery("clipped_episodes")
    )
    counted = select(
        clipped,
        func.sum(clipped.c.days)
        .over(partition_by=clipped.c.child_id, order_by=clipped.c.start, rows=(None, 0))
        .label("total"),
    ).subquery("counted_episodes")
    needed = weeks * DAYS_IN_WEEK
    before = counted.c.total - counted.c.days
    reached = case(
        (before >= needed, counted.c.start),
        else_=add_days(counted.c.start, needed - before),
    )
    candidate = greatest(reached, counted.c.from_day)
    # The candidate day must fall in the same episode, while the child is under 18.
    query = (
        select(counted.c.child_id, func.min(candidate).label("eligible_from"))
        .where(
            counted.c.total >= needed,
            candidate <= counted.c.finish,
            candidate < counted.c.adult,
        )
        .group_by(counted.c.child_id)
    )
    return ctx.stage("eligible", query, ("child_id",))


def current_adviser(child_id: SQLColumn, as_of: Any) -> Any:
    a = AdviserAllocation
    return (
        select(a.adviser_ref)
        .where(
            a.child_id == child_id,
            a.allocated_on <= as_of,
            or_(a.ended_on.is_(None), a.ended_on >= as_of),
        )
        .order_by(a.allocated_on.desc())
        .limit(1)
        .correlate_except(a)
        .scalar_subquery()
    )


def last_contact(child_id: SQLColumn, as_of: Any, column: Any) -> Any:
    """``column`` of the young person's latest contact on or before ``as_of``."""
    return (
        select(column)
        .where(Contact.child_id == child_id, Contact.contact_date <= as_of)
        .order_by(Contact.contact_date.desc(), Contact.kind)
        .limit(1)
        .correlate_except(Contact)
        .scalar_subquery()
    )


def latest_oc3(child_id: SQLColumn, column: Any) -> Any:
    """``column`` of the young person's latest OC3 record (one per collection year)."""
    return (
        select(column)
        .where(OC3.child_id == child_id)
        .order_by(OC3.collection_year.desc())
        .limit(1)
        .correlate_except(OC3)
        .scalar_subquery()
    )


def age_band(dob: Any, as_of: Any) -> Any:
    return case(
        (as_of < birthday(dob, 16), "under 16"),
        (as_of < birthday(dob, 18), "16-17"),
        (as_of < birthday(dob, 21), "18-20"),
        else_="21-24",
    )


@rule("CL-ELIGIBLE")
def eligible_recorded(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    weeks = single_param(ctx, "qualifying_weeks")
    from_age = single_param(ctx, "counted_from_age")
    to_age = single_param(ctx, "ending_after_age")
    shown = eligible_children(ctx, weeks=weeks, from_age=from_age, to_age=to_age)
    subjects = union(
        select(shown.c.child_id), select(YoungPerson.child_id.label("child_id"))
    ).subquery("care_leaver_subjects")
    yp = YoungPerson
    dob = dob_of(subjects.c.child_id)
    recorded = yp.status.in_(CARE_LEAVER_STATUSES)
    is_shown = shown.c.eligible_from.is_not(None)
    episodes_from = ctx.data_from(EPISODES)
    due = case(
        (is_shown, shown.c.eligible_from),
        (recorded, func.coalesce(yp.eligible_from, birthday(dob, to_age))),
        else_=birthday(dob, to_age),
    )
    outcome = case(
        (and_(is_shown, recorded), "met"),
        (is_shown, "not-met"),
        (yp.status == "qualifying", "met"),
        (
            or_(episodes_from.is_(None), episodes_from > birthday(dob, from_age)),
            "data-gap",
        ),
        else_="manual",
    )
    finding = case(
        (and_(is_shown, recorded), "recorded as the episodes show"),
        (and_(is_shown, yp.status == "qualifying"), "eligible, but recorded as qualifying"),
        (is_shown, "eligible, but not recorded as a care leaver"),
        (yp.status == "qualifying", "qualifying, as recorded"),
        else_="recorded as a care leaver; the episodes do not show 13 weeks from 14",
    )
    periods = ctx.periods()
    judged = (
        select(
            subjects.c.child_id,
            due.label("due_date"),
            outcome.label("outcome"),
            finding.label("finding"),
            dob.label("dob"),
            yp.status.label("recorded_status"),
            yp.eligible_from.label("recorded_eligible_from"),
            shown.c.eligible_from.label("eligible_from_episodes"),
            yp.duties_ended,
        )
        .select_from(subjects)
        .outerjoin(shown, shown.c.child_id == subjects.c.child_id)
        .outerjoin(yp, yp.child_id == subjects.c.child_id)
        .subquery("eligibility_judged")
    )
    j = judged.c
    return (
        select(
            literal("child").label("subject_type"),
            child_ref(j.child_id).label("subject_ref"),
            j.due_date,
            j.recorded_eligible_from.label("event_date"),
            j.outcome,
            periods.c.standard,
            j.finding.label("judged"),
            j.dob,
            age_band(j.dob, as_of).label("age_band"),
            func.coalesce(j.recorded_status, "not recorded").label("recorded_status"),
            j.eligible_from_episodes,
            j.duties_ended,
            current_adviser(j.child_id, as_of).label("adviser"),
            last_contact(j.child_id, as_of, Contact.contact_date).label("last_contact"),
            last_contact(j.child_id, as_of, Contact.kind).label("last_contact_kind"),
            latest_oc3(j.child_id, OC3.in_touch).label("oc3_in_touch"),
            latest_oc3(j.child_id, OC3.collection_year).label("oc3_year"),
            periods.c.instrument,
        )
        .select_from(judged)
        .join(periods, ctx.in_force(periods, j.due_date))
        .where(j.dob.is_not(None), as_of < birthday(j.dob, 25), j.due_date <= as_of)
    )
