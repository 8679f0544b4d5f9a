"""Hostile text in the data, out through every export and the audit pack.

The data is real: children whose references are formulas (an import accepts any
reference without spaces), their episodes with no visits (so the check finds
breaches about them), and a deviation recorded and authorised through the real
register whose rationale is a formula and HTML that fetches things. Then:

- every CSV export (``scrutiny check --format csv``, ``scrutiny deviation export``,
  the pack's attached findings.csv and register.csv) has no cell a spreadsheet would
  run: each that starts with a trigger is prefixed with an apostrophe;
- the XLSX exports (``--format xlsx``) hold no formula cell at all, the hostile text
  survives exactly as visible text, dates are date cells, the header is frozen and
  filtered;
- the pack renders the hostile text as text (escaped, visible in the PDF), and asks
  for nothing outside the package: a server on 127.0.0.1 receives no request, and a
  local file named as a stylesheet is never read into the pages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import Engine

from scrutiny.cli.main import cli
from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.export.spreadsheet_safe import FORMULA_TRIGGERS
from scrutiny.testing.cases import CaseData
from scrutiny.testing.deviations import record_deviation
from tests.request_counter import RequestCounter, counting_server

D = dt.date
AS_OF = D(2024, 6, 30)
SECRET = "SECRET-CONTENT-5be1f0"
FORMULA_REFS = ('=HYPERLINK("http://x","y")', "+cmd|'/C_calc'!A0", "@SUM(1)", "-2+3")
FORMULA_RATIONALE = '=HYPERLINK("http://127.0.0.1:9/x","Click")&"\' /C calc"'


@pytest.fixture(scope="module")
def server() -> Iterator[RequestCounter]:
    """An HTTP server on 127.0.0.1 recording every request made to it."""
    with counting_server() as counter:
        yield counter


def hostile_html(port: int, secret: Path) -> str:
    return (
        f'<img src="http://127.0.0.1:{port}/img"> '
        f"<link rel=stylesheet href=file:///etc/passwd> "
        f'<link rel=stylesheet href="file://{secret}"> '
        f"<style>body {{ background: url(file:///etc/passwd) }}"
        f" @import url(http://127.0.0.1:{port}/import.css);</style> "
        f"url(file:///etc/passwd) "
        f"<script>document.write('INJECTED')</script>"
    )


@dataclass(frozen=True)
class Council:
    url: str
    engine: Engine
    hostile: str  # the deviation's rationale: a formula, then HTML


@pytest.fixture(scope="module")
def council(
    sqlite_template: Path, server: RequestCounter, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Council]:
    folder = tmp_path_factory.mktemp("hostile-council")
    secret = folder / "secret.css"
    secret.write_text(f"body::before {{ content: '{SECRET}' }}\n", encoding="utf-8")
    database = folder / "scrutiny.db"
    shutil.copyfile(sqlite_template, database)
    url = f"sqlite:///{database}"
    engine = create_scrutiny_engine(url)
    cases = CaseData(engine)
    for ref in FORMULA_REFS:
        cases.child(ref, dob=D(2012, 5, 1))
        cases.episode(ref, D(2024, 1, 8))
    hostile = f"{FORMULA_RATIONALE}\n{hostile_html(server.port, secret)}"
    record_deviation(
        engine,
        "LAC-SW-VISITS",
        FORMULA_REFS[0],
        D(2024, 1, 8),
        D(2024, 6, 30),
        rationale=hostile,
        mitigations='@SUM(1) <img src="http://127.0.0.1:9/m">',
        done_instead="+cmd|' /C calc'!A0",
    )
    try:
        yield Council(url, engine, hostile)
    finally:
        engine.dispose()


def scrutiny(council: Council, *args: str | Path) -> Result:
    result = CliRunner().invoke(cli, ["--database", council.url, *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture(scope="module")
def checked(council: Council, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The check run once, its findings and the register exported every way."""
    out = tmp_path_factory.mktemp("exports")
    paths = {
        "findings.csv": out / "findings.csv",
        "findings.xlsx": out / "findings.xlsx",
        "register.csv": out / "register.csv",
        "register.xlsx": out / "register.xlsx",
    }
    as_of = AS_OF.isoformat()
    for fmt in ("csv", "xlsx"):
        done = scrutiny(
            council, "check", "--as-of", as_of, "--format", fmt, "--out", paths[f"findings.{fmt}"]
        )
        assert done.exit_code in (0, 1), done.output
        done = scrutiny(
            council, "deviation", "export", "--history", "--format", fmt,
            "--out", paths[f"register.{fmt}"],
        )  # fmt: skip
        assert done.exit_code == 0, done.output
    return paths


def csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def assert_no_cell_would_run(rows: list[list[str]]) -> None:
    """Every cell a spreadsheet would run starts with the apostrophe that stops it."""
    running = [c for r in rows for c in r if c.startswith(FORMULA_TRIGGERS)]
    assert not running, running


# CSV -----------------------------------------------------------------------------------


def test_the_findings_csv_neutralises_formula_subjects(checked: dict[str, Path]) -> None:
    rows = csv_cells(checked["findings.csv"].read_text(encoding="utf-8"))

    assert_no_cell_would_run(rows)
    refs = {r[rows[0].index("subject_ref")] for r in rows[1:]}
    assert {f"'{ref}" for ref in FORMULA_REFS} <= refs


