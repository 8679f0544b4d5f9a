"""Killing commands with SIGKILL, and the databases they are killed in.

A command is forked by :mod:`tests.faults.forkserver` (the console script's own entry
point, in a process warmed up beforehand) and killed outright after a delay: no
``finally`` block, no atexit handler, no rollback runs in it, as when the machine's
out-of-memory killer or an operator's ``kill -9`` ends it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import select
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, inspect, table, text
from sqlalchemy import select as sql_select

from scrutiny.config import Config
from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.demo.council import DEMO_AS_OF
from scrutiny.demo.deviations import record_demo_deviations
from scrutiny.engine.check import run_check
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.runner import import_paths
from scrutiny.plugin_host import PluginHost
from scrutiny.register.chain import verify_chain
from tests.system.cli import clean_environment

AS_OF = DEMO_AS_OF
REPOSITORY = Path(__file__).resolve().parents[2]
FORKSERVER = Path(__file__).with_name("forkserver.py")
REPLY_TIMEOUT_S = 300.0
KILLED = -signal.SIGKILL


@dataclass(frozen=True)
class Job:
    pid: int
    log: Path
    started: float


@dataclass(frozen=True)
class Ended:
    pid: int
    status: int
    seconds: float
    out: str
    err: str

    @property
    def killed(self) -> bool:
        return self.status == KILLED

    def describe(self) -> str:
        return (
            f"exit {self.status}\n--- stdout ---\n{self.out[-3000:]}"
            f"\n--- stderr ---\n{self.err[-3000:]}"
        )


class ForkServer:
    """The test's side of :mod:`tests.faults.forkserver`."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.process = subprocess.Popen(
            [sys.executable, str(FORKSERVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=logs,
            env=clean_environment({"PYTHONPATH": str(REPOSITORY)}),
            text=True,
        )
        assert self._reply() == {"ready": True}

    def start(self, job: str, argv: list[str], cwd: Path) -> Job:
        log = self.logs / uuid.uuid4().hex[:12]
        request = {"start": job, "argv": argv, "cwd": str(cwd), "log": str(log)}
        self._send(request)
        pid = self._reply()["pid"]
        return Job(pid, log, time.monotonic())

    def wait(self, job: Job) -> Ended:
        self._send({"wait": job.pid})
        reply = self._reply()
        return Ended(
            job.pid,
            reply["status"],
            reply["seconds"],
            _read(job.log.with_suffix(".out")),
            _read(job.log.with_suffix(".err")),
        )

    def wait_for_output(self, job: Job, text: str, *, timeout: float = 60.0) -> None:
        """Wait until ``job`` has written ``text`` to its standard output."""
        out = job.log.with_suffix(".out")
        deadline = time.monotonic() + timeout
        while not (out.exists() and text in out.read_text(encoding="utf-8", errors="replace")):
            assert time.monotonic() < deadline, f"the job never said {text!r}"
            time.sleep(0.02)

    def run(self, job: str, argv: list[str], cwd: Path) -> Ended:
        """Run ``job`` to its end."""
        return self.wait(self.start(job, argv, cwd))

    def run_counting_workers(self, job: str, argv: list[str], cwd: Path) -> tuple[Ended, int]:
        """Run ``job`` to its end; also the most processes it had running at once
        besides itself."""
        started = self.start(job, argv, cwd)
        most = 0
        while True:
            members = list(_group_members(started.pid))
            if started.pid not in members:
                return self.wait(started), most
            most = max(most, len(members) - 1)
            time.sleep(0.05)

    def kill_after(self, delay: float, job: str, argv: list[str], cwd: Path) -> Ended:
        """Start ``job`` and SIGKILL it ``delay`` seconds later (if it is still running).

        Only the command's own process is killed, as a crash would end it: processes it
        started are left to notice for themselves (see :func:`survivors`).
        """
        started = self.start(job, argv, cwd)
        time.sleep(max(0.0, started.started + delay - time.monotonic()))
        os.kill(started.pid, signal.SIGKILL)  # ended already: a zombie until waited for
        return self.wait(started)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)

    def _send(self, request: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()

    def _reply(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], REPLY_TIMEOUT_S)
        assert ready, f"the fork server said nothing for {REPLY_TIMEOUT_S:.0f} s"
        line = self.process.stdout.readline()
        assert line, f"the fork server ended (exit {self.process.poll()})"
        reply: dict[str, Any] = json.loads(line)
        return reply


OVERSHOOT = 1.2
"""The last kill point, as a share of the measured duration: the kill is timed from a
little after the fork, and a command's last moments (its commit, its rename) are the
ones that matter most, so the last points straddle the end."""


def _read(log: Path) -> str:
    """What a job wrote; nothing if it was killed before it could open its log."""
    return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""


def kill_points(duration: float, count: int) -> list[float]:
    """``count`` delays spread evenly from 5 ms to a little past ``duration``."""
    return [max(0.005, OVERSHOOT * duration * index / (count - 1)) for index in range(count)]


def survivors(group: int, *, patience: float = 5.0) -> list[int]:
    """Processes of ``group`` (a killed command's workers) still alive after ``patience``."""
    deadline = time.monotonic() + patience
    while True:
        alive = [pid for pid in _group_members(group) if pid != group]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def _group_members(group: int) -> Iterator[int]:
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (command) state ppid pgrp ...": the command may hold spaces and brackets
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] not in ("Z", "X") and int(fields[2]) == group:
            yield int(entry.name)


# What a database holds ---------------------------------------------------------------


def table_counts(url: str) -> dict[str, int]:
    """The number of rows in every table."""
    engine = create_scrutiny_engine(url)
    try:
        with engine.connect() as conn:
            names = inspect(conn).get_table_names()
            return {
                name: conn.execute(sql_select(func.count()).select_from(table(name))).scalar_one()
                for name in sorted(names)
            }
    finally:
        engine.dispose()


def chain_verifies(url: str) -> int:
    """The number of records in the register, once its hash chain has verified."""
    engine = create_scrutiny_engine(url)
    try:
        with engine.connect() as conn:
            verification = verify_chain(conn)
    finally:
        engine.dispose()
    assert verification.ok, verification.problem
    return verification.checked


def import_council(engine: Engine, host: PluginHost, files: Path) -> None:
    """Import every file, folder by folder (one import each, as ``scrutiny demo``)."""
    by_folder: dict[Path, list[Path]] = {}
    for path in sorted(files.rglob("*")):
        if path.is_file():
            by_folder.setdefault(path.parent, []).append(path)
    for paths in by_folder.values():
        import_paths(engine, paths, host.importers(), ImportOptions(today=dt.date.today()))


def fill_with_council(
    engine: Engine, host: PluginHost, files: Path, *, deviations: bool = True
) -> int:
    """Import every file, folder by folder, and run the checks; with ``deviations``,
    record the demo's deviations from that run. Returns the run's id."""
    import_council(engine, host, files)
    rules = list(host.rules)
    first = run_check(
        engine, rules, Config(), as_of=AS_OF, domains=None, plugins=host.enabled_versions()
    )
    if deviations:
        record_demo_deviations(engine, first.run_id, [r.id for r in rules])
    return first.run_id


def empty_tables(url: str, names: Iterable[str]) -> None:
    """Delete every row of the tables ``names``, together (foreign keys between them)."""
    engine = create_scrutiny_engine(url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                listed = ", ".join(f'"{name}"' for name in names)
                conn.execute(text(f"TRUNCATE {listed} RESTART IDENTITY CASCADE"))
            else:
                conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                for name in names:
                    conn.execute(table(name).delete())
    finally:
        engine.dispose()
