"""Rules judged in worker processes forked from the check.

The workers are forked before the run's transaction begins, while this process holds no
connection to the database (a connection must never cross a fork, and SQLite keeps
per-process state about the files it has open), and wait. Once the run has its
snapshot, each worker is given a rule, and given the next as it hands back the last, so
that the cores stay busy however long each rule takes. A worker reads the run's
snapshot on a connection of its own (:func:`scrutiny.engine.rule_workers.reading`).

A worker that dies (killed, out of memory) fails the check rather than leaving it
waiting; workers end when the check ends, however it ends: told to, their link to it
closed, or (if it was killed outright) on finding it gone.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection as Link
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import TracebackType

from sqlalchemy import Engine

from scrutiny.engine.judging import describe_error
from scrutiny.engine.rule_workers import Job, Judgement, judge_one, reading
from scrutiny.forking import can_fork, exit_with_parent

STOP_WAIT_S = 5.0


class RuleWorkerError(RuntimeError):
    """A worker process failed (not a rule): the check cannot go on."""


def can_fork_judges(engine: Engine) -> bool:
    """Whether workers can be forked for ``engine`` now: no other thread, none of the
    engine's connections in use (those pooled are closed before forking), and this is
    not itself a daemonic worker process (which multiprocessing lets have no children)."""
    checked_out = getattr(engine.pool, "checkedout", None)
    return (
        can_fork()
        and not multiprocessing.current_process().daemon
        and checked_out is not None
        and checked_out() == 0
    )


@dataclass(frozen=True)
class _Task:
    index: int
    run_id: int
    snapshot_id: str | None


@dataclass(frozen=True)
class _Failure:
    """A worker's connection or transaction failed."""

    description: str


@dataclass
class _Worker:
    process: BaseProcess
    link: Link
    busy: bool = False


class ForkedJudges:
    """Worker processes for one run's rules (see the module's docstring)."""

    def __init__(self, engine: Engine, jobs: Sequence[Job], workers: int) -> None:
        self.jobs = jobs
        self.workers: list[_Worker] = []
        engine.dispose()  # no connection of this process's may be open across the fork
        context = multiprocessing.get_context("fork")
        try:
            for number in range(workers):
                ours, theirs = context.Pipe()
                process = context.Process(
                    target=_serve,
                    args=(engine, jobs, theirs, os.getpid()),
                    name=f"scrutiny-rule-worker-{number}",
                    daemon=True,
                )
                process.start()
                theirs.close()
                self.workers.append(_Worker(process, ours))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> ForkedJudges:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def judgements(self, run_id: int, snapshot_id: str | None) -> Iterator[Judgement]:
        todo = deque(range(len(self.jobs)))

        def give(worker: _Worker) -> None:
            worker.busy = bool(todo)
            worker.link.send(_Task(todo.popleft(), run_id, snapshot_id) if todo else None)

        for worker in self.workers:
            give(worker)
        for _ in self.jobs:
            worker, judgement = self._next_judgement()
            give(worker)
            yield judgement

    def _next_judgement(self) -> tuple[_Worker, Judgement]:
        """The next judgement any busy worker hands back, and the worker."""
        busy = [w for w in self.workers if w.busy]
        ready = wait([w.link for w in busy] + [w.process.sentinel for w in busy])
        for worker in busy:  # what a worker sent is read before asking whether it died
            if worker.link in ready:
                try:
                    message = worker.link.recv()
                except EOFError:
                    message = None
                if isinstance(message, Judgement):
                    return worker, message
                worker.busy = False
                if isinstance(message, _Failure):
                    raise RuleWorkerError(f"a rule worker failed: {message.description}")
                raise self._died(worker)
        for worker in busy:
            if worker.process.sentinel in ready:
                worker.busy = False
                raise self._died(worker)
        raise AssertionError("wait() returned nothing ready")  # pragma: no cover

    @staticmethod
    def _died(worker: _Worker) -> RuleWorkerError:
        worker.process.join(STOP_WAIT_S)
        return RuleWorkerError(
            f"a rule worker stopped while judging (exit code {worker.process.exitcode})"
        )

    def close(self) -> None:
        """Tell every worker to stop, and make sure it has."""
        for worker in self.workers:
            try:
                if worker.process.is_alive():
                    worker.link.send(None)
            except OSError:  # it has gone already
                pass
            worker.link.close()
        for worker in self.workers:
            worker.process.join(STOP_WAIT_S)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
        self.workers.clear()


def _serve(engine: Engine, jobs: Sequence[Job], link: Link, parent: int) -> None:
    """A worker: judge each rule it is given until it is told to stop."""
    exit_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the check's to handle
    engine.dispose(close=False)  # nothing pooled is this process's (there is nothing)
    try:
        task = link.recv()
        if task is None:
            return
        with reading(engine, task.snapshot_id) as conn:
            while task is not None:
                link.send(judge_one(conn, task.run_id, task.index, *jobs[task.index]))
                task = link.recv()
    except (EOFError, BrokenPipeError):  # the check has ended
        return
    except BaseException as exc:
        link.send(_Failure(describe_error(exc)))
