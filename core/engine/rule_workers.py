"""Rules judged side by side, each worker on a connection of its own, all on the run's
snapshot.

A check spends almost all its time inside the database, running the rules' queries one
after another. SQLite and psycopg both let go of Python's lock while a statement runs,
so threads with a connection each keep several cores busy. Every worker reads exactly
what the run reads:

- PostgreSQL: the run's REPEATABLE READ transaction exports its snapshot
  (``pg_export_snapshot``) and each worker's REPEATABLE READ transaction takes it
  (``SET TRANSACTION SNAPSHOT``) before reading anything.
- SQLite: the run's transaction holds the write lock from its first statement
  (``BEGIN IMMEDIATE``), so nothing can be committed while it lasts; a worker's read
  transaction, begun after it, sees the same committed data. (The run's own writes,
  its row and its list of imports, are no rule's input.)

Workers write nothing to the database: a rule is judged into the worker's temporary
table and its counts and findings come back as rows, which the run stores on its own
connection in the order of the rules. A run's findings, ids included, are therefore
the same whatever the number of workers.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from scrutiny.engine.judging import RULE_OUTPUT, judging, store_rows
from scrutiny.rules.context import RuleContext
from scrutiny.rules.registry import Rule

MAX_WORKERS = 4


def default_workers(engine: Engine, rules: int) -> int:
    """One per core, at most ``MAX_WORKERS`` and no more than there are rules; one for
    an in-memory SQLite database, which other connections cannot see."""
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, rules))


@dataclass(frozen=True)
class Judgement:
    """One rule's results from a worker: its rows, or why it failed."""

    index: int
    counts: Sequence[Any] = ()
    findings: Sequence[Any] = ()
    error: BaseException | None = None


class _WorkerFailed(Exception):
    """A worker's connection or transaction failed (not a rule): the check cannot go on."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


def judge_side_by_side(
    engine: Engine,
    conn: Connection,
    run_id: int,
    jobs: Sequence[tuple[Rule, RuleContext]],
    workers: int,
    on_result: Any,
) -> None:
    """Judge ``jobs`` in ``workers`` threads; for each, in order, call
    ``on_result(rule, judgement)`` on this thread once its results are stored on
    ``conn`` (or its error is known)."""
    snapshot_id = (
        conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        if conn.dialect.name == "postgresql"
        else None
    )
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(jobs)):
        todo.put(index)
    done: queue.SimpleQueue[Judgement | _WorkerFailed] = queue.SimpleQueue()
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=_work,
            args=(engine, snapshot_id, run_id, jobs, todo, done, stop),
            name=f"scrutiny-rule-worker-{n}",
            daemon=True,
        )
        for n in range(workers)
    ]
    for thread in threads:
        thread.start()
    try:
        waiting: dict[int, Judgement] = {}
        for next_index in range(len(jobs)):
            while next_index not in waiting:
                item = done.get()
                if isinstance(item, _WorkerFailed):
                    raise item.cause
                waiting[item.index] = item
            judgement = waiting.pop(next_index)
            if judgement.error is None:
                store_rows(conn, judgement.counts, judgement.findings)
            on_result(jobs[next_index][0], judgement)
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def _work(
    engine: Engine,
    snapshot_id: str | None,
    run_id: int,
    jobs: Sequence[tuple[Rule, RuleContext]],
    todo: queue.SimpleQueue[int],
    done: queue.SimpleQueue[Judgement | _WorkerFailed],
    stop: threading.Event,
) -> None:
    try:
        with engine.connect() as conn:
            if snapshot_id is not None:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                if snapshot_id is not None:
                    conn.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot_id}'"))
                RULE_OUTPUT.create(conn)
                while not stop.is_set():
                    try:
                        index = todo.get_nowait()
                    except queue.Empty:
                        break
                    done.put(_judge(conn, run_id, index, *jobs[index]))
                RULE_OUTPUT.drop(conn)
    except BaseException as exc:  # handed to the run, which raises it
        done.put(_WorkerFailed(exc))


def _judge(
    conn: Connection, run_id: int, index: int, rule: Rule, context: RuleContext
) -> Judgement:
    savepoint = conn.begin_nested()
    try:
        with judging(conn, run_id, rule, context, raw=True) as judged:
            counts = conn.execute(judged.counts).all()
            findings = conn.execute(judged.findings).all()
        savepoint.commit()
    except Exception as exc:  # one broken rule must not stop the check
        savepoint.rollback()
        return Judgement(index, error=exc)
    return Judgement(index, counts, findings)
