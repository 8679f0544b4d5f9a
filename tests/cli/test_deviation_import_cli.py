"""``scrutiny import deviations.csv`` run as a QA officer runs it: the console script, in a
child process, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.register.test_bulk_import import COLUMNS, draft, row, write_csv

SCRUTINY = shutil.which("scrutiny", path=str(Path(sys.executable).parent))
FORMULA_TRIGGERS = ("=", "+", "-", "@")


def scrutiny(database: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``scrutiny --database DATABASE ARGS`` in ``cwd`` (where a refused import writes its
    reject report); never a traceback, whatever the exit code.

    No SCRUTINY_* setting of the caller's reaches it, except the plugins turned off.
    """
    assert SCRUTINY is not None, "the scrutiny console script is not installed"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}
    if "SCRUTINY_DISABLE_PLUGINS" in os.environ:
        env["SCRUTINY_DISABLE_PLUGINS"] = os.environ["SCRUTINY_DISABLE_PLUGINS"]
    done = subprocess.run(
        [SCRUTINY, "--database", database, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def exported(database: str, cwd: Path) -> list[dict[str, Any]]:
    done = scrutiny(database, "deviation", "export", "--history", "--format", "json", cwd=cwd)
    assert done.returncode == 0, done.stderr
    versions: list[dict[str, Any]] = json.loads(done.stdout)
    return versions


def test_a_good_file_imports_lists_shows_and_verifies(database_url: str, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "deviations.csv",
        row(DONE_INSTEAD='=HYPERLINK("http://127.0.0.1/x","video call")'),
        draft(),
    )

    done = scrutiny(database_url, "import", path, cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "imported deviations.csv: deviations recorded elsewhere (deviations.csv), CSV: 2 rows",
        f"1 file(s) imported into {database_url}",
    ]
    listed = scrutiny(database_url, "deviation", "list", cwd=tmp_path).stdout.splitlines()
    assert [line.split()[:3] for line in listed[1:]] == [
        ["DEV-000001", "authorised", "LAC-SW-VISITS"],
        ["DEV-000002", "draft", "LAC-REVIEW"],
    ]
    shown = scrutiny(database_url, "deviation", "show", "DEV-000001", cwd=tmp_path).stdout
    assert "Authorised by: Alex Manager on " in shown
    assert "v2 authorise by Alex Manager" in shown
    assert "Authorised on 2021-01-05 outside Scrutiny; imported from deviations.csv, row 2" in shown
    verified = scrutiny(database_url, "verify", cwd=tmp_path)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("register verified: 3 records, head ")
    as_csv = scrutiny(database_url, "deviation", "export", cwd=tmp_path).stdout
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert rows[0]["done_instead"] == """'=HYPERLINK("http://127.0.0.1/x","video call")"""
    assert not [c for r in rows for c in r.values() if c.startswith(FORMULA_TRIGGERS)]


def test_a_workbook_imports_too(sqlite_url: str, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append([row()[c] for c in COLUMNS])
    sheet.append([draft()[c] for c in COLUMNS])
    path = tmp_path / "covid-log.xlsx"
    book.save(path)

    done = scrutiny(sqlite_url, "import", path, cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert [v["status"] for v in exported(sqlite_url, tmp_path)] == ["draft", "authorised", "draft"]


def test_a_bad_file_exits_2_with_one_line_and_leaves_the_register_as_it_was(
    database_url: str, tmp_path: Path
) -> None:
    first = scrutiny(
        database_url, "import", write_csv(tmp_path / "first.csv", draft()), cwd=tmp_path
    )
    assert first.returncode == 0, first.stderr
    head = scrutiny(database_url, "verify", cwd=tmp_path).stdout
    bad = write_csv(
        tmp_path / "deviations.csv",
        row(),
        row(SUBJECT_REF="C000002", LIKELIHOOD="6"),
        row(SUBJECT_REF="C000003", AUTHORISED_BY="Sam Worker"),
    )

    done = scrutiny(database_url, "import", bad, cwd=tmp_path)

    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith(
        "scrutiny: deviations.csv, row 3, column LIKELIHOOD: 6 is outside the range 1 to 5"
        " (and 1 more problem in this file)"
    )
    assert scrutiny(database_url, "verify", cwd=tmp_path).stdout == head
    assert len(exported(database_url, tmp_path)) == 1


def test_the_same_file_again_exits_2_and_records_nothing(sqlite_url: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "deviations.csv", row(), draft())
    assert scrutiny(sqlite_url, "import", path, cwd=tmp_path).returncode == 0
    before = exported(sqlite_url, tmp_path)

    again = scrutiny(sqlite_url, "import", path, cwd=tmp_path)

    assert again.returncode == 2
    [line] = again.stderr.splitlines()
    assert line.startswith("scrutiny: deviations.csv: was already imported (as deviations.csv,")
    assert exported(sqlite_url, tmp_path) == before


def test_a_row_holds_what_deviation_record_would_have_recorded(
    sqlite_url: str, sqlite_template: Path, tmp_path: Path
) -> None:
    """The same deviation given to ``deviation record`` and in a file: the same terms."""
    other = tmp_path / "other.db"
    shutil.copyfile(sqlite_template, other)
    recorded = scrutiny(
        f"sqlite:///{other}", "deviation", "record", "--type", "ado-medical-deferred-909",
        "--subject", "application:A0001", "--done-instead", "Medical obtained at stage 2",
        "--from", "2021-01-04", "--to", "2021-03-31", "--covid-reason", "other",
        "--rationale", "GP surgery closed to routine work", "--principle", "risk-based",
        "--principle", "child-centred", "--likelihood", "2", "--impact", "3",
        "--review-date", "2021-02-01", "--by", "Sam Worker", "--note", "By hand",
        cwd=tmp_path,
    )  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr
    path = write_csv(
        tmp_path / "deviations.csv",
        draft(
            TYPE="ado-medical-deferred-909",
            RULE="",
            SUBJECT_TYPE="application",
            SUBJECT_REF="A0001",
            DONE_INSTEAD="Medical obtained at stage 2",
            FROM="04/01/2021",
            TO="31/03/2021",
            COVID_REASON="other",
            RATIONALE="GP surgery closed to routine work",
            PRINCIPLES="risk-based;child-centred",
            LIKELIHOOD="2",
            IMPACT="3",
            REVIEW_DATE="01/02/2021",
            NOTE="By hand",
        ),
    )
    assert scrutiny(sqlite_url, "import", path, cwd=tmp_path).returncode == 0

    [by_hand] = exported(f"sqlite:///{other}", tmp_path)
    [imported] = exported(sqlite_url, tmp_path)
    differ = {"at", "note", "hash", "prev_hash"}
    assert {k: v for k, v in imported.items() if k not in differ} == {
        k: v for k, v in by_hand.items() if k not in differ
    }


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--rule", "LAC-REVIEW"], "--subject is required to record a deviation"),
        (["--subject", "child:C1"], "--rule or --type is required to record a deviation"),
        (
            ["--type", "no-such-type", "--subject", "child:C1"],
            "unknown deviation type 'no-such-type'; see `scrutiny deviation types`",
        ),
    ],
    ids=["no-subject", "no-rule", "unknown-type"],
)
def test_deviation_record_still_refuses_as_it_did(
    sqlite_url: str, tmp_path: Path, args: list[str], says: str
) -> None:
    done = scrutiny(
        sqlite_url, "deviation", "record", *args, "--done-instead", "Phone call",
        "--from", "2021-01-04", "--by", "Sam Worker", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert says in done.stderr
