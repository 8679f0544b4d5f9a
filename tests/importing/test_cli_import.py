"""``scrutiny import`` run as a user runs it: the console script, in a child process."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.importing.returns import good_return, write_csv_set

SCRUTINY = shutil.which("scrutiny", path=str(Path(sys.executable).parent))


def _scrutiny(database: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert SCRUTINY is not None, "the scrutiny console script is not installed"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}
    return subprocess.run(
        [SCRUTINY, "--database", database, "import", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_good_return_exits_0_and_lists_each_file(sqlite_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "2024-25"
    write_csv_set(folder, {k: v for k, v in good_return().items() if k in ("Header", "Episodes")})

    done = _scrutiny(sqlite_url, str(folder), cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "imported episodes.csv: SSDA903 2024-25, CSV (Episodes 4 rows)",
        "imported header.csv: SSDA903 2024-25, CSV (Header 4 rows)",
        f"2 file(s) imported into {sqlite_url}",
    ]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(
            lambda text: text.replace("C000002,01/08/2024,S,V2", "C000002,01/08/2024,S,XX"),
            "scrutiny: episodes.csv, row 4, column LS: 'XX' is not a known code in 2024-25;"
            " allowed: C1, C2, D1, E1, J1, J2, J3, L1, L2, L3, V2, V3, V4",
            id="unknown-code",
        ),
        pytest.param(
            lambda text: text.replace(",AB1 2CD,AB5", ',"AB1 2CD,AB5'),
            "scrutiny: episodes.csv, row 3: is not well-formed CSV (unexpected end of data)",
            id="malformed",
        ),
    ],
)
def test_bad_file_exits_2_with_one_line_and_no_traceback(
    sqlite_url: str, tmp_path: Path, edit: Callable[[str], str], message: str
) -> None:
    paths = write_csv_set(tmp_path / "r", {"Episodes": good_return()["Episodes"]})
    paths[0].write_text(edit(paths[0].read_text()), encoding="utf-8")

    done = _scrutiny(sqlite_url, str(paths[0]), cwd=tmp_path)

    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{message}; nothing was imported [reject report: import-rejects.csv]"
    ]
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout == ""
    report = (tmp_path / "import-rejects.csv").read_text(encoding="utf-8").splitlines()
    assert report[0] == "file,row,column,value,reason"
    assert len(report) == 2 and report[1].startswith("episodes.csv,")


def test_missing_path_exits_2(sqlite_url: str, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "episodes.csv"

    done = _scrutiny(sqlite_url, str(missing), cwd=tmp_path)

    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"scrutiny: {missing}: no such file"]
    assert not (tmp_path / "import-rejects.csv").exists()


def test_an_interrupted_folder_import_is_finished_with_skip_imported(
    sqlite_url: str, tmp_path: Path
) -> None:
    """A folder import killed after its first file: run again, it is refused (the file
    is already in) and says how to go on; with --skip-imported the rest goes in."""
    folder = tmp_path / "2024-25"
    write_csv_set(folder, {k: v for k, v in good_return().items() if k in ("Header", "Episodes")})
    first = _scrutiny(sqlite_url, str(folder / "header.csv"), "--year", "2024-25", cwd=tmp_path)
    assert first.returncode == 0, first.stderr

    again = _scrutiny(sqlite_url, str(folder), cwd=tmp_path)

    assert again.returncode == 2
    assert len(again.stderr.splitlines()) == 1
    assert again.stderr.startswith("scrutiny: header.csv: was already imported (as header.csv,")
    assert again.stderr.rstrip().endswith(
        "); give --skip-imported to import only the files not yet imported (after an import"
        " was interrupted); nothing was imported [reject report: import-rejects.csv]"
    )
    assert _count(sqlite_url, "ssda903_episode") == 0

    finished = _scrutiny(sqlite_url, str(folder), "--skip-imported", cwd=tmp_path)

    assert (finished.returncode, finished.stderr) == (0, "")
    lines = finished.stdout.splitlines()
    assert lines[0] == "imported episodes.csv: SSDA903 2024-25, CSV (Episodes 4 rows)"
    assert lines[1].startswith("skipped header.csv: already imported (as header.csv, batch 1, on ")
    assert lines[1].endswith("); skipped")
    assert lines[2] == f"1 file(s) imported into {sqlite_url}, 1 skipped"
    assert _count(sqlite_url, "ssda903_episode") == 4


def _count(url: str, table: str) -> int:
    path = url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as conn:
        (count,) = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(count)
