"""How long Scrutiny takes, and how much memory, for councils of stated sizes.

Builds each synthetic council with the demo generator (seeded: the same care
histories and plugin files as ``scrutiny demo``, every domain populated, with as many
years of history and as many children in need and care leavers as the size asks),
then measures three phases separately, each in a fresh process so that its peak
memory is its own:

- import: every generated file (CSV, CIN census XML, Annex A workbook) through
  ``import_paths``, folder by folder as the demo imports them, into an empty, migrated
  database;
- check: ``run_check`` of every enabled rule as of the demo date, stored as a run;
- pack: the audit pack of that run rendered to PDF.

Usage (from the repository)::

    .venv/bin/python benchmarks/run.py --size county          # 2,700 looked after
    .venv/bin/python benchmarks/run.py --size england         # England, 10 years
    .venv/bin/python benchmarks/run.py --size england --curve # 1/8, 1/4, 1/2 and all
    .venv/bin/python benchmarks/run.py --children 5000 --years 3
    .venv/bin/python benchmarks/run.py --size county \\
        --database postgresql://postgres@127.0.0.1:5432/scrutiny_bench

With ``--database`` naming a PostgreSQL server, each size gets a database of its own
on that server, created for the run and dropped after it. The results are printed as a table
and appended, dated, to benchmarks/RESULTS.md with the machine they were measured on
(``--no-record`` to skip that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, inspect, select

from scrutiny import __version__
from scrutiny.config import Config, CouncilSettings
from scrutiny.db.base import Base
from scrutiny.db.engine import create_scrutiny_engine, resolve_url
from scrutiny.db.migrate import ensure_schema
from scrutiny.demo.council import COUNCIL_NAME, DEMO_AS_OF
from scrutiny.demo.histories import make_council
from scrutiny.engine.check import run_check
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.runner import import_paths
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.care_leavers.models import Contact, YoungPerson
from scrutiny.plugins.looked_after.models import StatutoryVisit
from scrutiny.plugins.residential.models import Home, IndependentVisit, NotifiableEvent
from scrutiny.plugins.safeguarding.models import CinEpisode
from scrutiny.ssda903.models import Episode, Review

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
SUITE_HEADING = "## Every domain, stated sizes"
TABLE_HEADER = (
    "| date | commit | database | size | years | looked after | children in need "
    "| care leavers | rows stored | files MiB | findings | import s | check s "
    "| import + check s | pack s (pages) | peak RSS MiB import / check / pack "
    "| Python heap peak MiB import / check / pack | machine |\n"
    "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n"
)
INPUT_SUFFIXES = (".csv", ".xml", ".xlsx")


@dataclass
class Phase:
    """What one phase took: wall time, and memory at its start and at its peak."""

    name: str
    seconds: float
    rss_start_mib: float
    rss_peak_mib: float
    heap_peak_mib: float | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _rss_mib() -> float:
    """This process's peak resident set so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measured(name: str, trace: bool, work: Callable[[], dict[str, Any]]) -> Phase:
    start_rss = _rss_mib()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    details = work()
    seconds = time.perf_counter() - started
    heap = None
    if trace:
        heap = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return Phase(name, seconds, start_rss, _rss_mib(), heap, details)


# The phases: each runs in a process of its own --------------------------------------


@dataclass(frozen=True)
class Size:
    """A synthetic council: looked-after children over ``years`` of history, and (None:
    the demo's own shares of them) children in need and care leavers."""

    label: str
    children: int
    years: int = 3
    children_in_need: int | None = None
    care_leavers: int | None = None

    @property
    def starts(self) -> dt.date:
        return DEMO_AS_OF + dt.timedelta(days=1) - relativedelta(years=self.years)

    def fraction(self, share: int) -> Size:
        """1/share of this council, over the same years."""

        def part(n: int | None) -> int | None:
            return None if n is None else n // share

        return Size(
            f"{self.label} / {share}" if share > 1 else self.label,
            self.children // share,
            self.years,
            part(self.children_in_need),
            part(self.care_leavers),
        )


SIZES = {
    # a large county: 2,700 looked-after children, every domain, the demo's three years
    "county": Size("county", 2_700),
    # England: 85,000 looked-after children, 400,000 children in need and 45,000 care
    # leavers in ten years of history
    "england": Size("England", 85_000, 10, 400_000, 45_000),
}
CURVE = (8, 4, 2, 1)  # --curve: these fractions of the size


