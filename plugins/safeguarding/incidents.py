"""CP-SIN and CP-RAPID-REVIEW: serious child safeguarding incidents notified within 5
working days (the duty: Children Act 2004 s16C(1); the timescale: Working Together to
Safeguard Children 2018), and the safeguarding partners' rapid review within 15 working
days.

CP-SIN judges each incident once per recipient (its ``requirement``): the Child
Safeguarding Practice Review Panel and Ofsted always, the Secretary of State where the
child was looked after; due 5 working days after the council became aware. A death
makes the finding critical. Never relaxed: the Panel's coronavirus advice (Trafford
Safeguarding Partnership, 30 March 2020) kept the 5 days.

CP-RAPID-REVIEW judges each incident's rapid review, due 15 working days after the
notification was sent to the Panel (Cambridgeshire's reading), or after the council
became aware where no Panel notification is recorded (``clock_from`` says which). A late
review is not met in every period; in the relaxed period (30 March to 31 December 2020)
it may be covered by a deviation relying on CSPRP-COVID-2020, and the engine judges such
a deviation lapsed for a due date outside that basis's dates. Whether the imported file
gave a reason for the delay is evidence (``delay_reason_recorded``); its free text is
never copied into a finding.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, and_, case, literal, null, select, union_all

from scrutiny import rule
from scrutiny.models.child import child_ref
from scrutiny.plugins.safeguarding.models import RapidReview, SeriousIncident
from scrutiny.rules.context import RuleContext

INCIDENTS = "safeguarding.serious_incidents"
RAPID_REVIEWS = "safeguarding.rapid_reviews"
RECIPIENTS = {
    "panel": "the Child Safeguarding Practice Review Panel",
    "ofsted": "Ofsted",
    "secretary-of-state": "the Secretary of State",
}
FROM_PANEL = "Panel notified"
FROM_AWARE = "council became aware (no Panel notification recorded)"


@rule("CP-SIN")
def incident_notifications(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    i = SeriousIncident
    notified = {
        "panel": i.panel_notified_on,
        "ofsted": i.ofsted_notified_on,
        "secretary-of-state": i.sos_notified_on,
    }
    selects = []
    for recipient, name in RECIPIENTS.items():
        count = select(
            i.id.label("incident_id"),
            literal(recipient, String).label("recipient"),
            literal(name, String).label("recipient_name"),
            ctx.known(notified[recipient]).label("notified_on"),
        )
        if recipient == "secretary-of-state":
            count = count.where(i.looked_after.is_(True))
        selects.append(count)
    counts = union_all(*selects).subquery("notification_counts")
    periods = ctx.periods()
    judged = (
        select(
            i.child_id,
            i.incident_ref,
            i.incident_date,
            i.aware_on,
            i.harm,
            i.looked_after,
            counts.c.recipient,
            counts.c.recipient_name,
            counts.c.notified_on,
            ctx.add_working_days(i.aware_on, periods.c.notify_working_days).label("due_date"),
            periods.c.standard,
            periods.c.instrument,
        )
        .select_from(i)
        .join(counts, counts.c.incident_id == i.id)
        .join(periods, ctx.in_force(periods, i.aware_on))
        .where(i.aware_on <= as_of)
        .subquery("notification_due")
    )
    j = judged.c
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.notified_on.label("event_date"),
        ctx.timeliness(j.due_date, j.notified_on, ctx.data_until(INCIDENTS)).label("outcome"),
        j.standard,
        (j.incident_ref + literal(": ") + j.recipient).label("requirement"),
        case((j.harm == "death", "critical"), else_=null()).label("severity"),
        j.incident_ref,
        j.recipient,
        j.recipient_name,
        j.harm,
        case((j.looked_after.is_(True), "yes"), else_="no").label("looked_after"),
        j.incident_date,
        j.aware_on,
        ctx.working_days_between(j.aware_on, j.notified_on).label("working_days_to_notify"),
        j.instrument.label("judged_under"),
    )


@rule("CP-RAPID-REVIEW")
def rapid_reviews(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    i = SeriousIncident
    rr = RapidReview
    panel_notified = ctx.known(i.panel_notified_on)
    incidents = (
        select(
            i.child_id,
            i.incident_ref,
            i.aware_on,
            i.harm,
            panel_notified.label("panel_notified_on"),
            case((panel_notified.is_not(None), panel_notified), else_=i.aware_on).label(
                "clock_start"
            ),
            case((panel_notified.is_not(None), FROM_PANEL), else_=FROM_AWARE).label("clock_from"),
            ctx.known(rr.completed_on).label("completed_on"),
            ctx.known(rr.sent_to_panel_on).label("sent_to_panel_on"),
            case(
                (and_(rr.delay_reason.is_not(None), rr.delay_reason != ""), "yes"), else_="no"
            ).label("delay_reason_recorded"),
        )
        .select_from(i)
        .outerjoin(rr, rr.incident_ref == i.incident_ref)
        .where(i.aware_on <= as_of)
        .subquery("rapid_review_incidents")
    )
    clock = ctx.periods()
    judged = (
        select(
            incidents,
            ctx.add_working_days(incidents.c.clock_start, clock.c.rapid_review_working_days).label(
                "due_date"
            ),
            clock.c.standard,
            clock.c.instrument.label("clock_set_by"),
        )
        .join(clock, ctx.in_force(clock, incidents.c.clock_start))
        .subquery("rapid_review_due")
    )
    j = judged.c
    on_due = clock.alias("periods_on_due_date")
    known_until = ctx.data_until(INCIDENTS, RAPID_REVIEWS)
    return select(
        literal("child").label("subject_type"),
        child_ref(j.child_id).label("subject_ref"),
        j.due_date,
        j.completed_on.label("event_date"),
        ctx.timeliness(j.due_date, j.completed_on, known_until).label("outcome"),
        j.standard,
        (literal("rapid review of ") + j.incident_ref).label("requirement"),
        j.incident_ref,
        j.harm,
        j.aware_on,
        j.panel_notified_on,
        j.clock_start.label("clock_started_on"),
        j.clock_from,
        j.sent_to_panel_on,
        j.delay_reason_recorded,
        on_due.c.covid_relaxation,
        ctx.working_days_between(j.clock_start, j.completed_on).label("working_days_taken"),
        j.clock_set_by,
        on_due.c.instrument.label("in_force_on_due_date"),
    ).join(on_due, ctx.in_force(on_due, j.due_date))
