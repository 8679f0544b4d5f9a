"""Placements in residential provision without the registration the law requires.

The source is the plugin's own placements file, not SSDA903: the law turns on facts the
return does not carry (whether the provision provides care; whether the child is there
under "other arrangements", Children Act 1989 s22C(6)(d); which setting it is, for the
listed and excepted settings). A placement is judged on one day, its *judged day*:

- **CH-DEF** (Care Standards Act 2000 s1), from 1 Apr 2015: a placement in provision
  that provides care and accommodation with no Ofsted URN is a possible unregistered
  children's home, ``manual`` (a person decides); with a URN it is met. Hospitals and
  residential family centres are excluded by s1 and not judged.
- **LAC-UNREG-U16** (CPPCR reg 27A, from 9 Sep 2021): an other-arrangements placement
  of a child under 16, judged on the later of its start and 9 Sep 2021. Supported or
  independent accommodation is not met; a listed setting (or a registered children's
  home) is met; any other setting is ``manual`` (the list read may go on).
- **SA-2023** (CPPCR reg 27C, from 28 Oct 2023): an other-arrangements placement of a
  16 or 17 year old, judged on the latest of its start, 28 Oct 2023 and the 16th
  birthday: met with an Ofsted URN; not met in supported or independent accommodation
  without one; ``manual`` in another unregistered setting; excepted accommodation
  (care home, college, 16-19 academy, hospital, children's home) is not judged.

A placement that ended before its rule came into force is not judged by it. Ages come
from the child's date of birth in the core ``child`` table (SSDA903 Header).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Select, and_, case, cast, func, literal, null, select

from scrutiny import rule
from scrutiny.db.portable import greatest
from scrutiny.models.child import Child, birthday
from scrutiny.plugins.residential.models import ResidentialPlacement
from scrutiny.rules.context import RuleContext

NOT_CHILDRENS_HOMES = ("hospital", "residential-family-centre")  # CSA 2000 s1 exclusions
LISTED_FOR_UNDER_16S = (
    "care-home",
    "hospital",
    "residential-family-centre",
    "school",
    "holiday-scheme",
)
UNREGULATED = ("supported-accommodation", "independent-living")
EXCEPTED_ACCOMMODATION = (
    "care-home",
    "further-education-college",
    "16-19-academy",
    "hospital",
    "childrens-home",
)
ADULT = 18


def _evidence(p: Any) -> list[Any]:
    return [
        p.provider_ref.label("provider"),
        p.setting,
        p.urn,
        p.started_on.label("placement_started"),
        p.ended_on.label("placement_ended"),
    ]


def _requirement(p: Any) -> Any:
    return (p.setting + " " + p.provider_ref).label("requirement")


@rule("CH-DEF")
def possible_unregistered_homes(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    periods = ctx.periods()
    p = ResidentialPlacement
    judged = greatest(p.started_on, periods.c.period_start)
    return (
        select(
            literal("child").label("subject_type"),
            Child.child_ref.label("subject_ref"),
            judged.label("due_date"),
            cast(null(), Date).label("event_date"),
            case((p.urn.is_not(None), "met"), else_="manual").label("outcome"),
            periods.c.standard,
            _requirement(p),
            *_evidence(p),
        )
        .select_from(p)
        .join(Child, Child.id == p.child_id)
        .join(periods, judged <= periods.c.period_end)
        .where(p.care_provided.is_(True), p.setting.not_in(NOT_CHILDRENS_HOMES))
        .where(judged <= func.coalesce(p.ended_on, as_of), judged <= as_of)
    )


@rule("LAC-UNREG-U16")
def under_16s_in_other_arrangements(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    periods = ctx.periods()
    p = ResidentialPlacement
    judged = greatest(p.started_on, periods.c.period_start)
    sixteen = birthday(Child.dob, periods.c.maximum_age + 1)
    outcome = case(
        (Child.dob.is_(None), "data-gap"),
        (p.setting.in_(LISTED_FOR_UNDER_16S), "met"),
        (and_(p.setting == "childrens-home", p.urn.is_not(None)), "met"),
        (p.setting.in_((*UNREGULATED, "childrens-home")), "not-met"),
        else_="manual",
    )
    return (
        select(
            literal("child").label("subject_type"),
            Child.child_ref.label("subject_ref"),
            judged.label("due_date"),
            cast(null(), Date).label("event_date"),
            outcome.label("outcome"),
            periods.c.standard,
            _requirement(p),
            *_evidence(p),
            Child.dob.label("date_of_birth"),
            sixteen.label("sixteenth_birthday"),
        )
        .select_from(p)
        .join(Child, Child.id == p.child_id)
        .join(periods, judged <= periods.c.period_end)
        .where(p.other_arrangements.is_(True))
        .where(judged <= func.coalesce(p.ended_on, as_of), judged <= as_of)
        .where((Child.dob.is_(None)) | (judged < sixteen))
    )


@rule("SA-2023")
def unregistered_supported_accommodation(ctx: RuleContext) -> Select[Any]:
    as_of = ctx.as_of_value
    periods = ctx.periods()
    p = ResidentialPlacement
    sixteen = birthday(Child.dob, periods.c.minimum_age)
    eighteen = birthday(Child.dob, ADULT)
    judged = greatest(p.started_on, periods.c.period_start, sixteen)
    outcome = case(
        (p.urn.is_not(None), "met"),
        (p.setting.in_(UNREGULATED), "not-met"),
        else_="manual",
    )
    return (
        select(
            literal("child").label("subject_type"),
            Child.child_ref.label("subject_ref"),
            judged.label("due_date"),
            cast(null(), Date).label("event_date"),
            outcome.label("outcome"),
            periods.c.standard,
            _requirement(p),
            *_evidence(p),
            Child.dob.label("date_of_birth"),
        )
        .select_from(p)
        .join(Child, Child.id == p.child_id)
        .join(periods, judged <= periods.c.period_end)
        .where(p.other_arrangements.is_(True), p.setting.not_in(EXCEPTED_ACCOMMODATION))
        .where(judged <= func.coalesce(p.ended_on, as_of), judged <= as_of, judged < eighteen)
    )