def phase_generate(folder: str, size: Size, seed: int, trace: bool) -> Phase:
    def work() -> dict[str, Any]:
        council = make_council(
            Path(folder),
            size.children,
            seed,
            starts=size.starts,
            children_in_need=size.children_in_need,
            care_leavers=size.care_leavers,
        )
        PluginHost().demo(council)
        files = input_files(Path(folder))
        return {
            "files": len(files),
            "megabytes": sum(p.stat().st_size for p in files) / 2**20,
            "short_break_children": sum(1 for c in council.children if c.short_breaks),
            "episodes": sum(len(c.episodes) for c in council.children),
            "reviews": sum(len(c.reviews) for c in council.children),
        }

    return _measured("generate", trace, work)


def input_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in INPUT_SUFFIXES)


def phase_import(url: str, folder: str, trace: bool) -> Phase:
    host = PluginHost()
    engine = create_scrutiny_engine(url)
    try:
        ensure_schema(engine, host.migration_dirs())  # the schema is not what we measure

        def work() -> dict[str, Any]:
            by_folder: dict[Path, list[Path]] = {}
            for path in input_files(Path(folder)):
                by_folder.setdefault(path.parent, []).append(path)
            imported = 0
            for paths in by_folder.values():
                options = ImportOptions(today=dt.date.today())
                imported += len(import_paths(engine, paths, host.importers(), options))
            return {"files": imported}

        phase = _measured("import", trace, work)
        with engine.connect() as conn:
            for key, model in (
                ("episodes", Episode),
                ("reviews", Review),
                ("visits", StatutoryVisit),
                ("care leavers", YoungPerson),
                ("adviser contacts", Contact),
                ("children's homes", Home),
                ("reg 44 visits", IndependentVisit),
                ("reg 40 events", NotifiableEvent),
            ):
                phase.details[key] = conn.execute(select(func.count()).select_from(model)).scalar()
            phase.details["looked after"] = conn.execute(
                select(func.count(func.distinct(Episode.child_id)))
            ).scalar()
            phase.details["children in need"] = conn.execute(
                select(func.count(func.distinct(CinEpisode.child_id)))
            ).scalar()
            phase.details["rows"] = sum(
                conn.execute(select(func.count()).select_from(table)).scalar() or 0
                for table in Base.metadata.sorted_tables
            )
        return phase
    finally:
        engine.dispose()


def _config() -> Config:
    return Config(council=CouncilSettings(name=COUNCIL_NAME))


def phase_check(url: str, trace: bool, timeout_s: int) -> Phase:
    """The check; on PostgreSQL each statement is cancelled after ``timeout_s`` seconds
    (a cancelled rule is reported as a rule error, as ``scrutiny check`` would)."""
    host = PluginHost()
    options = {}
    if resolve_url(url).get_backend_name() == "postgresql" and timeout_s > 0:
        options["connect_args"] = {"options": f"-c statement_timeout={timeout_s * 1000}"}
    engine = create_scrutiny_engine(url, **options)
    try:
        rules = list(host.rules)

        def work() -> dict[str, Any]:
            summary = run_check(
                engine,
                rules,
                _config(),
                as_of=DEMO_AS_OF,
                domains=None,
                plugins=host.enabled_versions(),
            )
            return {
                "run_id": summary.run_id,
                "rules": len(rules),
                "counts": summary.counts,
                "findings": sum(
                    n for s, n in summary.counts.items() if s not in ("compliant", "not-yet-due")
                ),
                "errors": summary.rule_errors,
            }

        return _measured("check", trace, work)
    finally:
        engine.dispose()


def phase_pack(url: str, run_id: int, out: str, trace: bool) -> Phase:
    host = PluginHost()
    engine = create_scrutiny_engine(url)
    try:

        def work() -> dict[str, Any]:
            data = load_pack_data(engine, host.rules, _config(), run_id)
            result = render_pack(data, host.pack_sections(data), Path(out))
            return {"pages": result.pages, "megabytes": Path(out).stat().st_size / 2**20}

        return _measured("pack", trace, work)
    finally:
        engine.dispose()


def in_fresh_process(function: Callable[..., Phase], *args: Any) -> Phase:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


# The machine --------------------------------------------------------------------------


def _first_line_with(path: str, prefix: str) -> str | None:
    try:
        with Path(path).open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def machine(url: str) -> str:
    cpu = _first_line_with("/proc/cpuinfo", "model name") or platform.processor() or "?"
    mem_kib = _first_line_with("/proc/meminfo", "MemTotal")
    ram = f"{int(mem_kib.split()[0]) / 2**20:.0f} GiB RAM" if mem_kib else "RAM ?"
    parts = [
        cpu,
        f"{os.cpu_count()} cores",
        ram,
        f"Python {platform.python_version()}",
        f"SQLite {sqlite3.sqlite_version}",
    ]
    if resolve_url(url).get_backend_name() == "postgresql":
        engine = create_scrutiny_engine(url)
        try:
            with engine.connect() as conn:
                version = conn.exec_driver_sql("SHOW server_version").scalar()
            parts.append(f"PostgreSQL {str(version).split()[0]}")
        finally:
            engine.dispose()
    return ", ".join(parts)


