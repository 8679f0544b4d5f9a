"""A check run: every enabled rule as a set-based query, reconciled, stored.

The whole run happens in one transaction that sees one snapshot of the data, so a
run is consistent even while others import or record deviations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    Engine,
    MetaData,
    String,
    Table,
    and_,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    null,
    select,
    update,
)

from scrutiny import __version__
from scrutiny.config import Config
from scrutiny.db.base import utcnow
from scrutiny.db.engine import snapshot
from scrutiny.db.portable import json_object
from scrutiny.db.staging import drop_staged
from scrutiny.engine.calendar import ensure_calendar
from scrutiny.engine.coverage import deviation_coverage, in_good_standing, matches
from scrutiny.models.imports import ImportBatch, RunImport, batch_in_force
from scrutiny.models.run import (
    FINDING_STATUSES,
    TRACKED_STATUSES,
    Finding,
    RuleOutcomeCount,
    Run,
)
from scrutiny.register.models import RegisterHead
from scrutiny.rules.context import (
    OPTIONAL_COLUMNS,
    STANDARD_COLUMNS,
    LocalPolicyError,
    RuleContext,
)
from scrutiny.rules.registry import Rule
from scrutiny.working_days import calendar_for

LISTED_OUTCOMES = ("not-met", "manual", "due-soon", "data-gap")

_scratch_metadata = MetaData()
RULE_OUTPUT = Table(
    "scrutiny_rule_output",
    _scratch_metadata,
    Column("subject_type", String(20)),
    Column("subject_ref", String(40)),
    Column("due_date", Date),
    Column("event_date", Date),
    Column("outcome", String(20)),
    Column("standard", String(20)),
    Column("severity", String(10)),
    Column("requirement", String(120)),
    Column("evidence", JSON),
    prefixes=["TEMPORARY"],
)


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
) -> RunSummary:
    """Run ``rules`` as of ``as_of`` and store the run. Returns what it found."""
    calendar = calendar_for(config.calendar.closure_days)
    contexts = [(rule, _context(rule, as_of, config, calendar)) for rule in rules]
    unknown = set(config.local_policy) - {r.id for r in rules}
    if unknown and not domains:
        raise CheckError(f"local_policy names rules that are not enabled: {sorted(unknown)}")
    with snapshot(engine) as conn:
        ensure_calendar(conn, calendar)
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
        RULE_OUTPUT.create(conn)
        errors: dict[str, str] = {}
        try:
            for rule, context in contexts:
                savepoint = conn.begin_nested()
                try:
                    _evaluate(conn, run_id, rule, context)
                    savepoint.commit()
                except Exception as exc:  # one broken rule must not stop the check
                    savepoint.rollback()
                    errors[rule.id] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
                    conn.execute(
                        insert(RuleOutcomeCount),
                        {"run_id": run_id, "rule_id": rule.id, "outcome": "error", "count": 1},
                    )
        finally:
            RULE_OUTPUT.drop(conn)
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


def _evaluate(conn: Connection, run_id: int, rule: Rule, context: RuleContext) -> None:
    context.connection = conn
    try:
        _evaluate_staged(conn, run_id, rule, context)
    finally:
        drop_staged(conn, context.staged)
        context.staged.clear()
        context.connection = None


def _evaluate_staged(conn: Connection, run_id: int, rule: Rule, context: RuleContext) -> None:
    query = rule.evaluate(context).subquery("rule_query")
    missing = [c for c in STANDARD_COLUMNS if c not in query.c]
    if missing:
        raise ValueError(f"the rule's query lacks the columns {', '.join(missing)}")
    evidence_columns = [
        c for c in query.c if c.name not in STANDARD_COLUMNS and c.name not in OPTIONAL_COLUMNS
    ]
    rule_severity = literal(rule.meta.severity.value, String)
    severity = (
        func.coalesce(query.c.severity, rule_severity) if "severity" in query.c else rule_severity
    )
    # A rule that judges one subject on several counts on one day names each count
    # (``requirement``): it stays in the evidence and keeps the fingerprints apart.
    requirement = query.c.requirement if "requirement" in query.c else null()
    evidence = json_object(
        *[part for column in evidence_columns for part in (literal(column.name, String), column)]
    )
    conn.execute(delete(RULE_OUTPUT))
    conn.execute(
        insert(RULE_OUTPUT).from_select(
            [c.name for c in RULE_OUTPUT.c],
            select(
                query.c.subject_type,
                query.c.subject_ref,
                query.c.due_date,
                query.c.event_date,
                query.c.outcome,
                query.c.standard,
                severity,
                requirement,
                evidence,
            ),
        )
    )
    out = RULE_OUTPUT.c
    conn.execute(
        insert(RuleOutcomeCount).from_select(
            ["run_id", "rule_id", "outcome", "count"],
            select(literal(run_id), literal(rule.id), out.outcome, func.count()).group_by(
                out.outcome
            ),
        )
    )
    # A tracked rule (few items, e.g. temporary approvals) keeps every item it judged,
    # so the pack can show running clocks from the stored run.
    listed = LISTED_OUTCOMES + (TRACKED_STATUSES if rule.meta.track else ())
    cov = deviation_coverage()
    matched = matches(
        cov, literal(rule.id), out.subject_type, out.subject_ref, out.due_date, out.requirement
    )
    good = and_(matched, in_good_standing(cov, out.due_date, context.as_of))
    reconcilable = out.outcome.in_(("not-met", "manual"))
    status = case(
        (and_(reconcilable, exists().where(good)), "deviation"),
        (and_(reconcilable, exists().where(matched)), "deviation-lapsed"),
        (out.outcome == "not-met", "breach"),
        else_=out.outcome,
    )
    deviation_ref = case(
        (reconcilable, select(func.min(cov.c.deviation_ref)).where(matched).scalar_subquery()),
        else_=None,
    )
    fingerprint = (
        literal(f"{rule.id}|")
        + out.subject_type
        + "|"
        + out.subject_ref
        + "|"
        + cast(out.due_date, String)
        + case((out.requirement.is_(None), ""), else_="|" + out.requirement)
    )
    conn.execute(
        insert(Finding).from_select(
            [
                "run_id",
                "rule_id",
                "rule_version",
                "domain",
                "subject_type",
                "subject_ref",
                "due_date",
                "event_date",
                "status",
                "severity",
                "standard",
                "fingerprint",
                "deviation_ref",
                "evidence",
            ],
            select(
                literal(run_id),
                literal(rule.id),
                literal(rule.meta.version),
                literal(rule.meta.domain),
                out.subject_type,
                out.subject_ref,
                out.due_date,
                out.event_date,
                status,
                out.severity,
                out.standard,
                fingerprint,
                deviation_ref,
                out.evidence,
            ).where(out.outcome.in_(listed)),
        )
    )


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
