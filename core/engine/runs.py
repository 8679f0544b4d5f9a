"""Reading stored runs back, and comparing two of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from scrutiny.models.run import FINDING_STATUSES, TRACKED_STATUSES, Finding, RuleOutcomeCount, Run
from scrutiny.pack.sections import FindingRow, RunInfo


class RunNotFound(LookupError):
    pass


def load_run(conn: Connection, run_id: int) -> RunInfo:
    run = conn.execute(select(Run).where(Run.id == run_id)).first()
    if run is None:
        raise RunNotFound(f"there is no run {run_id}")
    return RunInfo(
        id=run.id,
        as_of=run.as_of,
        started_at=run.started_at,
        scrutiny_version=run.scrutiny_version,
        domains=run.domains,
        plugins=run.plugins,
        rules=run.rules,
        data_fingerprint=run.data_fingerprint,
        register_seq=run.register_seq,
        register_hash=run.register_hash,
        counts=run.counts,
        rule_errors=run.rule_errors,
    )


def load_findings(conn: Connection, run_id: int, *, tracked: bool = False) -> list[FindingRow]:
    """The run's findings: the exceptions (breaches, deviations, manual, due soon, data
    gaps) or, with ``tracked``, the met and not-yet-due items of rules that keep them."""
    statuses = TRACKED_STATUSES if tracked else FINDING_STATUSES
    return [
        FindingRow(
            rule_id=r.rule_id,
            rule_version=r.rule_version,
            domain=r.domain,
            subject_type=r.subject_type,
            subject_ref=r.subject_ref,
            due_date=r.due_date,
            event_date=r.event_date,
            status=r.status,
            severity=r.severity,
            standard=r.standard,
            deviation_ref=r.deviation_ref,
            evidence=r.evidence or {},
        )
        for r in conn.execute(
            select(Finding)
            .where(Finding.run_id == run_id, Finding.status.in_(statuses))
            .order_by(Finding.id)
        )
    ]


def load_outcomes(conn: Connection, run_id: int) -> dict[str, dict[str, int]]:
    outcomes: dict[str, dict[str, int]] = {}
    for rule_id, outcome, count in conn.execute(
        select(RuleOutcomeCount.rule_id, RuleOutcomeCount.outcome, RuleOutcomeCount.count).where(
            RuleOutcomeCount.run_id == run_id
        )
    ):
        outcomes.setdefault(rule_id, {})[outcome] = count
    return outcomes


def recent_runs(conn: Connection, limit: int | None = None) -> list[RunInfo]:
    query = select(Run.id).order_by(Run.id.desc())
    if limit:
        query = query.limit(limit)
    return [load_run(conn, run_id) for run_id in conn.execute(query).scalars()]


OPEN_STATUSES = ("breach", "deviation-lapsed", "manual", "data-gap", "due-soon")


def fingerprint(f: FindingRow) -> str:
    return f"{f.rule_id}|{f.subject_type}|{f.subject_ref}|{f.due_date.isoformat()}"


@dataclass
class RunDiff:
    """How the findings of a later run differ from an earlier one's."""

    earlier: int
    later: int
    new: list[FindingRow] = field(default_factory=list)
    resolved: list[FindingRow] = field(default_factory=list)
    still_open: list[FindingRow] = field(default_factory=list)
    newly_covered: list[FindingRow] = field(default_factory=list)
    newly_lapsed: list[FindingRow] = field(default_factory=list)


def diff_runs(
    earlier: int, before: Sequence[FindingRow], later: int, after: Sequence[FindingRow]
) -> RunDiff:
    """Compare by fingerprint (rule, subject, due date), which is stable across runs."""
    old = {fingerprint(f): f for f in before}
    new = {fingerprint(f): f for f in after}
    diff = RunDiff(earlier, later)
    for key, f in new.items():
        previous = old.get(key)
        if previous is None:
            if f.status != "deviation":
                diff.new.append(f)
            else:
                diff.newly_covered.append(f)
        elif f.status == "deviation" and previous.status != "deviation":
            diff.newly_covered.append(f)
        elif f.status == "deviation-lapsed" and previous.status != "deviation-lapsed":
            diff.newly_lapsed.append(f)
        elif f.status in OPEN_STATUSES:
            diff.still_open.append(f)
    for key, f in old.items():
        if key not in new and f.status in OPEN_STATUSES:
            diff.resolved.append(f)
    return diff
