"""SSDA903 code sets, one data file per collection year (see ``codes/SOURCES.md``)."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class CodeSet:
    """The codes valid in one collection year (1 April to 31 March)."""

    year: str
    starts: dt.date
    ends: dt.date
    source: str
    columns: dict[str, dict[str, str]]

    def codes(self, column: str) -> dict[str, str]:
        return self.columns.get(column, {})


@cache
def code_sets() -> dict[str, CodeSet]:
    """Every collection year Scrutiny reads, oldest first."""
    found: dict[str, CodeSet] = {}
    folder = resources.files("scrutiny.ssda903") / "codes"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        found[data["year"]] = CodeSet(
            year=data["year"],
            starts=data["starts"],
            ends=data["ends"],
            source=data["source"],
            columns={k: dict(v) for k, v in data["columns"].items()},
        )
    return found


def collection_year_of(day: dt.date) -> str:
    """The collection year containing ``day``: 1 April 2020 to 31 March 2021 is "2020-21"."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def year_bounds(year: str) -> tuple[dt.date, dt.date]:
    first = int(year[:4])
    return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)
