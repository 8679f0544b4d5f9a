"""ADO-PANEL: an approval made on the recommendation of a quorate adoption panel.

One requirement per agency decision to approve a prospective adopter, due on the day
of the decision:

- **No panel.** Lawful only when the *decision* fell in SI 2020/445's relevant period
  (24 Apr to 25 Sep 2020), when agencies "may" rather than "must" constitute panels, and
  the reason is recorded (NO_PANEL_REASON: the DfE guidance expected a record of every
  departure). Without the reason it is not met, for a deviation naming SI 2020/445 to
  cover; outside the window it is not met.
- **A panel held after the decision** gave no recommendation to decide on: not met.
- **A panel whose date or constitution is unknown** (named by an application but not in
  a panels file): a data gap.
- **Quorum**, judged by the *meeting's* date: inside the window the chair and one other
  independent person are enough (SI 2020/445 reg 4). Otherwise the ordinary quorum
  (AAR reg 6) was not verified, so no figure is written here: the council sets
  ``quorum_members`` as local policy, and until it does a person judges (``manual``).

The panel's own recommendation is evidence only: the agency decides, taking it into
account (reg 30B), so a decision against it is not a breach of this rule.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, and_, case, literal, select

from scrutiny import rule
from scrutiny.db.base import table_of
from scrutiny.plugins.adoption.applications import applications_as_of
from scrutiny.plugins.adoption.models import PanelMeeting
from scrutiny.rules.context import RuleContext


@rule("ADO-PANEL")
def approval_on_panel_recommendation(ctx: RuleContext) -> Select[Any]:
    apps = applications_as_of(ctx.as_of)
    a = apps.c
    panel = table_of(PanelMeeting).alias("panel")
    periods = ctx.periods()
    on_decision = periods.alias("on_decision")
    on_meeting = periods.alias("on_meeting")
    m = panel.c

    no_panel = a.panel_id.is_(None)
    reason = a.no_panel_reason.is_not(None)
    unknown = (
        m.panel_date.is_(None)
        | m.chair_present.is_(None)
        | m.members_present.is_(None)
        | m.independent_members.is_(None)
    )
    reduced_quorate = and_(
        on_meeting.c.reduced_quorum.is_(True),
        m.chair_present.is_(True),
        m.independent_members >= 1,
    )
    quorum_set = on_meeting.c.quorum_members > 0
    route = case(
        (
            and_(no_panel, on_decision.c.panel_optional.is_(True), reason),
            "no panel, reason recorded",
        ),
        (and_(no_panel, on_decision.c.panel_optional.is_(True)), "no panel, no reason recorded"),
        (no_panel, "no panel"),
        (unknown, "panel not described in a panels file"),
        (m.panel_date > a.agency_decision, "panel after the decision"),
        (reduced_quorate, "chair and an independent member (SI 2020/445)"),
        (~quorum_set, "quorum not configured"),
        (m.members_present >= on_meeting.c.quorum_members, "quorate"),
        else_="not quorate",
    )
    outcome = case(
        (and_(no_panel, on_decision.c.panel_optional.is_(True), reason), "met"),
        (no_panel, "not-met"),
        (unknown, "data-gap"),
        (m.panel_date > a.agency_decision, "not-met"),
        (reduced_quorate, "met"),
        (~quorum_set, "manual"),
        (m.members_present >= on_meeting.c.quorum_members, "met"),
        else_="not-met",
    )
    # Judged against the council's quorum only where that figure decided the outcome.
    by_local_quorum = and_(
        ~no_panel, ~unknown, m.panel_date <= a.agency_decision, ~reduced_quorate, quorum_set
    )
    standard = case(
        (by_local_quorum, on_meeting.c.standard), else_=literal(ctx.rule.kind.value, String)
    )
    return (
        select(
            literal("application").label("subject_type"),
            a.application_ref.label("subject_ref"),
            a.agency_decision.label("due_date"),
            m.panel_date.label("event_date"),
            outcome.label("outcome"),
            standard.label("standard"),
            route.label("panel_route"),
            m.panel_ref,
            a.panel_recommendation,
            m.chair_present,
            m.members_present,
            m.independent_members,
            case((quorum_set, on_meeting.c.quorum_members)).label("quorum_members"),
            a.no_panel_reason,
            on_decision.c.instrument.label("in_force_on_decision"),
            on_meeting.c.instrument.label("in_force_on_panel_date"),
        )
        .select_from(apps)
        .join(on_decision, ctx.in_force(on_decision, a.agency_decision))
        .outerjoin(panel, panel.c.id == a.panel_id)
        .outerjoin(on_meeting, ctx.in_force(on_meeting, m.panel_date))
        .where(a.agency_decision_outcome == "approve")
    )
