"""A command killed with SIGKILL at any moment leaves the database consistent and never a
half-written pack under its final name (issue 9, Faults, item 1).

For each operation (an import, deviations written to the register, a check, a pack) and
each backend, the command is first run to its end to measure how long it takes and what
it leaves; then it is started again and killed after each of ``KILLS`` delays spread
evenly from 5 ms to a little past that duration. After each kill the database must hold
either what the command started from or what it finishes with, never something between;
the register's chain must verify; a pack's name must hold the whole pack or nothing; and
a command run afterwards must succeed. The kills land in the same database one after
another (an import's is emptied again when a kill came too late to stop it), so the
last command also shows that several kills in a row do no harm.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.importing.aside import ASIDE_FROM_ROWS
from scrutiny.models.imports import RunImport
from scrutiny.models.run import Finding, RuleOutcomeCount, Run
from scrutiny.register.models import DeviationVersion
from scrutiny.register.service import Register
from tests.faults.conftest import BACKENDS
from tests.faults.harness import (
    AS_OF,
    ForkServer,
    chain_verifies,
    empty_tables,
    kill_points,
    survivors,
    table_counts,
)
from tests.importing.returns import VISIT_COLUMNS, csv_text, write_file
from tests.system.register_workers import RULE, deviation_terms

KILLS = {"import": 12, "register writes": 12, "check": 8, "pack": 8}
"""Kill points per operation: fewer where each costs seconds of layout or checking."""
DEVIATIONS = 30
"""Recorded and authorised one after another by the register job: 60 commits."""
PACK_DOMAINS = ("fostering", "residential")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="a fork server, /proc and flock"),
]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def report(
    operation: str, backend: str, duration: float, outcomes: Counter[str], what: str = ""
) -> None:
    shown = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
    print(
        f"\n{operation}{what} on {backend}: {duration:.2f} s to the end;"
        f" {KILLS[operation]} kills: {shown}"
    )


# An import: whole or absent -----------------------------------------------------------


READ_ASIDE_VISITS = 3 * ASIDE_FROM_ROWS
"""Visits in the large visits file: a file read aside, in chunks (issue 9, hot spots)."""


@pytest.fixture(params=["census", "visits"])
def large_file(
    request: pytest.FixtureRequest, large_census: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, int]:
    """A large file to import, and the tables it fills at the least: the CIN census
    (children, referrals, assessments, plans, reviews), or a visits file large enough
    to be read by a process of its own while the import stores it (children, visits)."""
    if request.param == "census":
        return large_census, 5
    days = [dt.date(2019, 4, 1) + dt.timedelta(days=n) for n in range(1_000)]
    rows = [
        (
            f"V{n % 2_000:06d}",
            f"{days[n // 2_000 % len(days)]:%d/%m/%Y}",
            "in-person",
            "yes",
            "",
            "",
        )
        for n in range(READ_ASIDE_VISITS)
    ]
    path = tmp_path_factory.mktemp("large-visits") / "visits.csv"
    return write_file(path, csv_text(VISIT_COLUMNS, rows)), 2


def test_a_killed_import_leaves_the_file_whole_or_absent(
    backend: str,
    fault_database: Callable[[str, str], str],
    fork_server: ForkServer,
    large_file: tuple[Path, int],
    tmp_path: Path,
) -> None:
    """A file writes several tables in one transaction: a kill leaves all of them or
    none, and no process that was reading the file for the import."""
    url = fault_database(backend, "empty")
    path, tables = large_file
    rejects = tmp_path / "rejects.csv"
    command = ["--database", url, "import", "--no-progress", "--rejects", str(rejects)]
    command.append(str(path))

    before = table_counts(url)
    done, readers = fork_server.run_counting_workers("cli", command, tmp_path)
    assert done.status == 0, done.describe()
    assert readers == (1 if path.suffix == ".csv" else 0), "read aside, or not?"
    after = table_counts(url)
    written = sorted(name for name in after if after[name] != before[name])
    assert len(written) >= tables, f"the file should fill several tables, not only {written}"
    assert all(before[name] == 0 for name in written)

    def start_again() -> None:
        empty_tables(url, written)
        assert table_counts(url) == before

    start_again()
    outcomes: Counter[str] = Counter()
    for delay in kill_points(done.seconds, KILLS["import"]):
        ended = fork_server.kill_after(delay, "cli", command, tmp_path)
        left = survivors(ended.pid)
        assert left == [], f"killed after {delay:.3f} s, the import left processes {left}"
        counts = table_counts(url)
        whole = counts == after
        assert whole or counts == before, (
            f"killed after {delay:.3f} s, the import left part of the file: "
            + ", ".join(
                f"{name} {counts[name]} (before {before[name]}, whole {after[name]})"
                for name in written
            )
        )
        assert ended.killed or (ended.status == 0 and whole), ended.describe()
        outcomes["left the file whole" if whole else "left nothing"] += 1
        chain_verifies(url)
        if whole:  # imported before the kill: the same file again is refused, as ever
            again = fork_server.run("cli", command, tmp_path)
            assert again.status == 2, again.describe()
            assert "was already imported" in again.err
            start_again()
        # else the next kill point starts from the same database, as it was
    report("import", backend, done.seconds, outcomes)
    assert outcomes["left nothing"], "no kill landed before the import committed"

    # Killed however many times, the import run again goes in whole.
    again = fork_server.run("cli", command, tmp_path)
    assert again.status == 0, again.describe()
    assert table_counts(url) == after


# Deviations written to the register: nothing reported lost, the chain verifies ----------


def _chain(url: str) -> list[tuple[str, str, int]]:
    engine = create_scrutiny_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(
                    DeviationVersion.action,
                    DeviationVersion.deviation_ref,
                    DeviationVersion.version,
                ).order_by(DeviationVersion.seq)
            ).all()
    finally:
        engine.dispose()
    return [(r.action, r.deviation_ref, r.version) for r in rows]


def test_a_killed_register_writer_loses_no_committed_deviation_and_the_chain_verifies(
    backend: str,
    fault_database: Callable[[str, str], str],
    fork_server: ForkServer,
    tmp_path: Path,
) -> None:
    """Killed again and again in one register, which goes on after each kill."""
    url = fault_database(backend, "empty")
    done = fork_server.run("register", [url, str(DEVIATIONS)], tmp_path)
    assert done.status == 0, done.describe()
    assert chain_verifies(url) == 2 * DEVIATIONS

    outcomes: Counter[str] = Counter()
    for number, delay in enumerate(kill_points(done.seconds, KILLS["register writes"])):
        earlier = len(_chain(url))
        ended = fork_server.kill_after(delay, "register", [url, str(DEVIATIONS)], tmp_path)
        assert ended.killed or ended.status == 0, ended.describe()
        chain = _chain(url)
        stored = [(action, ref) for action, ref, _ in chain[earlier:]]
        reported = [
            ("record" if said == "recorded" else "authorise", ref)
            for said, ref in (line.split(" ") for line in ended.out.splitlines())
        ]
        # Every commit the writer saw is there, in order; at most one more that it
        # committed but was killed before saying so.
        assert stored[: len(reported)] == reported
        assert len(stored) - len(reported) in (0, 1), (stored, reported)
        for action, ref, version in chain:
            assert version == (1 if action == "record" else 2), (action, ref, version)
        assert chain_verifies(url) == len(chain)
        outcomes["left a commit unreported" if len(stored) > len(reported) else "lost nothing"] += 1

        # The register goes on: a new deviation, recorded and authorised, and verify.
        engine = create_scrutiny_engine(url)
        try:
            register = Register(engine, known_rules=[RULE])
            ref = register.record(deviation_terms(8, number, complete=True), by="T. Recorder")
            register.authorise(ref.deviation_ref, by="M. Manager")
        finally:
            engine.dispose()
        verified = fork_server.run("cli", ["--database", url, "verify"], tmp_path)
        assert verified.status == 0, verified.describe()
        assert f"register verified: {len(chain) + 2} records" in verified.out
    report("register writes", backend, done.seconds, outcomes)


# A check: a whole run stored, or none -----------------------------------------------


@dataclass(frozen=True)
class StoredRun:
    finished: bool
    counts: dict[str, int]
    findings: dict[str, int]
    outcome_rows: int
    batches: int
    register_seq: int


def _stored_runs(url: str) -> list[StoredRun]:
    engine = create_scrutiny_engine(url)
    try:
        with engine.connect() as conn:
            runs = conn.execute(select(Run).order_by(Run.id)).all()
            stored = []
            for run in runs:
                findings = conn.execute(
                    select(Finding.status, func.count())
                    .where(Finding.run_id == run.id)
                    .group_by(Finding.status)
                ).all()
                outcome_rows = conn.execute(
                    select(func.count()).where(RuleOutcomeCount.run_id == run.id)
                ).scalar_one()
                batches = conn.execute(
                    select(func.count()).where(RunImport.run_id == run.id)
                ).scalar_one()
                stored.append(
                    StoredRun(
                        finished=run.finished_at is not None,
                        counts=run.counts,
                        findings={status: count for status, count in findings},
                        outcome_rows=outcome_rows,
                        batches=batches,
                        register_seq=run.register_seq,
                    )
                )
    finally:
        engine.dispose()
    return stored


def test_a_killed_check_stores_a_whole_run_or_none(
    backend: str,
    fault_database: Callable[[str, str], str],
    fork_server: ForkServer,
    tmp_path: Path,
) -> None:
    """Killed again and again in one database: each kill adds a whole run or none, and
    the check's two rule workers (forked processes) end with it."""
    url = fault_database(backend, "council")
    command = [
        "--database", url, "check", "--as-of", AS_OF.isoformat(), "--format", "json",
        "--fail-on", "none", "--out", str(tmp_path / "check.json"), "--workers", "2",
    ]  # fmt: skip
    first = _stored_runs(url)
    done, workers = fork_server.run_counting_workers("cli", command, tmp_path)
    assert done.status == 0, done.describe()
    assert workers == 2, "the rules should be judged by two worker processes"
    runs = _stored_runs(url)
    assert runs[:-1] == first
    whole = runs[-1]
    assert whole.finished and whole.outcome_rows and whole.batches
    assert whole.findings.get("deviation"), "the council's deviations should cover findings"

    outcomes: Counter[str] = Counter()
    for delay in kill_points(done.seconds, KILLS["check"]):
        earlier = _stored_runs(url)
        ended = fork_server.kill_after(delay, "cli", command, tmp_path)
        assert ended.killed or ended.status == 0, ended.describe()
        left = survivors(ended.pid)
        assert left == [], f"killed after {delay:.3f} s, the check left processes {left}"
        stored = _stored_runs(url)
        assert stored in (earlier, [*earlier, whole]), (
            f"killed after {delay:.3f} s, the check left a run unlike a whole one: {stored[-1]}"
        )
        outcomes["stored its run whole" if len(stored) > len(earlier) else "stored no run"] += 1
        chain_verifies(url)
        listed = fork_server.run("cli", ["--database", url, "runs", "list"], tmp_path)
        assert listed.status == 0, listed.describe()
        assert len(listed.out.splitlines()) == 1 + len(stored)
    report("check", backend, done.seconds, outcomes)
    assert outcomes["stored no run"], "no kill landed before the run was stored"

    again = fork_server.run("cli", command, tmp_path)
    assert again.status == 0, again.describe()
    assert _stored_runs(url) == [*stored, whole]


