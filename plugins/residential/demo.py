"""The demo council's children's homes: notifications, visits, reviews, notices,
a closure and placements. Synthetic only; deterministic from ``council.rng("residential")``.

Five homes (H01-H05), and one more for every 100 children beyond 200. Most of the record
is in order; the exceptions are placed on purpose:

- regulation 40: about one event per home a year, every required recipient told within
  a day (each is 'manual' unless the council sets notify_within_hours); H01 told Ofsted
  of a police incident 52 hours after it; H02 never told the placing authority of a DBS
  referral; an event at H03 in SI 2020/445's window with Ofsted never told ('manual');
- regulation 44: an in-person visit every month, except H01's virtual visits, on 23 Apr
  2020 (the day before the window: April not met) and in May to August 2020 (lawful);
  H03's August 2020 visit was virtual on 25 Aug (inside: met) and its only September
  2020 visit virtual on 26 Sep (the day after: not met); H04 missed June 2020 with
  reasonable endeavours recorded (lawful); H05 missed November 2021 (not met);
- regulation 45: reviews about every 5-6 months; H03's reviews from 2021 are 7 months
  apart (late); the first review of each home in the data is a data gap (the one before
  it is not in the data);
- regulation 48/49: a planned absence with a month's notice and the return notified
  (H01), an emergency absence notified after 11 days (H03: not met), a new manager
  notified on the day (H01);
- closure: H02 closed on 30 Jun 2021 without telling Ofsted (not met), having applied
  to cancel its registration with no Ofsted notice outstanding (met);
- placements: the council's children in K2 children's homes with a URN (met), one child
  placed where care is provided with no URN (CH-DEF, 'manual'), and one child under 16
  placed in unregistered supported accommodation after 9 Sep 2021 (LAC-UNREG-U16, not
  met), taken from the SSDA903 episodes where one fits. SA-2023 (from 28 Oct 2023) cannot
  show: the demo's data end on 31 Mar 2022.
"""

from __future__ import annotations

import datetime as dt
import random

from dateutil.relativedelta import relativedelta

from scrutiny.demo.council import DemoChild, DemoCouncil

FOLDER = "residential"
D = dt.date
WINDOW = (D(2020, 4, 24), D(2020, 9, 25))
U16_FROM = D(2021, 9, 9)
Row = tuple[object, ...]


