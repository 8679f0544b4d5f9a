"""Working days: England and Wales bank holidays, plus the authority's closure days.

The statutory formula (e.g. Children Act 2004 (Joint Area Reviews) Regs 2005 reg 1(3))
excludes Saturdays, Sundays, Christmas Day, Good Friday and England and Wales bank
holidays under the Banking and Financial Dealings Act 1971. The bank holidays,
including one-off ones such as 8 May 2020 and 19 September 2022, come from the
maintained ``holidays`` library rather than a hand-typed list.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import holidays

FIRST_YEAR = 1990
LAST_YEAR = 2050
BASE_CALENDAR = "england-and-wales"


@dataclass(frozen=True)
class WorkingDayCalendar:
    """England and Wales working days, less any closure days the authority configures."""

    closure_days: frozenset[dt.date] = field(default_factory=frozenset)
    first_year: int = FIRST_YEAR
    last_year: int = LAST_YEAR

    @cached_property
    def holidays(self) -> dict[dt.date, str]:
        bank = holidays.country_holidays(
            "GB", subdiv="ENG", years=range(self.first_year, self.last_year + 1)
        )
        named = {day: str(name) for day, name in bank.items()}
        for day in self.closure_days:
            named.setdefault(day, "Authority closure day")
        return named

    @property
    def key(self) -> str:
        """Names this calendar in the database; changes when closure days change."""
        if not self.closure_days:
            return BASE_CALENDAR
        digest = hashlib.sha256(
            ",".join(sorted(d.isoformat() for d in self.closure_days)).encode()
        ).hexdigest()[:16]
        return f"{BASE_CALENDAR}+closures-{digest}"

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (``start`` itself never counts)."""
        if days < 1:
            raise ValueError("count at least one working day forwards")
        day = start
        remaining = days
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def days(self) -> Iterator[tuple[dt.date, bool, int, str | None]]:
        """Every day of the calendar with whether it is a working day and its ordinal."""
        day = dt.date(self.first_year, 1, 1)
        end = dt.date(self.last_year, 12, 31)
        ordinal = 0
        while day <= end:
            working = self.is_working_day(day)
            ordinal += working
            yield day, working, ordinal, self.holidays.get(day)
            day += dt.timedelta(days=1)


def calendar_for(closure_days: Iterable[dt.date] = ()) -> WorkingDayCalendar:
    return WorkingDayCalendar(closure_days=frozenset(closure_days))
