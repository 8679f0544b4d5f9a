"""LAC-SW-VISITS: social worker visits on time, and in person (CPPCR 2010 reg 28).

Which visiting timetable applies to a placement (its regime) comes from the council's
placement-details file where given, otherwise from SSDA903: placed with parents (P1)
under an interim care order (C1) is ``ico-parent``, under a care order (C2)
``care-order-parent``; anything else ``standard``, long-term if any of the placement was
long-term fostering (U1 or U4). Reg 24 (temporarily approved connected person) and reg
19 (placed with a parent before assessment) can only come from placement details.

Only qualifying visits count towards the timetable: in person; or, between 25 Sep 2020
and 30 Sep 2021, by phone or video with a coronavirus reason recorded (SI 2020/909).
A remote visit in the SI 2020/445 window counts provisionally and is sent to a person
(``manual``), because what that instrument did to reg 28 was not verified.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    not_,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from scrutiny import rule
from scrutiny.db.portable import add_days, add_months
from scrutiny.models.child import child_ref
from scrutiny.plugins.looked_after.care_periods import care_episodes, placements
from scrutiny.plugins.looked_after.models import PlacementDetail, StatutoryVisit
from scrutiny.rules.context import RuleContext
from scrutiny.ssda903.models import Review

EPISODES = "ssda903.episodes"
VISITS = "looked_after.visits"
COVID_REASONS = ("covid-guidance", "covid-not-practicable")
WEEKLY_UNTIL_FIRST_REVIEW = ("reg24-connected", "ico-parent", "reg19-parent")


@rule("LAC-SW-VISITS")
def social_worker_visits(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    episodes = ctx.stage("episodes", care_episodes(ctx.as_of), ("child_id", "placement_no"))
    places = ctx.stage("places", placements(episodes), ("child_id", "placement_no"))
    detail = PlacementDetail
    derived_regime = case(
        (and_(places.c.first_place == "P1", places.c.first_ls == "C1"), "ico-parent"),
        (and_(places.c.first_place == "P1", places.c.first_ls == "C2"), "care-order-parent"),
        else_="standard",
    )
    first_review = (
        select(func.min(Review.review))
        .where(Review.child_id == places.c.child_id)
        .where(Review.review >= places.c.placement_start)
        .where(Review.review <= as_of)
        .scalar_subquery()
    )
    placement_rows = select(
        places.c.child_id,
        places.c.placement_no,
        places.c.placement_start,
        places.c.placement_end,
        func.coalesce(detail.regime, derived_regime).label("regime"),
        case(
            (detail.long_term.is_not(None), detail.long_term),
            else_=places.c.long_term == 1,
        ).label("long_term"),
        case((detail.regime.is_not(None), "placement details"), else_="SSDA903").label(
            "regime_from"
        ),
        first_review.label("first_review"),
    ).outerjoin(
        detail,
        and_(
            detail.child_id == places.c.child_id,
            detail.placement_start == places.c.placement_start,
        ),
    )
    placement = ctx.stage("placement", placement_rows, ("child_id", "placement_no"))

    rules_on_visit_day = ctx.periods()
    visit = StatutoryVisit
    qualifies = _counts(visit, rules_on_visit_day)
    provisional = and_(
        visit.mode != "in-person", rules_on_visit_day.c.remote_visits == "unverified"
    )
    visit_rows = (
        select(
            visit.child_id,
            visit.visit_date,
            visit.mode,
            visit.remote_reason,
            case((qualifies, 1), else_=0).label("qualifies"),
            case((provisional, 1), else_=0).label("provisional"),
        )
        .join(
            rules_on_visit_day,
            and_(
                rules_on_visit_day.c.period_start <= visit.visit_date,
                rules_on_visit_day.c.period_end >= visit.visit_date,
            ),
        )
        .where(visit.visit_date <= as_of)
    )
    judged_visits = ctx.stage("judged_visits", visit_rows, ("child_id", "visit_date"))
    v = judged_visits.c
    per_placement = (placement.c.child_id, placement.c.placement_no)
    held_rows = (
        select(
            placement.c.child_id,
            placement.c.placement_no,
            v.visit_date,
            v.mode,
            v.remote_reason,
            v.provisional,
            func.row_number()
            .over(partition_by=per_placement, order_by=v.visit_date)
            .label("number"),
            func.lag(v.visit_date)
            .over(partition_by=per_placement, order_by=v.visit_date)
            .label("previous"),
        )
        .join(judged_visits, v.child_id == placement.c.child_id)
        .where(v.visit_date >= placement.c.placement_start)
        .where(or_(placement.c.placement_end.is_(None), v.visit_date <= placement.c.placement_end))
        .where(v.qualifies == 1)
    )
    held = ctx.stage("visits_held", held_rows, ("child_id", "placement_no"))
    last = (
        select(
            held.c.child_id,
            held.c.placement_no,
            func.count().label("held"),
            func.max(held.c.visit_date).label("last_visit"),
        )
        .group_by(held.c.child_id, held.c.placement_no)
        .subquery("last_visit")
    )
    pending = (
        select(
            placement.c.child_id,
            placement.c.placement_no,
            null().label("visit_date"),
            null().label("mode"),
            null().label("remote_reason"),
            literal(0).label("provisional"),
            (func.coalesce(last.c.held, 0) + 1).label("number"),
            last.c.last_visit.label("previous"),
        )
        .select_from(placement)
        .outerjoin(
            last,
            and_(
                last.c.child_id == placement.c.child_id,
                last.c.placement_no == placement.c.placement_no,
            ),
        )
    )
    instances = union_all(select(held), pending).subquery("visit_instances")
    p = placement.c
    i = instances.c

    visits_from = ctx.data_from(VISITS)
    pre_data = and_(visits_from.is_not(None), p.placement_start < visits_from)
    unknown_start = and_(pre_data, i.previous.is_(None))
    clock_start = case(
        (i.previous.is_not(None), i.previous),
        (pre_data, visits_from),
        else_=p.placement_start,
    )
    clock = rules_on_visit_day.alias("clock")
    weeks = clock.c.interval_weeks * 7
    weekly_phase = and_(
        p.regime.in_(WEEKLY_UNTIL_FIRST_REVIEW),
        or_(p.first_review.is_(None), clock_start < p.first_review),
    )
    after_first_year = clock_start >= add_months(p.placement_start, 12)
    monthly = and_(p.regime == "standard", p.long_term.is_(True), after_first_year)
    interval_days = case(
        (unknown_start, weeks),
        (i.previous.is_(None), clock.c.first_visit_days),
        (weekly_phase, 7),
        (p.regime.in_(("reg24-connected", "ico-parent")), clock.c.weekly_regime_interval_weeks * 7),
        else_=weeks,
    )
    due = case(
        (
            and_(unknown_start, p.long_term.is_(True)),
            add_months(clock_start, clock.c.long_term_interval_months),
        ),
        (
            and_(monthly, i.previous.is_not(None)),
            add_months(clock_start, clock.c.long_term_interval_months),
        ),
        else_=add_days(clock_start, interval_days),
    )

    def labelled(number: Any, words: str) -> Any:
        """An interval as the finding states it, e.g. "6 weeks", from the period's value."""
        return cast(number, String) + literal(f" {words}")

    interval = case(
        (
            and_(unknown_start, p.long_term.is_(True)),
            labelled(clock.c.long_term_interval_months, "months (earlier visits unknown)"),
        ),
        (unknown_start, labelled(clock.c.interval_weeks, "weeks (earlier visits unknown)")),
        (
            i.previous.is_(None),
            labelled(clock.c.first_visit_days, "days from the start of the placement"),
        ),
        (weekly_phase, "1 week until the first review"),
        (
            and_(monthly, i.previous.is_not(None)),
            labelled(clock.c.long_term_interval_months, "months (long-term, after the first year)"),
        ),
        (
            p.regime.in_(("reg24-connected", "ico-parent")),
            labelled(clock.c.weekly_regime_interval_weeks, "weeks after the first review"),
        ),
        else_=labelled(clock.c.interval_weeks, "weeks"),
    )
    judged_rows = (
        select(
            i.child_id,
            p.placement_start,
            p.placement_end,
            p.regime,
            p.regime_from,
            p.long_term,
            i.previous,
            i.visit_date,
            i.mode,
            i.remote_reason,
            i.provisional,
            unknown_start.label("unknown_start"),
            due.label("due_date"),
            interval.label("interval"),
            clock.c.standard,
        )
        .select_from(instances)
        .join(placement, and_(p.child_id == i.child_id, p.placement_no == i.placement_no))
        .join(clock, and_(clock.c.period_start <= clock_start, clock.c.period_end >= clock_start))
    )
    judged = ctx.stage("visit_due", judged_rows, ("due_date",))
    j = judged.c
    due_rules = rules_on_visit_day.alias("due_rules")
    # Visits that did not count (remote, without a lawful basis that day) between the
    # last counted visit and this one: what a QA officer needs to see to understand why a
    # visit is late although the child was "seen".
    # Looked up in the visits table itself, by its child index: a correlated lookup into
    # the judged-visits CTE has no index on PostgreSQL and grows with the square of visits.
    other = aliased(StatutoryVisit, name="uncounted")
    rules_then = rules_on_visit_day.alias("rules_then")
    uncounted = (
        select(func.count())
        .select_from(other)
        .join(
            rules_then,
            and_(
                rules_then.c.period_start <= other.visit_date,
                rules_then.c.period_end >= other.visit_date,
            ),
        )
        .where(other.child_id == j.child_id)
        .where(not_(_counts(other, rules_then)))
        .where(other.visit_date > func.coalesce(j.previous, j.placement_start))
        .where(other.visit_date < func.coalesce(j.visit_date, j.placement_end, as_of))
        .correlate_except(other, rules_then)
        .scalar_subquery()
    )
    known_until = ctx.data_until(EPISODES, VISITS)
    timeliness = ctx.timeliness(j.due_date, j.visit_date, known_until)
    outcome = case(
        (and_(j.unknown_start, timeliness.in_(("met", "due-soon", "not-yet-due"))), "data-gap"),
        (and_(timeliness == "not-met", due_rules.c.covid_relaxation == "unverified"), "manual"),
        (and_(timeliness == "met", j.provisional == 1), "manual"),
        else_=timeliness,
    )
    required = or_(
        j.visit_date.is_not(None), j.placement_end.is_(None), j.placement_end > j.due_date
    )
    return (
        select(
            literal("child").label("subject_type"),
            child_ref(j.child_id).label("subject_ref"),
            j.due_date,
            j.visit_date.label("event_date"),
            outcome.label("outcome"),
            j.standard,
            j.placement_start,
            j.placement_end,
            j.regime,
            j.regime_from,
            case((j.long_term.is_(True), "yes"), else_="no").label("long_term"),
            j.interval,
            j.previous.label("previous_visit"),
            j.mode.label("visit_mode"),
            j.remote_reason,
            uncounted.label("remote_visits_not_counted"),
            due_rules.c.instrument.label("in_force_on_due_date"),
        )
        .join(
            due_rules,
            and_(due_rules.c.period_start <= j.due_date, due_rules.c.period_end >= j.due_date),
        )
        .where(required)
    )


def _counts(visit: Any, rules: Any) -> ColumnElement[bool]:
    """Whether a visit counts towards the timetable under the rules in force that day:
    in person; remote with a coronavirus reason under SI 2020/909; or (provisionally)
    remote in the SI 2020/445 window."""
    return or_(
        visit.mode == "in-person",
        and_(
            rules.c.remote_visits == "with-covid-reason",
            # never NULL, so that "does not count" is a definite answer too
            func.coalesce(visit.remote_reason, "").in_(COVID_REASONS),
        ),
        rules.c.remote_visits == "unverified",
    )
