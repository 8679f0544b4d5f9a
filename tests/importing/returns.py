"""Synthetic SSDA903 returns and own-schema files, written as real files for import tests.

Every child reference and date here is made up. ``good_return()`` is a 2024-25 return
whose latest event is 20/02/2025; each table is a list of rows keyed by column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from sqlalchemy import Engine, Table, select

from scrutiny.db.base import Base
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.runner import ImportResult, import_paths
from scrutiny.plugins.looked_after.importer import looked_after_importer
from scrutiny.ssda903.importer import Ssda903Importer
from scrutiny.ssda903.tables import BY_NAME

# A day after the 2024-25 year has ended: its files cover the whole year.
TODAY = dt.date(2025, 6, 30)
IMPORTERS = (Ssda903Importer(), looked_after_importer())

FILE_NAMES = {
    "Header": "header.csv",
    "Episodes": "episodes.csv",
    "Reviews": "reviews.csv",
    "UASC": "uasc.csv",
    "OC2": "oc2.csv",
    "OC3": "oc3.csv",
    "AD1": "ad1.csv",
    "PlacedAdoption": "placed_for_adoption.csv",
    "PrevPerm": "previous_permanence.csv",
    "Missing": "missing.csv",
    "SWEpisodes": "sw_episodes.csv",
}
VISIT_COLUMNS = ("CHILD", "VISIT_DATE", "MODE", "SEEN_ALONE", "REMOTE_REASON", "REASON_DETAIL")
PLACEMENT_COLUMNS = ("CHILD", "DECOM", "REGIME", "LONG_TERM")

Rows = list[dict[str, str]]
Return = dict[str, Rows]


def _rows(table: str, *lines: str) -> Rows:
    """Rows given as comma-separated lines, in the table's column order."""
    columns = BY_NAME[table].columns
    rows = [line.split(",") for line in lines]
    assert all(len(r) == len(columns) for r in rows), table
    return [dict(zip(columns, r, strict=True)) for r in rows]


def good_return() -> Return:
    """A small but complete 2024-25 return: four children, every table but SWEpisodes."""
    return {
        "Header": _rows(
            "Header",
            "C000001,M,12/03/2015,WBRI,A123456789012,,",
            "C000002,F,01/09/2008,BAFR,,0,",
            "C000003,M,04/04/2006,AIND,,,",
            "C000004,F,02/02/2020,MWBA,,,",
        ),
        "Episodes": _rows(
            "Episodes",
            # row 2 ended; row 3 is still open on 31 March 2025
            "C000001,15/05/2023,S,C2,N1,U6,PR1,10/06/2024,X1,,AB1 2CD,AB3 4EF,",
            "C000001,10/06/2024,P,C2,N1,U4,PR1,,,CARPL,AB1 2CD,AB5 6GH,",
            "C000002,01/08/2024,S,V2,N4,K2,PR4,20/02/2025,E13,,,,SC123456",
            "C000004,01/06/2021,S,C2,N1,A5,PR1,15/01/2025,E11,,,,",
        ),
        "Reviews": _rows(
            "Reviews",
            "C000001,12/03/2015,01/07/2024,PN1",
            "C000001,12/03/2015,20/12/2024,PN1",
            "C000002,01/09/2008,28/08/2024,PN5",
        ),
        "UASC": _rows("UASC", "C000002,F,01/09/2008,15/01/2025"),
        "OC2": _rows("OC2", "C000001,12/03/2015,12,,0,1,1,1,1,0,,"),
        "OC3": _rows("OC3", "C000003,04/04/2006,YES,F2,D1"),
        "AD1": _rows("AD1", "C000004,02/02/2020,01/02/2022,01/05/2022,0,2,MF,L11"),
        "PlacedAdoption": _rows("PlacedAdoption", "C000004,02/02/2020,01/06/2024,,"),
        "PrevPerm": _rows("PrevPerm", "C000002,01/09/2008,Z1,,"),
        "Missing": _rows("Missing", "C000002,01/09/2008,M,05/10/2024,06/10/2024"),
    }


