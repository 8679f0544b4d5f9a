"""The XLSX writer behind ``--format xlsx``: any text in, the same text out, never a formula."""

from __future__ import annotations

import datetime as dt
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from scrutiny.export.spreadsheet_safe import is_formula_like
from scrutiny.export.workbook_safe import EXCEL_CELL_LIMIT, workbook_bytes
from tests.hostile.mutations import BAD_DATES, FORMULAS, ODD_VALUES

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)


def read_back(data: bytes) -> list[list[object]]:
    book = load_workbook(io.BytesIO(data))
    return [[c for c in row] for row in book.worksheets[0].iter_rows()]


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(st.sampled_from(FORMULAS + BAD_DATES + ODD_VALUES), TEXT), max_size=8))
def test_any_text_is_written_as_text_and_read_back_the_same(texts: list[str]) -> None:
    data = workbook_bytes("Sheet", ["value"], [[t] for t in texts])

    cells = [row[0] for row in read_back(data)[1:]]

    assert [c.data_type for c in cells if c.value is not None] == ["s"] * len(
        [c for c in cells if c.value is not None]
    )
    for text, cell in zip(texts, cells, strict=True):
        if not text:
            assert cell.value is None
            continue
        shown = "".join(f"\\x{ord(c):02x}" if c < " " and c not in "\t\n\r" else c for c in text)
        assert cell.value == shown
        assert cell.quotePrefix == is_formula_like(shown)


def test_a_value_over_excels_cell_limit_is_cut_saying_so() -> None:
    data = workbook_bytes("Sheet", ["value"], [["x" * 40_000]])

    [[cell]] = read_back(data)[1:]

    assert len(cell.value) == EXCEL_CELL_LIMIT
    assert cell.value.endswith(
        "[cut at Excel's cell limit; the CSV and JSON exports hold it whole]"
    )


def test_timestamps_are_utc_dates_are_dates_numbers_are_numbers() -> None:
    london = dt.timezone(dt.timedelta(hours=1))
    data = workbook_bytes(
        "Sheet",
        ["at", "day", "count", "flag", "list"],
        [[dt.datetime(2024, 6, 1, 10, 30, tzinfo=london), dt.date(2024, 6, 1), -3, True, ["a"]]],
    )

    [[at, day, count, flag, listed]] = read_back(data)[1:]

    assert (at.value, at.is_date) == (dt.datetime(2024, 6, 1, 9, 30), True)
    assert (day.value, day.is_date) == (dt.datetime(2024, 6, 1), True)
    assert (count.value, count.data_type) == (-3, "n")
    assert (flag.value, listed.value) == ("yes", '["a"]')
