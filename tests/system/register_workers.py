"""Code run inside the worker processes of the concurrency tests.

Kept out of the test module so that a spawned process imports only what it needs.
Each worker opens its own engine from the database URL, waits at a barrier so that
all of them start writing at the same moment, and reports back through a queue:
never by raising, so the parent can say which worker failed and why.
"""

from __future__ import annotations

import datetime as dt
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.register.service import Register, RegisterError

RULE = "LAC-REVIEW"
BARRIER_TIMEOUT_S = 120.0


@contextmanager
def reporting_engine(url: str, report: Any, reports: Any) -> Iterator[Engine]:
    """A worker process's engine. Whatever the worker raises is kept in
    ``report.error`` (the parent asserts on it) rather than lost with the process; the
    engine is disposed of and the report sent to the parent however the worker ends."""
    engine = None
    try:
        engine = create_scrutiny_engine(url)
        yield engine
    except BaseException:
        report.error = traceback.format_exc()
    finally:
        if engine is not None:
            engine.dispose()
        reports.put(report)


@dataclass
class WorkerReport:
    name: str
    error: str | None = None
    refs: list[str] = field(default_factory=list)
    authorised: list[str] = field(default_factory=list)
    refused: int = 0


def deviation_terms(worker: int, number: int, *, complete: bool = False) -> dict[str, Any]:
    """Valid terms for a late looked-after review; ``complete`` adds what authorising needs."""
    terms: dict[str, Any] = {
        "rule_id": RULE,
        "legal_reference": "CPPCR 2010 (SI 2010/959) reg 33",
        "subject_type": "child",
        "subject_ref": f"C{worker:02d}{number:05d}",
        "requirement": "Looked-after review held on time",
        "done_instead": "Review held by video call with the child, carer and IRO",
        "period_start": dt.date(2021, 1, 5),
        "period_end": dt.date(2021, 3, 8),
    }
    if complete:
        terms.update(
            rationale="National lockdown: the IRO could not attend in person.",
            risk_likelihood=2,
            risk_impact=3,
            mitigations="The IRO spoke to the child alone by video beforehand.",
            residual_likelihood=1,
            residual_impact=3,
            review_date=dt.date(2021, 2, 5),
        )
    return terms


def record_many(url: str, worker: int, count: int, barrier: Any, reports: Any) -> None:
    """Record ``count`` deviations as ``worker {worker}``, starting at the barrier."""
    report = WorkerReport(name=f"worker {worker}")
    with reporting_engine(url, report, reports) as engine:
        register = Register(engine, known_rules=[RULE])
        with engine.connect():  # open the connection before the start, not after
            pass
        barrier.wait(BARRIER_TIMEOUT_S)
        for number in range(count):
            version = register.record(deviation_terms(worker, number), by=report.name)
            report.refs.append(version.deviation_ref)


def record_complete(url: str, worker: int, count: int, barrier: Any, reports: Any) -> None:
    """Record ``count`` deviations ready to be authorised, as ``recorder {worker}``."""
    report = WorkerReport(name=f"recorder {worker}")
    with reporting_engine(url, report, reports) as engine:
        register = Register(engine, known_rules=[RULE])
        barrier.wait(BARRIER_TIMEOUT_S)
        for number in range(count):
            terms = deviation_terms(worker, number, complete=True)
            report.refs.append(register.record(terms, by=report.name).deviation_ref)


def authorise_drafts(
    url: str, worker: int, expected: int, deadline_s: float, barrier: Any, reports: Any
) -> None:
    """Authorise every draft until ``expected`` deviations are authorised (by anyone).

    Two authorisers often race for the same draft; the loser must be refused with a
    RegisterError (it is no longer a draft), which is counted, not treated as a failure.
    """
    report = WorkerReport(name=f"manager {worker}")
    with reporting_engine(url, report, reports) as engine:
        register = Register(engine, known_rules=[RULE])
        barrier.wait(BARRIER_TIMEOUT_S)
        give_up = time.monotonic() + deadline_s
        while time.monotonic() < give_up:
            current = register.current_versions()
            drafts = [v.deviation_ref for v in current if v.status == "draft"]
            done = sum(1 for v in current if v.status == "authorised")
            if done >= expected:
                break
            if not drafts:
                time.sleep(0.02)
                continue
            for ref in drafts:
                try:
                    register.authorise(ref, by=report.name)
                    report.authorised.append(ref)
                except RegisterError:
                    report.refused += 1
        else:
            report.error = f"gave up after {deadline_s}s with drafts still waiting"