GOOD_COUNTS = {
    "child": 4,
    "ssda903_episode": 4,
    "ssda903_review": 3,
    "ssda903_uasc": 1,
    "ssda903_oc2": 1,
    "ssda903_oc3": 1,
    "ssda903_ad1": 1,
    "ssda903_placed_adoption": 1,
    "ssda903_previous_permanence": 1,
    "ssda903_missing": 1,
}


def csv_text(columns: Sequence[str], rows: Sequence[Mapping[str, str] | Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row[c] for c in columns] if isinstance(row, Mapping) else row)
    return out.getvalue()


def write_csv_set(folder: Path, data: Return, *, encoding: str = "utf-8") -> list[Path]:
    """One CSV file per table, named as councils usually name them."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for table, rows in data.items():
        path = folder / FILE_NAMES[table]
        path.write_bytes(csv_text(BY_NAME[table].columns, rows).encode(encoding))
        paths.append(path)
    return paths


def write_file(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


_HEADER_LEAVES = ("SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
_HEADER_SUBTABLES = {
    "Reviews": "AREVIEW",
    "Missing": "AMISSING",
    "OC2": "OC2",
    "PrevPerm": "PERMANENCE",
    "PlacedAdoption": "AD_PLACED",
}
_IN_HEADER = {
    "UASC": ("DUC",),
    "OC3": ("IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": BY_NAME["AD1"].columns[2:],
}


def _leaf(tag: str, value: str) -> str:
    return f"<{tag}>{escape(value)}</{tag}>" if value else f"<{tag}/>"


def _element(tag: str, row: Mapping[str, str], skip: tuple[str, ...] = ("CHILD", "DOB")) -> str:
    leaves = "".join(_leaf("PL" if c == "PLACE" else c, v) for c, v in row.items() if c not in skip)
    return f"<{tag}>{leaves}</{tag}>"


def xml_return(data: Return) -> str:
    """The same return as one EXPSSDA903 XML file (CHILD/HEADER/…, CHILD/EPISODE)."""
    children = []
    for header in data["Header"]:
        ref = header["CHILD"]
        parts = [_leaf("CHILDID", ref), *(_leaf(c, header[c]) for c in _HEADER_LEAVES)]
        for table, columns in _IN_HEADER.items():
            for row in data.get(table, []):
                if row["CHILD"] == ref:
                    parts.extend(_leaf(c, row[c]) for c in columns)
        for table, tag in _HEADER_SUBTABLES.items():
            parts.extend(_element(tag, r) for r in data.get(table, []) if r["CHILD"] == ref)
        episodes = [
            _element("EPISODE", r, skip=("CHILD",)) for r in data["Episodes"] if r["CHILD"] == ref
        ]
        children.append(f"<CHILD><HEADER>{''.join(parts)}</HEADER>{''.join(episodes)}</CHILD>")
    body = "\n".join(children)
    return f'<?xml version="1.0" encoding="utf-8"?>\n<EXPSSDA903>\n{body}\n</EXPSSDA903>\n'


def run_import(
    engine: Engine,
    *paths: Path,
    year: str | None = None,
    today: dt.date = TODAY,
) -> list[ImportResult]:
    return import_paths(
        engine, list(paths), IMPORTERS, ImportOptions(collection_year=year, today=today)
    )


def _tables() -> list[Table]:
    wanted = ("child", "import_batch", "ssda903_", "lac_", "fos_", "ado_")
    return [t for t in Base.metadata.sorted_tables if t.name.startswith(wanted)]


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: len(conn.execute(select(t)).all()) for t in _tables()}


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every import-written table: to prove a failed import changed nothing."""
    with engine.connect() as conn:
        return {
            t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr) for t in _tables()
        }


def contents(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """The data itself, without surrogate ids or batch ids: children named by reference."""
    child = Base.metadata.tables["child"]
    found: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in _tables():
            if table.name == "import_batch":
                continue
            data = [c for c in table.c if c.name not in ("id", "child_id", "import_batch_id")]
            if "child_id" in table.c:
                query = select(child.c.child_ref, *data).join(child, child.c.id == table.c.child_id)
            else:
                query = select(*data)
            found[table.name] = sorted((tuple(r) for r in conn.execute(query)), key=repr)
    return found
