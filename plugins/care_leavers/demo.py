"""The demo council's care leavers: ``<folder>/care_leavers/*.csv``.

Young people are the council's own SSDA903 children whose episodes make them eligible
(worked out as CL-ELIGIBLE does), plus a few older former relevant young people aged
21 to 24 (CL00001…) and 18 to 20 (CL50001…, some staying put with their former foster
carers), whose references cannot collide with the children's C + six digits.
Everything is invented and the same seed gives the same files.

Mostly compliant, with deliberate exceptions a QA officer should see:

- one eligible child not recorded as a care leaver (CL-ELIGIBLE not met);
- one needs assessment completed four months after becoming eligible;
- one pathway plan review held three weeks late with its due date inside SI 2020/445's
  window (24 Apr to 25 Sep 2020): still a breach, the Care Leavers duties were never
  relaxed;
- one personal adviser visit gap of about three months, also in 2020;
- one staying put arrangement without financial support to the carer;
- one request for support at 21+ with no adviser allocated (manual: no statutory days).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from scrutiny.demo.council import DemoChild, DemoCouncil
from scrutiny.plugins.care_leavers.importer import FILES

FOLDER = "care_leavers"
COLUMNS = {f.name: f.columns for f in FILES}
COVID_WINDOW = (dt.date(2020, 4, 24), dt.date(2020, 9, 25))
QUALIFYING_DAYS = 91


@dataclass
class Files:
    rows: dict[str, list[tuple[object, ...]]] = field(
        default_factory=lambda: {name: [] for name in COLUMNS}
    )
    exceptions: set[str] = field(default_factory=set)

    def add(self, name: str, *row: object) -> None:
        self.rows[name].append(row)

    def once(self, name: str) -> bool:
        """True the first time a deliberate exception is asked for."""
        if name in self.exceptions:
            return False
        self.exceptions.add(name)
        return True


def _years(dob: dt.date, years: int) -> dt.date:
    day: dt.date = dob + relativedelta(years=years)
    return day


def eligible_from(child: DemoChild, as_of: dt.date) -> dt.date | None:
    """The day the child became eligible (CPPCR reg 40), as CL-ELIGIBLE computes it."""
    fourteen, sixteen, adult = (_years(child.dob, n) for n in (14, 16, 18))
    total = 0
    for episode in sorted(child.episodes, key=lambda e: e.decom):
        if episode.ls in ("V3", "V4") or episode.decom > as_of:
            continue
        start = max(episode.decom, fourteen)
        finish = min(episode.dec if episode.dec and episode.dec <= as_of else as_of, adult)
        if start >= finish:
            continue
        before = total
        total += (finish - start).days
        if total < QUALIFYING_DAYS:
            continue
        reached = (
            start if before >= QUALIFYING_DAYS else start + dt.timedelta(QUALIFYING_DAYS - before)
        )
        candidate = max(reached, sixteen)
        if candidate <= finish and candidate < adult:
            return candidate
    return None


def write_demo_files(council: DemoCouncil) -> None:
    rng = council.rng("care_leavers")
    files = Files()
    as_of = council.as_of
    for child in council.children:
        became = eligible_from(child, as_of)
        if became is None:
            continue
        if files.once("unrecorded"):
            continue
        _young_person(files, rng, child.ref, child.dob, became, child, as_of, council.starts)
    for number in range(1, max(2, len(council.children) // 40) + 1):
        dob = as_of - dt.timedelta(days=rng.randint(21 * 365 + 30, 24 * 365))
        _young_person(
            files, rng, f"CL{number:05d}", dob, _years(dob, 16), None, as_of, council.starts
        )
    # Former relevant young people aged 18 to 20 who left care before the data begin:
    # some stay put with their former foster carers.
    for number in range(1, max(2, len(council.children) // 80) + 1):
        dob = as_of - dt.timedelta(days=rng.randint(18 * 365 + 30, 20 * 365 + 300))
        _young_person(
            files, rng, f"CL{50000 + number:05d}", dob, _years(dob, 16), None, as_of, council.starts
        )
    # A council asked for more care leavers than its children give (England's figures)
    # gets more of those who left care before the data begin.
    wanted = (council.care_leavers or 0) - len(files.rows["young_people"])
    for number in range(1, wanted + 1):
        dob = as_of - dt.timedelta(days=rng.randint(18 * 365 + 30, 24 * 365))
        _young_person(
            files, rng, f"CL{100000 + number}", dob, _years(dob, 16), None, as_of, council.starts
        )
    for name, rows in files.rows.items():
        council.write_csv(f"{FOLDER}/{name}.csv", COLUMNS[name], rows)


def _status(dob: dt.date, child: DemoChild | None, as_of: dt.date) -> str:
    if as_of >= _years(dob, 18):
        return "former-relevant"
    looked_after = child is not None and any(
        e.decom <= as_of and (e.dec is None or e.dec > as_of) for e in child.episodes
    )
    return "eligible" if looked_after else "relevant"


def _young_person(
    files: Files,
    rng: random.Random,
    ref: str,
    dob: dt.date,
    became: dt.date,
    child: DemoChild | None,
    as_of: dt.date,
    starts: dt.date,
) -> None:
    status = _status(dob, child, as_of)
    files.add("young_people", ref, dob, status, became, None, None)
    start = max(became, starts)
    files.add(
        "advisers",
        ref,
        f"PA{rng.randint(1, 12):02d}",
        start + dt.timedelta(rng.randint(0, 20)),
        None,
    )
    late = files.once("late-assessment") if became >= starts else False
    assessed = became + dt.timedelta(days=120 if late else rng.randint(20, 80))
    if assessed <= as_of:
        files.add("needs_assessments", ref, assessed)
    plan = max(assessed, starts) + dt.timedelta(days=14)
    if plan > as_of:
        return
    files.add("pathway_plans", ref, plan)
    _reviews(files, rng, ref, plan, as_of)
    if status != "eligible":
        _accommodation(files, rng, ref, plan, as_of)
    if status == "former-relevant" and as_of < _years(dob, 21):
        support = "no" if files.once("staying-put-unsupported") else "yes"
        monitored = plan + dt.timedelta(days=rng.randint(30, 90))
        files.add(
            "staying_put",
            ref,
            f"F{rng.randint(100, 999)}",
            plan,
            None,
            support,
            None,
            monitored if monitored <= as_of else None,
        )
    if child is None and rng.random() < 0.5:
        requested = max(_years(dob, 21), starts) + dt.timedelta(days=rng.randint(10, 200))
        if requested <= as_of:
            files.add("support_requests", ref, requested, None)
            if files.once("request-no-adviser"):
                files.rows["advisers"] = [r for r in files.rows["advisers"] if r[0] != ref]


def _reviews(files: Files, rng: random.Random, ref: str, plan: dt.date, as_of: dt.date) -> None:
    previous = plan
    while True:
        due = previous + relativedelta(months=6)
        late = COVID_WINDOW[0] <= due <= COVID_WINDOW[1] and files.once("late-review-2020")
        held = due + dt.timedelta(days=21) if late else due - dt.timedelta(days=rng.randint(1, 40))
        if held > as_of:
            return
        files.add("pathway_plan_reviews", ref, plan, held, None, None)
        previous = held


def _accommodation(
    files: Files, rng: random.Random, ref: str, start: dt.date, as_of: dt.date
) -> None:
    files.add("accommodation", ref, start, None, "semi-independent", "yes")
    visit = start + dt.timedelta(days=rng.randint(0, 6))
    while visit <= as_of:
        files.add("contacts", ref, visit, "visit-at-home", "adviser")
        phone = visit + dt.timedelta(days=20)
        if phone <= as_of:
            files.add("contacts", ref, phone, "phone", "adviser")
        gap = rng.randint(35, 55)
        if visit.year == 2020 and files.once("visit-gap-2020"):
            gap = 92
        visit += dt.timedelta(days=gap)
