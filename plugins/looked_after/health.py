"""LAC-HEALTH: health assessments of looked-after children (CPPCR 2010 reg 7, VERIFIED-S).

Three kinds of finding, each naming the source it was judged from (``judged_from``):

- **initial** (health assessments file): for each period of care, an initial
  assessment by a doctor, due on the day of the first review if it has been held, else
  20 working days after the child became looked after (when the first review is due,
  reg 33(1)). A doctor's assessment of any kind in the 3 months before the period began
  meets it instead. An initial assessment by a nurse, midwife or anyone else does not.
- **review** (health assessments file): each later assessment by a doctor, nurse or
  midwife, due 6 months after the one before if that day is before the child's 5th
  birthday, otherwise 12 months after it. Assessments before the file's first day are
  unknown: for a period that began earlier, the file's first day is taken as if an
  assessment were held then; a later one within the interval cannot be judged (a data
  gap), one beyond it is certainly late (as LAC-REVIEW does with reviews).
- **annual** (SSDA903 OC2): where no health assessments file speaks for 31 March of an
  OC2 year, the child's OC2 row for that year is judged instead: met if
  HEALTH_ASSESSMENT ("had their annual health assessment") is 1, not met if 0, a data
  gap if blank. For a child under 5 on 31 March a 1 is ``manual``: an annual assessment
  cannot show the 6-monthly ones. (OC2's HEALTH_CHECK is the under-5s' health
  surveillance checks, not this assessment.)

Short breaks (V3/V4) are left out: reg 48(3)(b) disapplies reg 7 for them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Date,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    not_,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from scrutiny import rule
from scrutiny.db.portable import add_months, greatest
from scrutiny.models.child import Child, birthday, child_ref
from scrutiny.plugins.looked_after.care_periods import (
    SHORT_BREAK_STATUSES,
    care_episodes,
    periods_of_care,
)
from scrutiny.plugins.looked_after.coverage import file_timeliness, started_in_data
from scrutiny.plugins.looked_after.models import HealthAssessment
from scrutiny.rules.chains import event_chain
from scrutiny.rules.context import RuleContext
from scrutiny.ssda903.codesets import code_sets
from scrutiny.ssda903.models import OC2, Episode, Review

HEALTH = "looked_after.health"
FROM_FILE = "health assessments file"
FROM_OC2 = "SSDA903 OC2 HEALTH_ASSESSMENT"
DOCTOR = "doctor"
REVIEWERS = ("doctor", "nurse", "midwife")  # who may carry out a review assessment
AGE_OF_SWITCH = 5
INITIAL = "initial health assessment by a doctor"  # the counts judged (``requirement``)
REVIEW = "review health assessment"
ANNUAL = "annual health assessment (SSDA903 OC2)"
NOT_JUDGED_YET = ("met", "due-soon", "not-yet-due")


@rule("LAC-HEALTH")
def health_assessments(ctx: RuleContext) -> Select[Any]:
    facts = _period_facts(ctx)
    return select(
        union_all(_initial(ctx, facts), _reviews(ctx, facts), _annual_from_oc2(ctx)).subquery(
            "health_findings"
        )
    )


def _period_facts(ctx: RuleContext) -> Any:
    """One row per period of care: its first review, the child's date of birth, the
    doctor's assessment in the 3 months before it (if any), its first initial
    assessment (by anyone) and the first by a doctor."""
    as_of = ctx.as_of_value
    episodes = ctx.stage("episodes", care_episodes(ctx.as_of), ("child_id", "period_no"))
    periods = ctx.stage("periods", periods_of_care(episodes), ("child_id", "period_no"))
    p = periods.c
    rules = ctx.periods()
    first_day = literal(ctx.rule.periods[0].start, Date)
    h = HealthAssessment
    in_period = and_(
        h.child_id == p.child_id,
        h.assessed_on >= p.period_start,
        h.assessed_on <= as_of,
        or_(p.period_end.is_(None), h.assessed_on <= p.period_end),
    )
    first_review = (
        select(func.min(Review.review))
        .where(
            Review.child_id == p.child_id,
            Review.review >= p.period_start,
            Review.review <= as_of,
            or_(p.period_end.is_(None), Review.review <= p.period_end),
        )
        .scalar_subquery()
    )
    before = (
        select(func.max(h.assessed_on))
        .where(
            h.child_id == p.child_id,
            h.practitioner == DOCTOR,
            h.assessed_on < p.period_start,
            h.assessed_on >= add_months(p.period_start, -rules.c.prior_assessment_months),
        )
        .scalar_subquery()
    )
    by_doctor = (
        select(func.min(h.assessed_on))
        .where(in_period, h.kind == "initial", h.practitioner == DOCTOR)
        .scalar_subquery()
    )
    first_initial_by = (
        select(h.practitioner)
        .where(in_period, h.kind == "initial")
        .order_by(h.assessed_on)
        .limit(1)
        .scalar_subquery()
    )
    rows = (
        select(
            p.child_id,
            p.period_no,
            p.period_start,
            p.period_end,
            Child.dob,
            first_review.label("first_review"),
            before.label("prior_assessment"),
            by_doctor.label("initial_by_doctor"),
            first_initial_by.label("first_initial_by"),
            rules.c.first_review_working_days,
            rules.c.under_five_months,
            rules.c.from_five_months,
            rules.c.standard,
            rules.c.instrument,
        )
        .join(Child, Child.id == p.child_id)
        # A period begun before reg 7 was in force still owes reviews from then on.
        .join(rules, ctx.in_force(rules, greatest(p.period_start, first_day)))
    )
    return ctx.stage("facts", rows, ("child_id", "period_start"))


def _columns(
    *,
    child_id: Any,
    due: Any,
    event: Any,
    outcome: Any,
    standard: Any,
    requirement: str,
    judged_from: str,
    looked_after_from: Any = None,
    practitioner: Any = None,
    previous: Any = None,
    interval: Any = None,
    first_review: Any = None,
    collection_year: Any = None,
    oc2_value: Any = None,
    earlier_unknown: Any = None,
    instrument: Any = None,
) -> list[ColumnElement[Any]]:
    """The same columns, in the same order and of the same types, for every kind of
    finding, so that the three can be one UNION."""

    def text(value: Any) -> Any:
        return cast(null(), String) if value is None else value

    def day(value: Any) -> Any:
        return cast(null(), Date) if value is None else value

    return [
        literal("child", String).label("subject_type"),
        child_ref(child_id).label("subject_ref"),
        due.label("due_date"),
        day(event).label("event_date"),
        outcome.label("outcome"),
        standard.label("standard"),
        literal(requirement, String).label("requirement"),
        literal(judged_from, String).label("judged_from"),
        day(looked_after_from).label("looked_after_from"),
        text(practitioner).label("practitioner"),
        day(previous).label("previous_assessment"),
        text(interval).label("interval"),
        day(first_review).label("first_review"),
        text(collection_year).label("collection_year"),
        text(oc2_value).label("oc2_health_assessment"),
        text(earlier_unknown).label("earlier_assessments_unknown"),
        text(instrument).label("in_force"),
    ]


def _initial(ctx: RuleContext, facts: Any) -> Select[Any]:
    f = facts.c
    due = case(
        (f.first_review.is_not(None), f.first_review),
        else_=ctx.add_working_days(f.period_start, f.first_review_working_days),
    )
    due_rows = (
        select(*f, due.label("due_date"))
        .where(started_in_data(ctx, f.period_start))
        .where(f.period_start >= literal(ctx.rule.periods[0].start, Date))
        .subquery("initial_due")
    )
    d = due_rows.c
    # A doctor's assessment in the 3 months before the period meets the duty instead.
    event = case((d.prior_assessment.is_not(None), d.prior_assessment), else_=d.initial_by_doctor)
    required = or_(event.is_not(None), d.period_end.is_(None), d.period_end > d.due_date)
    interval = case(
        (d.prior_assessment.is_not(None), "doctor's assessment in the 3 months before"),
        (d.first_review.is_not(None), "by the first review"),
        else_=cast(d.first_review_working_days, String)
        + literal(" working days (first review not yet held)", String),
    )
    return (
        select(
            *_columns(
                child_id=d.child_id,
                due=d.due_date,
                event=event,
                outcome=file_timeliness(ctx, d.due_date, event, HEALTH),
                standard=d.standard,
                requirement=INITIAL,
                judged_from=FROM_FILE,
                looked_after_from=d.period_start,
                # who did the assessment judged; without one by a doctor, who did the
                # first initial assessment (a nurse's does not meet the duty)
                practitioner=case((event.is_not(None), DOCTOR), else_=d.first_initial_by),
                previous=d.prior_assessment,
                interval=interval,
                first_review=d.first_review,
                instrument=d.instrument,
            )
        )
        .where(required)
        .where(d.due_date.is_not(None))
    )


def _reviews(ctx: RuleContext, facts: Any) -> Select[Any]:
    as_of = ctx.as_of_value
    h = HealthAssessment
    assessments = (
        select(h.child_id, h.assessed_on, h.practitioner)
        .where(h.practitioner.in_(REVIEWERS))
        .subquery("review_assessments")
    )
    chain = event_chain(
        facts,
        ("child_id",),
        "period_start",
        "period_end",
        assessments,
        ("child_id",),
        "assessed_on",
        as_of,
        on_start_day=True,
        carry=("practitioner",),
        event_label="assessment",
        name="health_chain",
        ctx=ctx,
    )
    f = facts.c
    c = chain.c
    # The first assessment of a period is the initial one, judged above, unless a
    # doctor assessed the child shortly before: then the clock runs from that.
    previous = case(
        (c.previous.is_not(None), c.previous),
        (c.number == 1, f.prior_assessment),
        else_=null(),
    )
    health_from = ctx.data_from(HEALTH)
    pre_data = and_(health_from.is_not(None), previous.is_(None), f.period_start < health_from)
    clock_start = case((previous.is_not(None), previous), (pre_data, health_from), else_=null())
    links = ctx.stage(
        "links",
        select(
            c.child_id,
            c.period_start,
            c.period_end,
            c.assessment,
            c.practitioner,
            f.dob,
            clock_start.label("clock_start"),
            case((pre_data, 1), else_=0).label("pre_data"),
        )
        .select_from(chain)
        .join(facts, and_(f.child_id == c.child_id, f.period_start == c.period_start))
        .where(clock_start.is_not(None)),
        ("child_id", "period_start"),
    )
    k = links.c
    clock = ctx.periods()
    fifth = birthday(k.dob, AGE_OF_SWITCH)
    six_monthly = add_months(k.clock_start, clock.c.under_five_months)
    under_five = six_monthly < fifth
    due = case((under_five, six_monthly), else_=add_months(k.clock_start, clock.c.from_five_months))
    interval = case(
        (k.dob.is_(None), "unknown (date of birth not known)"),
        (
            under_five,
            cast(clock.c.under_five_months, String) + literal(" months (under 5)", String),
        ),
        else_=cast(clock.c.from_five_months, String) + literal(" months (5 and over)", String),
    )
    judged = (
        select(
            *k,
            due.label("due_date"),
            interval.label("interval"),
            clock.c.standard,
            clock.c.instrument,
        )
        .join(clock, ctx.in_force(clock, k.clock_start))
        .subquery("review_due")
    )
    j = judged.c
    timeliness = file_timeliness(ctx, j.due_date, j.assessment, HEALTH)
    outcome = case(
        (j.dob.is_(None), "data-gap"),
        (and_(j.pre_data == 1, timeliness.in_(NOT_JUDGED_YET)), "data-gap"),
        else_=timeliness,
    )
    required = or_(j.assessment.is_not(None), j.period_end.is_(None), j.period_end > j.due_date)
    return select(
        *_columns(
            child_id=j.child_id,
            due=j.due_date,
            event=j.assessment,
            outcome=outcome,
            standard=j.standard,
            requirement=REVIEW,
            judged_from=FROM_FILE,
            looked_after_from=j.period_start,
            practitioner=j.practitioner,
            previous=case((j.pre_data == 1, null()), else_=j.clock_start),
            interval=j.interval,
            earlier_unknown=case((j.pre_data == 1, "yes"), else_="no"),
            instrument=j.instrument,
        )
    ).where(required)


def _oc2_years() -> Any:
    """Each collection year Scrutiny reads and its last day (31 March), as SQL rows."""
    return union_all(
        *(
            select(
                literal(year, String).label("collection_year"),
                literal(codes.ends, Date).label("year_end"),
            )
            for year, codes in code_sets().items()
        )
    ).subquery("oc2_years")


def _annual_from_oc2(ctx: RuleContext) -> Select[Any]:
    years = _oc2_years()
    due = years.c.year_end
    rules = ctx.periods()
    short_break = exists().where(
        Episode.child_id == OC2.child_id,
        Episode.ls.in_(SHORT_BREAK_STATUSES),
        Episode.decom <= due,
        or_(Episode.dec.is_(None), Episode.dec >= due),
    )
    under_five = birthday(Child.dob, AGE_OF_SWITCH) > due
    value = OC2.health_assessment
    outcome = case(
        (value == "0", "not-met"),
        (and_(value == "1", under_five), "manual"),
        (value == "1", "met"),
        else_="data-gap",
    )
    return (
        select(
            *_columns(
                child_id=OC2.child_id,
                due=due,
                event=None,
                outcome=outcome,
                standard=rules.c.standard,
                requirement=ANNUAL,
                judged_from=FROM_OC2,
                interval=literal("12 months (one OC2 year)", String),
                collection_year=OC2.collection_year,
                oc2_value=value,
                instrument=rules.c.instrument,
            )
        )
        .select_from(OC2)
        .join(years, years.c.collection_year == OC2.collection_year)
        .join(Child, Child.id == OC2.child_id)
        .join(rules, ctx.in_force(rules, due))
        .where(due <= ctx.as_of_value)
        .where(not_(ctx.covered(HEALTH, due)))
        .where(~short_break)
    )
