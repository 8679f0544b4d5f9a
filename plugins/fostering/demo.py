"""The demo council's fostering service: carers, approvals, placements and reviews.

Most of it is in order. The exceptions are placed on purpose, each side of SI 2020/445's
window (24 Apr to 25 Sep 2020) and inside it, so the pack shows how each is judged:

- temporary approvals: most end within 16 weeks; one overruns with no extension; one is
  extended properly, one without the IRO told first, one beyond 24 weeks; inside the
  window a non-connected person approved for 20 weeks (lawful), a connected person for 27
  (manual) and an approval made on 25 Sep 2020 that ran 21 weeks (saved: lawful);
  either side, a 20-week approval made on 20 Apr 2020 and a non-connected person on
  28 Sep 2020 (both breaches); one still running on the as-of date;
- emergency placements: most resolved within 6 working days, one after 8; one placed
  in the window lasting 12 weeks (lawful), one just before it lasting 3 weeks (breach);
- households: one with four unrelated children for three weeks, one with four siblings,
  one with four children named in an exemption, one with the carer's own child;
- short breaks from the SSDA903 short-break episodes, with one 19-day stay in 2021 and a
  20-day stay begun in the window;
- carer reviews about yearly, a few late (one falling due inside the window).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from dateutil.relativedelta import relativedelta

from scrutiny.demo.council import DemoChild, DemoCouncil

FOLDER = "fostering"
LA = "931"
WEEK = dt.timedelta(weeks=1)
D = dt.date


def write_demo_files(council: DemoCouncil) -> None:
    rng = council.rng("fostering")
    fostered = [c for c in council.children if not c.short_breaks]
    kids = _refs(fostered)
    # 40 carers, and one more for every 6 children beyond 240, so a bigger council has a
    # bigger fostering service (F031-F035 give short breaks; F041 shares F005's home).
    carers = [f"F{n:03d}" for n in range(1, 41)] + [
        f"F{n:03d}" for n in range(42, 42 + max(0, len(council.children) // 6 - 40))
    ]
    households = {carer: f"H{n:03d}" for n, carer in enumerate(carers, start=1)}
    households["F041"] = households["F005"]  # a second approved carer in one home
    mainstream = [c for c in carers if not "F031" <= c <= "F040"]
    approvals, reviews = _full_approvals([*mainstream, "F041"], rng, council.as_of)
    temporary, extensions = _temporary_approvals(kids, council.as_of)
    for row in temporary:  # connected persons live in homes of their own
        households.setdefault(str(row[0]), f"H{row[0]}")
    council.write_csv(
        f"{FOLDER}/carers.csv",
        ("CARER", "HOUSEHOLD", "RESIDENCE_LA"),
        [(carer, home, LA) for carer, home in households.items()],
    )
    council.write_csv(
        f"{FOLDER}/approvals.csv",
        ("CARER", "TYPE", "APPROVED", "CHILD", "ASSESSED", "MAX_CHILDREN", "ENDED", "END_REASON"),
        approvals + temporary,
    )
    council.write_csv(
        f"{FOLDER}/extensions.csv",
        (
            "CARER",
            "APPROVED",
            "EXTENDED",
            "WEEKS",
            "PANEL_VIEWS_SOUGHT",
            "IRO_INFORMED",
            "NOMINATED_OFFICER_APPROVED",
            "IRM_REVIEW_REQUESTED",
            "IRM_OUTCOME",
        ),
        extensions,
    )
    council.write_csv(f"{FOLDER}/carer_reviews.csv", ("CARER", "REVIEWED", "PANEL"), reviews)
    council.write_csv(
        f"{FOLDER}/emergency_placements.csv",
        ("CARER", "CHILD", "PLACED", "TERMS_AMENDED", "ENDED"),
        _emergencies(kids, council),
    )
    living, exemptions = _households(mainstream, kids, rng)
    council.write_csv(
        f"{FOLDER}/household_children.csv",
        ("CARER", "CHILD", "ARRANGEMENT", "STARTED", "ENDED", "SIBLING_GROUP"),
        living,
    )
    council.write_csv(
        f"{FOLDER}/exemptions.csv",
        ("EXEMPTION", "CARER", "CHILD", "VALID_FROM", "VALID_UNTIL", "GRANTED_BY_LA", "CONDITIONS"),
        exemptions,
    )
    council.write_csv(
        f"{FOLDER}/short_breaks.csv",
        ("CHILD", "CARER", "STARTED", "ENDED"),
        _short_breaks(council.children, council.as_of),
    )


def _refs(children: list[DemoChild]) -> Iterator[str]:
    """Child references to use, each once, in a fixed order."""
    yield from (c.ref for c in children)
    n = 0
    while True:  # a small council may run out: invent more references
        n += 1
        yield f"C9{n:05d}"


def _full_approvals(
    carers: list[str], rng: random.Random, as_of: dt.date
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    approvals: list[tuple[object, ...]] = []
    reviews: list[tuple[object, ...]] = []
    for n, carer in enumerate(carers):
        approved = D(2012, 1, 9) + dt.timedelta(days=rng.randint(0, 3300))
        ended, reason = None, None
        if n % 9 == 4:
            ended = approved + dt.timedelta(days=rng.randint(400, 1500))
            ended, reason = (ended, "resigned") if ended < as_of else (None, None)
        approvals.append((carer, "full", approved, "", approved, rng.randint(1, 3), ended, reason))
        last = approved
        while True:
            step = rng.randint(300, 364)
            if rng.random() < 0.08:
                step = rng.randint(370, 420)  # late
            review = last + dt.timedelta(days=step)
            if review > (ended or as_of):
                break
            reviews.append((carer, review, "yes" if last == approved else "no"))
            last = review
    # A review falling due inside SI 2020/445's window and held late: 'manual'.
    reviews = [r for r in reviews if r[0] != "F010"]
    approvals = [a for a in approvals if a[0] != "F010"]
    approvals.append(("F010", "full", D(2019, 6, 3), "", D(2019, 6, 3), 2, None, None))
    reviews += [("F010", D(2020, 7, 20), "yes"), ("F010", D(2021, 7, 1), "no")]
    return approvals, reviews


def _temporary_approvals(
    kids: Iterator[str], as_of: dt.date
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    rows: list[tuple[object, ...]] = []
    extensions: list[tuple[object, ...]] = []

    def approve(
        carer: str, approved: dt.date, weeks: float, kind: str = "temporary-connected"
    ) -> None:
        ended = approved + dt.timedelta(days=round(weeks * 7))
        end = (ended, "full-approval") if ended <= as_of else (None, None)
        rows.append((carer, kind, approved, next(kids), approved, 1, *end))

    # In order: 16 weeks (reg 24) unless the day of approval was in SI 2020/445's window.
    for n, approved in enumerate((D(2019, 5, 13), D(2019, 10, 7), D(2021, 2, 1), D(2021, 8, 2))):
        approve(f"T{n:03d}", approved, 11 + 2 * n)
    approve("T010", D(2019, 8, 5), 18.5)  # overran 16 weeks, no extension: breach
    approve("T011", D(2021, 4, 12), 22)  # extended properly: lawful
    extensions.append(("T011", D(2021, 4, 12), D(2021, 7, 26), 8, *[D(2021, 7, 26)] * 3, "no", ""))
    approve("T012", D(2021, 5, 10), 20)  # extended before the IRO was told
    extensions.append(
        (
            "T012",
            D(2021, 5, 10),
            D(2021, 8, 23),
            8,
            D(2021, 8, 23),
            D(2021, 9, 2),
            D(2021, 8, 23),
            "no",
            "",
        )
    )
    approve("T013", D(2019, 11, 4), 27)  # extended, then ran beyond 24 weeks: breach
    extensions.append(("T013", D(2019, 11, 4), D(2020, 2, 17), 8, *[D(2020, 2, 17)] * 3, "no", ""))
    # SI 2020/445's window and either side of it.
    approve("T020", D(2020, 5, 11), 20, "temporary-any")  # any person, 24 weeks: lawful
    approve("T021", D(2020, 6, 1), 27)  # beyond 24 weeks in the window: manual
    approve("T022", D(2020, 9, 25), 21)  # last day of the window, saved: lawful
    approve("T023", D(2020, 4, 20), 20)  # the week before the window: 16 weeks, breach
    approve("T024", D(2020, 9, 28), 10, "temporary-any")  # not connected, after: breach
    approve("T025", D(2022, 2, 7), 30)  # still running on the as-of date
    return rows, extensions


def _emergencies(kids: Iterator[str], council: DemoCouncil) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    working = council.calendar
    for n, placed in enumerate(
        (D(2019, 7, 1), D(2019, 12, 16), D(2021, 3, 8), D(2021, 5, 27), D(2021, 11, 15))
    ):
        resolved = working.add_working_days(placed, 3 + n % 4)
        rows.append((f"F{n + 1:03d}", next(kids), placed, resolved, ""))
    rows.append(("F006", next(kids), D(2021, 6, 7), "", working.add_working_days(D(2021, 6, 7), 8)))
    rows.append(("F007", next(kids), D(2020, 5, 5), "", D(2020, 7, 28)))  # window: 24 weeks
    rows.append(("F008", next(kids), D(2020, 4, 21), D(2020, 5, 12), ""))  # before it: breach
    rows.append(("F009", next(kids), D(2020, 9, 25), "", D(2020, 11, 20)))  # saved: lawful
    return rows


def _households(
    carers: list[str], kids: Iterator[str], rng: random.Random
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    rows: list[tuple[object, ...]] = []
    for carer in carers:
        start = D(2019, 4, 1) + dt.timedelta(days=rng.randint(0, 500))
        for _ in range(rng.randint(1, 3)):
            end = start + dt.timedelta(days=rng.randint(90, 900))
            rows.append(
                (carer, next(kids), "fostered", start, end if end < D(2022, 3, 1) else "", "")
            )
    # Four unrelated children for three weeks in 2021: over the limit.
    rows = [r for r in rows if r[0] not in ("F003", "F007", "F009", "F011")]
    for _ in range(3):
        rows.append(("F003", next(kids), "fostered", D(2020, 11, 2), "", ""))
    rows.append(("F003", next(kids), "fostered", D(2021, 6, 14), D(2021, 7, 4), ""))
    # Four siblings together: excepted (Sch 7 para 3).
    for _ in range(4):
        rows.append(("F007", next(kids), "fostered", D(2021, 1, 11), "", "SG1"))
    # Four children, every one named in an exemption from this authority (para 4).
    named = [next(kids) for _ in range(4)]
    for child in named:
        rows.append(("F009", child, "fostered", D(2021, 9, 6), "", ""))
    exemptions: list[tuple[object, ...]] = [
        ("EX001", "F009", child, D(2021, 9, 6), D(2022, 9, 5), LA, "Review at each LAC review")
        for child in named
    ]
    # Three fostered children and the carer's own, plus one privately fostered child
    # for a month: the carer's own child is not counted; the private one is.
    for _ in range(3):
        rows.append(("F011", next(kids), "fostered", D(2020, 2, 3), "", ""))
    rows.append(("F011", next(kids), "own-child", D(2009, 5, 1), "", ""))
    rows.append(("F011", next(kids), "private-fostering", D(2021, 10, 4), D(2021, 11, 3), ""))
    return rows, exemptions


def _short_breaks(children: list[DemoChild], as_of: dt.date) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    breaks = [c for c in children if c.short_breaks]
    for n, child in enumerate(breaks):
        carer = f"F{31 + n % 5:03d}"
        for episode in child.episodes:
            if episode.decom > as_of:
                continue
            rows.append((child.ref, carer, episode.decom, episode.dec or ""))
    if len(breaks) >= 2:
        rows.append((breaks[0].ref, "F031", D(2021, 8, 2), D(2021, 8, 20)))  # 19 days
        rows.append((breaks[1].ref, "F032", D(2020, 6, 1), D(2020, 6, 20)))  # in the window
    return _without_overlaps(rows)


def _without_overlaps(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Drop a stay that overlaps an earlier one of the same child (one stay at a time)."""
    kept: list[tuple[object, ...]] = []
    busy_until: dict[str, dt.date] = {}
    for child, carer, start, end in sorted(rows, key=lambda r: (str(r[0]), str(r[2]))):
        assert isinstance(start, dt.date)
        ref = str(child)
        if ref in busy_until and start <= busy_until[ref]:
            continue
        kept.append((child, carer, start, end))
        busy_until[ref] = end if isinstance(end, dt.date) else start + relativedelta(years=99)
    return kept
