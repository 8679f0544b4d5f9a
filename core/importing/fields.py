"""Parsing one field of one row, with an error that says where and what was expected."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from scrutiny.importing.errors import InputError

_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DATE_TIME = re.compile(r"^(\d{1,2}/\d{1,2}/\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SHOWN_CHARS = 40  # how much of a bad value an error message repeats


def shown(value: str) -> str:
    """``value`` quoted for a message, cut short so a huge or hostile value stays one line."""
    return repr(value if len(value) <= SHOWN_CHARS else f"{value[:SHOWN_CHARS]}…")


class Cell:
    """The location of a value, so every parser can raise a located error."""

    __slots__ = ("column", "file", "row", "row_label")

    def __init__(self, file: str, row: int, column: str, row_label: str = "row") -> None:
        self.file = file
        self.row = row
        self.column = column
        self.row_label = row_label

    def error(self, message: str) -> InputError:
        return InputError(
            message, file=self.file, row=self.row, column=self.column, row_label=self.row_label
        )


def parse_date(value: str, cell: Cell, *, required: bool, iso: bool = False) -> dt.date | None:
    """A ``dd/mm/YYYY`` date (or ``YYYY-MM-DD`` where ``iso``), checked to be real."""
    if not value:
        if required:
            raise cell.error("a date is required here")
        return None
    match = (_ISO_DATE if iso else _UK_DATE).match(value)
    expected = "YYYY-MM-DD" if iso else "dd/mm/YYYY"
    if not match:
        raise cell.error(f"{shown(value)} is not a date in the form {expected}")
    parts = [int(p) for p in match.groups()]
    year, month, day = parts if iso else (parts[2], parts[1], parts[0])
    try:
        parsed = dt.date(year, month, day)
    except ValueError:
        raise cell.error(f"{shown(value)} is not a real date") from None
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise cell.error(f"{shown(value)} is outside the years 1900 to 2100")
    return parsed


ENGLAND = ZoneInfo("Europe/London")


def england_to_utc(local: dt.datetime) -> dt.datetime:
    """A wall-clock time in England as an aware UTC timestamp; in the repeated hour when
    the clocks go back, the first of the two is taken."""
    return local.replace(tzinfo=ENGLAND).astimezone(dt.UTC)


def parse_datetime(value: str, cell: Cell, *, required: bool) -> dt.datetime | None:
    """A ``dd/mm/YYYY HH:MM`` local date and time (seconds optional), checked to be real.

    A date with no time is refused: where the law says "without delay", the hour counts.
    """
    if not value:
        if required:
            raise cell.error("a date and time is required here")
        return None
    match = _UK_DATE_TIME.match(value)
    if not match:
        raise cell.error(f"{shown(value)} is not a date and time in the form dd/mm/YYYY HH:MM")
    day = parse_date(match.group(1), cell, required=True)
    assert day is not None
    hour, minute, second = (int(part or 0) for part in match.groups()[1:])
    try:
        return dt.datetime.combine(day, dt.time(hour, minute, second))
    except ValueError:
        raise cell.error(f"{shown(value)} is not a real time of day") from None


def parse_code(
    value: str, cell: Cell, allowed: Mapping[str, str], *, required: bool, year: str | None = None
) -> str | None:
    """A value from a code set (matched without regard to case)."""
    if not value:
        if required:
            raise cell.error("a code is required here")
        return None
    code = value.upper()
    if code not in allowed:
        codes = ", ".join(sorted(allowed))
        in_year = f" in {year}" if year else ""
        raise cell.error(f"{shown(value)} is not a known code{in_year}; allowed: {codes}")
    return code


def parse_int(
    value: str,
    cell: Cell,
    *,
    required: bool,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:
    if not value:
        if required:
            raise cell.error("a whole number is required here")
        return None
    try:
        number = int(value)
    except ValueError:
        raise cell.error(f"{shown(value)} is not a whole number") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise cell.error(f"{number} is outside the range {minimum} to {maximum}")
    return number


def parse_text(value: str, cell: Cell, *, required: bool, max_length: int) -> str | None:
    """Free text: length-limited, control characters refused (tab and newline allowed)."""
    if not value:
        if required:
            raise cell.error("a value is required here")
        return None
    if len(value) > max_length:
        raise cell.error(
            f"the value is {len(value):,} characters long; the limit is {max_length:,}"
        )
    if CONTROL_CHARACTERS.search(value):
        raise cell.error("the value contains control characters")
    return value


def parse_choice(value: str, cell: Cell, choices: tuple[str, ...], *, required: bool) -> str | None:
    if not value:
        if required:
            raise cell.error(f"one of {', '.join(choices)} is required here")
        return None
    lowered = value.strip().lower()
    if lowered not in choices:
        raise cell.error(f"{shown(value)} is not one of {', '.join(choices)}")
    return lowered
