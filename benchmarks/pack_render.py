"""The audit pack's rendering speed: laid out whole on one core, against laid out in parts.

For a stored run (the demo's, or one ``benchmarks/run.py --workdir`` left behind), renders
the PDF pack three ways, each in a fresh process so none inherits another's caches:

- whole: one WeasyPrint document on one core (what every pack did before parts);
- parts, in this process: the same parts laid out one after another (the cost of
  cutting and merging, without the parallelism);
- parts, in workers: the parts laid out in worker processes, one a core (the default
  for a long pack).

It checks that the two part renderings are the same bytes, and prints pages, seconds and
pages per second for each. Usage (from the repository)::

    .venv/bin/python benchmarks/pack_render.py --database sqlite:///scrutiny-demo/scrutiny.db \\
        --config scrutiny-demo/scrutiny.toml
    .venv/bin/python benchmarks/pack_render.py --database sqlite:////tmp/bench/bench.db --run 1
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from sqlalchemy import select

from scrutiny.config import Config, load_config
from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.models.run import Run
from scrutiny.pack import chunked
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.plugin_host import PluginHost

WAYS = ("whole", "parts, in this process", "parts, in workers")


def render(
    url: str, config_path: str | None, run_id: int, way: str, out: str
) -> tuple[int, float, str]:
    """Pages, seconds (from loading the run's data to the file written) and SHA-256."""
    started = time.perf_counter()
    host = PluginHost()
    engine = create_scrutiny_engine(url)
    try:
        config = load_config(config_path) if config_path else Config()
        data = load_pack_data(engine, host.rules, config, run_id)
        sections = host.pack_sections(data)
        workers = 0 if way == "parts, in this process" else None
        result = render_pack(data, sections, Path(out), in_parts=way != "whole", workers=workers)
    finally:
        engine.dispose()
    seconds = time.perf_counter() - started
    return result.pages or 0, seconds, hashlib.sha256(Path(out).read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", required=True, help="the database's URL")
    parser.add_argument("--run", type=int, help="the run (default: the latest)")
    parser.add_argument("--config", help="the council's scrutiny.toml (its name, marking)")
    args = parser.parse_args()
    run_id = args.run or _latest_run(args.database)
    print(f"pack of run {run_id}; {os.cpu_count()} cores; parts at most {chunked.PARTS}")
    hashes = {}
    whole_seconds = None
    with tempfile.TemporaryDirectory(prefix="scrutiny-pack-bench-") as scratch:
        for way in WAYS:
            out = str(Path(scratch) / f"{way.split(',')[0]}-{len(hashes)}.pdf")
            with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
                pages, seconds, sha = pool.submit(
                    render, args.database, args.config, run_id, way, out
                ).result()
            size = Path(out).stat().st_size / 2**20
            hashes[way] = sha
            whole_seconds = whole_seconds or seconds
            print(
                f"{way:<24} {pages:>4} pages {seconds:6.1f} s {pages / seconds:5.1f} pages/s"
                f" {size:5.1f} MiB  {whole_seconds / seconds:4.2f}x"
            )
    same = hashes["parts, in this process"] == hashes["parts, in workers"]
    print(f"parts in this process and in workers: {'the same bytes' if same else 'DIFFERENT'}")
    if not same:
        raise SystemExit(1)


def _latest_run(url: str) -> int:
    engine = create_scrutiny_engine(url)
    try:
        with engine.connect() as conn:
            found = conn.execute(select(Run.id).order_by(Run.id.desc()).limit(1)).scalar()
    finally:
        engine.dispose()
    if found is None:
        raise SystemExit(f"no run is stored in {url}")
    return int(found)


if __name__ == "__main__":
    main()
