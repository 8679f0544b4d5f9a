"""Judging one rule: its query run into a scratch table, and the queries over that
table that give what a run keeps of it (its outcome counts and its findings, each
reconciled with the deviation register).

A rule is judged on one connection; what it found is stored either there, by
``INSERT ... SELECT`` (:func:`store_in_place`), or fetched as rows and written on the
run's own connection (:func:`store_rows`) when the rule was judged by a worker
(:mod:`scrutiny.engine.rule_workers`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    Dialect,
    MetaData,
    Select,
    String,
    Table,
    Text,
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
    type_coerce,
)

from scrutiny.db.portable import json_object
from scrutiny.db.staging import drop_staged
from scrutiny.engine.coverage import deviation_coverage, in_good_standing, matches
from scrutiny.models.run import TRACKED_STATUSES, Finding, RuleOutcomeCount
from scrutiny.rules.context import OPTIONAL_COLUMNS, STANDARD_COLUMNS, RuleContext
from scrutiny.rules.registry import Rule

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


@contextmanager
def judging(
    conn: Connection, run_id: int, rule: Rule, context: RuleContext, *, raw: bool
) -> Iterator[Judged]:
    """Judge ``rule`` into ``RULE_OUTPUT`` on ``conn``; gives the queries over it for its
    results, to be run before the block ends (its staged tables are dropped then)."""
    context.connection = conn
    try:
        yield _judged(conn, run_id, rule, context, raw=raw)
    finally:
        drop_staged(conn, context.staged)
        context.staged.clear()
        context.connection = None


@dataclass(frozen=True)
class Judged:
    """A rule's results, as two queries over ``RULE_OUTPUT``: its outcome counts
    (``COUNT_COLUMNS``) and what the run keeps of it (``FINDING_COLUMNS``)."""

    counts: Select[Any]
    findings: Select[Any]


COUNT_COLUMNS = ("run_id", "rule_id", "outcome", "count")
FINDING_COLUMNS = (
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
)


def describe_error(exc: BaseException) -> str:
    """Why a rule could not be judged, as a run keeps it: the error's kind and the first
    line of what it says."""
    said = str(exc).splitlines()
    return f"{type(exc).__name__}: {said[0][:300] if said else ''}".rstrip(": ")


def store_in_place(conn: Connection, judged: Judged) -> None:
    """Store a rule's results where they were judged, in one statement each."""
    conn.execute(insert(RuleOutcomeCount).from_select(list(COUNT_COLUMNS), judged.counts))
    conn.execute(insert(Finding).from_select(list(FINDING_COLUMNS), judged.findings))


def _judged(
    conn: Connection, run_id: int, rule: Rule, context: RuleContext, *, raw: bool
) -> Judged:
    """Run the rule's query into ``RULE_OUTPUT``; the queries over it that give its results.

    ``raw``: dates and evidence are selected as the database stores them (text on
    SQLite, evidence as JSON text), to be written again unconverted by
    :func:`store_rows`.
    """
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
    # A tracked rule (few items, e.g. temporary approvals) keeps every item it judged,
    # so the pack can show running clocks from the stored run.
    listed = LISTED_OUTCOMES + (TRACKED_STATUSES if rule.meta.track else ())
    # Only a listed item's evidence is kept: most of what a large rule judges is met, and
    # is counted, not listed, so its evidence is not worked out (json_object was a third
    # of the time of the largest rules' statements).
    evidence = case(
        (
            query.c.outcome.in_(listed),
            json_object(
                *[
                    part
                    for column in evidence_columns
                    for part in (literal(column.name, String), column)
                ]
            ),
        ),
        else_=null(),
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
    counts = select(literal(run_id), literal(rule.id), out.outcome, func.count()).group_by(
        out.outcome
    )
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
    findings = select(
        literal(run_id),
        literal(rule.id),
        literal(rule.meta.version),
        literal(rule.meta.domain),
        out.subject_type,
        out.subject_ref,
        type_coerce(out.due_date, String) if raw else out.due_date,
        type_coerce(out.event_date, String) if raw else out.event_date,
        status,
        out.severity,
        out.standard,
        fingerprint,
        deviation_ref,
        cast(out.evidence, Text) if raw else out.evidence,
    ).where(out.outcome.in_(listed))
    # In one order, so a run's findings get the same ids however the rule was judged
    # (PostgreSQL may read a table in another order for INSERT ... SELECT than for SELECT).
    findings = findings.order_by(fingerprint, out.event_date, out.outcome)
    return Judged(counts, findings)


def store_rows(conn: Connection, counts: Sequence[Any], findings: Sequence[Any]) -> None:
    """Store a rule's results fetched (``raw``) from another connection, as they are."""
    if counts:
        conn.execute(
            insert(RuleOutcomeCount), [dict(zip(COUNT_COLUMNS, c, strict=True)) for c in counts]
        )
    if findings:
        conn.exec_driver_sql(_insert_findings(conn.dialect), [tuple(f) for f in findings])


@cache
def _insert_findings(dialect: Dialect) -> str:
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    return (
        f"INSERT INTO {quote(Finding.__tablename__)}"
        f" ({', '.join(quote(c) for c in FINDING_COLUMNS)})"
        f" VALUES ({', '.join(marker for _ in FINDING_COLUMNS)})"
    )
