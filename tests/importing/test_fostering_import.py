"""The fostering plugin's files, as CSV and as sheets of one XLSX workbook."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, func, select

from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.errors import InputError
from scrutiny.importing.runner import import_paths
from scrutiny.models.imports import ImportBatch
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.fostering.importer import FILES
from scrutiny.plugins.fostering.models import (
    Approval,
    Carer,
    Exemption,
    ExemptionChild,
    Extension,
    Household,
)
from tests.importing.returns import csv_text, snapshot, write_file

D = dt.date
TODAY = D(2022, 4, 1)
COLUMNS = {f.name: f.columns for f in FILES}
GOOD = {
    "carers": [("F1", "H1", "931"), ("F2", "H1", "931"), ("T1", "HT1", "")],
    "approvals": [
        ("F1", "full", "03/06/2019", "", "03/06/2019", "3", "", ""),
        (
            "T1",
            "temporary-connected",
            "01/03/2021",
            "C1",
            "26/02/2021",
            "1",
            "01/07/2021",
            "full-approval",
        ),
    ],
    "extensions": [
        ("T1", "01/03/2021", "14/06/2021", "8", "14/06/2021", "14/06/2021", "14/06/2021", "no", ""),
    ],
    "emergency_placements": [("F1", "C2", "07/06/2021", "14/06/2021", "")],
    "household_children": [
        ("F1", "C3", "fostered", "04/01/2021", "", "S1"),
        ("F2", "C4", "own-child", "01/05/2010", "", ""),
    ],
    "exemptions": [
        ("EX1", "F1", "C3", "01/02/2021", "31/01/2022", "931", "Review at each LAC review"),
        ("EX1", "F1", "C5", "01/02/2021", "31/01/2022", "931", "Review at each LAC review"),
    ],
    "short_breaks": [("C6", "F2", "02/08/2021", "04/08/2021")],
    "carer_reviews": [("F1", "20/05/2020", "yes")],
}


def write_csvs(folder: Path, data=GOOD) -> list[Path]:
    return [
        write_file(folder / f"{name}.csv", csv_text(COLUMNS[name], rows))
        for name, rows in data.items()
    ]


def write_workbook(path: Path, data=GOOD, *, titles: dict[str, str] | None = None) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in data.items():
        sheet = book.create_sheet((titles or {}).get(name, name))
        sheet.append(list(COLUMNS[name]))
        for row in rows:
            sheet.append([_cell(v) for v in row])
    book.save(path)
    return path


def _cell(value: str) -> object:
    """Dates as real Excel dates and numbers as numbers, as a council's workbook has them."""
    if len(value) == 10 and value[2] == "/" and value[5] == "/":
        return dt.datetime.strptime(value, "%d/%m/%Y")
    return int(value) if value.isdigit() and len(value) < 4 else value


def run(engine: Engine, *paths: Path):
    return import_paths(engine, list(paths), PluginHost().importers(), ImportOptions(today=TODAY))


def stored(engine: Engine) -> dict[str, object]:
    with engine.connect() as conn:
        return {
            "carers": sorted(
                conn.execute(
                    select(Carer.carer_ref, Household.household_ref, Household.residence_la).join(
                        Household, Household.id == Carer.household_id
                    )
                ).all()
            ),
            "approvals": conn.execute(
                select(Approval.approval_type, Approval.approved_on, Approval.ended_on).order_by(
                    Approval.approved_on
                )
            ).all(),
            "extensions": conn.execute(select(Extension.extended_on, Extension.weeks)).all(),
            "exemption_children": conn.execute(
                select(Exemption.exemption_ref, func.count(ExemptionChild.id))
                .join(ExemptionChild, ExemptionChild.exemption_id == Exemption.id)
                .group_by(Exemption.exemption_ref)
            ).all(),
        }


EXPECTED = {
    "carers": [("F1", "H1", "931"), ("F2", "H1", "931"), ("T1", "HT1", None)],
    "approvals": [
        ("full", D(2019, 6, 3), None),
        ("temporary-connected", D(2021, 3, 1), D(2021, 7, 1)),
    ],
    "extensions": [(D(2021, 6, 14), 8)],
    "exemption_children": [("EX1", 2)],
}


def test_every_csv_file_is_stored(engine: Engine, tmp_path: Path) -> None:
    results = run(engine, *write_csvs(tmp_path))
    assert len(results) == len(FILES)
    assert stored(engine) == EXPECTED


def test_one_workbook_with_a_sheet_per_file_stores_the_same(engine: Engine, tmp_path: Path):
    # Sheet titles do not matter: each sheet is recognised by its header.
    titles = {name: f"Sheet {n}" for n, name in enumerate(GOOD)}
    (result,) = run(engine, write_workbook(tmp_path / "fostering.xlsx", titles=titles))
    assert stored(engine) == EXPECTED
    assert re.search(
        r"foster carer approvals \(approvals\.csv\), XLSX sheet Sheet \d+: 2 rows dated ",
        result.summary,
    )
    with engine.connect() as conn:
        kinds = conn.execute(select(ImportBatch.kind).where(ImportBatch.kind.like("fostering.%")))
        assert len(kinds.all()) == len(FILES)


