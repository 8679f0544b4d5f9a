"""The demo council's statutory visits and placement details.

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
