"""FOS-TEMP-APPROVAL and FOS-TEMP-EXTENSION: temporary approvals (CPPCR 2010 regs 24, 25).

The period that applies is the one in force on the day of approval: SI 2020/445 reg 20
saved its rules for temporary approvals made between 24 Apr and 25 Sep 2020, so an
approval made on 25 Sep 2020 keeps its 24 weeks into 2021.

Each requirement is a row with a ``requirement`` label in its evidence, so one approval
can be judged on several counts and the pack can show each clock.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Select,
    and_,
    case,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from scrutiny import rule
from scrutiny.db.portable import add_days, earliest, greatest
from scrutiny.models.child import child_ref
from scrutiny.plugins.fostering.models import TEMPORARY_TYPES, Approval, Extension
from scrutiny.plugins.fostering.refs import carer_ref
from scrutiny.rules.context import RuleContext

APPROVALS = "fostering.approvals"
EXTENSIONS = "fostering.extensions"
TIME_LIMIT = "time limit"
WHO = "who may be approved temporarily"


@rule("FOS-TEMP-APPROVAL")
def temporary_approval(ctx: RuleContext) -> Select[Any]:
    periods = ctx.periods()
    first_extension = (
        select(
            Extension.carer_id,
            Extension.approved_on,
            func.min(Extension.extended_on).label("extended_on"),
        )
        .group_by(Extension.carer_id, Extension.approved_on)
        .subquery("first_extension")
    )
    a = (
        select(
            Approval.carer_id,
            Approval.child_id,
            Approval.approval_type,
            Approval.approved_on,
            Approval.ended_on,
            Approval.end_reason,
            first_extension.c.extended_on,
            add_days(Approval.approved_on, periods.c.max_weeks * 7).label("expires"),
            periods.c.max_weeks,
            periods.c.any_person,
            periods.c.beyond_limit,
            periods.c.standard,
            periods.c.instrument,
        )
        .join(periods, ctx.in_force(periods, Approval.approved_on))
        .outerjoin(
            first_extension,
            and_(
                first_extension.c.carer_id == Approval.carer_id,
                first_extension.c.approved_on == Approval.approved_on,
            ),
        )
        .where(Approval.approval_type.in_(TEMPORARY_TYPES))
        .where(Approval.approved_on <= ctx.as_of_value)
        .subquery("temporary_approvals")
    )
    known_until = ctx.data_until(APPROVALS, EXTENSIONS)
    # The approval stops running when it ends or when it is extended (FOS-TEMP-EXTENSION
    # judges the extension); an extension after it ended changes nothing.
    stopped = earliest(a.c.ended_on, a.c.extended_on)
    timeliness = ctx.timeliness(a.c.expires, stopped, known_until)
    time_outcome = case(
        (and_(timeliness == "not-met", a.c.beyond_limit == "manual"), "manual"),
        else_=timeliness,
    )
    who_outcome = case((a.c.any_person.is_(True), "met"), else_="not-met")

    def judged(requirement: str, due: Any, event: Any, outcome: Any) -> Select[Any]:
        return select(
            literal("carer").label("subject_type"),
            carer_ref(a.c.carer_id).label("subject_ref"),
            due.label("due_date"),
            event.label("event_date"),
            outcome.label("outcome"),
            a.c.standard,
            literal(requirement).label("requirement"),
            a.c.approval_type,
            a.c.approved_on,
            child_ref(a.c.child_id).label("child"),
            a.c.max_weeks.label("limit_weeks"),
            a.c.expires,
            a.c.extended_on,
            a.c.ended_on,
            a.c.end_reason,
            a.c.instrument.label("limit_set_by"),
        )

    return (
        union_all(
            judged(TIME_LIMIT, a.c.expires, stopped, time_outcome),
            judged(WHO, a.c.approved_on, null(), who_outcome).where(
                a.c.approval_type == "temporary-any"
            ),
        )
        .subquery("judged")
        .select()
    )


@rule("FOS-TEMP-EXTENSION")
def temporary_extension(ctx: RuleContext) -> Select[Any]:
    periods = ctx.periods()
    numbered = select(
        Extension,
        func.row_number()
        .over(
            partition_by=(Extension.carer_id, Extension.approved_on),
            order_by=Extension.extended_on,
        )
        .label("number"),
    ).subquery("numbered_extensions")
    temporary = (
        select(Approval.carer_id, Approval.approved_on, Approval.ended_on, Approval.child_id)
        .where(Approval.approval_type.in_(TEMPORARY_TYPES))
        .subquery("temporary_approvals")
    )
    e = (
        select(
            numbered.c.carer_id,
            numbered.c.approved_on,
            numbered.c.extended_on,
            numbered.c.number,
            numbered.c.weeks,
            numbered.c.panel_views_sought_on,
            numbered.c.iro_informed_on,
            numbered.c.nominated_officer_on,
            numbered.c.irm_review_requested,
            numbered.c.irm_outcome_on,
            temporary.c.approved_on.label("approval_found"),
            temporary.c.ended_on,
            temporary.c.child_id,
            add_days(numbered.c.approved_on, periods.c.base_weeks * 7).label("expires"),
            periods.c.max_extension_weeks,
            periods.c.unsettled,
            periods.c.standard,
            periods.c.instrument,
        )
        .join(periods, ctx.in_force(periods, numbered.c.approved_on))
        .outerjoin(
            temporary,
            and_(
                temporary.c.carer_id == numbered.c.carer_id,
                temporary.c.approved_on == numbered.c.approved_on,
            ),
        )
        .where(numbered.c.extended_on <= ctx.as_of_value)
        .subquery("extensions")
    )
    known_until = ctx.data_until(APPROVALS, EXTENSIONS)
    found = e.c.approval_found.is_not(None)
    unsettled = e.c.unsettled.is_(True)
    weeks = case(
        (or_(e.c.weeks.is_(None), e.c.weeks > e.c.max_extension_weeks), e.c.max_extension_weeks),
        else_=e.c.weeks,
    )
    irm = e.c.irm_review_requested.is_(True)
    # When the extended approval had to end: 8 weeks (or fewer if so extended) after
    # the original expiry, or on the IRM review's outcome. In SI 2020/445's window only
    # the 24-week base is known, so anything later is for a person to judge.
    extended_expiry = case(
        (unsettled, e.c.expires),
        (irm, e.c.irm_outcome_on),
        else_=add_days(e.c.expires, weeks * 7),
    )
    steps_done = greatest(e.c.panel_views_sought_on, e.c.iro_informed_on, e.c.nominated_officer_on)

    def settle(outcome: ColumnElement[Any]) -> ColumnElement[Any]:
        return case(
            (~found, "data-gap"),
            (and_(outcome == "not-met", unsettled), "manual"),
            else_=outcome,
        )

    def judged(requirement: str, due: Any, event: Any, outcome: Any) -> Select[Any]:
        return select(
            literal("carer").label("subject_type"),
            carer_ref(e.c.carer_id).label("subject_ref"),
            due.label("due_date"),
            event.label("event_date"),
            settle(outcome).label("outcome"),
            e.c.standard,
            literal(requirement).label("requirement"),
            e.c.approved_on,
            e.c.extended_on,
            e.c.number.label("extension_number"),
            e.c.weeks.label("weeks_given"),
            e.c.expires.label("approval_expired"),
            e.c.ended_on.label("approval_ended"),
            e.c.panel_views_sought_on.label("panel_views_sought"),
            e.c.iro_informed_on.label("iro_informed"),
            e.c.nominated_officer_on.label("nominated_officer_approved"),
            case((irm, "yes"), else_="no").label("irm_review_requested"),
            child_ref(e.c.child_id).label("child"),
            e.c.instrument.label("limit_set_by"),
        )

    before_expiry = case((e.c.extended_on <= e.c.expires, "met"), else_="not-met")
    only_once = literal("not-met")
    length = case((e.c.weeks > e.c.max_extension_weeks, "not-met"), else_="met")
    awaiting_irm = and_(irm, e.c.irm_outcome_on.is_(None))
    ended = case(
        (awaiting_irm, "not-yet-due"),
        else_=ctx.timeliness(extended_expiry, e.c.ended_on, known_until),
    )
    steps = case(
        (and_(steps_done.is_not(None), steps_done <= e.c.extended_on), "met"),
        else_="not-met",
    )
    first = e.c.number == 1
    return (
        union_all(
            judged(
                "extended before the approval expired", e.c.expires, e.c.extended_on, before_expiry
            ),
            judged("extended once only", e.c.extended_on, null(), only_once).where(~first),
            judged("extension of at most 8 weeks", e.c.extended_on, null(), length).where(
                and_(first, e.c.weeks.is_not(None))
            ),
            judged(
                "approval ended when the extension did",
                case((awaiting_irm, ctx.as_of_value), else_=extended_expiry),
                e.c.ended_on,
                ended,
            ).where(first),
            judged(
                "panel's views sought, IRO told, nominated officer approved",
                e.c.extended_on,
                steps_done,
                steps,
            ),
        )
        .subquery("judged")
        .select()
    )