def commit() -> str:
    git = shutil.which("git")
    if git is None:
        return "?"
    head = subprocess.run(
        [git, "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True, check=False
    )
    if head.returncode != 0:
        return "?"
    dirty = subprocess.run(
        [git, "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"],
        cwd=HERE,
        capture_output=True,
        text=True,
        check=False,
    )
    return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


# Running and reporting -----------------------------------------------------------------


@contextmanager
def fresh_database(url: str | None, workdir: Path, size: Size) -> Iterator[str]:
    """An empty database for one size: a new SQLite file in ``workdir``, or a database
    of its own on the PostgreSQL server ``url`` names, dropped afterwards."""
    if url is None:
        path = workdir / f"bench-{size.children}.db"
        for leftover in workdir.glob(f"{path.name}*"):
            leftover.unlink()
        yield f"sqlite:///{path}"
        return
    target = resolve_url(url)
    if target.get_backend_name() != "postgresql":
        refuse_non_empty(url)
        yield url
        return
    name = f"scrutiny_bench_{size.children}_{os.getpid()}"
    server = create_scrutiny_engine(
        target.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with server.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield target.set(database=name).render_as_string(hide_password=False)
        finally:
            with server.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        server.dispose()


def refuse_non_empty(url: str) -> None:
    engine = create_scrutiny_engine(url)
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
    finally:
        engine.dispose()
    if tables:
        sys.exit(f"benchmark: {url} is not empty ({len(tables)} tables); give an empty database")


def backend_label(url: str | None) -> str:
    if url is None or resolve_url(url).get_backend_name() != "postgresql":
        return "SQLite"
    return "PostgreSQL"


def _mib(phase: Phase | None) -> str:
    return "-" if phase is None else f"{phase.rss_peak_mib:,.0f}"


def _heap(phase: Phase | None) -> str:
    return "-" if phase is None or phase.heap_peak_mib is None else f"{phase.heap_peak_mib:,.0f}"


def _check_cell(checked: Phase, failed: dict[str, str]) -> str:
    if not failed:
        return f"{checked.seconds:.1f}"
    cancelled = ", ".join(
        f"{rule} cancelled by --check-timeout"
        if "statement timeout" in error
        else f"{rule}: {error.split(':')[0]}"
        for rule, error in failed.items()
    )
    return f"**{checked.seconds:.0f}, incomplete** ({cancelled})"


def _pack_cell(packed: Phase | None) -> str:
    return "not run" if packed is None else f"{packed.seconds:.1f} ({packed.details['pages']})"


@dataclass
class Measured:
    size: Size
    generated: Phase
    imported: Phase
    checked: Phase
    packed: Phase | None

    @property
    def failed(self) -> dict[str, str]:
        errors: dict[str, str] = self.checked.details["errors"]
        return errors


def print_table(label: str, m: Measured) -> None:
    d = m.imported.details
    g = m.generated.details
    print(
        f"\n{m.size.label}, {label}: {d['looked after']:,} looked-after children,"
        f" {d['children in need']:,} children in need, {d['care leavers']:,} care leavers,"
        f" {m.size.years} years; {g['files']} files, {g['megabytes']:,.0f} MiB;"
        f" {d['rows']:,} rows stored"
    )
    print(f"{'phase':10} {'wall s':>9} {'RSS start MiB':>14} {'RSS peak MiB':>13} {'heap MiB':>9}")
    phases = [m.generated, m.imported, m.checked] + ([m.packed] if m.packed else [])
    for p in phases:
        print(
            f"{p.name:10} {p.seconds:9.2f} {p.rss_start_mib:14,.0f} {p.rss_peak_mib:13,.0f}"
            f" {_heap(p):>9}"
        )
    print(
        f"import + check: {m.imported.seconds + m.checked.seconds:.1f} s;"
        f" findings other than met or not yet due: {m.checked.details['findings']:,}"
        + (f"; pack {m.packed.details['pages']} pages" if m.packed else "")
    )


def result_row(label: str, m: Measured, trace: bool, url: str) -> str:
    d = m.imported.details
    traced = " (tracemalloc on: times inflated)" if trace else ""
    both = m.imported.seconds + m.checked.seconds
    return (
        f"| {dt.date.today().isoformat()} | {commit()} | {label}{traced} | {m.size.label}"
        f" | {m.size.years} | {d['looked after']:,} | {d['children in need']:,}"
        f" | {d['care leavers']:,} | {d['rows']:,}"
        f" | {m.generated.details['megabytes']:,.0f}"
        f" | {'-' if m.failed else format(m.checked.details['findings'], ',')}"
        f" | {m.imported.seconds:.1f} | {_check_cell(m.checked, m.failed)} | {both:.1f}"
        f" | {_pack_cell(m.packed)}"
        f" | {_mib(m.imported)} / {_mib(m.checked)} / {_mib(m.packed)}"
        f" | {_heap(m.imported)} / {_heap(m.checked)} / {_heap(m.packed)}"
        f" | {machine(url)} (Scrutiny {__version__}) |"
    )


def record_rows(rows: list[str]) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Measured speed\n"
    if SUITE_HEADING not in text:
        text = text.rstrip("\n") + f"\n\n{SUITE_HEADING}\n\n" + TABLE_HEADER
    if not text.endswith("\n"):
        text += "\n"
    RESULTS.write_text(text + "".join(row + "\n" for row in rows), encoding="utf-8")
    print(f"\nappended {len(rows)} row(s) to {RESULTS}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), help="a stated size (default: county)")
    parser.add_argument("--children", type=int, help="looked-after children (instead of --size)")
    parser.add_argument("--years", type=int, default=3, help="with --children: years of history")
    parser.add_argument("--children-in-need", type=int, help="with --children")
    parser.add_argument("--care-leavers", type=int, help="with --children")
    parser.add_argument(
        "--curve",
        action="store_true",
        help=f"also measure {', '.join(f'1/{n}' for n in CURVE if n > 1)} of the size",
    )
    parser.add_argument(
        "--share", type=int, default=1, metavar="N", help="measure 1/N of the size only"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database",
        help="a PostgreSQL server's URL (each size gets a database of its own there),"
        " or an empty database's URL (default: a new SQLite file in --workdir)",
    )
    parser.add_argument("--workdir", type=Path, help="where to write files (default: a temp dir)")
    parser.add_argument("--no-pack", action="store_true", help="measure import and check only")
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also measure each phase's peak Python heap (makes the phases slower)",
    )
    parser.add_argument(
        "--check-timeout",
        type=int,
        default=900,
        metavar="SECONDS",
        help="PostgreSQL: cancel a rule's query after this long (0: never; default 900)",
    )
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    args = parser.parse_args(argv)
    if args.children is not None:
        size = Size(
            f"{args.children:,} looked after",
            args.children,
            args.years,
            args.children_in_need,
            args.care_leavers,
        )
    else:
        size = SIZES[args.size or "county"]
    size = size.fraction(args.share)
    sizes = [size.fraction(n) for n in CURVE] if args.curve else [size]

    if args.workdir is None:
        with tempfile.TemporaryDirectory(prefix="scrutiny-bench-") as scratch:
            benchmark(args, sizes, Path(scratch))
    else:
        benchmark(args, sizes, args.workdir)


def benchmark(args: argparse.Namespace, sizes: list[Size], workdir: Path) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    label = backend_label(args.database)
    rows = []
    results = []
    for size in sizes:
        with fresh_database(args.database, workdir, size) as url:
            measured = measure(args, size, url, workdir)
            print_table(label, measured)
            results.append(measured)
            rows.append(result_row(label, measured, args.tracemalloc, url))
    if len(results) > 1:
        print_curve(results)
    if not args.no_record:
        record_rows(rows)


def measure(args: argparse.Namespace, size: Size, url: str, workdir: Path) -> Measured:
    inputs = workdir / "input"
    shutil.rmtree(inputs, ignore_errors=True)
    trace = args.tracemalloc
    print(f"benchmark: {size.label}, seed {args.seed}, {backend_label(url)}, files in {workdir}")
    generated = in_fresh_process(phase_generate, str(inputs), size, args.seed, trace)
    imported = in_fresh_process(phase_import, url, str(inputs), trace)
    checked = in_fresh_process(phase_check, url, trace, args.check_timeout)
    measured = Measured(size, generated, imported, checked, None)
    if measured.failed:  # a partial run's pack would not be comparable
        print(f"benchmark: rules failed, so no pack: {measured.failed}", file=sys.stderr)
    elif not args.no_pack:
        measured.packed = in_fresh_process(
            phase_pack, url, checked.details["run_id"], str(workdir / "audit-pack.pdf"), trace
        )
    shutil.rmtree(inputs, ignore_errors=True)
    return measured


def print_curve(results: list[Measured]) -> None:
    """Check milliseconds per thousand stored rows at each size: flat if linear."""
    print(
        f"\n{'size':20} {'rows stored':>12} {'import s':>9} {'check s':>8} check ms per 1,000 rows"
    )
    for m in results:
        stored = m.imported.details["rows"]
        print(
            f"{m.size.label:20} {stored:12,} {m.imported.seconds:9.1f} {m.checked.seconds:8.1f}"
            f" {1e6 * m.checked.seconds / max(stored, 1):22.2f}"
        )


if __name__ == "__main__":
    main()
