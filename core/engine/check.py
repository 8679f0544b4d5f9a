"""A check run: every enabled rule as a set-based query, reconciled, stored.

The whole run happens in one transaction that sees one snapshot of the data, so a
run is consistent even while others import or record deviations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    func,
    insert,
    literal,
    select,
    update,
)

from scrutiny import __version__
from scrutiny.config import Config
from scrutiny.db.base import utcnow
from scrutiny.db.engine import snapshot, writer
from scrutiny.engine.calendar import ensure_calendar
from scrutiny.engine.judging import RULE_OUTPUT, describe_error, judging, store_in_place
from scrutiny.engine.rule_processes import ForkedJudges, can_fork_judges
from scrutiny.engine.rule_workers import (
    Job,
    Judgement,
    Judges,
    ThreadJudges,
    default_workers,
    judge_side_by_side,
)
from scrutiny.models.imports import ImportBatch, RunImport, batch_in_force
from scrutiny.models.run import (
    FINDING_STATUSES,
    Finding,
    RuleOutcomeCount,
    Run,
)
from scrutiny.register.models import RegisterHead
from scrutiny.rules.context import (
    LocalPolicyError,
    RuleContext,
)
from scrutiny.rules.registry import Rule
from scrutiny.working_days import calendar_for


class CheckError(ValueError):
    """A check that cannot run as asked (bad domain, bad local policy)."""


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    as_of: dt.date
    counts: dict[str, int]
    rule_errors: dict[str, str]


def data_fingerprint(conn: Connection, config: Config, rules: Sequence[Rule]) -> str:
    """Changes whenever anything a check depends on changes."""
    batches = conn.execute(
        select(ImportBatch.kind, ImportBatch.sha256)
        .where(batch_in_force())
        .order_by(ImportBatch.id)
    ).all()
    head = conn.execute(select(RegisterHead.hash).where(RegisterHead.id == 1)).scalar_one()
    payload = {
        "batches": [list(b) for b in batches],
        "register": head,
        "config": config.fingerprint,
        "rules": {r.id: r.meta.version for r in rules},
        "scrutiny": __version__,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def run_check(
    engine: Engine,
    rules: Sequence[Rule],
    config: Config,
    *,
    as_of: dt.date,
    domains: Sequence[str] | None,
    plugins: dict[str, str],
    started_at: dt.datetime | None = None,
    workers: int | None = None,
) -> RunSummary:
    """Run ``rules`` as of ``as_of`` and store the run. Returns what it found.

    The rules are judged by ``workers`` threads side by side (default: one per core, see
    :func:`default_workers`); the run stored is the same whatever their number.
    """
    calendar = calendar_for(config.calendar.closure_days)
    contexts = [(rule, _context(rule, as_of, config, calendar)) for rule in rules]
    unknown = set(config.local_policy) - {r.id for r in rules}
    if unknown and not domains:
        raise CheckError(f"local_policy names rules that are not enabled: {sorted(unknown)}")
    workers = workers or default_workers(engine, len(rules))
    # Committed first: workers, on connections of their own, count working days with it.
    with writer(engine) as conn:
        ensure_calendar(conn, calendar)
    with _judges(engine, contexts, workers) as judges, snapshot(engine) as conn:
        head = conn.execute(select(RegisterHead).where(RegisterHead.id == 1)).one()
        run_id = conn.execute(
            insert(Run).returning(Run.id),
            {
                "started_at": started_at or utcnow(),
                "as_of": as_of,
                "domains": sorted(domains) if domains else None,
                "scrutiny_version": __version__,
                "plugins": plugins,
                "rules": {r.id: r.meta.version for r in rules},
                "config_fingerprint": config.fingerprint,
                "data_fingerprint": data_fingerprint(conn, config, rules),
                "register_seq": head.seq,
                "register_hash": head.hash,
                "counts": {},
                "rule_errors": {},
            },
        ).scalar_one()
        conn.execute(
            insert(RunImport).from_select(
                ["run_id", "import_batch_id"],
                select(literal(run_id), ImportBatch.id).where(batch_in_force()),
            )
        )
        errors = _judge_all(conn, run_id, contexts, judges)
        counts = _counts(conn, run_id)
        conn.execute(
            update(Run)
            .where(Run.id == run_id)
            .values(counts=counts, rule_errors=errors, finished_at=started_at or utcnow())
        )
    return RunSummary(run_id, as_of, counts, errors)


def _context(rule: Rule, as_of: dt.date, config: Config, calendar: Any) -> RuleContext:
    try:
        return RuleContext(
            rule=rule.meta,
            as_of=as_of,
            calendar=calendar,
            due_soon_days=config.check.due_soon_days,
            local_policy=dict(config.local_policy.get(rule.id, {})),
        )
    except LocalPolicyError as exc:
        raise CheckError(f"{config.source or 'configuration'}: local_policy: {exc}") from None


@contextmanager
def _judges(engine: Engine, jobs: Sequence[Job], workers: int) -> Iterator[Judges | None]:
    """The workers to judge ``jobs`` with, made before the run's transaction; None to
    judge them on the run's own connection."""
    if workers <= 1:
        yield None
    elif can_fork_judges(engine):
        with ForkedJudges(engine, jobs, workers) as judges:
            yield judges
    else:
        yield ThreadJudges(engine, jobs, workers)


def _judge_all(
    conn: Connection, run_id: int, jobs: Sequence[Job], judges: Judges | None
) -> dict[str, str]:
    """Judge and store every rule; the rules that failed, with why."""
    errors: dict[str, str] = {}

    def failed(rule: Rule, description: str) -> None:
        errors[rule.id] = description
        conn.execute(
            insert(RuleOutcomeCount),
            {"run_id": run_id, "rule_id": rule.id, "outcome": "error", "count": 1},
        )

    if judges is not None:

        def stored(rule: Rule, judgement: Judgement) -> None:
            if judgement.error is not None:
                failed(rule, judgement.error)

        judge_side_by_side(conn, run_id, jobs, judges, stored)
        return errors
    RULE_OUTPUT.create(conn)
    try:
        for rule, context in jobs:
            savepoint = conn.begin_nested()
            try:
                with judging(conn, run_id, rule, context, raw=False) as judged:
                    store_in_place(conn, judged)
                savepoint.commit()
            except Exception as exc:  # one broken rule must not stop the check
                savepoint.rollback()
                failed(rule, describe_error(exc))
    finally:
        RULE_OUTPUT.drop(conn)
    return errors


def _counts(conn: Connection, run_id: int) -> dict[str, int]:
    counts = dict.fromkeys(FINDING_STATUSES, 0)
    for status, count in conn.execute(
        select(Finding.status, func.count())
        .where(Finding.run_id == run_id, Finding.status.in_(FINDING_STATUSES))
        .group_by(Finding.status)
    ):
        counts[status] = count
    for outcome, count in conn.execute(
        select(RuleOutcomeCount.outcome, func.sum(RuleOutcomeCount.count))
        .where(RuleOutcomeCount.run_id == run_id)
        .where(RuleOutcomeCount.outcome.in_(("met", "not-yet-due", "error")))
        .group_by(RuleOutcomeCount.outcome)
    ):
        counts["compliant" if outcome == "met" else outcome] = int(count)
    counts.setdefault("compliant", 0)
    counts.setdefault("not-yet-due", 0)
    return counts