def test_files_can_come_in_any_order(engine: Engine, tmp_path: Path) -> None:
    paths = write_csvs(tmp_path)
    for path in reversed(paths):
        run(engine, path)
    assert stored(engine) == EXPECTED


def test_list_files_speak_up_to_the_import_day(engine: Engine, tmp_path: Path) -> None:
    run(engine, *write_csvs(tmp_path))
    with engine.connect() as conn:
        covers = dict(conn.execute(select(ImportBatch.kind, ImportBatch.covers_to)).all())
    assert covers["fostering.approvals"] == TODAY
    assert covers["fostering.reviews"] == D(2020, 5, 20)  # a log: to its last review


@pytest.mark.parametrize(
    ("name", "row", "column", "message"),
    [
        (
            "approvals",
            ("T1", "temporary", "01/03/2021", "C1", "", "", "", ""),
            "TYPE",
            "'temporary' is not one of full, temporary-connected, temporary-any",
        ),
        (
            "approvals",
            ("T1", "temporary-connected", "01/03/2021", "", "", "", "", ""),
            "CHILD",
            "a value is required here",
        ),
        (
            "approvals",
            ("T1", "full", "31/02/2021", "", "", "", "", ""),
            "APPROVED",
            "'31/02/2021' is not a real date",
        ),
        (
            "approvals",
            ("T1", "full", "01/03/2021", "", "", "", "01/02/2021", "resigned"),
            "ENDED",
            "01/02/2021 is before APPROVED (01/03/2021)",
        ),
        (
            "approvals",
            ("T1", "full", "01/03/2021", "", "", "", "", "resigned"),
            "ENDED",
            "END_REASON is given, so the date the approval ended is needed",
        ),
        (
            "approvals",
            ("T1", "full", "01/05/2022", "", "", "", "", ""),
            "APPROVED",
            "01/05/2022 is in the future",
        ),
        (
            "extensions",
            ("T1", "01/03/2021", "14/06/2021", "99", "", "", "", "", ""),
            "WEEKS",
            "99 is outside the range 1 to 52",
        ),
        (
            "household_children",
            ("F1", "C 1", "fostered", "04/01/2021", "", ""),
            "CHILD",
            "a reference must not contain spaces",
        ),
        (
            "carers",
            ("F1", "H1", '=HYPERLINK("x")'),
            "RESIDENCE_LA",
            "the value is 15 characters long; the limit is 10",
        ),
    ],
    ids=[
        "unknown-type",
        "temporary-needs-child",
        "impossible-date",
        "ended-before",
        "reason-without-end",
        "future-date",
        "too-many-weeks",
        "space-in-ref",
        "oversized",
    ],
)
def test_bad_value_is_named_by_file_row_and_column(
    engine: Engine, tmp_path: Path, name, row, column, message
) -> None:
    run(engine, *write_csvs(tmp_path / "first"))
    before = snapshot(engine)
    path = write_file(tmp_path / f"{name}.csv", csv_text(COLUMNS[name], [GOOD[name][0], row]))
    with pytest.raises(InputError) as caught:
        run(engine, path)
    assert str(caught.value) == f"{name}.csv, row 3, column {column}: {message}"
    assert snapshot(engine) == before


def test_rows_of_one_exemption_must_agree(engine: Engine, tmp_path: Path) -> None:
    rows = [GOOD["exemptions"][0], ("EX1", "F1", "C5", "01/02/2021", "28/02/2022", "931", "")]
    path = write_file(tmp_path / "exemptions.csv", csv_text(COLUMNS["exemptions"], rows))
    with pytest.raises(InputError) as caught:
        run(engine, path)
    assert str(caught.value) == (
        "exemptions.csv, row 3, column VALID_UNTIL: differs from row 2, another row of"
        " exemption EX1 (only CHILD may differ between the rows of one exemption)"
    )


def test_bad_sheet_is_named_and_nothing_of_the_workbook_is_stored(
    engine: Engine, tmp_path: Path
) -> None:
    data = dict(GOOD)
    data["carer_reviews"] = [("F1", "20/05/2020", "yes"), ("F1", "20/05/2020", "no")]
    before = snapshot(engine)
    with pytest.raises(InputError) as caught:
        run(engine, write_workbook(tmp_path / "fostering.xlsx", data))
    assert str(caught.value) == (
        "fostering.xlsx (sheet carer_reviews), row 3: repeats row 2 (same carer and date)"
    )
    assert snapshot(engine) == before


def test_truncated_workbook_is_refused_with_its_name(engine: Engine, tmp_path: Path) -> None:
    whole = write_workbook(tmp_path / "whole.xlsx").read_bytes()
    path = write_file(tmp_path / "half.xlsx", whole[: len(whole) // 2])
    with pytest.raises(InputError) as caught:
        run(engine, path)
    assert str(caught.value).startswith("half.xlsx: ")


def test_same_workbook_twice_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "fostering.xlsx")
    run(engine, path)
    before = snapshot(engine)
    with pytest.raises(InputError) as caught:
        run(engine, path)
    assert "was already imported" in str(caught.value)
    assert snapshot(engine) == before
