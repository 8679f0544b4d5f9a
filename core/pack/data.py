"""Reading one stored run, its findings and the register into :class:`PackData`."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from scrutiny.config import Config
from scrutiny.engine.runs import load_outcomes, load_run
from scrutiny.models.imports import ImportBatch, RunImport
from scrutiny.models.run import FINDING_STATUSES, TRACKED_STATUSES, Finding, Run
from scrutiny.pack.sections import (
    DeviationView,
    ImportView,
    PackData,
    RuleView,
    RunInfo,
    RunPoint,
)
from scrutiny.pack.stored_findings import StoredFindings
from scrutiny.register.legal_basis import legal_bases
from scrutiny.register.models import DeviationVersion
from scrutiny.register.service import version_from_row
from scrutiny.register.terms import risk_rating
from scrutiny.rules.registry import RuleRegistry
from scrutiny.working_days import calendar_for

HISTORY_RUNS = 200  # runs read back for the trend; the chart shows the last of them


def load_pack_data(engine: Engine, rules: RuleRegistry, config: Config, run_id: int) -> PackData:
    """The run's data for its pack. The findings are read from the database by whatever
    reads them (:class:`StoredFindings`), a chunk at a time, never all held here."""
    findings = StoredFindings(engine, run_id, FINDING_STATUSES)
    tracked = StoredFindings(engine, run_id, TRACKED_STATUSES, pack_order=False)
    with engine.connect() as conn:
        info = load_run(conn, run_id)
        covered = _covered(conn, run_id)
        outcomes = load_outcomes(conn, run_id)
        imports = [
            ImportView(**row._mapping)
            for row in conn.execute(
                select(
                    ImportBatch.id,
                    ImportBatch.kind,
                    ImportBatch.source_name,
                    ImportBatch.row_count,
                    ImportBatch.collection_year,
                    ImportBatch.covers_from,
                    ImportBatch.covers_to,
                    ImportBatch.imported_at,
                    ImportBatch.report,
                )
                .join(RunImport, RunImport.import_batch_id == ImportBatch.id)
                .where(RunImport.run_id == run_id)
                .order_by(ImportBatch.id)
            )
        ]
        history = _history(conn, info)
        # The register as it stood when the run was made.
        versions = conn.execute(
            select(DeviationVersion)
            .where(DeviationVersion.seq <= info.register_seq)
            .order_by(DeviationVersion.seq)
        ).all()
    latest: dict[str, DeviationVersion] = {}
    for row in versions:
        latest[row.deviation_ref] = version_from_row(row)
    bases = legal_bases()
    deviations = [
        _deviation_view(v, bases, covered[v.deviation_ref], info.as_of) for v in latest.values()
    ]
    deviations.sort(key=lambda d: (not d.lapsed, d.status == "closed", d.ref))
    rule_views = [
        RuleView(
            meta=rule.meta,
            plugin=rule.plugin,
            outcomes=outcomes.get(rule.id, {}),
            supersedes_plugin=_plugin_of(rules, rule.meta.supersedes),
        )
        for rule in (rules.get(rule_id) for rule_id in sorted(info.rules))
        if rule is not None
    ]
    calendar = calendar_for(config.calendar.closure_days)
    return PackData(
        council_name=config.council.name,
        protective_marking=config.council.protective_marking,
        run=info,
        findings=findings,
        deviations=deviations,
        rules=rule_views,
        closure_days=sorted(config.calendar.closure_days),
        calendar_key=calendar.key,
        legal_bases={k: b.title for k, b in bases.items()},
        plugin_versions=info.plugins,
        tracked=tracked,
        imports=imports,
        register=[version_from_row(row) for row in versions],
        history=history,
    )


def _covered(conn: Connection, run_id: int) -> Counter[str]:
    """How many of the run's findings each deviation covers."""
    ref = Finding.deviation_ref
    query = (
        select(ref, func.count())
        .where(Finding.run_id == run_id, Finding.status.in_(FINDING_STATUSES))
        .where(ref.is_not(None), ref != "")
        .group_by(ref)
    )
    return Counter({str(deviation_ref): count for deviation_ref, count in conn.execute(query)})


def _plugin_of(rules: RuleRegistry, rule_id: str | None) -> str:
    found = rules.get(rule_id) if rule_id else None
    return found.plugin if found else ""


def _history(conn: Connection, info: RunInfo) -> list[RunPoint]:
    """This run and the finished runs before it that judged the same domains."""
    earlier = conn.execute(
        select(Run.id, Run.as_of, Run.domains, Run.counts)
        .where(Run.id <= info.id, Run.finished_at.is_not(None) | (Run.id == info.id))
        .order_by(Run.id.desc())
        .limit(HISTORY_RUNS)
    ).all()
    same = [RunPoint(r.id, r.as_of, dict(r.counts)) for r in earlier if r.domains == info.domains]
    return sorted(same, key=lambda p: (p.as_of, p.id))


def _deviation_view(v: DeviationVersion, bases: Any, covered: int, as_of: Any) -> DeviationView:
    lapsed = v.status != "closed" and v.review_date is not None and v.review_date < as_of
    return DeviationView(
        ref=v.deviation_ref,
        version=v.version,
        status=v.status,
        deviation_type=v.deviation_type,
        rule_id=v.rule_id,
        legal_reference=v.legal_reference,
        subject_type=v.subject_type,
        subject_ref=v.subject_ref,
        requirement=v.requirement,
        covers_requirement=v.covers_requirement,
        done_instead=v.done_instead,
        period_start=v.period_start,
        period_end=v.period_end,
        legal_basis=v.legal_basis,
        legal_basis_title=bases[v.legal_basis].title if v.legal_basis in bases else v.legal_basis,
        covid_reason=v.covid_reason,
        rationale=v.rationale,
        principles=list(v.principles or []),
        risk_likelihood=v.risk_likelihood,
        risk_impact=v.risk_impact,
        risk_rating=risk_rating(v.risk_likelihood, v.risk_impact),
        mitigations=v.mitigations,
        residual_likelihood=v.residual_likelihood,
        residual_impact=v.residual_impact,
        residual_rating=risk_rating(v.residual_likelihood, v.residual_impact),
        review_date=v.review_date,
        nominated_officer_recommendation=v.nominated_officer_recommendation,
        recorded_by=v.recorded_by,
        authorised_by=v.authorised_by,
        authorised_at=v.authorised_at,
        closed_on=v.closed_on,
        attachments=list(v.attachments or []),
        lapsed=lapsed,
        findings_covered=covered,
    )
