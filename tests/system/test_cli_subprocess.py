"""The installed `scrutiny` command, driven as a user would: a subprocess, in a folder.

One synthetic council (`scrutiny demo`) is built for the module; tests that change it
work on a copy of its folder. Every command is checked never to print a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.system.cli import describe, run_scrutiny

AS_OF = "2022-03-31"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
RECORDER = "S. Williams (Social Worker)"
MANAGER = "A. Patel (Team Manager)"
IRO = "R. Hughes (IRO Service Manager)"

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Demo:
    folder: Path
    output: str
    pristine: Path | None = None  # the folder as `scrutiny demo` left it

    @property
    def config(self) -> Path:
        return self.folder / "scrutiny.toml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    cwd = tmp_path_factory.mktemp("user")
    folder = cwd / "council"
    result = run_scrutiny(
        "demo", "--out", folder, "--children", "40", "--seed", "3", cwd=cwd, timeout=600
    )
    assert result.returncode == 0, describe(result)
    pristine = cwd / "pristine"
    shutil.copytree(folder, pristine)  # every `check` stores a run: keep one untouched
    return Demo(folder, result.stdout, pristine)


@pytest.fixture
def council(demo: Demo, tmp_path: Path) -> Demo:
    """A copy of the demo council that a test may change."""
    folder = tmp_path / "council"
    assert demo.pristine is not None
    shutil.copytree(demo.pristine, folder)
    return Demo(folder, demo.output)


def scrutiny_on(
    demo: Demo, *args: str | Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return run_scrutiny("--config", demo.config, *args, cwd=cwd or demo.folder.parent)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, describe(result)
    assert lines[0].startswith("scrutiny: "), describe(result)
    return lines[0]


# scrutiny demo ----------------------------------------------------------------------


def test_demo_says_where_the_database_input_files_and_audit_pack_are(demo: Demo) -> None:
    out = demo.output
    assert re.search(r"database:\s+\S*council/scrutiny\.db", out), out
    inputs = (".csv", ".xml", ".xlsx")
    written = [p for p in (demo.folder / "input").rglob("*") if p.suffix in inputs]
    assert re.search(
        rf"input files:\s+{len(written)} CSV, XLSX and XML files in \S*council/input/", out
    ), out
    assert re.search(r"audit pack:\s+\S*council/audit-pack\.pdf \(\d+ pages\)", out), out
    assert (demo.folder / "scrutiny.db").is_file()
    # the SSDA903 return, and each domain plugin's own files
    folders = {p.relative_to(demo.folder / "input").parts[0] for p in written}
    assert folders == {
        "ssda903",
        "looked_after",
        "fostering",
        "adoption",
        "care_leavers",
        "residential",
        "safeguarding",
        "annex_a",
    }


def test_demo_audit_pack_is_a_real_pdf_marked_official_sensitive(demo: Demo) -> None:
    pack = demo.folder / "audit-pack.pdf"
    assert pack.read_bytes().startswith(b"%PDF-")
    reader = PdfReader(pack)
    pages = int(re.search(r"\((\d+) pages\)", demo.output).group(1))  # type: ignore[union-attr]
    assert len(reader.pages) == pages > 1
    first = reader.pages[0].extract_text()
    assert "OFFICIAL-SENSITIVE" in first
    assert "Audit pack" in first
    assert all("OFFICIAL-SENSITIVE" in page.extract_text() for page in reader.pages)


def test_a_redacted_narrowed_pack_names_no_child_or_member_of_staff(
    council: Demo, tmp_path: Path
) -> None:
    out = tmp_path / "redacted.pdf"
    args = ("pack", "--as-of", "2022-03-31", "--out", out, "--redact")
    narrowing = ("--domain", "looked_after", "--from", "2021-04-01", "--to", "2022-03-31")
    first = scrutiny_on(council, *args, *narrowing)
    assert first.returncode == 0, describe(first)
    again = scrutiny_on(council, *args[:-2], tmp_path / "again.pdf", "--redact", *narrowing)
    assert again.returncode == 0, describe(again)

    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    files = b"\n".join(c[0] for c in reader.attachments.values()).decode("utf-8")
    assert "REDACTED COPY" in text
    assert "domains looked after; findings due from 01/04/2021 to 31/03/2022" in " ".join(
        text.split()
    )
    child = re.compile(r"\bC\d{6}\b")  # the demo's child references
    assert not child.search(text) and not child.search(files)
    pseudonyms = set(re.findall(r"CHILD-[0-9A-F]{8}", files))
    assert pseudonyms
    assert pseudonyms == set(
        re.findall(
            r"CHILD-[0-9A-F]{8}",
            b"".join(c[0] for c in PdfReader(tmp_path / "again.pdf").attachments.values()).decode(),
        )
    )
    dues = [
        dt.date.fromisoformat(row["due_date"])
        for row in csv.DictReader(
            io.StringIO(PdfReader(out).attachments["findings.csv"][0].decode())
        )
    ]
    assert dues and all(dt.date(2021, 4, 1) <= d <= dt.date(2022, 3, 31) for d in dues)


def test_pack_refuses_an_unknown_domain(council: Demo, tmp_path: Path) -> None:
    result = scrutiny_on(council, "pack", "--out", tmp_path / "x.pdf", "--domain", "pets")
    assert result.returncode == 2
    assert "pets" in result.stderr and "looked_after" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_demo_of_a_small_council_with_the_default_seed_succeeds(tmp_path: Path) -> None:
    result = run_scrutiny("demo", "--out", "small", "--children", "30", cwd=tmp_path)
    assert result.returncode == 0, describe(result)


# scrutiny check ---------------------------------------------------------------------


def test_check_json_is_one_object_with_the_run_and_every_finding(demo: Demo) -> None:
    result = scrutiny_on(demo, "check", "--as-of", AS_OF, "--format", "json", "--fail-on", "none")
    assert result.returncode == 0, describe(result)
    report = json.loads(result.stdout)  # one JSON document, nothing else on stdout
    assert set(report) == {"run", "findings"}
    assert report["run"]["as_of"] == AS_OF
    findings = report["findings"]
    assert findings
    assert sum(report["run"]["counts"].values()) >= len(findings) > 0
    for finding in findings:
        for key in ("rule_id", "subject_type", "subject_ref", "status", "severity", "due_date"):
            assert finding.get(key), (key, finding)
        dt.date.fromisoformat(finding["due_date"])


def test_check_json_findings_name_their_subject_in_one_key(demo: Demo) -> None:
    """Each finding has at least rule_id, subject, status, severity and due_date."""
    result = scrutiny_on(demo, "check", "--as-of", AS_OF, "--format", "json", "--fail-on", "none")
    findings = json.loads(result.stdout)["findings"]
    missing = [f for f in findings if "subject" not in f]
    assert not missing, f"{len(missing)} findings have no 'subject' key, e.g. {missing[0]}"
    for finding in findings:
        assert finding["subject_ref"] in finding["subject"]


def test_check_csv_has_a_header_and_no_cell_a_spreadsheet_would_run(demo: Demo) -> None:
    result = scrutiny_on(demo, "check", "--as-of", AS_OF, "--format", "csv", "--fail-on", "none")
    assert result.returncode == 0, describe(result)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    header = rows[0]
    assert header[:2] == ["rule_id", "rule_version"]
    assert {"subject_ref", "due_date", "status", "severity", "evidence"} <= set(header)
    assert len(rows) > 1
    assert all(len(row) == len(header) for row in rows)
    dangerous = [cell for row in rows for cell in row if cell.startswith(FORMULA_TRIGGERS)]
    assert dangerous == []


def test_check_junit_is_xml_with_a_suite_per_rule(demo: Demo) -> None:
    result = scrutiny_on(demo, "check", "--as-of", AS_OF, "--format", "junit")
    assert result.returncode == 1, describe(result)  # high breaches fail the default gate
    root = ET.fromstring(result.stdout.encode())  # noqa: S314 - our own output
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert {"LAC-REVIEW", "LAC-SW-VISITS"} <= set(suites)
    assert sum(int(s.get("failures", "0")) for s in suites.values()) > 0


def test_check_exits_1_on_high_breaches_and_0_when_told_not_to_fail(demo: Demo) -> None:
    report = json.loads(
        scrutiny_on(demo, "check", "--as-of", AS_OF, "--format", "json", "--fail-on", "none").stdout
    )
    high = [
        f
        for f in report["findings"]
        if f["status"] in ("breach", "deviation-lapsed") and f["severity"] == "high"
    ]
    assert high, "the demo council should have high-severity breaches"
    failing = scrutiny_on(demo, "check", "--as-of", AS_OF, "--fail-on", "high")
    assert failing.returncode == 1, describe(failing)
    assert "Summary:" in failing.stdout
    passing = scrutiny_on(demo, "check", "--as-of", AS_OF, "--fail-on", "none")
    assert passing.returncode == 0, describe(passing)


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--no-such-option"),
        ("check", "--format", "xlsx"),
        ("check", "--as-of", "31 March"),
        ("check", "--fail-on", "severe"),
        ("no-such-command",),
    ],
    ids=["unknown-option", "bad-format", "bad-date", "bad-threshold", "unknown-command"],
)
def test_a_bad_option_exits_2_with_a_message(demo: Demo, args: tuple[str, ...]) -> None:
    result = scrutiny_on(demo, *args)
    assert result.returncode == 2, describe(result)
    assert result.stderr.strip()
    assert result.stdout == ""


# scrutiny runs ----------------------------------------------------------------------


def test_runs_list_and_runs_diff_report_the_stored_runs(council: Demo) -> None:
    first = scrutiny_on(council, "check", "--as-of", AS_OF, "--fail-on", "none")
    assert first.returncode == 0, describe(first)
    listed = scrutiny_on(council, "runs", "list")
    assert listed.returncode == 0, describe(listed)
    lines = listed.stdout.strip().splitlines()
    assert lines[0].split()[:3] == ["RUN", "AS", "OF"]
    run_ids = [int(line.split()[0]) for line in lines[1:]]
    assert run_ids == sorted(run_ids, reverse=True)
    assert len(run_ids) == 3  # the demo's two runs and this one

    diff = scrutiny_on(council, "runs", "diff")
    assert diff.returncode == 0, describe(diff)
    assert diff.stdout.startswith(f"Run {run_ids[1]} -> run {run_ids[0]}: 0 new, 0 resolved")
    between = scrutiny_on(council, "runs", "diff", "1", str(run_ids[0]), "--format", "json")
    assert between.returncode == 0, describe(between)
    changes = json.loads(between.stdout)
    assert (changes["earlier"], changes["later"]) == (1, run_ids[0])
    assert changes["newly_covered"] or changes["newly_lapsed"]  # the demo's deviations

    missing = scrutiny_on(council, "runs", "diff", "1", "999")
    assert missing.returncode == 2, describe(missing)
    one_error_line(missing)


# scrutiny rules / plugins -----------------------------------------------------------


def test_rules_list_shows_every_rule(demo: Demo) -> None:
    result = scrutiny_on(demo, "rules", "list")
    assert result.returncode == 0, describe(result)
    ids = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert {"LAC-REVIEW", "LAC-SW-VISITS"} <= set(ids)


def test_rules_show_gives_the_periods_of_the_visits_rule(demo: Demo) -> None:
    result = scrutiny_on(demo, "rules", "show", "LAC-SW-VISITS")
    assert result.returncode == 0, describe(result)
    assert result.stdout.startswith("LAC-SW-VISITS")
    assert "Periods" in result.stdout
    assert "2020-09-25 to 2021-03-29" in result.stdout
    assert "SI 2020/909" in result.stdout
    unknown = scrutiny_on(demo, "rules", "show", "NO-SUCH-RULE")
    assert unknown.returncode == 2, describe(unknown)


def test_plugins_list_shows_the_built_in_plugins_and_their_hooks(demo: Demo) -> None:
    result = scrutiny_on(demo, "plugins", "list")
    assert result.returncode == 0, describe(result)
    assert re.search(r"^looked_after \S+ \(built-in, enabled\): 7 rule\(s\)", result.stdout, re.M)
    assert re.search(r"^safeguarding \S+ \(built-in, enabled\): 8 rule\(s\)", result.stdout, re.M)
    assert re.search(r"^ssda903 \S+ \(built-in, enabled\)", result.stdout, re.M)
    assert "scrutiny_rules" in result.stdout


# scrutiny deviation -----------------------------------------------------------------


def record_args(subject: str, *, complete: bool) -> list[str]:
    args = [
        "deviation",
        "record",
        "--type",
        "lac-review-late",
        "--subject",
        subject,
        "--done-instead",
        '=HYPERLINK("http://127.0.0.1/x","review by video")',
        "--from",
        "2022-01-10",
        "--to",
        "2022-02-28",
        "--principle",
        "child-centred",
        "--by",
        RECORDER,
    ]
    if complete:
        args += [
            "--rationale",
            "@SUM(1+1) The IRO was isolating; the review was held by video.",
            "--likelihood",
            "2",
            "--impact",
            "3",
            "--mitigations",
            "-The child was seen alone by video beforehand.",
            "--residual-likelihood",
            "1",
            "--residual-impact",
            "3",
            "--review-date",
            "2022-02-10",
        ]
    return args


def recorded_ref(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, describe(result)
    found = re.match(r"recorded (DEV-\d{6}) \(draft\)", result.stdout)
    assert found, describe(result)
    return found.group(1)


def test_deviation_lifecycle_round_trip_with_refusals(council: Demo) -> None:
    ref = recorded_ref(scrutiny_on(council, *record_args("child:C000001", complete=True)))

    by_recorder = scrutiny_on(council, "deviation", "authorise", ref, "--by", RECORDER)
    assert by_recorder.returncode == 2, describe(by_recorder)
    assert "cannot authorise" in one_error_line(by_recorder)

    authorised = scrutiny_on(council, "deviation", "authorise", ref, "--by", MANAGER)
    assert authorised.returncode == 0, describe(authorised)
    assert f"authorised {ref} by {MANAGER}; review by 2022-02-10" in authorised.stdout

    again = scrutiny_on(council, "deviation", "authorise", ref, "--by", IRO)
    assert again.returncode == 2, describe(again)
    one_error_line(again)

    review_by_recorder = scrutiny_on(
        council, "deviation", "review", ref, "--by", RECORDER, "--next-review", "2022-03-10"
    )
    assert review_by_recorder.returncode == 2, describe(review_by_recorder)
    one_error_line(review_by_recorder)
    reviewed = scrutiny_on(
        council, "deviation", "review", ref, "--by", IRO, "--next-review", "2022-03-10"
    )
    assert reviewed.returncode == 0, describe(reviewed)

    no_reason = scrutiny_on(council, "deviation", "close", ref, "--by", MANAGER, "--on", AS_OF)
    assert no_reason.returncode == 2, describe(no_reason)
    assert "--note" in one_error_line(no_reason)
    closed = scrutiny_on(
        council, "deviation", "close", ref, "--by", MANAGER, "--on", AS_OF, "--note", "Done"
    )
    assert closed.returncode == 0, describe(closed)

    shown = scrutiny_on(council, "deviation", "show", ref)
    assert shown.returncode == 0, describe(shown)
    assert shown.stdout.startswith(f"{ref} — closed (version 4)")
    history = [line.split()[1] for line in shown.stdout.splitlines() if line.startswith("  v")]
    assert history == ["record", "authorise", "review", "close"]
    assert f"Authorised by: {MANAGER}" in shown.stdout

    exported = scrutiny_on(council, "deviation", "export", "--history")
    assert exported.returncode == 0, describe(exported)
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    mine = [r for r in rows if r["deviation_ref"] == ref]
    assert [r["action"] for r in mine] == ["record", "authorise", "review", "close"]
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c.startswith(FORMULA_TRIGGERS)]
    assert mine[0]["done_instead"].startswith("'=HYPERLINK(")  # kept, made inert

    as_json = scrutiny_on(council, "deviation", "export", "--format", "json")
    current = {d["deviation_ref"]: d for d in json.loads(as_json.stdout)}
    assert current[ref]["status"] == "closed"
    assert current[ref]["done_instead"].startswith("=HYPERLINK(")  # JSON keeps it exact
    assert current[ref]["hash"] == mine[-1]["hash"]

    verified = scrutiny_on(council, "verify")
    assert verified.returncode == 0, describe(verified)


def test_authorising_an_incomplete_deviation_names_what_is_missing(council: Demo) -> None:
    ref = recorded_ref(scrutiny_on(council, *record_args("child:C000002", complete=False)))
    refused = scrutiny_on(council, "deviation", "authorise", ref, "--by", MANAGER)
    assert refused.returncode == 2, describe(refused)
    line = one_error_line(refused)
    for needed in ("rationale", "risk_likelihood", "mitigations", "review_date"):
        assert needed in line
    shown = scrutiny_on(council, "deviation", "show", ref)
    assert f"{ref} — draft (version 1)" in shown.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["deviation", "show", "DEV-999999"], "there is no deviation DEV-999999"),
        (["deviation", "record", "--rule", "LAC-REVIEW", "--by", RECORDER], "is required"),
    ],
    ids=["unknown-ref", "missing-options"],
)  # fmt: skip
def test_refused_deviation_commands_exit_2_with_one_line(
    council: Demo, args: list[str], says: str
) -> None:
    result = scrutiny_on(council, *args)
    assert result.returncode == 2, describe(result)
    assert says in result.stderr


def test_recording_against_an_unknown_rule_names_the_rule(council: Demo) -> None:
    result = scrutiny_on(
        council, "deviation", "record", "--rule", "NOPE-1", "--subject", "child:C1",
        "--from", "2022-01-01", "--done-instead", "Phone call", "--by", RECORDER,
    )  # fmt: skip
    assert result.returncode == 2, describe(result)
    assert "NOPE-1" in one_error_line(result)


def test_a_type_for_one_count_records_it_and_show_and_types_name_it(council: Demo) -> None:
    """A deviation for the medical report deferred under SI 2020/909 covers only that
    count of ADO-CHECKS-AT-STAGE1, not a late DBS certificate of the same decision."""
    types = scrutiny_on(council, "deviation", "types")
    assert types.returncode == 0, describe(types)
    line = next(x for x in types.stdout.splitlines() if x.startswith("ado-medical-deferred-909"))
    assert "covers only: medical report by the stage 1 decision" in line
    recorded = scrutiny_on(
        council, "deviation", "record", "--type", "ado-medical-deferred-909",
        "--subject", "application:A0001", "--done-instead", "Medical obtained at stage 2",
        "--from", "2021-01-04", "--by", RECORDER,
    )  # fmt: skip
    ref = recorded_ref(recorded)
    shown = scrutiny_on(council, "deviation", "show", ref)
    assert shown.returncode == 0, describe(shown)
    assert "Covers only:   medical report by the stage 1 decision" in shown.stdout
    recorded = scrutiny_on(
        council, "deviation", "record", "--rule", "ADO-STAGE1", "--subject",
        "application:A0001", "--done-instead", "Decision three weeks late",
        "--from", "2021-01-04", "--by", RECORDER,
    )  # fmt: skip
    other = recorded_ref(recorded)
    shown = scrutiny_on(council, "deviation", "show", other)
    assert "Covers only:   every count of the rule" in shown.stdout


# scrutiny import --------------------------------------------------------------------


def test_importing_a_file_nobody_recognises_exits_2_naming_it(council: Demo) -> None:
    bad = council.folder / "mystery.csv"
    bad.write_text("FOO,BAR\n1,2\n", encoding="utf-8")
    result = scrutiny_on(council, "import", bad)
    assert result.returncode == 2, describe(result)
    assert "mystery.csv" in one_error_line(result)


# Databases --------------------------------------------------------------------------


@pytest.fixture
def fresh_postgres_database(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the server (a plain URL, as a user would type it)."""
    name = f"scrutiny_cli_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    server = make_url(postgres_server)
    url = f"postgresql://{server.username}@{server.host}:{server.port}/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def import_demo_inputs(demo: Demo, database: str, cwd: Path) -> None:
    """Import the demo's files folder by folder, as `scrutiny demo` does."""
    folders = sorted({p.parent for p in (demo.folder / "input").rglob("*.csv")})
    for folder in folders:
        result = run_scrutiny("--database", database, "import", folder, cwd=cwd)
        assert result.returncode == 0, describe(result)