def test_the_register_csv_neutralises_the_rationale(
    checked: dict[str, Path], council: Council
) -> None:
    rows = csv_cells(checked["register.csv"].read_text(encoding="utf-8"))

    assert_no_cell_would_run(rows)
    header = rows[0]
    assert {r[header.index("rationale")] for r in rows[1:]} == {f"'{council.hostile}"}
    assert {r[header.index("done_instead")] for r in rows[1:]} == {"'+cmd|' /C calc'!A0"}


def test_the_register_csv_on_standard_output_is_the_same(
    checked: dict[str, Path], council: Council
) -> None:
    done = scrutiny(council, "deviation", "export", "--history")

    assert done.output == checked["register.csv"].read_text(encoding="utf-8")


# XLSX ----------------------------------------------------------------------------------


def workbook_rows(path: Path) -> tuple[Any, list[list[Any]]]:
    book = load_workbook(path)
    [sheet] = book.worksheets
    return sheet, [[c for c in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("name", ["findings.xlsx", "register.xlsx"])
def test_no_xlsx_cell_is_a_formula_and_the_header_is_frozen_and_filtered(
    name: str, checked: dict[str, Path]
) -> None:
    sheet, rows = workbook_rows(checked[name])

    assert [c for row in rows for c in row if c.data_type == "f"] == []
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{rows[0][-1].column_letter}{len(rows)}"
    assert all(c.font.b for c in rows[0])
    # Formula-like text is text, kept exactly, and marked to stay text when edited.
    hostile = [c for row in rows[1:] for c in row if isinstance(c.value, str)]
    formula_like = [c for c in hostile if c.value.startswith(FORMULA_TRIGGERS)]
    assert formula_like
    assert all(c.data_type == "s" and c.quotePrefix for c in formula_like)


def test_the_findings_xlsx_keeps_formula_subjects_as_text_and_dates_as_dates(
    checked: dict[str, Path],
) -> None:
    _, rows = workbook_rows(checked["findings.xlsx"])
    header = [c.value for c in rows[0]]
    refs = {row[header.index("subject_ref")].value for row in rows[1:]}
    due = [row[header.index("due_date")] for row in rows[1:]]

    assert set(FORMULA_REFS) <= refs
    assert all(c.is_date and isinstance(c.value, dt.datetime) for c in due)
    as_csv = csv_cells(checked["findings.csv"].read_text(encoding="utf-8"))
    assert len(rows) == len(as_csv)


def test_the_register_xlsx_shows_the_rationale_recorded_through_the_register(
    checked: dict[str, Path], council: Council
) -> None:
    _, rows = workbook_rows(checked["register.xlsx"])
    header = [c.value for c in rows[0]]
    rationale = [row[header.index("rationale")] for row in rows[1:]]
    period_start = [row[header.index("period_start")] for row in rows[1:]]

    assert {c.value for c in rationale} == {council.hostile}
    assert all(c.data_type == "s" for c in rationale)
    assert {c.value for c in period_start} == {dt.datetime(2024, 1, 8)}
    assert all(c.is_date for c in period_start)


def test_xlsx_needs_an_output_file(council: Council) -> None:
    for args in (("check", "--format", "xlsx"), ("deviation", "export", "--format", "xlsx")):
        done = scrutiny(council, *args)

        assert done.exit_code == 2
        assert "--format xlsx writes a workbook: give --out FILE.xlsx" in done.output


# The audit pack ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pack(
    council: Council, checked: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> PdfReader:
    out = tmp_path_factory.mktemp("pack") / "audit-pack.pdf"
    done = scrutiny(council, "pack", "--as-of", AS_OF.isoformat(), "--out", out)
    assert done.exit_code == 0, done.output
    return PdfReader(out)


def test_the_pack_fetches_nothing_and_shows_the_hostile_text_as_text(
    pack: PdfReader, server: RequestCounter
) -> None:
    text = "\n".join(page.extract_text() for page in pack.pages)
    flat = " ".join(text.split())

    assert server.paths == []
    assert SECRET not in text
    assert "root:x:0:0" not in text
    assert "FETCHED-OVER-HTTP" not in text
    # The markup is shown, escaped, as the words it is; nothing of it ran.
    assert "<script>document.write('INJECTED')</script>" in flat
    assert "url(file:///etc/passwd)" in flat
    assert "<link rel=stylesheet href=file:///etc/passwd>" in flat
    assert f'<img src="http://127.0.0.1:{server.port}/img">' in flat
    assert "INJECTED" not in flat.replace("document.write('INJECTED')", "")


def test_the_packs_attached_csv_files_neutralise_formulas(
    pack: PdfReader, council: Council
) -> None:
    attached = {name: content[0] for name, content in pack.attachments.items()}
    findings = csv_cells(attached["findings.csv"].decode("utf-8"))
    register = csv_cells(attached["register.csv"].decode("utf-8"))

    assert_no_cell_would_run(findings)
    assert_no_cell_would_run(register)
    assert f"'{council.hostile}" in {c for r in register for c in r}
