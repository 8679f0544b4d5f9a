"""The demo council's SSDA903 returns: one folder of CSV files per collection year.

As in a real return, an episode still open on 31 March is written with DEC blank and
appears again, ended, in a later year's return. A council whose histories begin before
the first year Scrutiny has code sets for (2019-20) gets returns from that year on:
the earlier care shows in them only as the start dates of episodes still open.
"""

from __future__ import annotations

from scrutiny.demo.council import DemoChild, DemoCouncil
from scrutiny.ssda903.codesets import code_sets, collection_year_of, year_bounds
from scrutiny.ssda903.tables import BY_NAME

FOLDER = "ssda903"


def write_returns(council: DemoCouncil) -> None:
    first = max(collection_year_of(council.starts), min(code_sets()))
    last = collection_year_of(council.as_of)
    year = first
    while year <= last:
        _write_year(council, year)
        start = int(year[:4]) + 1
        year = f"{start}-{(start + 1) % 100:02d}"


def _write_year(council: DemoCouncil, year: str) -> None:
    starts, ends = year_bounds(year)
    ends = min(ends, council.as_of)
    header_rows: list[tuple[object, ...]] = []
    episode_rows: list[tuple[object, ...]] = []
    review_rows: list[tuple[object, ...]] = []
    for child in council.children:
        episodes = [
            e for e in child.episodes if e.decom <= ends and (e.dec is None or e.dec >= starts)
        ]
        if not episodes:
            continue
        header_rows.append(_header(child))
        for e in episodes:
            closed = e.dec is not None and e.dec <= ends
            episode_rows.append(
                (
                    child.ref,
                    e.decom,
                    e.rne,
                    e.ls,
                    e.cin,
                    e.place,
                    e.place_provider,
                    e.dec if closed else None,
                    e.rec if closed else None,
                    e.reason_place_change,
                    child.home_post,
                    e.pl_post,
                    e.urn,
                )
            )
        review_rows.extend(
            (child.ref, child.dob, day, "PN1") for day in child.reviews if starts <= day <= ends
        )
    folder = f"{FOLDER}/{year}"
    council.write_csv(f"{folder}/header.csv", BY_NAME["Header"].columns, header_rows)
    council.write_csv(f"{folder}/episodes.csv", BY_NAME["Episodes"].columns, episode_rows)
    council.write_csv(f"{folder}/reviews.csv", BY_NAME["Reviews"].columns, review_rows)


def _header(child: DemoChild) -> tuple[object, ...]:
    return (child.ref, child.sex, child.dob, child.ethnic, "", "", None)
