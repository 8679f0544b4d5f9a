"""The demo council's Annex A: ``<folder>/annex_a/Annex_A.xlsx``, as of the demo's date.

A council's Annex A is a summary of what its case system holds, so the demo's is built
from the demo's own files (written by the other plugins before this one): List 8 from
the SSDA903 episodes and reviews and the looked-after visits and health assessments,
List 9 from the care leavers files. Its latest dates therefore agree with the full
histories, and the AA-* rules can be compared with the rules that read those.

Lists 1 to 7, 10 and 11 are left out: the demo has no contacts, early help or adopter
stages to summarise, and its child protection data is a census, not the latest visit
List 7 needs. The import says so ("lists not found"), as it would for a council's.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from scrutiny.demo.council import DemoChild, DemoCouncil
from scrutiny.plugins.annex_a.lists import BY_NUMBER

WORKBOOK = "annex_a/Annex_A.xlsx"
CARE_LEAVER_STATUSES = ("relevant", "former-relevant")


def write_demo_workbook(council: DemoCouncil) -> Path:
    folder = council.folder
    visits = _latest(folder / "looked_after/visits.csv", "VISIT_DATE", council.as_of)
    health = _latest(folder / "looked_after/health_assessments.csv", "ASSESSED", council.as_of)
    looked_after = [
        row
        for child in council.children
        if (row := _looked_after(child, council.as_of, visits, health)) is not None
    ]
    care_leavers = _care_leavers(folder / "care_leavers", council.as_of)
    book = Workbook()
    book.remove(book.active)
    _sheet(book, 8, looked_after)
    _sheet(book, 9, care_leavers)
    book.properties.created = dt.datetime.combine(council.as_of, dt.time(17, 0))
    path = folder / WORKBOOK
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _sheet(book: Workbook, number: int, rows: Iterable[Mapping[str, Any]]) -> None:
    sheet = book.create_sheet(f"List {number}")
    columns = BY_NUMBER[number].columns
    sheet.append([c.title for c in columns])
    for row in rows:
        sheet.append([row.get(c.field) if c.field else None for c in columns])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"


def _looked_after(
    child: DemoChild,
    as_of: dt.date,
    visits: Mapping[str, dt.date],
    health: Mapping[str, dt.date],
) -> dict[str, Any] | None:
    """List 8's row for a child in care on ``as_of``; None for anyone else."""
    if child.short_breaks:
        return None
    episodes = [e for e in child.episodes if e.decom <= as_of]
    if not episodes or (episodes[-1].dec is not None and episodes[-1].dec <= as_of):
        return None
    current = episodes[-1]
    started = current.decom
    for earlier in reversed(episodes[:-1]):  # back through the unbroken period of care
        if earlier.dec != started:
            break
        started = earlier.decom
    placements = [start for start, _, _ in child.placements() if start <= as_of]
    reviews = [day for day in child.reviews if day <= as_of]
    return {
        "child_ref": child.ref,
        "dob": child.dob,
        "started": started,
        "latest_review": max(reviews, default=None),
        "last_visit": visits.get(child.ref),
        "last_health": health.get(child.ref),
        "placement_start": max(placements, default=None),
        "placement_type": current.place,
        "placement_urn": None if current.urn == "XXXXXXX" else current.urn,
    }


def _care_leavers(folder: Path, as_of: dt.date) -> list[dict[str, Any]]:
    """List 9's rows: relevant and former relevant young people whose duties go on."""
    advisers = {
        row["CHILD"]
        for row in _rows(folder / "advisers.csv")
        if _day(row["ALLOCATED"]) <= as_of and (not row["ENDED"] or _day(row["ENDED"]) > as_of)
    }
    reviews = _latest(folder / "pathway_plan_reviews.csv", "REVIEWED", as_of)
    contacts = _latest(folder / "contacts.csv", "CONTACT_DATE", as_of)
    found = []
    for row in _rows(folder / "young_people.csv"):
        ended = row["DUTIES_ENDED"]
        if row["STATUS"] not in CARE_LEAVER_STATUSES or (ended and _day(ended) <= as_of):
            continue
        ref = row["CHILD"]
        found.append(
            {
                "child_ref": ref,
                "dob": _day(row["DOB"]),
                "adviser": "Allocated" if ref in advisers else None,
                "eligibility": row["STATUS"].replace("-", " ").capitalize(),
                "latest_plan_review": reviews.get(ref),
                "latest_contact": contacts.get(ref),
            }
        )
    return sorted(found, key=lambda r: r["child_ref"])


def _latest(path: Path, column: str, as_of: dt.date) -> dict[str, dt.date]:
    """Each child's latest date in ``column`` on or before ``as_of``."""
    latest: dict[str, dt.date] = {}
    for row in _rows(path):
        day = _day(row[column])
        if day <= as_of and day > latest.get(row["CHILD"], dt.date.min):
            latest[row["CHILD"]] = day
    return latest


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():  # that plugin is not enabled: its list is left empty
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()
