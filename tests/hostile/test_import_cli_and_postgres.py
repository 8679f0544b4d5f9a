"""Damaged files through the real ``scrutiny import`` console script, and on PostgreSQL.

As a user meets them: a non-zero exit, exactly one line on standard error naming the
file, no traceback, the database as it was, and the reject report safe to open in a
spreadsheet. And the property of ``test_import_properties`` holds on PostgreSQL too.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import Engine

from scrutiny.cli.exit_codes import ExitCode
from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.importing.errors import InputError
from scrutiny.importing.runner import import_paths
from scrutiny.plugin_host import PluginHost
from tests.hostile.mutations import HUGE, damage_for
from tests.hostile.samples import Sample, options, row_counts
from tests.hostile.test_import_properties import SETTINGS
from tests.hostile.test_import_regressions import corrupt_member

SCRUTINY = shutil.which("scrutiny", path=str(Path(sys.executable).parent))
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def scrutiny(database: Path, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert SCRUTINY is not None, "the scrutiny console script is not installed"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}
    return subprocess.run(
        [SCRUTINY, "--database", f"sqlite:///{database}", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def _csv_cell(sample: Sample, row: int, column: str, value: str) -> bytes:
    rows = list(csv.reader(io.StringIO(sample.data.decode("utf-8"))))
    rows[row][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


def _annex_formula(sample: Sample) -> bytes:
    book = load_workbook(io.BytesIO(sample.data))
    sheet = book["List 8"]
    [header] = [c for c in sheet[1] if c.value == "Date Started to be Looked After"]
    sheet.cell(row=2, column=header.column, value="=1+1")  # a formula, never calculated
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CASES: list[tuple[str, str, Callable[[dict[str, Sample]], bytes], str]] = [
    (
        "formula-in-a-date",
        "visits.csv",
        lambda s: _csv_cell(
            s["demo/looked_after/visits"], 1, "VISIT_DATE", '=HYPERLINK("http://x","y")'
        ),
        "visits.csv, row 2, column VISIT_DATE: ",
    ),
    (
        "megabyte-field",
        "episodes.csv",
        lambda s: _csv_cell(s["ssda903-csv/episodes"], 2, "HOME_POST", HUGE),
        "episodes.csv, row 3, column HOME_POST: the value is 1,048,576 characters long",
    ),
    (
        "truncated",
        "homes.csv",
        lambda s: s["demo/residential/homes"].data[:-7],
        "homes.csv, row ",
    ),
    (
        "corrupt-workbook",
        "looked_after.xlsx",
        lambda s: corrupt_member(s["template/looked_after"].data, "xl/worksheets/sheet1.xml"),
        "looked_after.xlsx: is not a readable XLSX workbook",
    ),
    (
        "uncalculated-formula-in-annex-a",
        "Annex_A.xlsx",
        lambda s: _annex_formula(s["demo/annex_a/Annex_A"]),
        "Annex_A.xlsx (sheet List 8), row 2, column Date Started to be Looked After: ",
    ),
    (
        "random-bytes",
        "census.xml",
        lambda s: bytes(range(256)) * 8,
        "census.xml: ",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "make", "starts"), [(c[1], c[2], c[3]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_console_script_refuses_in_one_line_and_stores_nothing(
    name: str,
    make: Callable[[dict[str, Sample]], bytes],
    starts: str,
    samples: dict[str, Sample],
    loaded_template: Path,
    tmp_path: Path,
) -> None:
    database = tmp_path / "scrutiny.db"
    shutil.copyfile(loaded_template, database)
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_bytes(make(samples))
    engine = create_scrutiny_engine(f"sqlite:///{database}")
    before = row_counts(engine)

    done = scrutiny(database, "import", path, cwd=tmp_path)

    assert done.returncode == ExitCode.USAGE, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith(f"scrutiny: {starts}"), line
    assert line.endswith("; nothing was imported [reject report: import-rejects.csv]"), line
    assert row_counts(engine) == before
    engine.dispose()
    with (tmp_path / "import-rejects.csv").open(encoding="utf-8", newline="") as report:
        rows = list(csv.reader(report))
    assert rows[0] == ["file", "row", "column", "value", "reason"]
    assert all(r[0].startswith(name) for r in rows[1:])
    assert not [c for r in rows for c in r if c.startswith(TRIGGERS)]


def test_a_formula_in_the_reject_report_is_shown_as_text(
    samples: dict[str, Sample], loaded_template: Path, tmp_path: Path
) -> None:
    """The reject report repeats the bad value; a formula there must not run when the
    report is opened next to the file being fixed."""
    database = tmp_path / "scrutiny.db"
    shutil.copyfile(loaded_template, database)
    path = tmp_path / "visits.csv"
    path.write_bytes(
        _csv_cell(samples["demo/looked_after/visits"], 1, "VISIT_DATE", "=cmd|' /C calc'!A0")
    )

    done = scrutiny(database, "import", path, cwd=tmp_path)

    assert done.returncode == ExitCode.USAGE
    report = (tmp_path / "import-rejects.csv").read_text(encoding="utf-8")
    [[_, _, column, value, _]] = list(csv.reader(io.StringIO(report)))[1:]
    assert (column, value) == ("VISIT_DATE", "'=cmd|' /C calc'!A0")


@pytest.mark.postgres
def test_on_postgresql_a_damaged_file_is_whole_or_absent(
    postgres_url: str, samples: dict[str, Sample], host: PluginHost, tmp_path: Path
) -> None:
    """The same property on a real PostgreSQL schema holding every valid sample."""
    engine = create_scrutiny_engine(postgres_url)
    try:
        by_folder: dict[tuple[Path, str | None], list[Path]] = {}
        for sample in samples.values():
            if sample.importer != "register":
                by_folder.setdefault((sample.path.parent, sample.year), []).append(sample.path)
        for (_, year), paths in by_folder.items():
            import_paths(engine, paths, host.importers(), options(year))
        _damaged_imports_on(engine, list(samples.values()), host, tmp_path)
    finally:
        engine.dispose()


def _damaged_imports_on(
    engine: Engine, samples: list[Sample], host: PluginHost, folder: Path
) -> None:
    @settings(SETTINGS, max_examples=30)
    @given(data=st.data())
    def damaged_import(data: st.DataObject) -> None:
        sample = data.draw(st.sampled_from(samples), label="sample")
        damaged = data.draw(damage_for(sample.damage, sample.data), label="damage")
        path = folder / "damaged-input.dat"
        path.write_bytes(damaged.data)
        before = row_counts(engine)
        try:
            import_paths(engine, [path], host.importers(), options(sample.year))
        except InputError as exc:
            assert str(exc).startswith(path.name)
            assert row_counts(engine) == before
            return
        after = row_counts(engine)
        with pytest.raises(InputError, match="was already imported"):
            import_paths(engine, [path], host.importers(), options(sample.year))
        assert row_counts(engine) == after

    damaged_import()
