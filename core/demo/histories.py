"""Care histories for the demo council's children: episodes and reviews.

Most reviews are on time; about one in twelve is late by days or weeks. A few children
came into care before the data starts, some leave care, some are on short breaks.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from dateutil.relativedelta import relativedelta

from scrutiny.demo.council import DEMO_AS_OF, DEMO_STARTS, DemoChild, DemoCouncil, DemoEpisode
from scrutiny.working_days import WorkingDayCalendar

ETHNIC = (
    "WBRI",
    "WBRI",
    "WBRI",
    "WBRI",
    "WOTH",
    "MWBC",
    "MWAS",
    "AIND",
    "APKN",
    "BAFR",
    "BCRB",
    "CHNE",
    "OOTH",
    "WIRT",
)
CIN = ("N1", "N1", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
FOSTER = ("U6", "U6", "U6", "U4", "U4", "U3", "U1")
OTHER_PLACES = ("K2", "P1", "R1", "H5")
LEAVING = ("E13", "E8", "E11", "E45", "E41")


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def make_council(
    folder: Path,
    children: int,
    seed: int,
    *,
    starts: dt.date = DEMO_STARTS,
    children_in_need: int | None = None,
    care_leavers: int | None = None,
) -> DemoCouncil:
    """A synthetic council of ``children`` looked-after children whose care histories
    begin on ``starts`` (the demo's three years by default; benchmarks ask for ten), the
    same for the same seed. ``children_in_need`` and ``care_leavers`` ask the plugins for
    that many of each instead of their own shares of ``children``."""
    calendar = WorkingDayCalendar()
    rng = DemoCouncil.rng_for(seed, "children")
    return DemoCouncil(
        folder=folder,
        seed=seed,
        children=make_children(children, rng, starts, DEMO_AS_OF, calendar),
        starts=starts,
        calendar=calendar,
        children_in_need=children_in_need,
        care_leavers=care_leavers,
    )


def make_children(
    count: int, rng: random.Random, starts: dt.date, as_of: dt.date, calendar: WorkingDayCalendar
) -> list[DemoChild]:
    children = []
    for number in range(1, count + 1):
        child = _child(number, rng, starts, as_of)
        _episodes(child, rng, starts, as_of)
        _reviews(child, rng, as_of, calendar)
        children.append(child)
    return children


def _child(number: int, rng: random.Random, starts: dt.date, as_of: dt.date) -> DemoChild:
    return DemoChild(
        ref=f"C{number:06d}",
        sex=rng.choice("12"),
        dob=starts,  # set when the child's care starts
        ethnic=rng.choice(ETHNIC),
        home_post=f"NS{rng.randint(1, 9)} {rng.randint(1, 9)}",
    )


def _episodes(child: DemoChild, rng: random.Random, starts: dt.date, as_of: dt.date) -> None:
    latest = as_of - dt.timedelta(days=20)
    start = _date_between(rng, starts - relativedelta(months=8), latest)
    if rng.random() < 0.88 and start < starts:  # most children come into care in the data
        start = _date_between(rng, starts, latest)
    child.dob = start - dt.timedelta(days=rng.randint(1, 16 * 365))
    eighteen = child.dob + relativedelta(years=18)
    end_of_care = min(as_of, eighteen - dt.timedelta(days=1))
    if rng.random() < 0.04:
        _short_breaks(child, rng, start, end_of_care)
        return
    legal = rng.choices(("C2", "V2", "C1", "E1"), weights=(45, 30, 20, 5))[0]
    cin = rng.choice(CIN)
    day = start
    rne = "S"
    while True:
        place = rng.choice(FOSTER) if rng.random() < 0.8 else rng.choice(OTHER_PLACES)
        if place == "P1" and legal not in ("C1", "C2"):
            place = "U6"
        length = rng.randint(60, 700)
        end = day + dt.timedelta(days=length)
        episode = DemoEpisode(
            decom=day,
            rne=rne,
            ls=legal,
            cin=cin,
            place=place,
            place_provider="PR1" if place != "K2" else rng.choice(("PR1", "PR4")),
            pl_post=f"NS{rng.randint(1, 9)} {rng.randint(1, 9)}",
            urn=f"SC{rng.randint(100000, 999999)}" if place == "K2" else "XXXXXXX",
            reason_place_change=None if rne == "S" else rng.choice(("CARPL", "LAREQ", "CHILD")),
        )
        child.episodes.append(episode)
        if end >= end_of_care:
            if end_of_care < as_of:  # turned 18 in the data
                episode.dec, episode.rec = end_of_care, "E8"
            break
        if rng.random() < 0.25:  # leaves care
            episode.dec, episode.rec = end, rng.choice(LEAVING)
            break
        episode.dec, episode.rec = end, "X1"
        if legal == "C1" and rng.random() < 0.6:
            legal, rne = "C2", "L"
            episode_place = place
            child.episodes.append(
                DemoEpisode(
                    decom=end,
                    rne="L",
                    ls=legal,
                    cin=cin,
                    place=episode_place,
                    place_provider=episode.place_provider,
                    pl_post=episode.pl_post,
                    urn=episode.urn,
                )
            )
            follow = end + dt.timedelta(days=rng.randint(60, 500))
            if follow >= end_of_care:
                if end_of_care < as_of:
                    child.episodes[-1].dec, child.episodes[-1].rec = end_of_care, "E8"
                break
            child.episodes[-1].dec, child.episodes[-1].rec = follow, "X1"
            end = follow
        day, rne = end, "P"


def _short_breaks(child: DemoChild, rng: random.Random, start: dt.date, end: dt.date) -> None:
    day = start
    while day < end - dt.timedelta(days=10):
        stay = rng.randint(1, 4)
        child.episodes.append(
            DemoEpisode(
                decom=day,
                rne="S",
                ls="V3",
                cin="N2",
                place="U6",
                place_provider="PR1",
                dec=day + dt.timedelta(days=stay),
                rec="E13",
            )
        )
        day += dt.timedelta(days=rng.randint(20, 60))


def _reviews(
    child: DemoChild, rng: random.Random, as_of: dt.date, calendar: WorkingDayCalendar
) -> None:
    """Reviews for each period of care: mostly on time, some late."""
    if child.short_breaks:
        return
    periods: list[tuple[dt.date, dt.date | None]] = []
    for episode in child.episodes:
        if episode.rne == "S" or not periods:
            periods.append((episode.decom, episode.dec))
        else:
            periods[-1] = (periods[-1][0], episode.dec)
    for start, end in periods:
        finish = end or as_of
        due = calendar.add_working_days(start, 20)
        number = 1
        while due < finish:
            late = rng.random() < 0.08
            if late:
                held = due + dt.timedelta(days=rng.randint(1, 35))
            else:
                window = {1: 12, 2: 25}.get(number, 40)
                held = due - dt.timedelta(days=rng.randint(0, window))
            if held > finish:
                break
            child.reviews.append(held)
            number += 1
            due = held + relativedelta(months=3 if number == 2 else 6)
