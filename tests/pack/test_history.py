"""The trend across runs reads the stored runs of the same scope, up to the pack's run."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.engine.check import run_check
from scrutiny.pack.data import load_pack_data
from scrutiny.plugin_host import PluginHost


def test_history_holds_runs_of_the_same_domains_up_to_the_packs_run(
    sqlite_engine: Engine, host: PluginHost
) -> None:
    rules = [r for r in host.rules if r.meta.domain == "looked_after"]

    def run(as_of: dt.date, domains: list[str] | None) -> int:
        chosen = rules if domains else list(host.rules)
        summary = run_check(
            sqlite_engine,
            chosen,
            Config(),
            as_of=as_of,
            domains=domains,
            plugins=host.enabled_versions(),
        )
        return summary.run_id

    first = run(dt.date(2023, 3, 31), None)
    run(dt.date(2023, 6, 30), ["looked_after"])  # another scope: not in the trend
    second = run(dt.date(2023, 9, 30), None)
    third = run(dt.date(2023, 6, 30), None)  # an earlier as-of date, made later
    run(dt.date(2023, 12, 31), None)  # after the pack's run: not in its trend

    data = load_pack_data(sqlite_engine, host.rules, Config(), third)

    assert [(p.id, p.as_of) for p in data.history] == [
        (first, dt.date(2023, 3, 31)),
        (third, dt.date(2023, 6, 30)),
        (second, dt.date(2023, 9, 30)),
    ]
    assert all(isinstance(p.counts, dict) for p in data.history)
