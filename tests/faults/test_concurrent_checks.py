"""QA officers checking while managers record and authorise deviations, on PostgreSQL:
no deviation is lost, the chain verifies, and every run saw one moment of the register
(issue 9, Faults, item 2).

Each deviation is written to cover exactly one breach of the council's data (its rule,
its subject, its due date as the whole period), for rules across several domains. A
check evaluates its rules one after another, each reconciling with the register; the
register changes while it does. A run is consistent if what it found covered is
exactly what the register it recorded (``register_seq``, the head it read) had
authorised: a rule that saw a later register than the run's head would cover a breach
authorised after it, and one that saw an earlier one would leave one uncovered.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from scrutiny.config import Config
from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.engine.check import run_check
from scrutiny.models.run import Finding, Run
from scrutiny.plugin_host import PluginHost
from scrutiny.register.chain import verify_chain
from scrutiny.register.models import DeviationVersion
from scrutiny.register.terms import SUBJECT_TYPES
from tests.faults.harness import AS_OF, fill_with_council
from tests.system.check_workers import (
    CheckerReport,
    Target,
    check_repeatedly,
    record_for_targets,
)
from tests.system.register_workers import authorise_drafts
from tests.system.test_concurrent_register import Job, run_together

CHECKERS = 3
RUNS_EACH = 2
RECORDERS = 2
MANAGERS = 2
TARGETS = 30
RULES = 5
COVERED = ("deviation", "deviation-lapsed")

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def choose_targets(engine: Engine, run_id: int) -> list[Target]:
    """Breaches, each the only finding of its rule, subject and due date, taken in turn
    from the ``RULES`` rules with the most of them."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Finding.rule_id,
                Finding.subject_type,
                Finding.subject_ref,
                Finding.due_date,
                Finding.status,
                Finding.fingerprint,
            ).where(Finding.run_id == run_id)
        ).all()
    keys = Counter((r.rule_id, r.subject_type, r.subject_ref, r.due_date) for r in rows)
    by_rule: dict[str, list[Target]] = {}
    for r in rows:
        key = (r.rule_id, r.subject_type, r.subject_ref, r.due_date)
        if r.status == "breach" and keys[key] == 1 and r.subject_type in SUBJECT_TYPES:
            by_rule.setdefault(r.rule_id, []).append(Target(*key))
    busiest = sorted(by_rule, key=lambda rule: (-len(by_rule[rule]), rule))[:RULES]
    assert len(busiest) == RULES, f"the council has breaches of only {len(by_rule)} rules"
    chosen: list[Target] = []
    while len(chosen) < TARGETS and any(by_rule[rule] for rule in busiest):
        for rule in busiest:
            if by_rule[rule] and len(chosen) < TARGETS:
                chosen.append(by_rule[rule].pop(0))
    assert len(chosen) == TARGETS
    return chosen


def test_checks_while_deviations_are_recorded_and_authorised_each_see_one_register(
    postgres_url: str, host: PluginHost, council_files: Path
) -> None:
    engine = create_scrutiny_engine(postgres_url)
    try:
        fill_with_council(engine, host, council_files, deviations=False)
        started = time.perf_counter()
        reference = run_check(
            engine,
            list(host.rules),
            Config(),
            as_of=AS_OF,
            domains=None,
            plugins=host.enabled_versions(),
        )
        check_s = time.perf_counter() - started
        targets = choose_targets(engine, reference.run_id)
        # Spread the recording over about the time the checks take, so that
        # authorisations land while rules are being evaluated.
        pace = CHECKERS * RUNS_EACH * check_s / len(targets)
        share = [targets[n::RECORDERS] for n in range(RECORDERS)]
        jobs: list[Job] = [
            (check_repeatedly, (postgres_url, n, RUNS_EACH, AS_OF)) for n in range(CHECKERS)
        ]
        jobs += [
            (record_for_targets, (postgres_url, n, share[n], AS_OF, pace)) for n in range(RECORDERS)
        ]
        jobs += [(authorise_drafts, (postgres_url, n, TARGETS, 300.0)) for n in range(MANAGERS)]
        outcome = run_together(jobs)
        failures = {r.name: r.error for r in outcome.reports if r.error}
        assert not failures, "\n\n".join(f"{name}:\n{error}" for name, error in failures.items())

        reports: Sequence[CheckerReport] = outcome.reports  # type: ignore[assignment]
        run_ids = [run for r in reports if r.name.startswith("QA officer") for run in r.runs]
        recorded = [ref for r in reports if r.name.startswith("recorder") for ref in r.refs]
        assert len(run_ids) == CHECKERS * RUNS_EACH
        assert len(recorded) == TARGETS
        _assert_nothing_lost(engine, recorded)
        seen = _assert_each_run_saw_one_register(engine, targets, recorded, run_ids)
        print(
            f"\n{CHECKERS} QA officers, {len(run_ids)} runs ({check_s:.2f} s each alone),"
            f" {TARGETS} deviations recorded and authorised across {RULES} rules"
            f" in {outcome.wall_s:.1f} s; the runs saw {sorted(seen)} of them authorised"
        )
    finally:
        engine.dispose()


