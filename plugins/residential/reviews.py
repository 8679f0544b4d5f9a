"""CH-REG45: the quality of care reviewed at least every 6 months (Children's Homes
(England) Regulations 2015 reg 45).

The first review is due 6 months after the home's registration, each later one 6 months
after the one before, while the home stays registered (a chain of reviews within the
registration span, :func:`scrutiny.rules.chains.event_chain`). Reviews before the
earliest imported reviews file are unknown: for a home registered before it, the start
of the data is taken as if a review had been held that day, so a review within 6 months
of it cannot be judged (a data gap) while one later than that is certainly late. A
review falling due between 24 Apr and 25 Sep 2020 and held late is ``manual``
(SI 2020/445 reg 11's effect on reg 45 was not read).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, literal, null, select

from scrutiny import rule
from scrutiny.db.base import table_of
from scrutiny.plugins.residential.models import Home, QualityReview
from scrutiny.plugins.residential.refs import home_ref
from scrutiny.rules.chains import due_at_intervals, event_chain
from scrutiny.rules.context import RuleContext

HOMES = "residential.homes"
REVIEWS = "residential.reg45_reviews"


@rule("CH-REG45")
def quality_of_care_reviews(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    homes = ctx.stage(
        "homes",
        select(Home.id.label("home_id"), Home.registered_on, Home.ceased_on).where(
            Home.registered_on <= as_of
        ),
        ("home_id", "registered_on"),
    )
    chain = event_chain(
        homes,
        ("home_id",),
        "registered_on",
        "ceased_on",
        table_of(QualityReview),
        ("home_id",),
        "reviewed_on",
        as_of,
        carry=("report_to_ofsted_on",),
        event_label="review",
        name="reg45_chain",
        ctx=ctx,
    )
    due = due_at_intervals(
        ctx,
        chain,
        start="registered_on",
        end="ceased_on",
        months="interval_months",
        data_from=ctx.data_from(REVIEWS),
        known_until=ctx.data_until(HOMES, REVIEWS),
        event_label="review",
        name="reg45_due",
    )
    judged = due.judged
    on_due = ctx.periods().alias("periods_on_due_date")
    outcome = case(
        (and_(due.outcome == "not-met", on_due.c.covid_relaxation == "unverified"), "manual"),
        else_=due.outcome,
    )
    required = due.required  # a review falls due only while the home stays registered
    return (
        select(
            literal("home").label("subject_type"),
            home_ref(judged.c.home_id).label("subject_ref"),
            judged.c.due_date,
            judged.c.review.label("event_date"),
            outcome.label("outcome"),
            judged.c.standard,
            judged.c.registered_on,
            judged.c.ceased_on,
            case((judged.c.pre_data, null()), else_=judged.c.number).label("review_number"),
            judged.c.previous.label("previous_review"),
            judged.c.report_to_ofsted_on.label("report_to_ofsted"),
            judged.c.instrument.label("interval_set_by"),
            on_due.c.instrument.label("in_force_on_due_date"),
        )
        .join(on_due, ctx.in_force(on_due, judged.c.due_date))
        .where(required)
    )
