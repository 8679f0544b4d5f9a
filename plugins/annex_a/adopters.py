"""AA-ADO-STAGE1 and AA-ADO-STAGE2: List 11's stage dates (adoption statutory guidance
2013). Unlike the other lists, these are the stage's own start and end, so a stage is
judged exactly: ended in time, ended late, or still open."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select

from scrutiny import rule
from scrutiny.db.portable import add_months
from scrutiny.plugins.annex_a.judging import next_due_findings, param, workbook_until
from scrutiny.plugins.annex_a.models import AnnexAAdopter
from scrutiny.rules.context import RuleContext

LIST = 11


def _stage(ctx: RuleContext, name: str, start: Any, end: Any) -> Select[Any]:
    a = AnnexAAdopter
    due = add_months(start, param(ctx, "stage_months"))
    rows = (
        select(
            a.adopter_ref,
            a.family_ref,
            a.row_number,
            start.label("stage_start"),
            end.label("stage_end"),
            a.left,
            due.label("due"),
        )
        .where(start.is_not(None), start <= ctx.as_of_value)
        # leaving the process before the stage was due owes nothing
        .where(or_(a.left.is_(None), a.left > due, and_(end.is_not(None), end <= a.left)))
        .subquery(name)
    )
    c = rows.c
    ended = case((c.stage_end <= ctx.as_of_value, c.stage_end))
    return next_due_findings(
        ctx,
        LIST,
        rows,
        subject_type="application",
        subject_ref=c.adopter_ref,
        latest=c.stage_start,
        event=ended,
        evidence={"family": c.family_ref, "left_process": c.left},
        outcome=ctx.timeliness(c.due, ended, known_until=workbook_until(ctx, LIST)),
    )


@rule("AA-ADO-STAGE1")
def stage_one(ctx: RuleContext) -> Select[Any]:
    a = AnnexAAdopter
    return _stage(ctx, "aa_ado_stage1", a.stage1_start, a.stage1_end)


@rule("AA-ADO-STAGE2")
def stage_two(ctx: RuleContext) -> Select[Any]:
    a = AnnexAAdopter
    return _stage(ctx, "aa_ado_stage2", a.stage2_start, func.coalesce(a.stage2_end, a.approved))
