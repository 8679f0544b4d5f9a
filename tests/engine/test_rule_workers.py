"""Rules judged side by side by worker processes (or, where a process cannot be forked
safely, threads) store the same run as one connection does, on SQLite and PostgreSQL:
the same findings in the same order, the same counts; a broken rule is an error of the
run while the others are judged, and a worker that dies fails the check, storing nothing
and leaving no worker behind."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, column, literal, select, table
from sqlalchemy.exc import OperationalError, ProgrammingError

from scrutiny.config import Config
from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.demo.histories import make_council
from scrutiny.engine import check
from scrutiny.engine.check import run_check
from scrutiny.engine.rule_processes import ForkedJudges, RuleWorkerError, can_fork_judges
from scrutiny.engine.rule_workers import default_workers
from scrutiny.models.run import Finding, RuleOutcomeCount, Run
from scrutiny.plugin_host import PluginHost
from scrutiny.rules.context import RuleContext
from scrutiny.rules.registry import Rule
from tests.faults.harness import import_council

AS_OF = dt.date(2022, 3, 31)


@pytest.fixture(scope="module")
def council_files(tmp_path_factory: pytest.TempPathFactory, host: PluginHost) -> Path:
    folder = tmp_path_factory.mktemp("workers-council") / "input"
    host.demo(make_council(folder, 40, 11))
    return folder


def _stored(engine: Engine, run_id: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The run's findings in id order (ids as offsets from its first) and its counts."""
    columns = [c for c in Finding.__table__.c if c.name not in ("id", "run_id")]
    with engine.connect() as conn:
        rows = conn.execute(
            select(Finding.id, *columns).where(Finding.run_id == run_id).order_by(Finding.id)
        ).all()
        counts = conn.execute(
            select(RuleOutcomeCount.rule_id, RuleOutcomeCount.outcome, RuleOutcomeCount.count)
            .where(RuleOutcomeCount.run_id == run_id)
            .order_by(RuleOutcomeCount.rule_id, RuleOutcomeCount.outcome)
        ).all()
    first = rows[0][0] if rows else 0
    return [(row[0] - first, *row[1:]) for row in rows], [tuple(c) for c in counts]


def _check(engine: Engine, host: PluginHost, rules: list[Rule], workers: int) -> Any:
    return run_check(
        engine,
        rules,
        Config(),
        as_of=AS_OF,
        domains=None,
        plugins=host.enabled_versions(),
        workers=workers,
    )


@pytest.fixture(params=["processes", "threads"])
def worker_kind(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[str]]:
    """The checks of a test judge with worker processes, or threads (as where a process
    cannot be forked safely); lists the kind each check used, and makes sure every check
    with workers used the kind asked for."""
    used: list[str] = []

    class Counted(ForkedJudges):
        def __init__(self, *args: Any) -> None:
            used.append("processes")
            super().__init__(*args)

    class CountedThreads(check.ThreadJudges):
        def __init__(self, *args: Any) -> None:
            used.append("threads")
            super().__init__(*args)

    monkeypatch.setattr(check, "ForkedJudges", Counted)
    monkeypatch.setattr(check, "ThreadJudges", CountedThreads)
    if request.param == "threads":
        monkeypatch.setattr(check, "can_fork_judges", lambda engine: False)
    yield used
    assert used and set(used) == {request.param}


def test_three_workers_store_the_same_run_as_one(
    engine: Engine, host: PluginHost, council_files: Path, worker_kind: list[str]
) -> None:
    import_council(engine, host, council_files)
    rules = list(host.rules)
    alone = _check(engine, host, rules, workers=1)
    assert worker_kind == []
    side_by_side = _check(engine, host, rules, workers=3)
    assert len(worker_kind) == 1
    assert multiprocessing.active_children() == []
    assert side_by_side.rule_errors == alone.rule_errors == {}
    assert side_by_side.counts == alone.counts
    assert sum(alone.counts.values()) > 1_000
    findings, counts = _stored(engine, alone.run_id)
    assert len(findings) > 100 and len({f[1] for f in findings}) > 10  # many rules found
    assert _stored(engine, side_by_side.run_id) == (findings, counts)


def _broken(context: RuleContext) -> Any:
    """A rule whose query fails in the database, not in Python: it aborts the
    statement (on PostgreSQL, the transaction, but for its savepoint)."""
    missing = table("no_such_table", column("ref"))
    return select(
        literal("child").label("subject_type"),
        missing.c.ref.label("subject_ref"),
        literal(context.as_of).label("due_date"),
        literal(None).label("event_date"),
        literal("not-met").label("outcome"),
        literal("x").label("standard"),
    )


def test_a_rule_failing_in_a_worker_is_an_error_and_the_others_are_judged(
    engine: Engine, host: PluginHost, council_files: Path, worker_kind: list[str]
) -> None:
    import_council(engine, host, council_files)
    good = [r for r in host.rules if r.meta.domain == "looked_after"]
    broken = dataclasses.replace(good[0], evaluate=_broken)
    alone = _check(engine, host, good[1:], workers=1)
    # the broken rule first, so the worker that takes it goes on after its failure
    with_broken = _check(engine, host, [broken, *good[1:]], workers=2)
    assert set(with_broken.rule_errors) == {broken.id}
    assert with_broken.rule_errors[broken.id].split(":")[0] in (
        OperationalError.__name__,
        ProgrammingError.__name__,
    )
    assert "no_such_table" in with_broken.rule_errors[broken.id]
    findings, counts = _stored(engine, with_broken.run_id)
    assert findings == _stored(engine, alone.run_id)[0]
    assert (broken.id, "error", 1) in counts


def test_a_check_run_from_the_command_line_forks_its_workers(engine: Engine) -> None:
    """Nothing else running, no connection in use: the workers are processes."""
    with engine.connect():
        assert not can_fork_judges(engine)  # a connection in use would cross the fork
    assert can_fork_judges(engine)


def _killed_in_a_worker(context: RuleContext) -> Any:
    """A rule whose worker is killed outright (SIGKILL, as the out-of-memory killer
    would) while judging it."""
    if multiprocessing.current_process().name.startswith("scrutiny-rule-worker"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _broken(context)


def test_a_worker_killed_while_judging_fails_the_check_and_stores_no_run(
    engine: Engine, host: PluginHost, council_files: Path
) -> None:
    import_council(engine, host, council_files)
    good = [r for r in host.rules if r.meta.domain == "looked_after"]
    killed = dataclasses.replace(good[-1], evaluate=_killed_in_a_worker)
    with engine.connect() as conn:
        runs = conn.execute(select(Run.id)).scalars().all()
    with pytest.raises(RuleWorkerError, match=r"stopped while judging \(exit code -9\)"):
        _check(engine, host, [*good[:-1], killed], workers=2)
    assert multiprocessing.active_children() == []
    with engine.connect() as conn:
        assert conn.execute(select(Run.id)).scalars().all() == runs
    again = _check(engine, host, good, workers=2)  # and the next check is whole
    assert again.rule_errors == {}


def test_an_in_memory_sqlite_database_is_judged_on_its_one_connection(
    sqlite_engine: Engine,
) -> None:
    memory = create_scrutiny_engine("sqlite://")
    try:
        assert default_workers(memory, rules=40) == 1
    finally:
        memory.dispose()
    assert default_workers(sqlite_engine, rules=1) == 1
    assert 1 <= default_workers(sqlite_engine, rules=40) <= 4
