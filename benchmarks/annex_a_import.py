"""How long ``scrutiny import`` and ``scrutiny check`` take on a large county's Annex A.

Writes a synthetic Ofsted Annex A workbook (seeded; Lists 1 to 11 with Ofsted's
headers, real date cells) sized for a large shire county, then runs the console script
as a user would: ``scrutiny --database URL init`` (not timed), ``scrutiny import
annex-a.xlsx`` and ``scrutiny check --as-of DATE`` (each timed: wall clock and that
process's peak resident set, which includes the interpreter and every library the CLI
loads). The check runs every rule; without other data, only the AA-* rules find much.

Usage (from the repository)::

    .venv/bin/python benchmarks/annex_a_import.py               # the default county, SQLite
    .venv/bin/python benchmarks/annex_a_import.py --scale 0.1   # a tenth of it
    .venv/bin/python benchmarks/annex_a_import.py \\
        --database postgresql://postgres@127.0.0.1:5432/scrutiny_annex_bench

A PostgreSQL database named in ``--database`` is created for the run and dropped after
it. The figures are printed and appended, dated, to the "Annex A import" section of
benchmarks/RESULTS.md (``--no-record`` to skip that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Iterator
from pathlib import Path

from cin_import import (  # type: ignore[import-not-found]  # the sibling benchmark script
    _scrutiny,
    commit,
    create_database,
    drop_database,
    in_workdir,
    machine,
    record_row,
)
from openpyxl import Workbook

from scrutiny.db.engine import resolve_url
from scrutiny.plugins.annex_a.lists import BY_NUMBER, Column

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
AS_OF = dt.date(2024, 6, 30)
HEADING = "## Annex A import"
SECTION = f"""{HEADING}

`benchmarks/annex_a_import.py` writes a synthetic Annex A for a large county (seeded;
rows per list below, times `--scale`) and runs the console script on a fresh database:
`import s` and `check s` are the wall times of `scrutiny import` and `scrutiny check
--as-of 30/06/2024` (each including about 1.5 s of start-up), *peak RSS* each process's
`ru_maxrss`. The workbook is read in openpyxl's full mode, which merged-cell detection
needs.

"""
TABLE_HEADER = (
    "| date | commit | database | rows | file MiB | import s | import peak RSS MiB"
    " | check s | check peak RSS MiB | findings | machine |\n"
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
)
# A large shire county's lists (contacts and referrals cover six months, the others
# are the current caseload or the year): about 77,000 rows in all.
COUNTY = {1: 30_000, 2: 6_000, 3: 9_000, 4: 9_000, 5: 3_500, 6: 9_000, 7: 1_300,
          8: 2_200, 9: 2_100, 10: 400, 11: 120}  # fmt: skip
TEXT = {"yes_no": ("Yes", "No"), "code": ("U1", "U4", "K2", "R1"), "present": ("Allocated", "")}


def _rows(number: int, count: int, rng: random.Random) -> Iterator[list[object]]:
    columns = BY_NUMBER[number].columns
    for index in range(count):
        dob = AS_OF - dt.timedelta(days=rng.randint(400, 17 * 365))
        yield [_value(c, index, dob, rng) for c in columns]


def _value(column: Column, index: int, dob: dt.date, rng: random.Random) -> object:
    if column.field == "child_ref":
        return f"C{index:07d}"
    if column.field == "dob":
        return dob
    if column.type == "date":
        if rng.random() < 0.03:
            return None  # a blank date now and then, as real lists have
        return AS_OF - dt.timedelta(days=rng.randint(0, min(700, (AS_OF - dob).days)))
    if column.type in TEXT:
        return rng.choice(TEXT[column.type])
    if column.type == "id":
        return f"A{index:06d}"
    return "Synthetic"


def write_workbook(path: Path, scale: float, seed: int) -> int:
    """The workbook, written as Excel writes one (with each sheet's dimensions, which
    openpyxl's write-only mode leaves out and its reader then scans the sheet for)."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data: random is the point)
    book = Workbook()
    book.remove(book.active)
    total = 0
    for number, size in COUNTY.items():
        sheet = book.create_sheet(f"List {number}")
        sheet.append([c.title for c in BY_NUMBER[number].columns])
        count = max(1, round(size * scale))
        for values in _rows(number, count, rng):
            sheet.append(values)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
        total += count
    book.save(path)
    return total


def benchmark(args: argparse.Namespace, workdir: Path) -> None:
    workbook = workdir / "annex-a.xlsx"
    started = time.perf_counter()
    rows = write_workbook(workbook, args.scale, args.seed)
    megabytes = workbook.stat().st_size / 2**20
    print(
        f"annex_a_import: wrote {rows:,} rows ({megabytes:.1f} MiB)"
        f" in {time.perf_counter() - started:.1f} s"
    )
    parsed = resolve_url(args.database or f"sqlite:///{workdir / 'bench.db'}")
    url = parsed.render_as_string(hide_password=False)
    postgres = parsed.get_backend_name() == "postgresql"
    if postgres:
        create_database(parsed)
    elif parsed.database:
        Path(parsed.database).unlink(missing_ok=True)
    try:
        _scrutiny(url, "init")
        imported, import_peak, output = _scrutiny(url, "import", "--no-progress", str(workbook))
        print(output.strip())
        checked, check_peak, _ = _scrutiny(
            url, "check", "--as-of", AS_OF.strftime("%d/%m/%Y"), "--fail-on", "none",
            "--format", "json", "--out", str(workdir / "check.json"),
        )  # fmt: skip
        findings = (workdir / "check.json").read_text(encoding="utf-8").count('"rule_id"')
        host = machine(parsed)
    finally:
        if postgres and not args.keep:
            drop_database(parsed)
    label = "PostgreSQL" if postgres else "SQLite"
    print(
        f"annex_a_import: {label}: import {imported:.2f} s (peak RSS {import_peak:,.0f} MiB),"
        f" check {checked:.2f} s (peak RSS {check_peak:,.0f} MiB), {findings:,} findings"
    )
    if not args.no_record:
        record_row(
            f"| {dt.date.today().isoformat()} | {commit()} | {label} | {rows:,}"
            f" | {megabytes:.1f} | {imported:.1f} | {import_peak:,.0f} | {checked:.1f}"
            f" | {check_peak:,.0f} | {findings:,} | {host} |",
            HEADING,
            SECTION,
            TABLE_HEADER,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="times the county's rows")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", help="a PostgreSQL URL (default: a new SQLite file)")
    parser.add_argument("--keep", action="store_true", help="do not drop the PostgreSQL database")
    parser.add_argument("--workdir", type=Path, help="where to write files (default: a temp dir)")
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    args = parser.parse_args(argv)
    in_workdir(args, "scrutiny-annex-bench-", benchmark)


if __name__ == "__main__":
    main()
