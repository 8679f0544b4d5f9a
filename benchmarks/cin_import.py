"""How long ``scrutiny import`` takes, and how much memory, for a CIN census of a given size.

Writes a synthetic DfE children in need census (seeded; about 1.3 CIN episodes per
child, most with an assessment, about 15% of episodes with a section 47 enquiry, about
8% of children with a child protection plan and its reviews, a few in pre-proceedings)
with ``scrutiny.plugins.safeguarding.census_writer``, then runs, as a user would, the
console script ``scrutiny --database URL init`` (not timed) and ``scrutiny --database
URL import census.xml`` (timed: wall clock and the peak resident set of that process,
which includes the interpreter and every library the CLI loads).

Usage (from the repository)::

    .venv/bin/python benchmarks/cin_import.py                    # 20,000 children, SQLite
    .venv/bin/python benchmarks/cin_import.py \\
        --database postgresql://postgres@127.0.0.1:5432/scrutiny_cin_bench

A PostgreSQL database named in ``--database`` is created for the run and dropped after
it (the script refuses one that already exists). The figures are printed and appended,
dated, to the "CIN census import" section of benchmarks/RESULTS.md with the machine they
were measured on (``--no-record`` to skip that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import URL

from scrutiny import __version__
from scrutiny.db.base import table_of
from scrutiny.db.engine import create_scrutiny_engine, resolve_url
from scrutiny.models.child import Child
from scrutiny.plugins.safeguarding.census_writer import (
    CensusAssessment,
    CensusChild,
    CensusCinPlan,
    CensusEpisode,
    CensusPlan,
    CensusPreProceedings,
    CensusS47,
    write_census,
)
from scrutiny.plugins.safeguarding.cin_census import TABLES

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
SCRUTINY = shutil.which("scrutiny", path=str(Path(sys.executable).parent)) or "scrutiny"
REFERENCE_DATE = dt.date(2024, 3, 31)
HEADING = "## CIN census import"
SECTION = f"""{HEADING}

`benchmarks/cin_import.py` writes a synthetic CIN census (seeded) and imports it with
the console script into a fresh database: `import s` is the wall time of the whole
`scrutiny import` process (its start-up, about 1.5 s of loading the CLI and plugins, is
shown apart as `start-up s`, the wall time of `scrutiny --version`), and *peak RSS* is
that process's `ru_maxrss`. *Rows* counts the rows stored in the seven census tables.

