"""The demo council's statutory visits and placement details, and (from
``write_plan_files``) its care and placement plans, out-of-area placements, health
assessments and personal education plans.

Most visits are on time and in person. Between 24 Apr and 24 Sep 2020 (SI 2020/445)
some are by video; between 25 Sep 2020 and 30 Sep 2021 (SI 2020/909) about a third are
by phone or video, nearly all with a coronavirus reason recorded; afterwards a few
remote visits without a lawful basis remain, for the register to explain or not.
"""

from __future__ import annotations

import datetime as dt
import random

from dateutil.relativedelta import relativedelta

from scrutiny.demo.council import DemoChild, DemoCouncil, DemoEpisode

SI_2020_445 = (dt.date(2020, 4, 24), dt.date(2020, 9, 24))
SI_2020_909 = (dt.date(2020, 9, 25), dt.date(2021, 9, 30))
VISITS_FILE = "looked_after/visits.csv"
DETAILS_FILE = "looked_after/placement_details.csv"


def write_demo_files(council: DemoCouncil) -> None:
    rng = council.rng("looked_after.visits")
    visits: list[tuple[object, ...]] = []
    details: list[tuple[object, ...]] = []
    for child in council.children:
        if child.short_breaks:
            continue
        for start, end, first in child.placements():
            regime = _regime(first, rng)
            if regime == "reg24-connected":
                details.append((child.ref, start, regime, "no"))
            # a placement that ended hands over to the next on its last day
            last_day = end - dt.timedelta(days=1) if end else council.as_of
            visits.extend(_visits(child, start, last_day, first, regime, rng, council.as_of))
    council.write_csv(
        VISITS_FILE,
        ("CHILD", "VISIT_DATE", "MODE", "SEEN_ALONE", "REMOTE_REASON", "REASON_DETAIL"),
        visits,
    )
    council.write_csv(DETAILS_FILE, ("CHILD", "DECOM", "REGIME", "LONG_TERM"), details)


def _regime(first: DemoEpisode, rng: random.Random) -> str:
    if first.place == "P1":
        return "ico-parent" if first.ls == "C1" else "care-order-parent"
    if first.place == "U3" and rng.random() < 0.3:
        return "reg24-connected"
    return "standard"


def _interval(
    regime: str, previous: dt.date, start: dt.date, first_review: dt.date | None, long_term: bool
) -> int:
    weekly = regime in ("reg24-connected", "ico-parent", "reg19-parent")
    if weekly and (first_review is None or previous < first_review):
        return 7
    if regime in ("reg24-connected", "ico-parent"):
        return 28
    if regime == "standard" and long_term and previous >= start + relativedelta(years=1):
        return 90
    return 42


