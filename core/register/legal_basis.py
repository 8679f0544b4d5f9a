"""The legal bases a deviation can rely on, and when each was in force."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class LegalBasis:
    id: str
    title: str
    start: dt.date | None
    end: dt.date | None
    verification: str
    note: str

    def in_force_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@cache
def legal_bases() -> dict[str, LegalBasis]:
    text = (resources.files("scrutiny") / "data" / "legal_bases.toml").read_text(encoding="utf-8")
    return {
        entry["id"]: LegalBasis(
            id=entry["id"],
            title=entry["title"],
            start=entry.get("start"),
            end=entry.get("end"),
            verification=entry["verification"],
            note=entry.get("note", ""),
        )
        for entry in tomllib.loads(text)["basis"]
    }
