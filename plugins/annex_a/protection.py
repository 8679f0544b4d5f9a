"""AA-CP-REVIEW and AA-CP-VISIT: List 7's latest dates (Working Together 2018; the
council's own visiting standard). Plans that ended on or before the as-of date, or
started after it, are not judged."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, literal, or_, select

from scrutiny import rule
from scrutiny.db.portable import add_months
from scrutiny.plugins.annex_a.judging import due_and_basis, gap_day, next_due_findings, param
from scrutiny.plugins.annex_a.models import AnnexAProtection
from scrutiny.rules.context import RuleContext

LIST = 7


def _open(ctx: RuleContext) -> Any:
    p = AnnexAProtection
    return and_(
        or_(p.plan_start.is_(None), p.plan_start <= ctx.as_of_value),
        or_(p.plan_end.is_(None), p.plan_end > ctx.as_of_value),
    )


@rule("AA-CP-REVIEW")
def review_conferences(ctx: RuleContext) -> Select[Any]:
    p = AnnexAProtection
    reviewed = and_(p.latest_review.is_not(None), p.latest_review >= p.plan_start)
    rows = (
        select(
            p.child_ref,
            p.row_number,
            p.plan_start,
            p.latest_review,
            *due_and_basis(
                (p.plan_start.is_(None), None, "no 'Child Protection Plan Start Date'"),
                (
                    ~reviewed,
                    add_months(p.plan_start, param(ctx, "first_review_months")),
                    "first review conference, after the plan started",
                ),
                otherwise=(
                    add_months(p.latest_review, param(ctx, "later_review_months")),
                    "next review conference, after the latest",
                ),
            ),
        )
        .where(_open(ctx))
        .subquery("aa_cp_review")
    )
    c = rows.c
    return next_due_findings(
        ctx,
        LIST,
        rows,
        latest=c.latest_review,
        evidence={"plan_start": c.plan_start, "basis": c.basis},
    )


@rule("AA-CP-VISIT")
def statutory_visits(ctx: RuleContext) -> Select[Any]:
    p = AnnexAProtection
    days = int(param(ctx, "visit_working_days"))
    start = case(
        (and_(p.last_visit.is_not(None), p.last_visit >= p.plan_start), p.last_visit),
        else_=p.plan_start,
    )
    due = ctx.add_working_days(start, days) if days else literal(None)
    rows = (
        select(
            p.child_ref,
            p.row_number,
            p.plan_start,
            p.last_visit,
            p.seen_alone,
            case((p.plan_start.is_(None), None), else_=due).label("due")
            if days
            else gap_day(ctx, LIST).label("due"),
        )
        .where(_open(ctx))
        .subquery("aa_cp_visit")
    )
    c = rows.c
    unset = None if days else case((c.last_visit > ctx.as_of_value, "data-gap"), else_="manual")
    return next_due_findings(
        ctx,
        LIST,
        rows,
        latest=c.last_visit,
        evidence={
            "plan_start": c.plan_start,
            "seen_alone": c.seen_alone,
            "visit_working_days": literal(days or "not set by the council"),
        },
        outcome=unset,
    )