# A pack: the final name holds a whole PDF or nothing -----------------------------------


def _pdf(path: Path) -> tuple[str, int]:
    content = path.read_bytes()
    return hashlib.sha256(content).hexdigest(), len(PdfReader(path).pages)


def _partials(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


def test_a_killed_pack_leaves_a_whole_pdf_or_none_and_no_worker_behind(
    backend: str,
    fault_database: Callable[[str, str], str],
    fork_server: ForkServer,
    tmp_path: Path,
) -> None:
    """On SQLite the pack is laid out in parts by worker processes; on PostgreSQL it is
    the ``scrutiny pack`` command itself, which lays out a pack this short in one piece."""
    url = fault_database(backend, "council")  # a narrowed pack writes nothing to it
    job = "pack-in-parts" if backend == "sqlite" else "cli"

    def command(out: Path) -> list[str]:
        if job == "pack-in-parts":
            return [url, "1", str(out), *PACK_DOMAINS]
        narrowed = [part for domain in PACK_DOMAINS for part in ("--domain", domain)]
        return ["--database", url, "pack", "--run", "1", *narrowed, "--out", str(out)]

    first = tmp_path / "reference"
    first.mkdir()
    done, workers = fork_server.run_counting_workers(job, command(first / "pack.pdf"), tmp_path)
    assert done.status == 0, done.describe()
    assert workers == (2 if job == "pack-in-parts" else 0), "laid out in parts, or not?"
    expected = _pdf(first / "pack.pdf")
    assert _partials(first) == []

    outcomes: Counter[str] = Counter()
    worst = first
    for number, delay in enumerate(kill_points(done.seconds, KILLS["pack"])):
        folder = tmp_path / f"pack{number}"
        folder.mkdir()
        out = folder / "pack.pdf"
        ended = fork_server.kill_after(delay, job, command(out), tmp_path)
        assert ended.killed or ended.status == 0, ended.describe()
        left = survivors(ended.pid)
        assert left == [], f"killed after {delay:.3f} s, the pack left processes {left}"
        if out.exists():
            assert _pdf(out) == expected, f"killed after {delay:.3f} s: not the whole pack"
            outcomes["left the whole pack"] += 1
        else:
            outcomes["left no pack"] += 1
        if _partials(folder):
            outcomes["left a partial file"] += 1
        if not out.exists() and (not _partials(worst) or _partials(folder)):
            worst = folder
    report("pack", backend, done.seconds, outcomes, f" ({expected[1]} pages, {job})")
    assert outcomes["left no pack"], "no kill landed before the pack was written"

    # The pack made again where a kill left no pack (and a partial file, if any did).
    again = fork_server.run(job, command(worst / "pack.pdf"), tmp_path)
    assert again.status == 0, again.describe()
    assert _pdf(worst / "pack.pdf") == expected
    assert _partials(worst) == [], "the next render should remove what a killed one left"
