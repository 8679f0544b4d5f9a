"""AA-CL-PP-REVIEW, AA-CL-CONTACT and AA-CL-ADVISER: List 9 (its 2024 layout adds the
adviser, the latest pathway plan review and the latest contact)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, literal, select

from scrutiny import rule
from scrutiny.db.portable import add_months
from scrutiny.plugins.annex_a.judging import gap_day, next_due_findings, param, workbook_until
from scrutiny.plugins.annex_a.models import AnnexACareLeaver
from scrutiny.rules.context import RuleContext

LIST = 9


@rule("AA-CL-PP-REVIEW")
def pathway_plan_reviews(ctx: RuleContext) -> Select[Any]:
    y = AnnexACareLeaver
    rows = select(
        y.child_ref,
        y.row_number,
        y.eligibility,
        y.latest_plan_review,
        add_months(y.latest_plan_review, param(ctx, "review_months")).label("due"),
    ).subquery("aa_cl_pp_review")
    c = rows.c
    return next_due_findings(
        ctx,
        LIST,
        rows,
        latest=c.latest_plan_review,
        evidence={"eligibility": c.eligibility},
    )


@rule("AA-CL-CONTACT")
def contact(ctx: RuleContext) -> Select[Any]:
    y = AnnexACareLeaver
    rows = select(
        y.child_ref,
        y.row_number,
        y.eligibility,
        y.latest_contact,
        add_months(y.latest_contact, param(ctx, "contact_months")).label("due"),
    ).subquery("aa_cl_contact")
    c = rows.c
    # Any contact is not the reg 8 visit, and reg 8 applies only where the council
    # provides the accommodation: an old contact is for a person to judge.
    outcome = case(
        (c.due.is_(None), "data-gap"),
        (c.latest_contact > ctx.as_of_value, "data-gap"),
        (c.due >= ctx.as_of_value, "met"),
        (c.due > workbook_until(ctx, LIST), "data-gap"),
        else_="manual",
    )
    return next_due_findings(
        ctx,
        LIST,
        rows,
        latest=c.latest_contact,
        evidence={"eligibility": c.eligibility},
        outcome=outcome,
    )


@rule("AA-CL-ADVISER")
def advisers(ctx: RuleContext) -> Select[Any]:
    y = AnnexACareLeaver
    rows = (
        select(y.child_ref, y.row_number, y.eligibility, y.adviser_allocated)
        .where(y.adviser_allocated.is_not(None))
        .subquery("aa_cl_adviser")
    )
    c = rows.c
    return next_due_findings(
        ctx,
        LIST,
        rows,
        due=gap_day(ctx, LIST),
        latest=literal(None),
        evidence={"eligibility": c.eligibility, "adviser_recorded": c.adviser_allocated},
        outcome=case((c.adviser_allocated.is_(True), "met"), else_="manual"),
    )
