"""The adoption plugin's own files: applications.csv and panels.csv, or XLSX sheets.

Every reference and date here is invented. A bad value stops the import with one
message naming the file, the row and the column, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, select

from scrutiny.db.base import Base
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.errors import InputError
from scrutiny.importing.runner import ImportResult, import_paths
from scrutiny.models.imports import ImportBatch
from scrutiny.plugins.adoption.importer import (
    APPLICATION_COLUMNS,
    PANEL_COLUMNS,
    adoption_importer,
)
from scrutiny.plugins.adoption.models import AdopterApplication, PanelMeeting
from tests.importing.returns import csv_text, write_file

D = dt.date
TODAY = D(2022, 4, 4)
APPROVED = {
    "APPLICATION": "A101",
    "ROI_ACCEPTED": "04/01/2021",
    "STAGE1_DECISION": "01/03/2021",
    "STAGE1_OUTCOME": "suitable",
    "DBS_CERTIFICATE": "10/02/2021",
    "MEDICAL_REPORT": "20/04/2021",
    "MEDICAL_DEFERRAL_RECORDED": "01/03/2021",
    "MEDICAL_DEFERRAL_REF": "CN-4471",
    "NOTICE_TO_PROCEED": "15/03/2021",
    "STAGE2_START": "22/03/2021",
    "PANEL": "P2021-07",
    "PANEL_RECOMMENDATION": "approve",
    "NO_PANEL_REASON": "",
    "AGENCY_DECISION": "20/07/2021",
    "AGENCY_DECISION_OUTCOME": "approve",
    "CLOSED": "",
}
OPEN = dict.fromkeys(APPLICATION_COLUMNS, "") | {"APPLICATION": "A102", "ROI_ACCEPTED": "1/2/2022"}
PANEL = {
    "PANEL": "P2021-07",
    "PANEL_DATE": "13/07/2021",
    "CHAIR_PRESENT": "yes",
    "MEMBERS_PRESENT": "6",
    "INDEPENDENT_MEMBERS": "3",
}


def run_import(engine: Engine, *paths: Path) -> list[ImportResult]:
    return import_paths(engine, list(paths), [adoption_importer()], ImportOptions(today=TODAY))


def applications(folder: Path, *rows: Mapping[str, str]) -> Path:
    return write_file(folder / "applications.csv", csv_text(APPLICATION_COLUMNS, rows))


def panels(folder: Path, *rows: Mapping[str, str]) -> Path:
    return write_file(folder / "panels.csv", csv_text(PANEL_COLUMNS, rows))


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    tables = [t for t in Base.metadata.sorted_tables if t.name.startswith(("ado_", "import_"))]
    with engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t))), key=repr) for t in tables}


def stored_applications(engine: Engine) -> list[tuple[Any, ...]]:
    a, p = AdopterApplication, PanelMeeting
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(
                    a.application_ref,
                    a.roi_accepted,
                    a.stage1_decision,
                    a.stage1_outcome,
                    a.medical_report,
                    a.medical_deferral_recorded,
                    a.medical_deferral_ref,
                    a.notice_to_proceed,
                    p.panel_ref,
                    a.agency_decision,
                    a.agency_decision_outcome,
                    a.closed,
                )
                .outerjoin(p, p.id == a.panel_id)
                .order_by(a.application_ref)
            )
        ]


def stored_panels(engine: Engine) -> list[tuple[Any, ...]]:
    p = PanelMeeting
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(
                    p.panel_ref,
                    p.panel_date,
                    p.chair_present,
                    p.members_present,
                    p.independent_members,
                ).order_by(p.panel_ref)
            )
        ]


def test_applications_and_panels_are_stored(engine: Engine, tmp_path: Path) -> None:
    results = run_import(engine, applications(tmp_path, APPROVED, OPEN), panels(tmp_path, PANEL))

    assert [r.summary for r in results] == [
        "prospective adopters' applications (applications.csv), CSV: 2 rows"
        " dated 04/01/2021 to 01/02/2022",
        "adoption panel meetings (panels.csv), CSV: 1 row dated 13/07/2021",
    ]
    assert stored_applications(engine) == [
        (
            "A101",
            D(2021, 1, 4),
            D(2021, 3, 1),
            "suitable",
            D(2021, 4, 20),
            D(2021, 3, 1),
            "CN-4471",
            D(2021, 3, 15),
            "P2021-07",
            D(2021, 7, 20),
            "approve",
            None,
        ),
        ("A102", D(2022, 2, 1), None, None, None, None, None, None, None, None, None, None),
    ]
    assert stored_panels(engine) == [("P2021-07", D(2021, 7, 13), True, 6, 3)]
    with engine.connect() as conn:
        batches = {
            b.kind: (b.row_count, b.covers_from, b.covers_to)
            for b in conn.execute(select(ImportBatch))
        }
    # The applications list stands as of the import day: deadlines up to then are judged.
    assert batches == {
        "adoption.applications": (2, D(2021, 1, 4), TODAY),
        "adoption.panels": (1, D(2021, 7, 13), D(2021, 7, 13)),
    }


def test_panels_may_be_imported_after_the_applications_naming_them(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    run_import(sqlite_engine, applications(tmp_path, APPROVED))
    assert stored_panels(sqlite_engine) == [("P2021-07", None, None, None, None)]

    run_import(sqlite_engine, panels(tmp_path / "later", PANEL))

    assert stored_panels(sqlite_engine) == [("P2021-07", D(2021, 7, 13), True, 6, 3)]
    assert stored_applications(sqlite_engine)[0][8] == "P2021-07"


def test_a_later_export_updates_the_same_application(sqlite_engine: Engine, tmp_path: Path):
    run_import(sqlite_engine, applications(tmp_path, OPEN))
    decided = OPEN | {"STAGE1_DECISION": "28/03/2022", "STAGE1_OUTCOME": "not-suitable"}

    run_import(sqlite_engine, applications(tmp_path / "later", decided))

    [row] = stored_applications(sqlite_engine)
    assert row[:4] == ("A102", D(2022, 2, 1), D(2022, 3, 28), "not-suitable")


def _workbook(sheets: Mapping[str, tuple[Sequence[str], Sequence[Mapping[str, str]]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, (columns, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(list(columns))
        for row in rows:
            sheet.append([row[c] for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_workbook_with_both_sheets_is_read_like_the_csv_files(
    engine: Engine, tmp_path: Path
) -> None:
    data = _workbook(
        {
            "Applications": (APPLICATION_COLUMNS, [APPROVED, OPEN]),
            "Panels": (PANEL_COLUMNS, [PANEL]),
        }
    )
    [result] = run_import(engine, write_file(tmp_path / "adoption.xlsx", data))

    assert result.summary == (
        "prospective adopters' applications (applications.csv), XLSX sheet Applications:"
        " 2 rows dated 04/01/2021 to 01/02/2022; adoption panel meetings (panels.csv),"
        " XLSX sheet Panels: 1 row dated 13/07/2021"
    )
    assert [r[0] for r in stored_applications(engine)] == ["A101", "A102"]
    assert stored_panels(engine) == [("P2021-07", D(2021, 7, 13), True, 6, 3)]


def test_a_bad_cell_in_a_sheet_is_named_by_sheet_row_and_column(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    bad = APPROVED | {"STAGE1_OUTCOME": "maybe"}
    data = _workbook({"Applications": (APPLICATION_COLUMNS, [OPEN, bad])})

    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, write_file(tmp_path / "adoption.xlsx", data))

    assert str(caught.value) == (
        "adoption.xlsx (sheet Applications), row 3, column STAGE1_OUTCOME:"
        " 'maybe' is not one of suitable, not-suitable"
    )


BAD_APPLICATIONS = [
    ({"ROI_ACCEPTED": ""}, "ROI_ACCEPTED: a date is required here"),
    ({"ROI_ACCEPTED": "31/02/2021"}, "ROI_ACCEPTED: '31/02/2021' is not a real date"),
    ({"ROI_ACCEPTED": "Jan 2021"}, "ROI_ACCEPTED: 'Jan 2021' is not a date (dd/mm/yyyy"),
    ({"APPLICATION": "A 101"}, "APPLICATION: a reference must not contain spaces"),
    (
        {"STAGE1_DECISION": "03/01/2021"},
        "STAGE1_DECISION: 03/01/2021 is before ROI_ACCEPTED (04/01/2021)",
    ),
    ({"STAGE1_OUTCOME": ""}, "STAGE1_OUTCOME: one of suitable, not-suitable is required here"),
    (
        {"STAGE1_DECISION": "", "NOTICE_TO_PROCEED": "", "STAGE2_START": "", "AGENCY_DECISION": ""},
        "STAGE1_OUTCOME: an outcome is given but STAGE1_DECISION is blank",
    ),
    (
        {"STAGE1_OUTCOME": "not-suitable"},
        "NOTICE_TO_PROCEED: a notice is given but STAGE1_OUTCOME is not suitable",
    ),
    (
        {"NOTICE_TO_PROCEED": "28/02/2021"},
        "NOTICE_TO_PROCEED: 28/02/2021 is before STAGE1_DECISION (01/03/2021)",
    ),
    ({"STAGE2_START": "14/03/2021"}, "STAGE2_START: 14/03/2021 is before NOTICE_TO_PROCEED"),
    (
        {"MEDICAL_DEFERRAL_RECORDED": ""},
        "MEDICAL_DEFERRAL_REF: a value is given but MEDICAL_DEFERRAL_RECORDED is blank",
    ),
    (
        {"PANEL_RECOMMENDATION": ""},
        "PANEL_RECOMMENDATION: one of approve, not-approve is required here",
    ),
    (
        {"PANEL": "", "PANEL_RECOMMENDATION": "approve"},
        "PANEL_RECOMMENDATION: a value is given but PANEL is blank",
    ),
    (
        {"NO_PANEL_REASON": "Lockdown"},
        "NO_PANEL_REASON: a reason for deciding without a panel is given, but PANEL names one",
    ),
    ({"NO_PANEL_REASON": "bell\x07"}, "NO_PANEL_REASON: the value contains control characters"),
    (
        {"AGENCY_DECISION": "14/03/2021"},
        "AGENCY_DECISION: 14/03/2021 is before NOTICE_TO_PROCEED (15/03/2021)",
    ),
    ({"AGENCY_DECISION_OUTCOME": "approved"}, "AGENCY_DECISION_OUTCOME: 'approved' is not one of"),
    (
        {"CLOSED": "01/08/2021"},
        "CLOSED: an application with an agency decision did not close without one",
    ),
    ({"AGENCY_DECISION": "05/04/2022"}, "AGENCY_DECISION: 05/04/2022 is in the future"),
]


@pytest.mark.parametrize(
    ("changes", "message"),
    BAD_APPLICATIONS,
    ids=[m.split(":")[0] + "-" + str(n) for n, (_, m) in enumerate(BAD_APPLICATIONS)],
)
def test_a_bad_application_row_is_refused_and_nothing_is_stored(
    sqlite_engine: Engine, tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    run_import(sqlite_engine, applications(tmp_path, OPEN | {"APPLICATION": "A001"}))
    before = snapshot(sqlite_engine)
    path = applications(tmp_path / "later", OPEN, APPROVED | changes)

    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, path)

    assert str(caught.value).startswith(f"applications.csv, row 3, column {message}")
    assert snapshot(sqlite_engine) == before


def test_an_agency_decision_on_the_stage_1_decision_day_is_refused(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    same_day = APPROVED | {
        "NOTICE_TO_PROCEED": "01/03/2021",
        "STAGE2_START": "",
        "AGENCY_DECISION": "01/03/2021",
    }
    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, applications(tmp_path, same_day))
    assert str(caught.value) == (
        "applications.csv, row 2, column AGENCY_DECISION: 01/03/2021 is not after"
        " STAGE1_DECISION (01/03/2021)"
    )


def test_a_repeated_application_is_refused(sqlite_engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, applications(tmp_path, APPROVED, OPEN, APPROVED))
    assert str(caught.value) == "applications.csv, row 4: repeats row 2 (same application)"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"CHAIR_PRESENT": ""}, "CHAIR_PRESENT: one of yes, no is required here"),
        ({"MEMBERS_PRESENT": "0"}, "MEMBERS_PRESENT: 0 is outside the range 1 to 50"),
        ({"MEMBERS_PRESENT": "six"}, "MEMBERS_PRESENT: 'six' is not a whole number"),
        (
            {"MEMBERS_PRESENT": "3", "INDEPENDENT_MEMBERS": "3"},
            "INDEPENDENT_MEMBERS: 3 independent members besides the chair, but only 2"
            " members other than the chair were present",
        ),
        ({"PANEL_DATE": ""}, "PANEL_DATE: a date is required here"),
    ],
    ids=["chair-blank", "no-members", "members-not-a-number", "too-many-independent", "no-date"],
)
def test_a_bad_panel_row_is_refused(
    sqlite_engine: Engine, tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, panels(tmp_path, PANEL | changes))
    assert str(caught.value) == f"panels.csv, row 2, column {message}"
    assert stored_panels(sqlite_engine) == []


def test_a_panels_file_may_have_no_rows_but_an_applications_file_may_not(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    [result] = run_import(sqlite_engine, panels(tmp_path))
    assert result.summary == "adoption panel meetings (panels.csv), CSV: 0 rows"
    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, applications(tmp_path))
    assert str(caught.value) == "applications.csv: has a header but no rows"
