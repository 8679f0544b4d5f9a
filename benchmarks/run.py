"""How long Scrutiny takes, and how much memory, for a council of a given size.

Builds a synthetic council with the demo generator (the same care histories and
plugin files as ``scrutiny demo``), then measures three phases separately, each in a
fresh process so that its peak memory is its own:

- import: every generated file through ``import_paths`` (folder by folder, as the
  demo imports them), into an empty, migrated database;
- check: ``run_check`` of every enabled rule as of the demo date, stored as a run;
- pack: the audit pack of that run rendered to PDF.

Usage (from the repository)::

    .venv/bin/python benchmarks/run.py --children 2700
    .venv/bin/python benchmarks/run.py --children 2700 \\
        --database postgresql://postgres@127.0.0.1:5432/scrutiny_bench

A PostgreSQL database must exist and be empty (the script creates the schema in it,
and never drops anything). The results are printed as a table and appended, dated,
to benchmarks/RESULTS.md with the machine they were measured on (``--no-record`` to
skip that).
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
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select

from scrutiny import __version__
from scrutiny.config import Config, CouncilSettings
from scrutiny.db.engine import create_scrutiny_engine, resolve_url
from scrutiny.db.migrate import ensure_schema
from scrutiny.demo.council import COUNCIL_NAME, DEMO_AS_OF, DEMO_STARTS
from scrutiny.demo.histories import make_council
from scrutiny.engine.check import run_check
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.runner import import_paths
from scrutiny.models.child import Child
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.care_leavers.models import Contact, YoungPerson
from scrutiny.plugins.looked_after.models import StatutoryVisit
from scrutiny.plugins.residential.models import Home, IndependentVisit, NotifiableEvent
from scrutiny.ssda903.models import Episode, Review

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
TABLE_HEADER = (
    "| date | commit | database | children | episodes | reviews | visits | findings "
    "| import s | check s | pack s (pages) | peak RSS MiB import / check / pack "
    "| Python heap peak MiB import / check / pack | machine |\n"
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n"
)


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


def phase_generate(folder: str, children: int, seed: int, trace: bool) -> Phase:
    def work() -> dict[str, Any]:
        council = make_council(Path(folder), children, seed)
        PluginHost().demo(council)
        files = sorted(Path(folder).rglob("*.csv"))
        return {
            "files": len(files),
            "megabytes": sum(p.stat().st_size for p in files) / 2**20,
            "short_break_children": sum(1 for c in council.children if c.short_breaks),
            "episodes": sum(len(c.episodes) for c in council.children),
            "reviews": sum(len(c.reviews) for c in council.children),
        }

    return _measured("generate", trace, work)


def phase_import(url: str, folder: str, trace: bool) -> Phase:
    host = PluginHost()
    engine = create_scrutiny_engine(url)
    try:
        ensure_schema(engine, host.migration_dirs())  # the schema is not what we measure

        def work() -> dict[str, Any]:
            by_folder: dict[Path, list[Path]] = {}
            for path in sorted(Path(folder).rglob("*.csv")):
                by_folder.setdefault(path.parent, []).append(path)
            imported = 0
            for paths in by_folder.values():
                options = ImportOptions(today=dt.date.today())
                imported += len(import_paths(engine, paths, host.importers(), options))
            return {"files": imported}

        phase = _measured("import", trace, work)
        with engine.connect() as conn:
            for key, model in (
                ("children", Child),
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


def refuse_non_empty(url: str) -> None:
    engine = create_scrutiny_engine(url)
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
    finally:
        engine.dispose()
    if tables:
        sys.exit(f"benchmark: {url} is not empty ({len(tables)} tables); give an empty database")


def backend_label(url: str) -> str:
    return "PostgreSQL" if resolve_url(url).get_backend_name() == "postgresql" else "SQLite"


def _mib(phase: Phase) -> str:
    return f"{phase.rss_peak_mib:,.0f}"


def _heap(phase: Phase) -> str:
    return "-" if phase.heap_peak_mib is None else f"{phase.heap_peak_mib:,.0f}"


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


def print_table(label: str, phases: list[Phase], imported: Phase) -> None:
    d = imported.details
    print(
        f"\n{label}: {d['children']:,} children (looked after at some time since"
        f" {DEMO_STARTS:%d %b %Y}), {d['episodes']:,} episodes, {d['reviews']:,} reviews,"
        f" {d['visits']:,} visits"
    )
    print(f"{'phase':10} {'wall s':>9} {'RSS start MiB':>14} {'RSS peak MiB':>13} {'heap MiB':>9}")
    for p in phases:
        print(
            f"{p.name:10} {p.seconds:9.2f} {p.rss_start_mib:14,.0f} {p.rss_peak_mib:13,.0f}"
            f" {_heap(p):>9}"
        )


def record_row(row: str) -> None:
    if not RESULTS.exists() or "| date | commit |" not in RESULTS.read_text(encoding="utf-8"):
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write("\n## Results\n\n" + TABLE_HEADER)
    text = RESULTS.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    RESULTS.write_text(text + row + "\n", encoding="utf-8")
    print(f"\nappended to {RESULTS}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=2700, help="size of the council")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database", help="an empty database's URL (default: a new SQLite file in --workdir)"
    )
    parser.add_argument("--workdir", type=Path, help="where to write files (default: a temp dir)")
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

    if args.workdir is None:
        with tempfile.TemporaryDirectory(prefix="scrutiny-bench-") as scratch:
            benchmark(args, Path(scratch))
    else:
        benchmark(args, args.workdir)


def benchmark(args: argparse.Namespace, workdir: Path) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    url = args.database or f"sqlite:///{workdir / 'bench.db'}"
    refuse_non_empty(url)
    label = backend_label(url)
    inputs = workdir / "input"
    shutil.rmtree(inputs, ignore_errors=True)
    trace = args.tracemalloc
    print(f"benchmark: {args.children:,} children, seed {args.seed}, {label}, files in {workdir}")

    generated = in_fresh_process(phase_generate, str(inputs), args.children, args.seed, trace)
    imported = in_fresh_process(phase_import, url, str(inputs), trace)
    checked = in_fresh_process(phase_check, url, trace, args.check_timeout)
    failed = checked.details["errors"]
    phases = [generated, imported, checked]
    packed = None
    if failed:  # a partial run's pack would not be comparable
        print(f"benchmark: rules failed, so no pack is rendered: {failed}", file=sys.stderr)
    else:
        packed = in_fresh_process(
            phase_pack, url, checked.details["run_id"], str(workdir / "audit-pack.pdf"), trace
        )
        phases.append(packed)
    print_table(label, phases, imported)
    d = imported.details
    print(
        f"generated {generated.details['episodes']:,} episodes and"
        f" {generated.details['reviews']:,} reviews"
        f" ({generated.details['short_break_children']:,} children on short breaks only)\n"
        f"findings other than met or not yet due: {checked.details['findings']:,};"
        f" counts {checked.details['counts']}"
        + (f"; pack {packed.details['pages']} pages" if packed else "")
    )
    if args.no_record:
        return
    row = (
        f"| {dt.date.today().isoformat()} | {commit()}"
        f" | {label}{' (tracemalloc on: times inflated)' if trace else ''} | {d['children']:,}"
        f" | {d['episodes']:,} | {d['reviews']:,} | {d['visits']:,}"
        f" | {'-' if failed else format(checked.details['findings'], ',')}"
        f" | {imported.seconds:.1f}"
        f" | {_check_cell(checked, failed)}"
        f" | {_pack_cell(packed)}"
        f" | {_mib(imported)} / {_mib(checked)} / {_mib(packed) if packed else '-'}"
        f" | {_heap(imported)} / {_heap(checked)} / {_heap(packed) if packed else '-'}"
        f" | {machine(url)} (Scrutiny {__version__}) |"
    )
    record_row(row)


if __name__ == "__main__":
    main()
