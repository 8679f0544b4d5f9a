"""Code run inside the worker processes of the concurrent checking tests.

QA officers run checks while team managers record and authorise deviations. As in
:mod:`tests.system.register_workers`, each worker opens its own engine, waits at the
barrier and reports through the queue, never by raising.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from scrutiny.config import Config
from scrutiny.engine.check import run_check
from scrutiny.plugin_host import PluginHost
from scrutiny.register.service import Register
from tests.system.register_workers import BARRIER_TIMEOUT_S, reporting_engine

REVIEW_AFTER_DAYS = 90


@dataclass(frozen=True)
class Target:
    """A breach a deviation is recorded for: the one finding it should cover."""

    rule_id: str
    subject_type: str
    subject_ref: str
    due_date: dt.date


@dataclass
class CheckerReport:
    name: str
    error: str | None = None
    runs: list[int] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)


def covering_terms(target: Target, as_of: dt.date) -> dict[str, Any]:
    """A deviation ready to authorise, covering ``target``'s due date and no other day."""
    return {
        "rule_id": target.rule_id,
        "legal_reference": "The rule's own regulation",
        "subject_type": target.subject_type,
        "subject_ref": target.subject_ref,
        "requirement": f"{target.rule_id} met on time",
        "done_instead": "Done as soon as the team could, with the manager's agreement",
        "period_start": target.due_date,
        "period_end": target.due_date,
        "rationale": "Staff absence in the team that week.",
        "risk_likelihood": 2,
        "risk_impact": 2,
        "mitigations": "The manager checked on the child by telephone.",
        "residual_likelihood": 1,
        "residual_impact": 2,
        "review_date": as_of + dt.timedelta(days=REVIEW_AFTER_DAYS),
    }


def check_repeatedly(
    url: str, checker: int, runs: int, as_of: dt.date, barrier: Any, reports: Any
) -> None:
    """Run every enabled rule ``runs`` times, as QA officer ``checker``."""
    report = CheckerReport(name=f"QA officer {checker}")
    with reporting_engine(url, report, reports) as engine:
        host = PluginHost()
        rules = list(host.rules)
        barrier.wait(BARRIER_TIMEOUT_S)
        for _ in range(runs):
            summary = run_check(
                engine,
                rules,
                Config(),
                as_of=as_of,
                domains=None,
                plugins=host.enabled_versions(),
            )
            report.runs.append(summary.run_id)


def record_for_targets(
    url: str,
    worker: int,
    targets: list[Target],
    as_of: dt.date,
    pace_s: float,
    barrier: Any,
    reports: Any,
) -> None:
    """Record a deviation for each target, one every ``pace_s`` seconds, so that the
    register keeps changing while the checks run."""
    report = CheckerReport(name=f"recorder {worker}")
    with reporting_engine(url, report, reports) as engine:
        register = Register(engine)
        barrier.wait(BARRIER_TIMEOUT_S)
        for target in targets:
            version = register.record(covering_terms(target, as_of), by=report.name)
            report.refs.append(version.deviation_ref)
            time.sleep(pace_s)
