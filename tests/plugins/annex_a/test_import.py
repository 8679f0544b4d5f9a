"""Importing Ofsted Annex A: the real-format sample, tolerant headers, broken workbooks,
a newer workbook replacing the older, and nothing stored from a refused one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.styles import Font
from sqlalchemy import Engine, func, select

from scrutiny.importing.errors import InputError
from scrutiny.models.imports import ImportBatch
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.annex_a.models import (
    AnnexAAdopter,
    AnnexACareLeaver,
    AnnexALookedAfter,
    AnnexAProtection,
)
from tests.annex_a_cases import SAMPLE, build, import_workbook, sample_copy

TABLES = (AnnexAProtection, AnnexALookedAfter, AnnexACareLeaver, AnnexAAdopter)


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        found = {
            t.__tablename__: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in TABLES
        }
        found["batches"] = conn.execute(select(func.count(ImportBatch.id))).scalar_one()
    return found


def test_the_sample_is_read_list_by_list(engine: Engine, host: PluginHost, tmp_path: Path) -> None:
    [result] = import_workbook(engine, host, sample_copy(tmp_path))

    assert counts(engine) == {
        "aa_child_protection": 7,
        "aa_looked_after": 5,
        "aa_care_leaver": 6,
        "aa_adopter": 5,
        "batches": 11,
    }
    assert "11 of 11 lists read, dates up to 15/03/2021" in result.summary
    assert "List 8 (children in care): 5 rows" in result.summary
    # the sample is the pre-2024 layout of List 9
    assert (
        "List 9 (care leavers): 6 rows (no column for: Allocated Personal Advisor; Latest"
        " Pathway Plan Review Date; Latest Date of Contact)" in result.summary
    )
    with engine.connect() as conn:
        child = conn.execute(
            select(AnnexALookedAfter).where(AnnexALookedAfter.child_ref == "1761444")
        ).one()
        adopter = conn.execute(
            select(AnnexAAdopter).where(AnnexAAdopter.adopter_ref == "7105179")
        ).one()
        adviser = conn.execute(select(AnnexACareLeaver.adviser_allocated)).scalars().all()
    assert child.latest_review == dt.date(2021, 1, 12)
    assert child.last_visit == dt.date(2021, 1, 6)
    assert child.last_health == dt.date(2020, 5, 27)
    assert child.placement_type == "U6"  # from "f) U6: Foster placement - not FFA"
    assert child.started == dt.date(2009, 8, 6)
    # List 11's dates are formulas: their cached values are read
    assert (adopter.stage1_start, adopter.stage1_end) == (dt.date(2009, 8, 19), dt.date(2009, 9, 1))
    assert adviser == [None] * 6  # no adviser column: not "no adviser"


def test_the_same_workbook_twice_changes_nothing(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    path = sample_copy(tmp_path)
    import_workbook(sqlite_engine, host, path)
    before = counts(sqlite_engine)
    with pytest.raises(InputError, match="was already imported"):
        import_workbook(sqlite_engine, host, path)
    assert counts(sqlite_engine) == before


def _l8(ref: str, visit: dt.date) -> dict[str, Any]:
    return {
        "Child Unique ID": ref,
        "Date Started to be Looked After": dt.datetime(2023, 1, 5),
        "Date of Last Social Work Visit": visit,
        "Start Date of Most Recent Placement": dt.datetime(2023, 1, 5),
    }


def test_a_newer_workbook_replaces_the_older_one_whole(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    older = build(
        tmp_path / "a",
        {
            8: [_l8("C1", dt.date(2024, 5, 1)), _l8("C2", dt.date(2024, 5, 2))],
            7: [{"Child Unique ID": "C9", "Child Protection Plan Start Date": dt.date(2024, 1, 2)}],
        },
    )
    newer = build(tmp_path / "b", {8: [_l8("C2", dt.date(2024, 6, 10))]})
    import_workbook(engine, host, older)
    import_workbook(engine, host, newer)

    with engine.connect() as conn:
        rows = conn.execute(select(AnnexALookedAfter.child_ref, AnnexALookedAfter.last_visit)).all()
        protection = conn.execute(select(func.count()).select_from(AnnexAProtection)).scalar_one()
        batches = conn.execute(
            select(ImportBatch.kind, ImportBatch.superseded_by).order_by(ImportBatch.id)
        ).all()
    assert rows == [("C2", dt.date(2024, 6, 10))]  # C1 gone: the newer workbook does not list it
    assert protection == 0  # the newer workbook has no List 7: the older one's is not kept
    assert [(kind, by is not None) for kind, by in batches] == [
        ("annex_a.list7", True),
        ("annex_a.list8", True),
        ("annex_a.list8", False),
    ]


def test_an_older_workbook_after_a_newer_one_is_refused(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    newer = build(tmp_path / "b", {8: [_l8("C2", dt.date(2024, 6, 10))]})
    older = build(tmp_path / "a", {8: [_l8("C1", dt.date(2024, 5, 1))]})
    import_workbook(sqlite_engine, host, newer)
    before = counts(sqlite_engine)
    with pytest.raises(
        InputError,
        match=r"its latest date \(01/05/2024\) is earlier than that of"
        r" the Annex A already imported \(10/06/2024\)",
    ):
        import_workbook(sqlite_engine, host, older)
    assert counts(sqlite_engine) == before


def test_headers_are_matched_tolerantly_and_what_is_not_matched_is_said(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    def drift(book: Any) -> None:
        sheet = book["List 8"]
        sheet["M1"] = "  DATE OF LATEST  STATUTORY REVIEW "  # case and spacing
        sheet["N1"] = "Date of Last Social Work Vist"  # a misspelling: matched by similarity
        sheet["Q1"] = "When was the health assessment"  # unrecognisable
        sheet["AC1"] = (
            "Number of Episodes the Child has been “Missing” from their Placement"
            " in the last 12 months"
        )
        book["List 10"]["F1"] = "Age"  # the other year's spelling of "Age of Child (Years)"

    [result] = import_workbook(sqlite_engine, host, sample_copy(tmp_path, drift))

    line = next(x for x in result.summary.splitlines() if x.strip().startswith("List 8"))
    assert (
        "matched by similarity: 'Date of Last Social Work Vist' as 'Date of Last Social Work Visit'"
        in line
    )
    assert "columns not matched: 'When was the health assessment'" in line
    assert "no column for: Date of Last Health Assessment" in line
    assert "List 10 (children with adoption plans): 5 rows\n" in result.summary
    with sqlite_engine.connect() as conn:
        got = conn.execute(
            select(
                AnnexALookedAfter.latest_review,
                AnnexALookedAfter.last_visit,
                AnnexALookedAfter.last_health,
            ).where(AnnexALookedAfter.child_ref == "1761444")
        ).one()
    assert got == (dt.date(2021, 1, 12), dt.date(2021, 1, 6), None)


def test_a_missing_list_an_empty_sheet_and_a_title_row_are_reported_not_refused(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    def change(book: Any) -> None:
        del book["List 4"]
        sheet = book["List 3"]
        sheet.delete_rows(1, sheet.max_row)
        book["List 7"].insert_rows(1, 2)
        book["List 7"]["A1"] = "Child protection — extract for Ofsted"
        book["List 7"]["A1"].font = Font(bold=True)
        book.create_sheet("Guidance")["A1"] = "How to fill in this workbook"

    [result] = import_workbook(sqlite_engine, host, sample_copy(tmp_path, change))

    assert "List 4 (assessments): not read: no sheet titled List 4" in result.summary
    assert "List 3 (referrals): not read: the sheet 'List 3' is empty" in result.summary
    assert "List 7 (child protection): 7 rows" in result.summary
    assert "sheets ignored: 'Guidance'" in result.summary
    assert counts(sqlite_engine)["aa_child_protection"] == 7


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            lambda book: book["List 8"].__setitem__("M3", "soon"),
            "Annex_A.xlsx (sheet List 8), row 3, column Date of Latest Statutory Review: 'soon'"
            " is not a date",
            id="text-in-a-date-column",
        ),
        pytest.param(
            lambda book: book["List 8"].merge_cells("M3:N3"),
            "Annex_A.xlsx (sheet List 8), row 3: has merged cells (M3:N3); unmerge them",
            id="merged-cells",
        ),
        pytest.param(
            lambda book: book["List 7"].__setitem__("L4", "31/02/2021"),
            "Annex_A.xlsx (sheet List 7), row 4, column Date of latest review conference:"
            " '31/02/2021' is not a real date",
            id="impossible-date",
        ),
        pytest.param(
            lambda book: book["List 7"].__setitem__("J2", "03/25/2021"),
            "it would be one read month first, and Scrutiny does not guess",
            id="month-first-date",
        ),
        pytest.param(
            lambda book: book["List 9"].__setitem__("A3", None),
            "Annex_A.xlsx (sheet List 9), row 3, column Child Unique ID: a value is required",
            id="no-child-id",
        ),
        pytest.param(
            lambda book: book["List 8"].__setitem__("N2", dt.datetime(2099, 1, 1)),
            "column Date of Last Social Work Visit: 01/01/2099 is in the future",
            id="future-date",
        ),
        pytest.param(
            lambda book: book.copy_worksheet(book["List 8"]).__setattr__("title", "list 8 (2)"),
            "sheets 'List 8' and 'list 8 (2)' are both List 8",
            id="list-twice",
        ),
    ],
)
def test_a_broken_workbook_is_refused_with_where_and_nothing_is_stored(
    engine: Engine, host: PluginHost, tmp_path: Path, change: Any, message: str
) -> None:
    import_workbook(engine, host, build(tmp_path / "first", {8: [_l8("C1", dt.date(2024, 5, 1))]}))
    before = counts(engine)
    with pytest.raises(InputError) as caught:
        import_workbook(engine, host, sample_copy(tmp_path / "broken", change))
    assert message in str(caught.value)
    assert counts(engine) == before


def test_every_bad_cell_is_reported_not_just_the_first(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    def change(book: Any) -> None:
        book["List 8"]["M3"] = "soon"
        book["List 8"]["N5"] = "44259x"
        book["List 11"]["H3"] = "#VALUE!"

    with pytest.raises(InputError) as caught:
        import_workbook(sqlite_engine, host, sample_copy(tmp_path, change))
    problems = [(p.file, p.row, p.column, p.value) for p in caught.value.problems]
    assert problems == [
        ("Annex_A.xlsx (sheet List 8)", 3, "Date of Latest Statutory Review", "soon"),
        ("Annex_A.xlsx (sheet List 8)", 5, "Date of Last Social Work Visit", "44259x"),
        ("Annex_A.xlsx (sheet List 11)", 3, "Date Stage 1 started", "#VALUE!"),
    ]
    assert "(and 2 more problems in this file)" in str(caught.value)


def test_a_truncated_workbook_is_not_claimed_as_annex_a(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    path = sample_copy(tmp_path)
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(InputError, match=r"Annex_A\.xlsx"):
        import_workbook(sqlite_engine, host, path)
    assert counts(sqlite_engine)["batches"] == 0


def test_a_formula_never_calculated_is_refused_not_read_as_blank(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    path = tmp_path / "Annex_A.xlsx"
    book = load_workbook(SAMPLE)  # formulas kept; saving drops their calculated values
    book.save(path)
    with pytest.raises(InputError) as caught:
        import_workbook(sqlite_engine, host, path)
    assert str(caught.value).startswith(
        "Annex_A.xlsx (sheet List 10), row 2, column Date of Decision that Child Should be"
        " Placed for Adoption: holds a formula whose value was never calculated"
    )
    assert counts(sqlite_engine)["batches"] == 0