"""
TABLE_HEADER = (
    "| date | commit | database | children | file MiB | rows | import s | start-up s"
    " | peak RSS MiB | machine |\n|---|---|---|---:|---:|---:|---:|---:|---:|---|\n"
)
SOURCES = ("1A", "1B", "1C", "2A", "3A", "3E", "4", "5A", "5D", "6", "8", "9")
NEEDS = tuple(f"N{n}" for n in range(10))
CATEGORIES = ("NEG", "NEG", "NEG", "EMO", "EMO", "PHY", "SAB", "MUL")
DAY = dt.timedelta(days=1)


# The synthetic census ------------------------------------------------------------------


def _days(n: int) -> dt.timedelta:
    return n * DAY


def _episode(rng: random.Random, referral: dt.date, child_has_plan: bool) -> CensusEpisode:
    closed = rng.random() < 0.6
    closure = referral + _days(rng.randint(1, 300)) if closed else None
    if closure is not None and closure > REFERENCE_DATE:
        closure = None
    nfa = rng.random() < 0.1
    episode = CensusEpisode(
        referral=referral,
        source=rng.choice(SOURCES),
        need=rng.choice(NEEDS),
        closure=closure,
        closure_reason=rng.choice(("RC1", "RC2", "RC8", "RC9")) if closure else None,
        referral_nfa=nfa,
    )
    if nfa:
        return episode
    started = referral + _days(rng.randint(0, 5))
    if started > REFERENCE_DATE:
        return episode
    done = started + _days(rng.randint(10, 45))
    episode.assessments.append(CensusAssessment(started, done if done <= REFERENCE_DATE else None))
    if done <= REFERENCE_DATE and rng.random() < 0.3:
        episode.cin_plans.append(
            CensusCinPlan(done, done + _days(180) if done + _days(180) < REFERENCE_DATE else None)
        )
    if child_has_plan or rng.random() < 0.1:
        s47 = started + _days(rng.randint(0, 3))
        icpc = s47 + _days(rng.randint(8, 20))
        icpc_held = child_has_plan and icpc <= REFERENCE_DATE
        episode.s47s.append(CensusS47(s47, s47 + _days(15), icpc if icpc_held else None))
        if icpc_held:
            reviews = [
                day
                for day in (icpc + _days(90), icpc + _days(270), icpc + _days(450))
                if day <= REFERENCE_DATE
            ]
            ends = icpc + _days(rng.randint(200, 500))
            episode.plans.append(
                CensusPlan(
                    icpc,
                    ends if ends <= REFERENCE_DATE else None,
                    rng.choice(CATEGORIES),
                    rng.choice(CATEGORIES),
                    rng.choice((0, 0, 0, 1, 2)),
                    [day for day in reviews if day <= ends],
                )
            )
            if rng.random() < 0.08:
                start = icpc + _days(rng.randint(30, 120))
                if start <= REFERENCE_DATE:
                    episode.pre_proceedings.append(
                        CensusPreProceedings(
                            start,
                            letter_sent=start,
                            fgdm_offered=True,
                            fgdm_held=rng.random() < 0.6,
                            initial_meeting=start + _days(10),
                            review_meetings=rng.randint(0, 3),
                        )
                    )
    return episode


def synthetic_census(children: int, seed: int) -> Iterator[CensusChild]:
    rng = random.Random(seed)  # noqa: S311 (a synthetic census: random is the point)
    year_start = REFERENCE_DATE - _days(365)
    for number in range(1, children + 1):
        dob = REFERENCE_DATE - _days(rng.randint(30, 17 * 365))
        has_plan = rng.random() < 0.08
        episodes: list[CensusEpisode] = []
        referral = max(dob, year_start - _days(rng.randint(0, 700))) + _days(rng.randint(0, 200))
        referral = min(referral, REFERENCE_DATE)
        for _ in range(3 if rng.random() < 0.5 else 1):
            episode = _episode(rng, referral, has_plan and not episodes)
            episodes.append(episode)
            last = max(
                [episode.referral, *(d for d in (episode.closure,) if d)]
                + [a.authorised or a.start for a in episode.assessments]
                + [p.end or p.start for p in episode.plans]
                + [r for p in episode.plans for r in p.reviews]
            )
            if episode.closure is None or last + _days(30) > REFERENCE_DATE:
                break
            referral = last + _days(rng.randint(30, 200))
            if referral > REFERENCE_DATE:
                break
        yield CensusChild(
            ref=f"C{number:07d}",
            dob=dob,
            sex=rng.choice(("1", "2")),
            ethnicity=rng.choice(("WBRI", "WOTH", "MWBC", "AIND", "BAFR", "OOTH")),
            episodes=episodes,
        )


# Databases -----------------------------------------------------------------------------


def _admin(url: URL) -> URL:
    return url.set(database="postgres")


def create_database(url: URL) -> None:
    engine = create_engine(_admin(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
            ).first()
            if exists:
                sys.exit(f"cin_import: database {url.database} exists; give a new name")
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    finally:
        engine.dispose()


def drop_database(url: URL) -> None:
    engine = create_engine(_admin(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}"'))
    finally:
        engine.dispose()


def stored_rows(url: str) -> dict[str, int]:
    engine = create_scrutiny_engine(url)
    try:
        with engine.connect() as conn:
            counts = {
                t.name: conn.execute(select(func.count()).select_from(t.table)).scalar_one()
                for t in TABLES
            }
            counts["children"] = conn.execute(
                select(func.count()).select_from(table_of(Child))
            ).scalar_one()
            return counts
    finally:
        engine.dispose()


# Running -------------------------------------------------------------------------------


def _scrutiny(url: str, *args: str) -> tuple[float, float, str]:
    """Run the console script; its wall time, its own peak RSS (MiB) and its output.

    ``os.wait4`` gives the rusage of exactly this child, so nothing else this script
    started is counted in the peak.
    """
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [SCRUTINY, "--database", url, *args], stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    if process.returncode != 0:
        sys.exit(f"cin_import: scrutiny {' '.join(args)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


def machine(url: URL) -> str:
    cpu = "?"
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as handle:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")),
                "?",
            )
    except OSError:
        cpu = platform.processor() or "?"
    parts = [
        cpu,
        f"{os.cpu_count()} cores",
        f"Python {platform.python_version()}",
        f"SQLite {sqlite3.sqlite_version}",
    ]
    if url.get_backend_name() == "postgresql":
        engine = create_scrutiny_engine(url.render_as_string(hide_password=False))
        try:
            with engine.connect() as conn:
                version = conn.exec_driver_sql("SHOW server_version").scalar()
            parts.append(f"PostgreSQL {str(version).split()[0]}")
        finally:
            engine.dispose()
    return ", ".join(parts) + f" (Scrutiny {__version__})"


def commit() -> str:
    git = shutil.which("git")
    if git is None:
        return "?"
    head = subprocess.run(
        [git, "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
    )
    if head.returncode != 0:
        return "?"
    dirty = subprocess.run(
        [git, "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"],
        cwd=HERE,
        capture_output=True,
        text=True,
    )
    return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def record_row(
    row: str, heading: str = HEADING, section: str = SECTION, table_header: str = TABLE_HEADER
) -> None:
    """Add ``row`` to the section under ``heading``, made (from ``section`` and
    ``table_header``) before "## Results" if it is not there yet: benchmarks/run.py
    appends its rows at the end of the file."""
    content = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Measured speed\n"
    if heading not in content:
        marker = "\n## Results"
        at = content.find(marker)
        at = len(content) if at < 0 else at + 1
        content = content[:at] + section + table_header + "\n" + content[at:]
    start = content.index(heading)
    following = content.find("\n## ", start + len(heading))
    end = len(content) if following < 0 else following
    body = content[start:end].rstrip("\n")
    content = content[:start] + body + "\n" + row + "\n" + content[end:]
    RESULTS.write_text(content, encoding="utf-8")
    print(f"appended to {RESULTS}")


def benchmark(args: argparse.Namespace, workdir: Path) -> None:
    census = workdir / "census.xml"
    started = time.perf_counter()
    write_census(census, REFERENCE_DATE, synthetic_census(args.children, args.seed))
    megabytes = census.stat().st_size / 2**20
    print(
        f"cin_import: wrote {args.children:,} children ({megabytes:.1f} MiB)"
        f" in {time.perf_counter() - started:.1f} s"
    )
    parsed = resolve_url(args.database or f"sqlite:///{workdir / 'bench.db'}")
    url = parsed.render_as_string(hide_password=False)
    postgres = parsed.get_backend_name() == "postgresql"
    if postgres:
        create_database(parsed)
    elif parsed.database:
        Path(parsed.database).unlink(missing_ok=True)  # a fresh file every run
    try:
        _scrutiny(url, "init")
        startup, _, _ = _scrutiny(url, "--version")
        seconds, peak, output = _scrutiny(url, "import", str(census))
        print(output.strip())
        rows = stored_rows(url)
        host = machine(parsed)
    finally:
        if postgres and not args.keep:
            drop_database(parsed)
    stored = sum(n for name, n in rows.items() if name != "children")
    label = "PostgreSQL" if postgres else "SQLite"
    print(
        f"cin_import: {label}: import {seconds:.2f} s (start-up {startup:.2f} s),"
        f" peak RSS {peak:,.0f} MiB; {rows['children']:,} children, {stored:,} rows: "
        + ", ".join(f"{name} {n:,}" for name, n in rows.items() if name != "children")
    )
    if args.no_record:
        return
    record_row(
        f"| {dt.date.today().isoformat()} | {commit()} | {label} | {rows['children']:,}"
        f" | {megabytes:.1f} | {stored:,} | {seconds:.1f} | {startup:.1f} | {peak:,.0f}"
        f" | {host} |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--children", type=int, default=20_000, help="children in the census")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database",
        help="a PostgreSQL URL whose database is created for the run and dropped after it"
        " (default: a new SQLite file)",
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the PostgreSQL database")
    parser.add_argument("--workdir", type=Path, help="where to write files (default: a temp dir)")
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    args = parser.parse_args(argv)
    in_workdir(args, "scrutiny-cin-bench-", benchmark)


def in_workdir(
    args: argparse.Namespace, prefix: str, run: Callable[[argparse.Namespace, Path], None]
) -> None:
    """``run`` in ``--workdir``, or in a temporary folder removed afterwards."""
    if args.workdir is None:
        with tempfile.TemporaryDirectory(prefix=prefix) as scratch:
            run(args, Path(scratch))
    else:
        args.workdir.mkdir(parents=True, exist_ok=True)
        run(args, args.workdir)


if __name__ == "__main__":
    main()