def _visits(
    child: DemoChild,
    start: dt.date,
    end: dt.date,
    first: DemoEpisode,
    regime: str,
    rng: random.Random,
    as_of: dt.date,
) -> list[tuple[object, ...]]:
    long_term = first.place in ("U1", "U4")
    first_review = next((r for r in child.reviews if r >= start), None)
    rows = []
    day = start + dt.timedelta(
        days=rng.randint(0, 6) if rng.random() < 0.95 else rng.randint(8, 14)
    )
    while day <= min(end, as_of):
        rows.append(_visit(child, day, rng))
        interval = _interval(regime, day, start, first_review, long_term)
        if rng.random() < 0.025:
            step = interval + rng.randint(1, 20)
        else:
            step = rng.randint(max(1, interval // 2), interval)
        day += dt.timedelta(days=step)
    return rows


def _visit(child: DemoChild, day: dt.date, rng: random.Random) -> tuple[object, ...]:
    age = relativedelta(day, child.dob).years
    alone = ("yes" if rng.random() < 0.85 else "no") if age >= 5 else ""
    mode, reason, detail = "in-person", "", ""
    if SI_2020_445[0] <= day <= SI_2020_445[1] and rng.random() < 0.15:
        mode = "video"
    elif SI_2020_909[0] <= day <= SI_2020_909[1] and rng.random() < 0.3:
        mode = rng.choice(("video", "phone"))
        if rng.random() < 0.92:
            reason = rng.choice(("covid-guidance", "covid-not-practicable"))
            detail = (
                "Household self-isolating"
                if reason == "covid-guidance"
                else ("Social worker self-isolating; no cover available")
            )
    elif day > SI_2020_909[1] and rng.random() < 0.02:
        mode, reason, detail = "video", "other", "Carer unwell; visit by video instead"
    return (child.ref, day, mode, alone, reason, detail)


# Care and placement plans, out-of-area notices, health assessments and PEPs -------------
#
# Mostly on time. About one care plan in twenty and one placement plan in fifteen is
# late, a few are missing; about one placement in seven is outside the council's area,
# a quarter of those emergencies, and about one notice in ten is late. Initial health
# assessments are by a doctor, except about one in fifteen by a nurse; about one review
# assessment in ten is late. PEPs are held about every four months for children of
# school age.

CARE_PLANS_FILE = "looked_after/care_plans.csv"
PLACEMENT_PLANS_FILE = "looked_after/placement_plans.csv"
OUT_OF_AREA_FILE = "looked_after/out_of_area.csv"
HEALTH_FILE = "looked_after/health_assessments.csv"
PEPS_FILE = "looked_after/peps.csv"
AREAS = (
    "Southshire County Council",
    "Eastmoor Borough Council",
    "Westvale Metropolitan Borough Council",
    "Lowfield City Council",
    "Riverdale Unitary Council",
)


def write_plan_files(council: DemoCouncil) -> None:
    """The demo council's care plans, placement plans, out-of-area placements, health
    assessments and personal education plans (one seeded generator per file)."""
    care_plans: list[tuple[object, ...]] = []
    placement_plans: list[tuple[object, ...]] = []
    out_of_area: list[tuple[object, ...]] = []
    health: list[tuple[object, ...]] = []
    peps: list[tuple[object, ...]] = []
    rngs = {
        name: council.rng(f"looked_after.{name}")
        for name in ("care_plans", "placement_plans", "out_of_area", "health", "peps")
    }
    for child in council.children:
        if child.short_breaks:
            continue
        for start, end in _periods(child):
            last_day = min(end or council.as_of, council.as_of)
            care_plans.extend(_care_plan(child, start, last_day, council, rngs["care_plans"]))
            health.extend(_health(child, start, last_day, council, rngs["health"]))
            peps.extend(_peps(child, start, last_day, rngs["peps"]))
        for start, end, _ in child.placements():
            last_day = min(end or council.as_of, council.as_of)
            placement_plans.extend(
                _placement_plan(child, start, last_day, council, rngs["placement_plans"])
            )
            out_of_area.extend(_out_of_area(child, start, council, rngs["out_of_area"]))
    council.write_csv(CARE_PLANS_FILE, ("CHILD", "CARE_PLAN_DATE"), _unique(care_plans, 2))
    council.write_csv(PLACEMENT_PLANS_FILE, ("CHILD", "DECOM", "PLAN_DATE"), placement_plans)
    council.write_csv(
        OUT_OF_AREA_FILE,
        ("CHILD", "DECOM", "AREA_AUTHORITY", "EMERGENCY", "NOTIFIED"),
        out_of_area,
    )
    council.write_csv(
        HEALTH_FILE, ("CHILD", "ASSESSED", "KIND", "PRACTITIONER"), _unique(health, 2)
    )
    council.write_csv(PEPS_FILE, ("CHILD", "PEP_DATE"), _unique(peps, 2))


def _unique(rows: list[tuple[object, ...]], key: int) -> list[tuple[object, ...]]:
    """The rows without any whose first ``key`` values repeat an earlier row's (two
    periods of care can put two dates of one child on the same day)."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for row in rows:
        if row[:key] not in seen:
            seen.add(row[:key])
            kept.append(row)
    return kept


def _periods(child: DemoChild) -> list[tuple[dt.date, dt.date | None]]:
    """(start, end) of each period of care: a new one with each episode that starts care."""
    periods: list[tuple[dt.date, dt.date | None]] = []
    for episode in child.episodes:
        if episode.ls in ("V3", "V4"):
            continue
        if episode.rne == "S" or not periods:
            periods.append((episode.decom, episode.dec))
        else:
            periods[-1] = (periods[-1][0], episode.dec)
    return periods


def _care_plan(
    child: DemoChild, start: dt.date, last_day: dt.date, council: DemoCouncil, rng: random.Random
) -> list[tuple[object, ...]]:
    roll = rng.random()
    if roll < 0.02:
        return []  # never recorded
    due = council.calendar.add_working_days(start, 10)
    if roll < 0.07:
        day = due + dt.timedelta(days=rng.randint(1, 25))
    elif roll < 0.3:
        day = council.calendar.add_working_days(start, rng.randint(1, 10))
    else:
        day = start - dt.timedelta(days=rng.randint(0, 7))
    return [(child.ref, day)] if day <= last_day else []


def _placement_plan(
    child: DemoChild, start: dt.date, last_day: dt.date, council: DemoCouncil, rng: random.Random
) -> list[tuple[object, ...]]:
    roll = rng.random()
    if roll < 0.01:
        return []
    due = council.calendar.add_working_days(start, 5)
    if roll < 0.07:
        day = due + dt.timedelta(days=rng.randint(1, 15))
    elif roll < 0.4:
        day = council.calendar.add_working_days(start, rng.randint(1, 5))
    else:
        day = start - dt.timedelta(days=rng.randint(0, 5))
    return [(child.ref, start, day)] if day <= last_day else []


def _out_of_area(
    child: DemoChild, start: dt.date, council: DemoCouncil, rng: random.Random
) -> list[tuple[object, ...]]:
    if rng.random() >= 0.15:
        return []
    emergency = rng.random() < 0.25
    due = council.calendar.add_working_days(start, 5) if emergency else start
    roll = rng.random()
    notified: dt.date | None
    if roll < 0.03:
        notified = None
    elif roll < 0.12:
        notified = due + dt.timedelta(days=rng.randint(1, 10))
    elif emergency:
        notified = council.calendar.add_working_days(start, rng.randint(1, 5))
    else:
        notified = start - dt.timedelta(days=rng.randint(0, 7))
    if notified is not None and notified > council.as_of:
        notified = None
    return [(child.ref, start, rng.choice(AREAS), "Y" if emergency else "N", notified)]


def _health(
    child: DemoChild, start: dt.date, last_day: dt.date, council: DemoCouncil, rng: random.Random
) -> list[tuple[object, ...]]:
    first_review = next((r for r in child.reviews if r >= start), None)
    due = first_review or council.calendar.add_working_days(start, 20)
    if rng.random() < 0.9:
        day = council.calendar.add_working_days(start, rng.randint(3, 18))
        day = min(day, due)
    else:
        day = due + dt.timedelta(days=rng.randint(1, 30))
    practitioner = "nurse" if rng.random() < 0.07 else "doctor"
    rows: list[tuple[object, ...]] = []
    kind = "initial"
    while day <= last_day:
        rows.append((child.ref, day, kind, practitioner))
        kind = "review"
        practitioner = "doctor" if rng.random() < 0.2 else "nurse"
        six_monthly = day + relativedelta(months=6)
        months = 6 if six_monthly < child.dob + relativedelta(years=5) else 12
        next_due = day + relativedelta(months=months)
        if rng.random() < 0.1:
            day = next_due + dt.timedelta(days=rng.randint(1, 40))
        else:
            day = next_due - dt.timedelta(days=rng.randint(0, 45))
    return rows


def _peps(
    child: DemoChild, start: dt.date, last_day: dt.date, rng: random.Random
) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    day = start + dt.timedelta(days=rng.randint(5, 25))
    while day <= last_day:
        age = relativedelta(day, child.dob).years
        if 5 <= age < 16:
            rows.append((child.ref, day))
        day += dt.timedelta(days=rng.randint(100, 135))
    return rows