def write_demo_files(council: DemoCouncil) -> None:
    rng = council.rng("residential")
    homes = [f"H{n:02d}" for n in range(1, 6 + max(0, (len(council.children) - 200) // 100))]
    registered = {home: D(2016, 1, 4) + dt.timedelta(days=rng.randint(0, 900)) for home in homes}
    ceased = {"H02": D(2021, 6, 30)}
    council.write_csv(
        f"{FOLDER}/homes.csv",
        ("HOME", "URN", "REGISTERED", "CEASED", "SECURE"),
        [
            (home, f"SC9{n:05d}", registered[home], ceased.get(home), "no")
            for n, home in enumerate(homes, start=1)
        ],
    )
    council.write_csv(
        f"{FOLDER}/events.csv",
        (
            "EVENT",
            "HOME",
            "TYPE",
            "OCCURRED",
            "CHILD",
            "OFSTED",
            "PLACING_AUTHORITY",
            "SECRETARY_OF_STATE",
            "HOST_AUTHORITY",
            "ICB",
            "PPO",
        ),
        _events(homes, ceased, rng, council),
    )
    visits, endeavours = _visits(homes, ceased, rng, council)
    council.write_csv(
        f"{FOLDER}/reg44_visits.csv",
        ("HOME", "VISITED", "MODE", "INDEPENDENT", "REPORT_TO_OFSTED"),
        visits,
    )
    council.write_csv(f"{FOLDER}/reg44_endeavours.csv", ("HOME", "MONTH", "NOTE"), endeavours)
    council.write_csv(
        f"{FOLDER}/reg45_reviews.csv",
        ("HOME", "REVIEWED", "REPORT_TO_OFSTED"),
        _reviews(homes, ceased, rng, council),
    )
    council.write_csv(
        f"{FOLDER}/manager_absences.csv",
        ("HOME", "STARTED", "EXPECTED_END", "ENDED", "PLANNED", "NOTICE_GIVEN", "RETURN_NOTIFIED"),
        [
            (
                "H01",
                D(2021, 2, 1),
                D(2021, 4, 15),
                D(2021, 4, 15),
                "yes",
                D(2020, 12, 20),
                D(2021, 4, 19),
            ),
            ("H03", D(2020, 11, 2), "", D(2020, 12, 14), "no", D(2020, 11, 13), D(2020, 12, 15)),
        ],
    )
    council.write_csv(
        f"{FOLDER}/change_notices.csv",
        ("HOME", "CHANGE", "CHANGED", "NOTIFIED"),
        [("H01", "new-manager", D(2019, 9, 2), D(2019, 9, 2))],
    )
    council.write_csv(
        f"{FOLDER}/closures.csv",
        (
            "HOME",
            "CLOSES",
            "NOTIFIED",
            "APPLIED",
            "PROPOSAL_NOTICE",
            "PROPOSAL_DROPPED",
            "DECISION_NOTICE",
        ),
        [("H02", ceased["H02"], "", D(2021, 5, 3), "", "", "")],
    )
    council.write_csv(
        f"{FOLDER}/placements.csv",
        (
            "CHILD",
            "STARTED",
            "ENDED",
            "PROVIDER",
            "URN",
            "SETTING",
            "CARE_PROVIDED",
            "OTHER_ARRANGEMENTS",
        ),
        _placements(council),
    )


def _time(day: dt.date, hour: int, minute: int = 0) -> str:
    return f"{day:%d/%m/%Y} {hour:02d}:{minute:02d}"


def _told(occurred: dt.datetime, hours: float) -> str:
    at = occurred + dt.timedelta(hours=hours)
    return f"{at:%d/%m/%Y %H:%M}"


def _events(
    homes: list[str], ceased: dict[str, dt.date], rng: random.Random, council: DemoCouncil
) -> list[Row]:
    rows: list[Row] = []
    kinds = (
        "police-incident",
        "allegation-of-abuse",
        "child-protection-enquiry",
        "sexual-exploitation",
    )
    for home in homes:
        last = ceased.get(home, council.as_of)
        day = council.starts + dt.timedelta(days=rng.randint(20, 300))
        while day < last:
            occurred = dt.datetime.combine(
                day, dt.time(rng.randint(7, 22), rng.choice((0, 15, 30, 45)))
            )
            kind = rng.choice(kinds)
            rows.append(
                (
                    f"{home}-{day:%Y%m%d}",
                    home,
                    kind,
                    f"{occurred:%d/%m/%Y %H:%M}",
                    "",
                    _told(occurred, rng.randint(1, 20)),
                    "",
                    "",
                    "",
                    "",
                    "",
                )
            )
            day += dt.timedelta(days=rng.randint(250, 450))
    late = dt.datetime(2021, 3, 3, 18, 30)  # Ofsted told 52 hours after
    rows.append(
        (
            "H01-L1",
            "H01",
            "police-incident",
            f"{late:%d/%m/%Y %H:%M}",
            "",
            _told(late, 52),
            "",
            "",
            "",
            "",
            "",
        )
    )
    dbs = dt.datetime(2020, 11, 10, 11, 0)  # the placing authority never told
    rows.append(
        (
            "H02-D1",
            "H02",
            "dbs-referral",
            f"{dbs:%d/%m/%Y %H:%M}",
            "",
            _told(dbs, 3),
            "",
            "",
            "",
            "",
            "",
        )
    )
    covid = _time(D(2020, 6, 15), 14)  # in SI 2020/445's window, Ofsted never told: manual
    rows.append(("H03-C1", "H03", "allegation-of-abuse", covid, "", "", "", "", "", "", ""))
    return rows


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    found, month = [], first.replace(day=1)
    while month <= last:
        found.append(month)
        month += relativedelta(months=1)
    return found


def _visits(
    homes: list[str], ceased: dict[str, dt.date], rng: random.Random, council: DemoCouncil
) -> tuple[list[Row], list[Row]]:
    special: dict[tuple[str, dt.date], tuple[dt.date | None, str]] = {
        ("H01", D(2020, 4, 1)): (D(2020, 4, 23), "virtual"),  # day before the window
        ("H03", D(2020, 8, 1)): (D(2020, 8, 25), "virtual"),  # inside the window
        ("H03", D(2020, 9, 1)): (D(2020, 9, 26), "virtual"),  # day after the window
        ("H04", D(2020, 6, 1)): (None, ""),  # missed, reasonable endeavours recorded
        ("H05", D(2021, 11, 1)): (None, ""),  # missed, nothing recorded
    }
    for month in _months(D(2020, 5, 1), D(2020, 8, 1)):
        special[("H01", month)] = (month.replace(day=rng.randint(3, 26)), "virtual")
    visits: list[Row] = []
    for home in homes:
        last = ceased.get(home, council.as_of)
        for month in _months(council.starts, last):
            day, mode = special.get(
                (home, month), (month.replace(day=rng.randint(3, 26)), "in-person")
            )
            if day is None or day > last:
                continue
            report = day + dt.timedelta(days=rng.randint(3, 20))
            visits.append((home, day, mode, "yes", report if report <= council.as_of else ""))
    endeavours: list[Row] = [
        (
            "H04",
            D(2020, 6, 1),
            "Independent visitor shielding; staff and children spoken to by phone weekly",
        )
    ]
    return visits, endeavours


def _reviews(
    homes: list[str], ceased: dict[str, dt.date], rng: random.Random, council: DemoCouncil
) -> list[Row]:
    rows: list[tuple[str, dt.date, dt.date]] = []
    for home in homes:
        last = ceased.get(home, council.as_of)
        day = council.starts + dt.timedelta(days=rng.randint(10, 150))
        while day <= last:
            rows.append((home, day, day + dt.timedelta(days=rng.randint(2, 14))))
            gap = (
                relativedelta(months=7)
                if (home, day.year) == ("H03", 2021)
                else relativedelta(months=5, days=rng.randint(0, 25))
            )
            day += gap
    return [(h, d, r if r <= council.as_of else "") for h, d, r in rows]


def _placements(council: DemoCouncil) -> list[Row]:
    rows: list[Row] = []
    in_data = [c for c in council.children if not c.short_breaks]
    for child in in_data:  # the council's children in registered children's homes
        for episode in child.episodes:
            if episode.place == "K2" and (episode.dec is None or episode.dec >= council.starts):
                rows.append(
                    (
                        child.ref,
                        episode.decom,
                        episode.dec,
                        f"PRV-{episode.urn}",
                        episode.urn,
                        "childrens-home",
                        "yes",
                        "no",
                    )
                )
                break
        if len(rows) >= max(3, len(council.children) // 40):
            break
    taken = {str(r[0]) for r in rows}
    care = next((c for c in in_data if c.ref not in taken), None)
    if care is not None:
        rows.append(
            (care.ref, D(2021, 2, 8), D(2021, 5, 28), "PRV-CARE1", "", "other", "yes", "no")
        )
        taken.add(care.ref)
    under_16 = _under_16_in_care(in_data, taken, council)
    if under_16 is not None:  # a very small council may have no child who fits
        child, began = under_16
        start = max(U16_FROM, began)
        rows.append((child.ref, start, "", "PRV-SA1", "", "supported-accommodation", "no", "yes"))
    return rows


def _under_16_in_care(
    children: list[DemoChild], taken: set[str], council: DemoCouncil
) -> tuple[DemoChild, dt.date] | None:
    """A child under 16 looked after after 9 Sep 2021, preferably in semi-independent
    accommodation (SSDA903 H5) then, and the day that placement began."""
    fits: list[tuple[int, DemoChild, dt.date]] = []
    for child in children:
        if child.ref in taken:
            continue
        for episode in child.episodes:
            end = episode.dec or council.as_of
            on = max(episode.decom, U16_FROM)
            if end >= on + dt.timedelta(days=30) and on < child.dob + relativedelta(
                years=15, months=6
            ):
                fits.append((0 if episode.place == "H5" else 1, child, episode.decom))
    fits.sort(key=lambda f: (f[0], f[1].ref))
    return (fits[0][1], fits[0][2]) if fits else None
