"""Every SSDA903 code of every collection year fits the column it is stored in, so a file
that passes validation can always be written (2025-26 added three-character placement
codes Z11–Z14)."""

from __future__ import annotations

import pytest

from scrutiny.ssda903.codesets import code_sets
from scrutiny.ssda903.tables import TABLES, Kind

CODE_FIELDS = [(spec, fld) for spec in TABLES for fld in spec.fields if fld.kind is Kind.CODE]


@pytest.mark.parametrize(
    ("spec", "fld"), CODE_FIELDS, ids=[f"{s.name}.{f.column}" for s, f in CODE_FIELDS]
)
def test_the_longest_code_of_any_year_fits_its_column(spec, fld):
    column = spec.table.columns.get(fld.attribute)
    if column is None:  # validated but not stored (e.g. SEX in UASC)
        return
    longest = max(len(code) for codes in code_sets().values() for code in codes.codes(fld.column))
    assert column.type.length >= longest


def test_an_unchanged_header_file_is_accepted_in_the_next_years_return(sqlite_engine, tmp_path):
    """Same bytes, different collection year: a different statement, so not a duplicate."""
    from tests.importing.returns import good_return, run_import, write_csv_set

    data = good_return()
    first = write_csv_set(tmp_path / "2024-25", {"Header": data["Header"]})
    second = write_csv_set(tmp_path / "2025-26", {"Header": data["Header"]})
    assert first[0].read_bytes() == second[0].read_bytes()
    run_import(sqlite_engine, *first, year="2024-25")
    run_import(sqlite_engine, *second, year="2025-26")
