"""A QA officer's week before inspection, as subprocesses: import the Annex A workbook,
check, write the pack with its readiness section; a broken workbook's reject report;
the progress bar on a large file; each run naming the imports it judged."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import create_engine, select

from scrutiny.models.imports import ImportBatch, RunImport
from tests.annex_a_cases import build, sample_copy
from tests.system.cli import describe, run_scrutiny


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'scrutiny.db'}"


def test_import_check_and_pack_on_the_sample(tmp_path: Path) -> None:
    database = _db(tmp_path)
    assert run_scrutiny("--database", database, "init", cwd=tmp_path).returncode == 0
    imported = run_scrutiny(
        "--database", database, "import", sample_copy(tmp_path / "in"), cwd=tmp_path
    )
    assert imported.returncode == 0, describe(imported)
    assert "Ofsted Annex A, 11 of 11 lists read, dates up to 15/03/2021" in imported.stdout

    checked = run_scrutiny(
        "--database",
        database,
        "check",
        "--as-of",
        "2021-03-31",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert checked.returncode in (0, 1), describe(checked)
    assert "AA-LAC-VISIT" in checked.stdout and "1761444" in checked.stdout

    packed = run_scrutiny("--database", database, "pack", "--out", "pack.pdf", cwd=tmp_path)
    assert packed.returncode == 0, describe(packed)
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "pack.pdf").pages)
    assert "Annex A readiness: the inspection data lists" in text
    assert "The Annex A workbook Annex_A.xlsx" in text
    assert "Columns not in this workbook: Allocated Personal Advisor" in text
    assert "1761444 AA-LAC-VISIT 6 Jan 2021 17 Feb 2021 Breach" in text

    engine = create_engine(database)
    with engine.connect() as conn:
        judged = conn.execute(
            select(RunImport.run_id, ImportBatch.kind).join(
                ImportBatch, RunImport.import_batch_id == ImportBatch.id
            )
        ).all()
    engine.dispose()
    assert sorted(judged) == sorted((1, f"annex_a.list{n}") for n in range(1, 12))


def test_a_broken_workbook_exits_2_with_a_reject_report(tmp_path: Path) -> None:
    database = _db(tmp_path)
    run_scrutiny("--database", database, "init", cwd=tmp_path)

    def break_it(book: Any) -> None:
        book["List 8"]["M3"] = "@SUM(A1)"
        book["List 8"]["N4"] = "12/31/2020"
        book["List 7"]["J2"] = "soon"

    refused = run_scrutiny(
        "--database", database, "import", sample_copy(tmp_path / "in", break_it), cwd=tmp_path
    )
    assert refused.returncode == 2, describe(refused)
    assert refused.stderr.splitlines() == [
        "scrutiny: Annex_A.xlsx (sheet List 7), row 2, column Date of the Last Statutory Visit:"
        " 'soon' is not a date (dd/mm/yyyy, yyyy-mm-dd, 4 Mar 2021 or an Excel date) (and 2"
        " more problems in this file); nothing was imported [reject report: import-rejects.csv]"
    ]
    rows = list(csv.reader(io.StringIO((tmp_path / "import-rejects.csv").read_text("utf-8"))))
    assert rows[0] == ["file", "row", "column", "value", "reason"]
    assert [r[:4] for r in rows[1:]] == [
        ["Annex_A.xlsx (sheet List 7)", "row 2", "Date of the Last Statutory Visit", "soon"],
        [
            "Annex_A.xlsx (sheet List 8)",
            "row 3",
            "Date of Latest Statutory Review",
            "'@SUM(A1)",
        ],  # written so a spreadsheet will not run it
        ["Annex_A.xlsx (sheet List 8)", "row 4", "Date of Last Social Work Visit", "12/31/2020"],
    ]
    assert "read month first" in rows[3][4]


def test_a_large_file_shows_a_progress_bar(tmp_path: Path) -> None:
    database = _db(tmp_path)
    run_scrutiny("--database", database, "init", cwd=tmp_path)
    contacts = [
        {"Child Unique ID": f"C{n}", "Date of Contact": dt.date(2024, 1, 1)} for n in range(6000)
    ]
    path = build(tmp_path / "in", {1: contacts})
    shown = run_scrutiny("--database", database, "import", "--progress", path, cwd=tmp_path)
    assert shown.returncode == 0, describe(shown)
    assert "Reading annex_a.xlsx" in shown.stderr
    assert "List 1 (contacts): 6,000 rows" in shown.stdout
