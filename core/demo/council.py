"""A synthetic council: children with care histories, shared by every plugin's demo files.

Everything here is invented (Northshire is fictional; child references are C + digits;
postcodes use the unallocated area "NS"). The same seed always gives the same council.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrutiny.working_days import WorkingDayCalendar

DEMO_STARTS = dt.date(2019, 4, 1)
DEMO_AS_OF = dt.date(2022, 3, 31)
COUNCIL_NAME = "Northshire County Council (synthetic demo)"


@dataclass
class DemoEpisode:
    decom: dt.date
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str
    dec: dt.date | None = None
    rec: str | None = None
    reason_place_change: str | None = None
    pl_post: str = ""
    urn: str = "XXXXXXX"


@dataclass
class DemoChild:
    ref: str
    sex: str
    dob: dt.date
    ethnic: str
    home_post: str
    episodes: list[DemoEpisode] = field(default_factory=list)
    reviews: list[dt.date] = field(default_factory=list)

    @property
    def short_breaks(self) -> bool:
        return all(e.ls in ("V3", "V4") for e in self.episodes)

    def placements(self) -> list[tuple[dt.date, dt.date | None, DemoEpisode]]:
        """(start, end, first episode) of each placement: a new one on each change of
        carer (RNE S, P or B); temporary moves (T codes) do not start one."""
        found: list[tuple[dt.date, dt.date | None, DemoEpisode]] = []
        for episode in self.episodes:
            if episode.ls in ("V3", "V4"):
                continue
            if episode.rne in ("S", "P", "B") and not episode.place.startswith("T"):
                found.append((episode.decom, episode.dec, episode))
            elif found:
                start, _, first = found[-1]
                found[-1] = (start, episode.dec, first)
        return found


@dataclass
class DemoCouncil:
    """What plugins get in ``scrutiny_demo``: the folder to write into and the children."""

    folder: Path
    seed: int
    children: list[DemoChild]
    starts: dt.date = DEMO_STARTS
    as_of: dt.date = DEMO_AS_OF
    calendar: WorkingDayCalendar = field(default_factory=WorkingDayCalendar)
    # Sizes a plugin may be told (benchmarks ask for England's); None: the plugin's own
    # share of ``children``.
    children_in_need: int | None = None
    care_leavers: int | None = None

    def rng(self, purpose: str) -> random.Random:
        """A random generator of its own for each purpose, so adding one plugin's data
        never changes another's."""
        return self.rng_for(self.seed, purpose)

    @staticmethod
    def rng_for(seed: int, purpose: str) -> random.Random:
        return random.Random(f"{seed}:{purpose}")

    def write_csv(
        self, relative: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> Path:
        path = self.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow(["" if v is None else _format(v) for v in row])
        return path


def _format(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
