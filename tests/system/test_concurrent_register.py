"""Acceptance: eight processes recording 200 deviations each at the same time, on SQLite
and on PostgreSQL, leave 1,600 records and a chain that verifies.

Real OS processes (the "spawn" start method, so nothing is shared but the database),
each with its own engine, released together by a barrier so their writes overlap.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from scrutiny.register.chain import verify_chain
from scrutiny.register.models import DeviationVersion, RegisterHead
from tests.system.register_workers import (
    WorkerReport,
    authorise_drafts,
    record_complete,
    record_many,
)

WORKERS = 8
PER_WORKER = 200
TOTAL = WORKERS * PER_WORKER
JOIN_TIMEOUT_S = 600.0

pytestmark = pytest.mark.slow


@dataclass
class Outcome:
    reports: list[WorkerReport]
    wall_s: float


Job = tuple[Callable[..., None], tuple[Any, ...]]


def run_together(jobs: Sequence[Job]) -> Outcome:
    """Start one spawned process per job, release them at once, wait for every report.

    Each job's arguments are followed by the shared barrier and report queue. The wall
    time runs from the moment every process is at the barrier to the last report.
    """
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(jobs) + 1)
    reports: Any = ctx.Queue()
    processes = [
        ctx.Process(target=target, args=(*args, barrier, reports), daemon=True)
        for target, args in jobs
    ]
    for process in processes:
        process.start()
    collected: list[WorkerReport] = []
    try:
        barrier.wait(120)
        started = time.perf_counter()
        deadline = time.monotonic() + JOIN_TIMEOUT_S
        while len(collected) < len(jobs) and time.monotonic() < deadline:
            try:
                collected.append(reports.get(timeout=5.0))
            except queue.Empty:
                if not any(p.is_alive() for p in processes) and reports.empty():
                    break
        wall = time.perf_counter() - started
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
                process.join(timeout=10)
    died = [p.exitcode for p in processes if p.exitcode not in (0, None)]
    assert len(collected) == len(jobs), (
        f"only {len(collected)} of {len(jobs)} workers reported; exit codes {died}"
    )
    return Outcome(collected, wall)


def _assert_no_worker_failed(reports: Sequence[WorkerReport]) -> None:
    failures = {r.name: r.error for r in reports if r.error}
    assert not failures, "\n\n".join(f"{name}:\n{error}" for name, error in failures.items())


def _chain_rows(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(
                    DeviationVersion.seq,
                    DeviationVersion.deviation_ref,
                    DeviationVersion.version,
                    DeviationVersion.action,
                    DeviationVersion.actor,
                    DeviationVersion.recorded_by,
                    DeviationVersion.authorised_by,
                ).order_by(DeviationVersion.seq)
            )
        )


def test_eight_processes_recording_200_each_leave_1600_records_and_a_verifying_chain(
    database_url: str, engine: Engine, record_property: Callable[[str, object], None]
) -> None:
    outcome = run_together([(record_many, (database_url, n, PER_WORKER)) for n in range(WORKERS)])
    backend = engine.dialect.name
    record_property(f"{backend}_wall_s", round(outcome.wall_s, 2))
    print(f"\n{backend}: {TOTAL} records by {WORKERS} processes in {outcome.wall_s:.2f} s")

    _assert_no_worker_failed(outcome.reports)
    for report in outcome.reports:
        assert len(report.refs) == PER_WORKER, report.name

    rows = _chain_rows(engine)
    assert len(rows) == TOTAL
    assert [r.seq for r in rows] == list(range(1, TOTAL + 1))
    expected_refs = [f"DEV-{n:06d}" for n in range(1, TOTAL + 1)]
    assert sorted(r.deviation_ref for r in rows) == expected_refs  # distinct, no gaps
    assert {(r.version, r.action) for r in rows} == {(1, "record")}
    handed_out = [ref for report in outcome.reports for ref in report.refs]
    assert sorted(handed_out) == expected_refs  # each worker got back the ref it wrote
    assert Counter(r.actor for r in rows) == {f"worker {n}": PER_WORKER for n in range(WORKERS)}

    with engine.connect() as conn:
        verification = verify_chain(conn)
        head = conn.execute(select(RegisterHead).where(RegisterHead.id == 1)).one()
    assert verification.ok, verification.problem
    assert verification.checked == TOTAL
    assert verification.head_seq == TOTAL
    assert (head.seq, head.deviation_count) == (TOTAL, TOTAL)

    # The writers really overlapped: eight workers one after another would hand the
    # chain from one writer to the next exactly seven times.
    switches = sum(1 for a, b in itertools.pairwise(rows) if a.actor != b.actor)
    print(f"{backend}: the writer changed {switches} times along the chain")
    assert switches > WORKERS, f"writes did not interleave (writer changed {switches} times)"


RECORDERS = 3
MANAGERS = 3
PER_RECORDER = 40


def test_concurrent_recording_and_authorising_by_other_people_keeps_the_chain_valid(
    database_url: str, engine: Engine
) -> None:
    expected = RECORDERS * PER_RECORDER
    jobs: list[Job] = [(record_complete, (database_url, n, PER_RECORDER)) for n in range(RECORDERS)]
    jobs += [
        (authorise_drafts, (database_url, n, expected, JOIN_TIMEOUT_S / 2)) for n in range(MANAGERS)
    ]
    outcome = run_together(jobs)
    print(
        f"\n{engine.dialect.name}: {expected} records and authorisations in {outcome.wall_s:.2f} s"
    )
    _assert_no_worker_failed(outcome.reports)

    rows = _chain_rows(engine)
    records = [r for r in rows if r.action == "record"]
    authorisations = [r for r in rows if r.action == "authorise"]
    assert len(records) == expected
    assert len(authorisations) == expected
    assert len(rows) == 2 * expected
    # Exactly one authorisation per deviation, however the managers raced for it.
    assert Counter(r.deviation_ref for r in authorisations) == {r.deviation_ref: 1 for r in records}
    recorded_by = {r.deviation_ref: r.recorded_by for r in records}
    for row in authorisations:
        assert row.version == 2
        assert row.authorised_by == row.actor
        assert row.actor.startswith("manager ")
        assert row.actor != recorded_by[row.deviation_ref]
    managers = [r for r in outcome.reports if r.name.startswith("manager ")]
    assert sum(len(m.authorised) for m in managers) == expected

    with engine.connect() as conn:
        verification = verify_chain(conn)
        head_count = conn.execute(select(func.count()).select_from(DeviationVersion)).scalar()
    assert verification.ok, verification.problem
    assert verification.head_seq == head_count == 2 * expected
