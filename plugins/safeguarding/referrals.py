"""CP-REFERRAL-DECISION and CP-ASSESSMENT: a referral's response decided within 1 working
day, and the assessment authorised within 45 working days of the referral (Working
Together to Safeguard Children 2018, statutory guidance).

CP-REFERRAL-DECISION judges each row of the council's referral decisions file on two
counts, the decision and telling the referrer (not owed to an anonymous referrer), due
on the first working day after the England local day the referral was received. The
times (UTC) and the hours taken are kept as evidence.

CP-ASSESSMENT judges each assessment in the children in need census, due 45 working days
after the referral of its CIN episode ("from the point of referral", not from the
assessment's start). An assessment with no authorisation in an episode that closed on or
before the due date is ``manual``: the census should carry the authorisation of every
assessment in a closed episode, so the record is incomplete, and only the case file says
whether the assessment concluded in time (the child may have moved away, or the
assessment been stopped when the case closed).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, and_, case, cast, func, literal, null, or_, select, union_all

from scrutiny import rule
from scrutiny.db.portable import minutes_between, utc_minute
from scrutiny.models.child import child_ref
from scrutiny.plugins.safeguarding.models import Assessment, CinEpisode, ReferralDecision
from scrutiny.rules.context import RuleContext

REFERRALS = "safeguarding.referral_decisions"
CENSUS = "safeguarding.cin_census"
DECISION = "decision"
REFERRER_INFORMED = "referrer-informed"
MINUTES_IN_HOUR = 60


@rule("CP-REFERRAL-DECISION")
def referral_decisions(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    r = ReferralDecision
    same_day = func.row_number().over(
        partition_by=(r.child_id, r.received_on), order_by=(r.received_at, r.id)
    )
    referral_rows = select(
        r.child_id,
        r.received_at,
        r.received_on,
        r.decided_at,
        ctx.known(r.decided_on).label("decided_on"),
        r.response,
        ctx.known(r.referrer_informed_on).label("referrer_informed_on"),
        r.referrer_anonymous,
        same_day.label("same_day"),
    ).where(r.received_on <= as_of)
    referrals = ctx.stage("referrals", referral_rows)  # read once for each count
    c = referrals.c
    decision = select(*c, literal(DECISION, String).label("count"), c.decided_on.label("event"))
    informed = select(
        *c,
        literal(REFERRER_INFORMED, String).label("count"),
        c.referrer_informed_on.label("event"),
    ).where(or_(c.referrer_anonymous.is_(None), c.referrer_anonymous.is_(False)))
    counted = union_all(decision, informed).subquery("referral_counts")
    periods = ctx.periods()
    due_rows = select(
        counted,
        ctx.add_working_days(counted.c.received_on, periods.c.decision_working_days).label(
            "due_date"
        ),
        periods.c.standard,
        periods.c.instrument,
    ).join(periods, ctx.in_force(periods, counted.c.received_on))
    # Staged (as in CP-ASSESSMENT): each due date, a count of working days, is then
    # worked out once, not once for each use of it in the outcome.
    judged = ctx.stage("referral_due", due_rows)
    j = judged.c
    # A child referred twice on one day has two sets of counts due the same day: the
    # later referrals are numbered so that each finding keeps a fingerprint of its own.
    requirement = case(
        (j.same_day == 1, j.count),
        else_=j.count + literal(" (referral ") + cast(j.same_day, String) + literal(" that day)"),
    )
    minutes = minutes_between(j.received_at, j.decided_at)
    decided = and_(j.decided_at.is_not(None), j.decided_on.is_not(None))
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.event.label("event_date"),
        ctx.timeliness(j.due_date, j.event, ctx.data_until(REFERRALS)).label("outcome"),
        j.standard,
        requirement.label("requirement"),
        j.received_on,
        utc_minute(j.received_at).label("received_at"),
        case((decided, utc_minute(j.decided_at)), else_=null()).label("decided_at"),
        case((decided, minutes // MINUTES_IN_HOUR), else_=null()).label("whole_hours_taken"),
        case((decided, minutes), else_=null()).label("minutes_taken"),
        j.response,
        j.referrer_informed_on,
        case((j.referrer_anonymous.is_(True), "yes"), else_="no").label("referrer_anonymous"),
        j.instrument.label("judged_under"),
    )


@rule("CP-ASSESSMENT")
def assessments(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    a = Assessment
    closed = ctx.known(CinEpisode.closure_date)
    periods = ctx.periods()
    due_rows = (
        select(
            a.child_id,
            a.referral_date,
            a.start_date,
            ctx.known(a.authorised_on).label("authorised_on"),
            closed.label("episode_closed_on"),
            ctx.add_working_days(a.referral_date, periods.c.assessment_working_days).label(
                "due_date"
            ),
            periods.c.standard,
            periods.c.instrument,
        )
        .select_from(a)
        .outerjoin(
            CinEpisode,
            and_(CinEpisode.child_id == a.child_id, CinEpisode.referral_date == a.referral_date),
        )
        .join(periods, ctx.in_force(periods, a.referral_date))
        .where(a.start_date <= as_of)
    )
    judged = ctx.stage("assessment_due", due_rows)
    j = judged.c
    timeliness = ctx.timeliness(j.due_date, j.authorised_on, ctx.data_until(CENSUS))
    closed_unauthorised = and_(
        j.authorised_on.is_(None),
        j.episode_closed_on.is_not(None),
        j.episode_closed_on <= j.due_date,
    )
    outcome = case((closed_unauthorised, "manual"), else_=timeliness)
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.authorised_on.label("event_date"),
        outcome.label("outcome"),
        j.standard,
        j.referral_date,
        j.start_date.label("assessment_started"),
        j.episode_closed_on,
        ctx.working_days_between(j.referral_date, j.authorised_on).label(
            "working_days_from_referral"
        ),
        case(
            (
                closed_unauthorised,
                "CIN episode closed by the due date with no authorisation recorded:"
                " a person checks the case file",
            ),
            else_=null(),
        ).label("judged"),
        j.instrument.label("judged_under"),
    )