@pytest.mark.postgres
def test_the_same_files_give_the_same_findings_on_postgresql_and_sqlite(
    demo: Demo, fresh_postgres_database: str, tmp_path: Path
) -> None:
    initialised = run_scrutiny("--database", fresh_postgres_database, "init", cwd=tmp_path)
    assert initialised.returncode == 0, describe(initialised)
    assert "schema empty ->" in initialised.stdout
    sqlite = f"sqlite:///{tmp_path / 'same.db'}"
    counts = {}
    for database in (fresh_postgres_database, sqlite):
        import_demo_inputs(demo, database, tmp_path)
        result = run_scrutiny(
            "--database", database, "check", "--as-of", AS_OF, "--format", "json",
            "--fail-on", "none", cwd=tmp_path,
        )  # fmt: skip
        assert result.returncode == 0, describe(result)
        report = json.loads(result.stdout)
        counts[database] = report["run"]["counts"]
        assert report["findings"]
    assert counts[fresh_postgres_database] == counts[sqlite]
    assert counts[sqlite].get("breach", 0) > 0
    verified = run_scrutiny("--database", fresh_postgres_database, "verify", cwd=tmp_path)
    assert verified.returncode == 0, describe(verified)


@pytest.mark.parametrize(
    "url",
    ["postgresql://postgres@127.0.0.1:1/scrutiny", "sqlite:////no/such/folder/scrutiny.db"],
    ids=["postgresql-port-1", "sqlite-missing-folder"],
)
@pytest.mark.parametrize("command", [("check",), ("verify",), ("runs", "list")])
def test_an_unreachable_database_exits_4_with_one_line(
    tmp_path: Path, url: str, command: tuple[str, ...]
) -> None:
    result = run_scrutiny("--database", url, *command, cwd=tmp_path, timeout=120)
    assert result.returncode == 4, describe(result)
    assert one_error_line(result).startswith("scrutiny: database:")


def test_a_url_of_another_kind_of_database_exits_2(tmp_path: Path) -> None:
    result = run_scrutiny("--database", "mysql://root@127.0.0.1/x", "verify", cwd=tmp_path)
    assert result.returncode == 2, describe(result)
    assert "SQLite and PostgreSQL" in one_error_line(result)
