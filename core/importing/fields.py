"""Parsing one field of one row, with an error that says where and what was expected."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from scrutiny.importing.errors import InputError

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})$")
_TWO_DIGIT_YEAR = re.compile(r"^\d{1,2}([/.-])\d{1,2}\1\d{2}$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$")
_EXCEL_SERIAL = re.compile(r"^(\d{5})(\.\d+)?$")
_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%b").lower(),
        dt.date(2000, number, 1).strftime("%B").lower(),
    )
} | {"sept": 9}
DATE_LAYOUTS = "dd/mm/yyyy, yyyy-mm-dd, 4 Mar 2021 or an Excel date"
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WHITESPACE = re.compile(r"\s")
# a reference with nothing to refuse: no whitespace and no control characters
PLAIN_REFERENCE = re.compile(r"[^\s\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
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

    def error(self, message: str, *, value: str | None = None) -> InputError:
        return InputError(
            message,
            file=self.file,
            row=self.row,
            column=self.column,
            row_label=self.row_label,
            value=value,
        )


def parse_date(value: str, cell: Cell, *, required: bool, iso: bool = False) -> dt.date | None:
    """A date in any layout real exports carry, checked to be real; never a guess.

    Accepted: ``dd/mm/yyyy`` (also with ``-`` or ``.``; day first, as in England),
    ``yyyy-mm-dd`` (also with ``/``), ``4 Mar 2021``, an Excel serial date (a
    five-digit number, as a date cell holds once its format is lost), and any of these
    followed by a time of day (the time is dropped). Refused, with the reason: a
    two-digit year, a value that is only a real date read month first (``12/25/2021``:
    Scrutiny does not switch between day-first and month-first within a file), a date
    that does not exist, and one outside 1900–2100. Where ``iso``, only ``yyyy-mm-dd``.
    """
    value = value.strip()
    if not value:
        if required:
            raise cell.error("a date is required here")
        return None
    if iso:
        match = _ISO_DATE.match(value)
        if not match:
            raise cell.error(f"{shown(value)} is not a date in the form YYYY-MM-DD", value=value)
        year, month, day = (int(p) for p in match.groups())
        return _real_date(value, cell, year, month, day)
    if (known := _READ_DATES.get(value)) is not None:
        return known
    date_part, _, time_part = value.replace("T", " ", 1).partition(" ")
    if time_part and not _NAMED_MONTH.match(value):
        time_match = _TIME.match(time_part.strip())
        if not time_match or int(time_match.group(1)) > 23 or int(time_match.group(2)) > 59:
            raise cell.error(f"{shown(value)} is not a date ({DATE_LAYOUTS})", value=value)
        value_for_date = date_part
    else:
        value_for_date = value
    parsed = _parse_day(value, value_for_date, cell)
    if len(_READ_DATES) < READ_DATES_KEPT:
        _READ_DATES[value] = parsed
    return parsed


# A file holds few distinct dates (ten years are 3,653 days) in many cells, so each text
# read as a date is remembered: parsing was the largest cost of reading a large return.
# Only dates read without error are kept; a bad one is parsed again to say where it is.
READ_DATES_KEPT = 200_000
_READ_DATES: dict[str, dt.date] = {}


def known_date(text: str) -> dt.date | None:
    """The date ``text`` was read as before, if it was read without error."""
    return _READ_DATES.get(text)


def _parse_day(value: str, text: str, cell: Cell) -> dt.date:
    if match := _DAY_FIRST.match(text):
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        if month > 12 >= day and 1 <= month <= 31:
            raise cell.error(
                f"{shown(value)} is not a real date read day first (dd/mm/yyyy); it would be"
                " one read month first, and Scrutiny does not guess: export the dates as"
                " dd/mm/yyyy or yyyy-mm-dd",
                value=value,
            )
        return _real_date(value, cell, year, month, day)
    if match := _YEAR_FIRST.match(text):
        return _real_date(
            value, cell, int(match.group(1)), int(match.group(3)), int(match.group(4))
        )
    if match := _NAMED_MONTH.match(text):
        named = _MONTHS.get(match.group(2).lower())
        if named is None:
            raise cell.error(f"{shown(value)} does not name a month", value=value)
        return _real_date(value, cell, int(match.group(3)), named, int(match.group(1)))
    if match := _EXCEL_SERIAL.match(text):
        return _excel_date(value, cell, int(match.group(1)))
    if _TWO_DIGIT_YEAR.match(text):
        raise cell.error(
            f"{shown(value)} has a two-digit year, which could be either century;"
            " write the year in full",
            value=value,
        )
    raise cell.error(f"{shown(value)} is not a date ({DATE_LAYOUTS})", value=value)


EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1 Jan 1900 (Excel's 1900 leap-year bug
# only moves serials before 1 Mar 1900, which a five-digit serial never is)


def _excel_date(value: str, cell: Cell, serial: int) -> dt.date:
    return _in_range(value, cell, EXCEL_EPOCH + dt.timedelta(days=serial))


def _real_date(value: str, cell: Cell, year: int, month: int, day: int) -> dt.date:
    try:
        parsed = dt.date(year, month, day)
    except ValueError:
        raise cell.error(f"{shown(value)} is not a real date", value=value) from None
    return _in_range(value, cell, parsed)


def _in_range(value: str, cell: Cell, parsed: dt.date) -> dt.date:
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise cell.error(f"{shown(value)} is outside the years 1900 to 2100", value=value)
    return parsed


ENGLAND = ZoneInfo("Europe/London")


def england_to_utc(local: dt.datetime) -> dt.datetime:
    """A wall-clock time in England as an aware UTC timestamp; in the repeated hour when
    the clocks go back, the first of the two is taken."""
    return local.replace(tzinfo=ENGLAND).astimezone(dt.UTC)


def parse_datetime(value: str, cell: Cell, *, required: bool) -> dt.datetime | None:
    """A local date and time: a date as :func:`parse_date` reads one, then ``HH:MM``
    (seconds optional), or an Excel serial with its fraction of a day.

    A date with no time is refused: where the law says "without delay", the hour counts.
    """
    value = value.strip()
    if not value:
        if required:
            raise cell.error("a date and time is required here")
        return None
    if match := _EXCEL_SERIAL.match(value):
        if match.group(2) is None:
            raise _no_time(value, cell)
        seconds = round(float(match.group(2)) * 86_400)
        day = _excel_date(value, cell, int(match.group(1)))
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=min(seconds, 86_399))
    date_part, _, time_part = value.replace("T", " ", 1).partition(" ")
    time_match = _TIME.match(time_part.strip())
    if not time_match:
        raise _no_time(value, cell)
    day = _parse_day(value, date_part, cell)
    hour, minute, second = (int(part or 0) for part in time_match.groups())
    try:
        return dt.datetime.combine(day, dt.time(hour, minute, second))
    except ValueError:
        raise cell.error(f"{shown(value)} is not a real time of day", value=value) from None


def _no_time(value: str, cell: Cell) -> InputError:
    return cell.error(
        f"{shown(value)} is not a date and time in the form dd/mm/YYYY HH:MM", value=value
    )


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
        raise cell.error(
            f"{shown(value)} is not a known code{in_year}; allowed: {codes}", value=value
        )
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
        raise cell.error(f"{shown(value)} is not a whole number", value=value) from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise cell.error(f"{number} is outside the range {minimum} to {maximum}", value=value)
    return number


def parse_text(value: str, cell: Cell, *, required: bool, max_length: int) -> str | None:
    """Free text: length-limited, control characters refused (tab and newline allowed)."""
    if not value:
        if required:
            raise cell.error("a value is required here")
        return None
    if len(value) > max_length:
        raise cell.error(
            f"the value is {len(value):,} characters long; the limit is {max_length:,}",
            value=value,
        )
    if CONTROL_CHARACTERS.search(value):
        raise cell.error("the value contains control characters", value=value)
    return value


def parse_choice(value: str, cell: Cell, choices: tuple[str, ...], *, required: bool) -> str | None:
    if not value:
        if required:
            raise cell.error(f"one of {', '.join(choices)} is required here")
        return None
    lowered = value.strip().lower()
    if lowered not in choices:
        raise cell.error(f"{shown(value)} is not one of {', '.join(choices)}", value=value)
    return lowered
