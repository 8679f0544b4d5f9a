"""ADO-STAGE1 and ADO-STAGE2: the two stages' timescales in the adoption statutory guidance.

Stage 1 runs from the agency's acceptance of the registration of interest (AAR reg 21)
to the pre-assessment decision (reg 27): 2 months. Stage 2 runs from the applicant's
notice that they wish to proceed to the agency decision (reg 30B): 4 months. Both are
s7 LASSA 1970 guidance: findings say so (``standard``), and a late decision is
reconciled with a deviation recording the exceptional reason, not called unlawful.

Months are calendar months, clamped to the end of a shorter month (``add_months``).
An application that closed before its deadline without a decision owes none; one that
closed after it without a decision was late. The period in force on the day the clock
started sets the timescale.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, literal, or_, select

from scrutiny import rule
from scrutiny.db.portable import add_months
from scrutiny.plugins.adoption.applications import APPLICATIONS, applications_as_of
from scrutiny.rules.context import RuleContext


@rule("ADO-STAGE1")
def stage1_within_two_months(ctx: RuleContext) -> Select[Any]:
    return _stage(
        ctx, "roi_accepted", "stage1_decision", "stage1_months", "registration of interest accepted"
    )


@rule("ADO-STAGE2")
def stage2_within_four_months(ctx: RuleContext) -> Select[Any]:
    return _stage(ctx, "notice_to_proceed", "agency_decision", "stage2_months", "notice to proceed")


def _stage(ctx: RuleContext, start: str, end: str, months: str, start_label: str) -> Select[Any]:
    """Every application whose clock has started, with its deadline and outcome."""
    apps = applications_as_of(ctx.as_of)
    clock_start = apps.c[start]
    decided = apps.c[end]
    periods = ctx.periods()
    judged = (
        select(
            apps.c.application_ref,
            apps.c.roi_accepted,
            clock_start.label("clock_start"),
            decided.label("decided"),
            apps.c.stage1_outcome,
            apps.c.agency_decision_outcome,
            apps.c.closed,
            add_months(clock_start, periods.c[months]).label("due_date"),
            periods.c[months].label("months"),
            periods.c.standard,
            periods.c.instrument,
        )
        .join(periods, ctx.in_force(periods, clock_start))
        .where(clock_start.is_not(None))
        .subquery("stage_due")
    )
    j = judged.c
    outcome = ctx.timeliness(j.due_date, j.decided, ctx.data_until(APPLICATIONS))
    required = or_(j.decided.is_not(None), j.closed.is_(None), j.closed > j.due_date)
    decision_outcome = j.stage1_outcome if end == "stage1_decision" else j.agency_decision_outcome
    return select(
        literal("application").label("subject_type"),
        j.application_ref.label("subject_ref"),
        j.due_date,
        j.decided.label("event_date"),
        outcome.label("outcome"),
        j.standard,
        j.clock_start.label(start),
        j.months.label("timescale_months"),
        literal(start_label).label("clock_starts_at"),
        decision_outcome.label("decision"),
        j.closed.label("closed_without_decision"),
        j.instrument.label("timescale_set_by"),
    ).where(required)
