"""Date-and-time fields: the hour matters where the law says "without delay"."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.importing.errors import InputError
from scrutiny.importing.fields import Cell, parse_datetime
from scrutiny.importing.workbook import cell_text

CELL = Cell("notifications.csv", 7, "NOTIFIED_OFSTED")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/05/2020 09:05", dt.datetime(2020, 5, 1, 9, 5)),
        ("1/5/2020 9:05", dt.datetime(2020, 5, 1, 9, 5)),
        ("31/12/2023 23:59:59", dt.datetime(2023, 12, 31, 23, 59, 59)),
        ("29/02/2024T00:00", dt.datetime(2024, 2, 29, 0, 0)),
        ("2020-05-01 09:05", dt.datetime(2020, 5, 1, 9, 5)),
        ("2020-05-01T09:05:30", dt.datetime(2020, 5, 1, 9, 5, 30)),
        ("43952.375", dt.datetime(2020, 5, 1, 9, 0)),
    ],
)
def test_a_uk_date_and_time_is_read(text, expected):
    assert parse_datetime(text, CELL, required=True) == expected


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("01/05/2020", "not a date and time in the form dd/mm/YYYY HH:MM"),
        ("2020-05-01", "not a date and time in the form dd/mm/YYYY HH:MM"),
        ("44000", "not a date and time in the form dd/mm/YYYY HH:MM"),
        ("01/05/20 09:05", "has a two-digit year"),
        ("05/13/2020 09:05", "it would be one read month first"),
        ("30/02/2023 10:00", "not a real date"),
        ("01/05/2020 24:00", "not a real time of day"),
        ("01/05/2020 09:60", "not a real time of day"),
        ("01/05/2020 09:05pm", "not a date and time"),
    ],
)
def test_a_bad_date_and_time_names_file_row_and_column(text, complaint):
    with pytest.raises(InputError) as caught:
        parse_datetime(text, CELL, required=True)
    message = str(caught.value)
    assert complaint in message
    assert "notifications.csv" in message and "row 7" in message and "NOTIFIED_OFSTED" in message


def test_a_missing_required_date_and_time_is_refused_and_an_optional_one_is_none():
    with pytest.raises(InputError, match="a date and time is required here"):
        parse_datetime("", CELL, required=True)
    assert parse_datetime("", CELL, required=False) is None


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (dt.datetime(2021, 3, 4, 14, 30), "04/03/2021 14:30"),
        (dt.datetime(2021, 3, 4, 14, 30, 15), "04/03/2021 14:30:15"),
        (dt.datetime(2021, 3, 4), "04/03/2021"),
    ],
)
def test_a_spreadsheet_time_reads_as_its_csv_text(cell, text):
    assert cell_text(cell) == text
    if " " in text:
        assert parse_datetime(text, CELL, required=True) == cell
