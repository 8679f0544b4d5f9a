"""AA-LAC-REVIEW, AA-LAC-VISIT, AA-LAC-HEALTH: List 8's latest dates (CPPCR 2010 regs 33,
28 and 7). Children who ceased to be looked after on or before the as-of date, or
started after it, are not judged."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, or_, select

from scrutiny import rule
from scrutiny.db.portable import add_days, add_months
from scrutiny.models.child import birthday
from scrutiny.plugins.annex_a.judging import due_and_basis, next_due_findings, param
from scrutiny.plugins.annex_a.models import AnnexALookedAfter
from scrutiny.rules.context import RuleContext

LIST = 8
LONG_TERM_FOSTERING = ("U1", "U4")
AGE_OF_SWITCH = 5


def _looked_after(ctx: RuleContext) -> Any:
    a = AnnexALookedAfter
    return and_(
        or_(a.started.is_(None), a.started <= ctx.as_of_value),
        or_(a.ceased.is_(None), a.ceased > ctx.as_of_value),
    )


@rule("AA-LAC-REVIEW")
def reviews(ctx: RuleContext) -> Select[Any]:
    a = AnnexALookedAfter
    first_due = ctx.add_working_days(a.started, param(ctx, "first_review_working_days"))
    since_start = and_(a.latest_review.is_not(None), a.latest_review >= a.started)
    first_only = a.latest_review <= first_due
    rows = (
        select(
            a.child_ref,
            a.row_number,
            a.started,
            a.latest_review,
            *due_and_basis(
                (a.started.is_(None), None, "no 'Date Started to be Looked After'"),
                (~since_start, first_due, "first review, after becoming looked after"),
                (
                    first_only,
                    add_months(a.latest_review, param(ctx, "second_review_months")),
                    "second review, after the first",
                ),
                otherwise=(
                    add_months(a.latest_review, param(ctx, "later_review_months")),
                    "later review, after the latest (Annex A does not say if it was the first)",
                ),
            ),
        )
        .where(_looked_after(ctx))
        .subquery("aa_lac_review")
    )
    c = rows.c
    return next_due_findings(
        ctx,
        LIST,
        rows,
        latest=c.latest_review,
        evidence={"started_looked_after": c.started, "basis": c.basis},
    )


@rule("AA-LAC-VISIT")
def visits(ctx: RuleContext) -> Select[Any]:
    a = AnnexALookedAfter
    start = case((a.placement_start.is_(None), a.started), else_=a.placement_start)
    visited = and_(a.last_visit.is_not(None), a.last_visit >= start)
    long_term = and_(
        a.placement_type.in_(LONG_TERM_FOSTERING),
        a.last_visit >= add_months(start, param(ctx, "long_term_after_months")),
    )
    rows = (
        select(
            a.child_ref,
            a.row_number,
            a.placement_type,
            a.last_visit,
            start.label("placement_start"),
            *due_and_basis(
                (start.is_(None), None, "no placement or care start date"),
                (
                    ~visited,
                    add_days(start, param(ctx, "first_visit_days")),
                    "first visit, after the placement started",
                ),
                (
                    long_term,
                    add_months(a.last_visit, param(ctx, "long_term_months")),
                    "long-term fostering after its first year",
                ),
                otherwise=(
                    add_days(a.last_visit, 7 * param(ctx, "interval_weeks")),
                    "next visit, after the last",
                ),
            ),
        )
        .where(_looked_after(ctx))
        .subquery("aa_lac_visit")
    )
    c = rows.c
    return next_due_findings(
        ctx,
        LIST,
        rows,
        latest=c.last_visit,
        evidence={
            "placement_start": c.placement_start,
            "placement_type": c.placement_type,
            "basis": c.basis,
        },
    )


@rule("AA-LAC-HEALTH")
def health(ctx: RuleContext) -> Select[Any]:
    a = AnnexALookedAfter
    assessed = a.last_health.is_not(None)
    six_monthly = add_months(a.last_health, param(ctx, "under_five_months"))
    under_five = birthday(a.dob, AGE_OF_SWITCH) > six_monthly
    rows = (
        select(
            a.child_ref,
            a.row_number,
            a.dob,
            a.started,
            a.last_health,
            *due_and_basis(
                (
                    ~assessed,
                    ctx.add_working_days(a.started, param(ctx, "initial_working_days")),
                    "initial assessment, by the first review",
                ),
                (a.dob.is_(None), None, "no date of birth: the interval depends on age"),
                (under_five, six_monthly, "6 months (under 5)"),
                otherwise=(
                    add_months(a.last_health, param(ctx, "from_five_months")),
                    "12 months (5 and over)",
                ),
            ),
        )
        .where(_looked_after(ctx))
        .subquery("aa_lac_health")
    )
    c = rows.c
    return next_due_findings(
        ctx,
        LIST,
        rows,
        latest=c.last_health,
        evidence={"started_looked_after": c.started, "basis": c.basis},
    )
