"""Dates in the layouts real exports carry, and the ones refused rather than guessed."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.importing.errors import InputError
from scrutiny.importing.fields import Cell, parse_date

CELL = Cell("visits.csv", 4, "VISIT_DATE")
MARCH_4 = dt.date(2021, 3, 4)


@pytest.mark.parametrize(
    "text",
    [
        "04/03/2021",
        "4/3/2021",
        "04-03-2021",
        "04.03.2021",
        "2021-03-04",
        "2021/03/04",
        "4 Mar 2021",
        "04-Mar-2021",
        "4 March 2021",
        "44259",  # Excel's serial for 4 Mar 2021, as a date cell holds it unformatted
        "44259.0",
        "2021-03-04T00:00:00",
        "2021-03-04 14:30:00",  # a date column with a time: the day is what counts
        "04/03/2021 00:00",
        " 04/03/2021 ",
    ],
)
def test_each_layout_real_exports_carry_reads_as_the_same_day(text: str) -> None:
    assert parse_date(text, CELL, required=True) == MARCH_4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/01/2021", dt.date(2021, 1, 12)),  # day first, as in England, never switched
        ("01/12/2021", dt.date(2021, 12, 1)),
        ("29/02/2024", dt.date(2024, 2, 29)),
        ("10000", dt.date(1927, 5, 18)),  # the smallest serial read
        ("73415", dt.date(2100, 12, 31)),  # the largest one in range
        ("01/01/1900", dt.date(1900, 1, 1)),
    ],
)
def test_boundaries(text: str, expected: dt.date) -> None:
    assert parse_date(text, CELL, required=True) == expected


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("12/25/2021", "is not a real date read day first (dd/mm/yyyy); it would be one read"),
        ("04/03/21", "has a two-digit year, which could be either century"),
        ("4-3-21", "has a two-digit year"),
        ("29/02/2023", "is not a real date"),
        ("31/04/2021", "is not a real date"),
        ("13/13/2021", "is not a real date"),
        ("2021-02-30", "is not a real date"),
        ("31/12/1899", "is outside the years 1900 to 2100"),
        ("73416", "is outside the years 1900 to 2100"),
        ("2021", "is not a date (dd/mm/yyyy, yyyy-mm-dd, 4 Mar 2021 or an Excel date)"),
        ("9999", "is not a date"),  # a four-digit number is never read as a serial
        ("4 Smarch 2021", "does not name a month"),
        ("Mar 2021", "is not a date"),
        ("04/03/2021 25:00", "is not a date"),
        ("yesterday", "is not a date"),
        ("#N/A", "is not a date"),
    ],
)
def test_ambiguous_or_impossible_dates_are_refused_with_the_value_and_where(
    text: str, complaint: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_date(text, CELL, required=True)
    assert complaint in str(caught.value)
    assert str(caught.value).startswith("visits.csv, row 4, column VISIT_DATE: ")
    assert caught.value.value == text.strip()


def test_iso_only_where_a_format_says_so() -> None:
    assert parse_date("2021-03-04", CELL, required=True, iso=True) == MARCH_4
    with pytest.raises(InputError, match="not a date in the form YYYY-MM-DD"):
        parse_date("04/03/2021", CELL, required=True, iso=True)


def test_blank_is_none_unless_required() -> None:
    assert parse_date("", CELL, required=False) is None
    assert parse_date("  ", CELL, required=False) is None
    with pytest.raises(InputError, match="a date is required here"):
        parse_date("", CELL, required=True)
