"""``scrutiny demo``: a synthetic council built, imported, checked and packed end to end.

It goes through the same importer, register, engine and renderer a council uses; only
the clock is fixed (to the synthetic dates), so the same seed gives the same database
contents and the same audit pack.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from scrutiny.config import Config, load_config
from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.db.migrate import ensure_schema
from scrutiny.demo.council import COUNCIL_NAME, DEMO_AS_OF
from scrutiny.demo.deviations import record_demo_deviations
from scrutiny.demo.histories import make_council
from scrutiny.engine.check import RunSummary, run_check
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.runner import import_paths
from scrutiny.plugin_host import PluginHost

MARKER = ".scrutiny-demo"
DATABASE = "scrutiny.db"
PACK = "audit-pack.pdf"
INPUT = "input"
CONFIG = "scrutiny.toml"
# CSV files, the CIN census as XML and the Annex A workbook
INPUT_SUFFIXES = (".csv", ".xml", ".xlsx")
DEMO_NOTIFY_HOURS = 24
DEMO_PANEL_QUORUM = 5


class DemoFolderError(ValueError):
    """The output folder holds something other than an earlier demo."""


@dataclass(frozen=True)
class DemoResult:
    folder: Path
    inputs: list[Path]
    database: Path
    config: Path
    pack: Path
    pages: int | None
    first_run: RunSummary
    final_run: RunSummary
    deviations: int


def prepare_folder(folder: Path) -> None:
    """Make ``folder`` ready, replacing an earlier demo but never anything else."""
    if folder.exists():
        if not folder.is_dir():
            raise DemoFolderError(f"{folder} exists and is not a folder")
        if any(folder.iterdir()) and not (folder / MARKER).exists():
            raise DemoFolderError(
                f"{folder} is not empty and was not made by `scrutiny demo`; choose another --out"
            )
        for name in (DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm", PACK, CONFIG):
            (folder / name).unlink(missing_ok=True)
        shutil.rmtree(folder / INPUT, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("made by `scrutiny demo`; safe to delete\n", encoding="utf-8")


def build_demo(
    folder: Path,
    *,
    children: int,
    seed: int,
    render: Callable[[Engine, PluginHost, Config, int, Path], int | None],
) -> DemoResult:
    prepare_folder(folder)
    council = make_council(folder / INPUT, children, seed)
    host = PluginHost()
    host.demo(council)
    config_path = folder / CONFIG
    config_path.write_text(
        f'[council]\nname = "{COUNCIL_NAME}"\n\n[database]\n'
        f'# relative to this file\nurl = "sqlite:///{DATABASE}"\n\n'
        "# The adoption panel quorum is the council's own setting (AAR 2005 reg 6 was not\n"
        "# read, so Scrutiny has no default); without it each panel is judged 'manual'.\n"
        '[local_policy."ADO-PANEL"]\n'
        f"quorum_members = {DEMO_PANEL_QUORUM}\n\n"
        "# Regulation 40 says only 'without delay'; the council's own procedure says 24\n"
        "# hours, so notifications are judged against it (findings say 'local-policy').\n"
        '[local_policy."CH-REG40"]\n'
        f"notify_within_hours = {DEMO_NOTIFY_HOURS}\n",
        encoding="utf-8",
    )
    config = load_config(config_path)
    database = folder / DATABASE
    engine = create_scrutiny_engine(f"sqlite:///{database}")
    try:
        ensure_schema(engine, host.migration_dirs())
        inputs = sorted(p for p in council.folder.rglob("*") if p.suffix in INPUT_SUFFIXES)
        by_folder: dict[Path, list[Path]] = {}
        for path in inputs:
            by_folder.setdefault(path.parent, []).append(path)
        for paths in by_folder.values():
            import_paths(engine, paths, host.importers(), ImportOptions(today=dt.date.today()))
        rules = list(host.rules)
        started = dt.datetime.combine(DEMO_AS_OF, dt.time(9, 0), tzinfo=dt.UTC)
        first = run_check(
            engine,
            rules,
            config,
            as_of=DEMO_AS_OF,
            domains=None,
            plugins=host.enabled_versions(),
            started_at=started,
        )
        recorded = record_demo_deviations(engine, first.run_id, [r.id for r in rules])
        final = run_check(
            engine,
            rules,
            config,
            as_of=DEMO_AS_OF,
            domains=None,
            plugins=host.enabled_versions(),
            started_at=started + dt.timedelta(hours=1),
        )
        pack = folder / PACK
        pages = render(engine, host, config, final.run_id, pack)
    finally:
        engine.dispose()
    return DemoResult(folder, inputs, database, config_path, pack, pages, first, final, recorded)
