"""Rules judged side by side, each worker on a connection of its own, all on the run's
snapshot.

A check spends almost all its time inside the database, running the rules' queries one
after another. Workers keep several cores busy, each reading exactly what the run reads:

- PostgreSQL: the run's REPEATABLE READ transaction exports its snapshot
  (``pg_export_snapshot``) and each worker's REPEATABLE READ transaction takes it
  (``SET TRANSACTION SNAPSHOT``) before reading anything.
- SQLite: the run's transaction holds the write lock from its first statement
  (``BEGIN IMMEDIATE``), so nothing can be committed while it lasts; a worker's read
  transaction, begun after it, sees the same committed data. (The run's own writes,
  its row and its list of imports, are no rule's input.)

The workers are processes forked before the run's transaction begins
(:mod:`scrutiny.engine.rule_processes`) where that is safe, and otherwise threads.
SQLite's queries run hardly faster in two threads than in one (measured: two threads
0.7 s for what one does in 0.4 s, two processes 0.5 s), and a rule's SQL is built and
compiled in Python, which threads take turns at.

Workers write nothing to the database: a rule is judged into the worker's temporary
table and its counts and findings come back as rows, which the run stores on its own
connection in the order of the rules. A run's findings, ids included, are therefore
the same whatever the number or kind of workers.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, text

from scrutiny.engine.judging import RULE_OUTPUT, describe_error, judging, store_rows
from scrutiny.rules.context import RuleContext
from scrutiny.rules.registry import Rule

MAX_WORKERS = 4

Job = tuple[Rule, RuleContext]


def default_workers(engine: Engine, rules: int) -> int:
    """One per core, at most ``MAX_WORKERS`` and no more than there are rules; one for
    an in-memory SQLite database, which other connections cannot see."""
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, rules))


@dataclass(frozen=True)
class Judgement:
    """One rule's results from a worker: its rows, or why it failed (``error``, as
    :func:`scrutiny.engine.judging.describe_error` says it)."""

    index: int
    counts: Sequence[tuple[Any, ...]] = ()
    findings: Sequence[tuple[Any, ...]] = ()
    error: str | None = None


class Judges(Protocol):
    """Workers that judge a run's rules: each rule's judgement, as each is ready."""

    def judgements(self, run_id: int, snapshot_id: str | None) -> Iterator[Judgement]: ...


def judge_side_by_side(
    conn: Connection,
    run_id: int,
    jobs: Sequence[Job],
    judges: Judges,
    on_result: Callable[[Rule, Judgement], None],
) -> None:
    """Have ``judges`` judge ``jobs`` on the snapshot of ``conn``, the run's
    transaction; for each, in order, call ``on_result(rule, judgement)`` once its
    results are stored on ``conn`` (or its error is known)."""
    snapshot_id = (
        conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        if conn.dialect.name == "postgresql"
        else None
    )
    waiting: dict[int, Judgement] = {}
    next_index = 0
    for judgement in judges.judgements(run_id, snapshot_id):
        waiting[judgement.index] = judgement
        while next_index in waiting:
            ready = waiting.pop(next_index)
            if ready.error is None:
                store_rows(conn, ready.counts, ready.findings)
            on_result(jobs[next_index][0], ready)
            next_index += 1


@contextmanager
def reading(engine: Engine, snapshot_id: str | None) -> Iterator[Connection]:
    """A worker's connection, in a transaction reading the run's snapshot, with its own
    ``RULE_OUTPUT``. Begun only when called: on SQLite, after the run took the lock."""
    with engine.connect() as conn:
        if snapshot_id is not None:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            if snapshot_id is not None:
                conn.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot_id}'"))
            RULE_OUTPUT.create(conn)
            yield conn
            RULE_OUTPUT.drop(conn)


def judge_one(
    conn: Connection, run_id: int, index: int, rule: Rule, context: RuleContext
) -> Judgement:
    """One rule judged on a worker's connection: its rows, or why it failed."""
    savepoint = conn.begin_nested()
    try:
        with judging(conn, run_id, rule, context, raw=True) as judged:
            counts = [tuple(row) for row in conn.execute(judged.counts)]
            findings = [tuple(row) for row in conn.execute(judged.findings)]
        savepoint.commit()
    except Exception as exc:  # one broken rule must not stop the check
        savepoint.rollback()
        return Judgement(index, error=describe_error(exc))
    return Judgement(index, counts, findings)


class _WorkerFailed(Exception):
    """A worker's connection or transaction failed (not a rule): the check cannot go on."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


class ThreadJudges:
    """Worker threads, started for the run's snapshot and stopped when it is judged."""

    def __init__(self, engine: Engine, jobs: Sequence[Job], workers: int) -> None:
        self.engine = engine
        self.jobs = jobs
        self.workers = workers

    def judgements(self, run_id: int, snapshot_id: str | None) -> Iterator[Judgement]:
        todo: queue.SimpleQueue[int] = queue.SimpleQueue()
        for index in range(len(self.jobs)):
            todo.put(index)
        done: queue.SimpleQueue[Judgement | _WorkerFailed] = queue.SimpleQueue()
        stop = threading.Event()
        threads = [
            threading.Thread(
                target=self._work,
                args=(snapshot_id, run_id, todo, done, stop),
                name=f"scrutiny-rule-worker-{n}",
                daemon=True,
            )
            for n in range(self.workers)
        ]
        for thread in threads:
            thread.start()
        try:
            for _ in self.jobs:
                item = done.get()
                if isinstance(item, _WorkerFailed):
                    raise item.cause
                yield item
        finally:
            stop.set()
            for thread in threads:
                thread.join()

    def _work(
        self,
        snapshot_id: str | None,
        run_id: int,
        todo: queue.SimpleQueue[int],
        done: queue.SimpleQueue[Judgement | _WorkerFailed],
        stop: threading.Event,
    ) -> None:
        try:
            with reading(self.engine, snapshot_id) as conn:
                while not stop.is_set():
                    try:
                        index = todo.get_nowait()
                    except queue.Empty:
                        break
                    done.put(judge_one(conn, run_id, index, *self.jobs[index]))
        except BaseException as exc:  # handed to the run, which raises it
            done.put(_WorkerFailed(exc))
