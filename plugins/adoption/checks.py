"""ADO-CHECKS-AT-STAGE1: DBS and medical checks before the pre-assessment decision.

Three requirements per application, each a finding of its own (``requirement``):

- **Medical report by the stage 1 decision** (applicants found suitable; AAR reg 26).
  A report after the decision, or none yet, is met only when SI 2020/445 or SI 2020/909
  let the medical information follow the decision *and* the agency recorded its use of
  that flexibility; otherwise not met, so that a deviation naming the instrument can
  cover it.
- **DBS certificate by the stage 1 decision** (reg 25). After the decision, or none
  yet: ``manual`` where SI 2020/445 applies (its deferral was read as reg 26(b)/(e);
  police checks are reg 25, so whether it covers DBS is unverified); not met anywhere
  else, SI 2020/909 included (its explanatory note covers medical information only).
- **Both by the approval** (an agency decision to approve): every source agrees all
  information must be in place before panel and decision, whatever the window. Otherwise
  not met, with ``critical`` severity.

Which rules applied at stage 1 is decided by the **date of the stage 1 decision**: that
is when the agency used (or did not use) the flexibility to decide without the
information (SI 2020/445's reg 27(1A); SI 2020/909 reg 3). An application whose
registration of interest was accepted inside SI 2020/445's relevant period keeps that
instrument's rules for a later decision (its savings provisions).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, and_, case, cast, literal, null, or_, select, union_all
from sqlalchemy.sql.elements import ColumnElement

from scrutiny import rule
from scrutiny.db.portable import greatest
from scrutiny.plugins.adoption.applications import applications_as_of
from scrutiny.rules.context import RuleContext

ALLOWED = "allowed-if-recorded"
UNVERIFIED = "unverified"
MEDICAL_AT_STAGE1 = "medical report by the stage 1 decision"
DBS_AT_STAGE1 = "DBS certificate by the stage 1 decision"
BOTH_AT_APPROVAL = "DBS and medical by the approval"
NO_TEXT = cast(null(), String)


def _late(check: ColumnElement[Any], decision: ColumnElement[Any]) -> ColumnElement[bool]:
    """Not in hand on the decision day: none yet, or dated after it."""
    return or_(check.is_(None), check > decision)


@rule("ADO-CHECKS-AT-STAGE1")
def checks_at_stage1(ctx: RuleContext) -> Select[Any]:
    apps = applications_as_of(ctx.as_of)
    a = apps.c
    periods = ctx.periods()
    on_decision = periods.alias("on_decision")
    on_start = periods.alias("on_start")
    d, s = on_decision.c, on_start.c

    # SI 2020/445 savings: begun in a period with savings, decided in one without.
    saved = and_(s.savings_for_cases_begun.is_(True), d.savings_for_cases_begun.is_(False))
    medical_may_follow = or_(
        d.medical_after_stage1 == ALLOWED, and_(saved, s.medical_after_stage1 == ALLOWED)
    )
    dbs_unverified = or_(
        d.dbs_after_stage1 == UNVERIFIED, and_(saved, s.dbs_after_stage1 == UNVERIFIED)
    )
    window = case(
        (and_(saved, d.covid_window != "none"), d.covid_window + "; SI-2020/445 savings"),
        (saved, literal("SI-2020/445 savings")),
        else_=d.covid_window,
    )
    recorded = a.medical_deferral_recorded.is_not(None)
    medical_late = _late(a.medical_report, a.stage1_decision)
    dbs_late = _late(a.dbs_certificate, a.stage1_decision)

    def stage1_row(
        requirement: str, check: ColumnElement[Any], outcome: Any, judged: Any
    ) -> Select[Any]:
        return (
            select(
                a.application_ref.label("subject_ref"),
                a.stage1_decision.label("due_date"),
                check.label("event_date"),
                outcome.label("outcome"),
                d.standard.label("standard"),
                NO_TEXT.label("severity"),
                literal(requirement, String).label("requirement"),
                judged.label("judged"),
                window.label("covid_window"),
                a.roi_accepted,
                a.stage1_decision,
                a.dbs_certificate,
                a.medical_report,
                a.medical_deferral_recorded,
                a.medical_deferral_ref,
                d.instrument.label("in_force_on_decision"),
            )
            .join(on_decision, ctx.in_force(on_decision, a.stage1_decision))
            .outerjoin(on_start, ctx.in_force(on_start, a.roi_accepted))
            .where(a.stage1_outcome == "suitable")
        )

    medical = stage1_row(
        MEDICAL_AT_STAGE1,
        a.medical_report,
        case((~medical_late, "met"), (and_(medical_may_follow, recorded), "met"), else_="not-met"),
        case(
            (~medical_late, "before the stage 1 decision"),
            (and_(medical_may_follow, recorded), "after the stage 1 decision; deferral recorded"),
            (medical_may_follow, "after the stage 1 decision; use of the flexibility not recorded"),
            else_="after the stage 1 decision, with no coronavirus flexibility in force",
        ),
    )
    dbs = stage1_row(
        DBS_AT_STAGE1,
        a.dbs_certificate,
        case((~dbs_late, "met"), (dbs_unverified, "manual"), else_="not-met"),
        case(
            (~dbs_late, "before the stage 1 decision"),
            (
                dbs_unverified,
                "after the stage 1 decision; whether SI 2020/445 allowed this is unverified",
            ),
            else_="after the stage 1 decision; no instrument allowed it",
        ),
    )

    def at_approval(name: str, check: ColumnElement[Any]) -> ColumnElement[str]:
        return case(
            (check.is_(None), f"{name} missing at approval"),
            (check > a.agency_decision, f"{name} after the approval"),
            else_=f"{name} before the approval",
        )

    missing = or_(
        _late(a.dbs_certificate, a.agency_decision), _late(a.medical_report, a.agency_decision)
    )
    approval = select(
        a.application_ref.label("subject_ref"),
        a.agency_decision.label("due_date"),
        greatest(a.dbs_certificate, a.medical_report).label("event_date"),
        case((missing, "not-met"), else_="met").label("outcome"),
        literal(ctx.rule.kind.value, String).label("standard"),
        case((missing, "critical"), else_=NO_TEXT).label("severity"),
        literal(BOTH_AT_APPROVAL, String).label("requirement"),
        (
            at_approval("medical report", a.medical_report)
            + "; "
            + at_approval("DBS certificate", a.dbs_certificate)
        ).label("judged"),
        literal("none", String).label("covid_window"),
        a.roi_accepted,
        a.stage1_decision,
        a.dbs_certificate,
        a.medical_report,
        a.medical_deferral_recorded,
        a.medical_deferral_ref,
        literal("no instrument relaxed this", String).label("in_force_on_decision"),
    ).where(a.agency_decision_outcome == "approve")

    items = union_all(medical, dbs, approval).subquery("check_items")
    return select(literal("application").label("subject_type"), *items.c)
