"""CL-NEEDS-ASSESS: an eligible child's needs assessed within 3 months (CPPCR 2010
reg 42(1)).

Due no more than 3 calendar months after the 16th birthday, or after the day the child
became eligible if that is later. The day the child became eligible is the episodes'
(as CL-ELIGIBLE computes it) where they show it, else the council's recorded
ELIGIBLE_FROM, else the 16th birthday. The assessment that counts is the first
completed on or after the 16th birthday. Assessments are a log: one due before the
earliest imported assessment, with none found, cannot be judged (a data gap).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, func, literal, select, union

from scrutiny import rule
from scrutiny.db.portable import add_months, greatest
from scrutiny.models.child import birthday, child_ref
from scrutiny.plugins.care_leavers.eligibility import eligible_children, single_param
from scrutiny.plugins.care_leavers.models import CARE_LEAVER_STATUSES, NeedsAssessment, YoungPerson
from scrutiny.plugins.care_leavers.people import dob_of
from scrutiny.rules.context import RuleContext

ASSESSMENTS = "care_leavers.needs_assessments"


@rule("CL-NEEDS-ASSESS")
def needs_assessment(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    shown = eligible_children(
        ctx,
        weeks=single_param(ctx, "qualifying_weeks"),
        from_age=single_param(ctx, "counted_from_age"),
        to_age=single_param(ctx, "ending_after_age"),
    )
    subjects = union(
        select(shown.c.child_id),
        select(YoungPerson.child_id.label("child_id")).where(
            YoungPerson.status.in_(CARE_LEAVER_STATUSES)
        ),
    ).subquery("eligible_subjects")
    yp = YoungPerson
    dob = dob_of(subjects.c.child_id)
    sixteen = birthday(dob, 16)
    became = func.coalesce(shown.c.eligible_from, yp.eligible_from, sixteen)
    start = greatest(sixteen, became)
    based_rows = (
        select(
            subjects.c.child_id,
            dob.label("dob"),
            start.label("clock_start"),
            shown.c.eligible_from.label("eligible_from_episodes"),
            yp.eligible_from.label("recorded_eligible_from"),
        )
        .select_from(subjects)
        .outerjoin(shown, shown.c.child_id == subjects.c.child_id)
        .outerjoin(yp, yp.child_id == subjects.c.child_id)
    )
    # Staged, as is each young person's judgement below: each clock start, due date and
    # assessment is then worked out once, not once for each use of it.
    based = ctx.stage("assessment_clock", based_rows, ("child_id",))
    b = based.c
    periods = ctx.periods()
    assessed = (
        select(func.min(NeedsAssessment.completed_on))
        .where(
            NeedsAssessment.child_id == b.child_id,
            NeedsAssessment.completed_on >= birthday(b.dob, 16),
            NeedsAssessment.completed_on <= as_of,
        )
        .correlate_except(NeedsAssessment)
        .scalar_subquery()
    )
    judged_rows = (
        select(
            b.child_id,
            b.dob,
            b.clock_start,
            b.eligible_from_episodes,
            b.recorded_eligible_from,
            add_months(b.clock_start, periods.c.months).label("due_date"),
            assessed.label("assessed"),
            periods.c.standard,
            periods.c.instrument,
        )
        .select_from(based)
        .join(periods, ctx.in_force(periods, b.clock_start))
        .where(b.dob.is_not(None), b.clock_start <= as_of)
    )
    judged = ctx.stage("assessment_judged", judged_rows)
    j = judged.c
    assessments_from = ctx.data_from(ASSESSMENTS)
    timeliness = ctx.timeliness(j.due_date, j.assessed, ctx.data_until(ASSESSMENTS))
    outcome = case(
        (
            and_(j.assessed.is_(None), timeliness == "not-met", j.due_date < assessments_from),
            "data-gap",
        ),
        else_=timeliness,
    )
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.assessed.label("event_date"),
        outcome.label("outcome"),
        j.standard,
        j.clock_start.label("clock_from"),
        j.eligible_from_episodes,
        j.recorded_eligible_from,
        j.instrument,
    ).where(as_of < birthday(j.dob, 25))