def _assert_nothing_lost(engine: Engine, recorded: list[str]) -> None:
    with engine.connect() as conn:
        verification = verify_chain(conn)
        rows = conn.execute(select(DeviationVersion.deviation_ref, DeviationVersion.action)).all()
    assert verification.ok, verification.problem
    assert verification.checked == len(rows) == 2 * TARGETS
    actions = Counter(action for _, action in rows)
    assert actions == {"record": TARGETS, "authorise": TARGETS}
    assert sorted(ref for ref, action in rows if action == "record") == sorted(recorded)
    assert len({ref for ref, action in rows if action == "authorise"}) == TARGETS


def _assert_each_run_saw_one_register(
    engine: Engine, targets: list[Target], recorded: list[str], run_ids: list[int]
) -> set[int]:
    """Every run covered exactly the targets authorised in its register, and the
    register changed while some of them ran. Returns how many each run saw covered."""
    with engine.connect() as conn:
        terms = {
            r.deviation_ref: (r.rule_id, r.subject_type, r.subject_ref, r.period_start)
            for r in conn.execute(
                select(DeviationVersion).where(DeviationVersion.action == "record")
            )
        }
        authorised = {
            r.deviation_ref: (r.seq, r.at)
            for r in conn.execute(
                select(DeviationVersion).where(DeviationVersion.action == "authorise")
            )
        }
        hashes = dict(conn.execute(select(DeviationVersion.seq, DeviationVersion.hash)).all())
        runs = conn.execute(select(Run).where(Run.id.in_(run_ids))).all()
        findings = conn.execute(
            select(
                Finding.run_id,
                Finding.rule_id,
                Finding.subject_type,
                Finding.subject_ref,
                Finding.due_date,
                Finding.status,
                Finding.deviation_ref,
            ).where(Finding.run_id.in_(run_ids))
        ).all()
    wanted = {(t.rule_id, t.subject_type, t.subject_ref, t.due_date) for t in targets}
    assert {terms[ref] for ref in recorded} == wanted
    seen: set[int] = set()
    changed_during = 0
    for run in runs:
        assert run.finished_at is not None
        if run.register_seq:
            assert hashes[run.register_seq] == run.register_hash, f"run {run.id}'s head"
        of_run = [f for f in findings if f.run_id == run.id]
        judged = {(f.rule_id, f.subject_type, f.subject_ref, f.due_date): f for f in of_run}
        assert wanted <= set(judged), f"run {run.id} lost a target's finding"
        covered = {key for key in wanted if judged[key].status in COVERED}
        expected = {terms[ref] for ref, (seq, _) in authorised.items() if seq <= run.register_seq}
        assert covered == expected, (
            f"run {run.id} (register at record {run.register_seq}) covered"
            f" {len(covered)} targets but its register had authorised {len(expected)}:"
            f" covered too soon {sorted(covered - expected)[:3]},"
            f" left uncovered {sorted(expected - covered)[:3]}"
        )
        for f in of_run:  # whatever a run names as covering it had authorised
            if f.status in COVERED and f.deviation_ref in authorised:
                assert authorised[f.deviation_ref][0] <= run.register_seq
        seen.add(len(covered))
        if any(run.started_at < at < run.finished_at for _, at in authorised.values()):
            changed_during += 1
    assert changed_during, "no authorisation landed while a run was checking: no test"
    assert len(seen) > 1, "every run saw the same register: the writers did not overlap"
    return seen
