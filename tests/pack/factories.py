"""Realistic PackData built directly: the real looked-after rules, synthetic children."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from functools import cache
from typing import Any

from scrutiny.pack.sections import (
    DeviationView,
    FindingRow,
    PackData,
    RuleView,
    RunInfo,
    RunPoint,
)
from scrutiny.register.models import DeviationVersion
from scrutiny.register.terms import risk_rating
from scrutiny.rules.registry import Rule, load_rules

AS_OF = dt.date(2024, 3, 31)
STARTED_AT = dt.datetime(2024, 4, 2, 9, 15, 30, tzinfo=dt.UTC)
DOMAIN = "looked_after"
LEGAL_BASES = {
    "SI-2020/445": "Adoption and Children (Coronavirus) (Amendment) Regulations 2020 (SI 2020/445)",
    "SI-2020/909": "Adoption and Children (Coronavirus) (Amendment) (No. 2) Regulations 2020 "
    "(SI 2020/909), extended by SI 2021/261",
    "guidance-departure": "Departure from statutory guidance, with recorded reasons",
    "none": "No legal basis: a recorded and authorised departure from the requirement",
}
STANDARDS = {
    "LAC-REVIEW": "Later reviews no more than 6 months apart (reg 33(2)(c))",
    "LAC-SW-VISITS": "Visit at least every 6 weeks in the first year of a placement (reg 28)",
}
LONG_RATIONALE = (
    "The child's placement was disrupted over the Christmas period and the allocated "
    "social worker was on long-term sick leave; the team manager judged that a further "
    "change of worker would be more harmful than a short delay. " * 40 + "ENDOFRATIONALE-7f3a"
)


@cache
def looked_after_rules() -> tuple[Rule, ...]:
    """LAC-REVIEW and LAC-SW-VISITS: the plugin's rules file names every rule, so all of
    its modules are loaded and the two kept."""
    from scrutiny.plugins.looked_after import (
        education,
        health,
        notifications,
        plans,
        reviews,
        visits,
    )

    rules = load_rules(
        "scrutiny.plugins.looked_after", reviews, visits, plans, notifications, health, education
    )
    return tuple(r for r in rules if r.id in ("LAC-REVIEW", "LAC-SW-VISITS"))


def rule_views(outcomes: dict[str, dict[str, int]] | None = None) -> list[RuleView]:
    outcomes = outcomes or {}
    return [
        RuleView(
            meta=r.meta,
            plugin="looked_after",
            outcomes=outcomes.get(
                r.meta.id,
                {
                    "met": 412,
                    "not-met": 23,
                    "due-soon": 7,
                    "not-yet-due": 130,
                    "data-gap": 2,
                    "manual": 1,
                },
            ),
        )
        for r in looked_after_rules()
    ]


def child_ref(n: int) -> str:
    return f"C{n:06d}"


def finding(
    n: int,
    *,
    status: str = "breach",
    rule_id: str = "LAC-REVIEW",
    late: int | None = 12,
    mode: str | None = None,
    deviation_ref: str | None = None,
) -> FindingRow:
    due = AS_OF - dt.timedelta(days=40 + n % 300)
    event = None if late is None else due + dt.timedelta(days=late)
    evidence: dict[str, Any] = {"interval": "6 weeks"}
    if mode:
        evidence["visit_mode"] = mode
    return FindingRow(
        rule_id=rule_id,
        rule_version="1.0",
        domain=DOMAIN,
        subject_type="child",
        subject_ref=child_ref(n),
        due_date=due,
        event_date=event,
        status=status,
        severity="high",
        standard=STANDARDS[rule_id],
        deviation_ref=deviation_ref,
        evidence=evidence,
    )


def varied_findings(count: int = 60, seed: int = 7) -> list[FindingRow]:
    """A mix of statuses and rules, in the order load_pack_data sorts them."""
    rng = random.Random(seed)
    statuses = ["breach", "deviation-lapsed", "manual", "data-gap", "due-soon", "deviation"]
    rows = []
    for n in range(count):
        status = statuses[n % len(statuses)]
        rule_id = "LAC-SW-VISITS" if n % 2 else "LAC-REVIEW"
        late = None if rng.random() < 0.2 else rng.randint(1, 120)
        mode = rng.choice(["in-person", "phone", "video"]) if rule_id == "LAC-SW-VISITS" else None
        dev = "DEV-0002" if status in ("deviation", "deviation-lapsed") else None
        rows.append(
            finding(
                n + 100, status=status, rule_id=rule_id, late=late, mode=mode, deviation_ref=dev
            )
        )
    order = {s: i for i, s in enumerate(statuses)}
    rows.sort(key=lambda f: (order[f.status], f.rule_id, f.due_date, f.subject_ref))
    return rows


def deviation(ref: str = "DEV-0001", **changes: Any) -> DeviationView:
    base = DeviationView(
        ref=ref,
        version=2,
        status="authorised",
        deviation_type="lac-review-late",
        rule_id="LAC-REVIEW",
        legal_reference="CPPCR 2010 (SI 2010/959) reg 33(2)(c)",
        subject_type="child",
        subject_ref=child_ref(123),
        requirement="Review the child's case within the reg 33 timescale",
        covers_requirement=None,
        done_instead="Review held 3 weeks late, with the IRO's agreement;\n"
        "placement stability meeting held in the meantime.",
        period_start=dt.date(2023, 12, 1),
        period_end=dt.date(2024, 1, 31),
        legal_basis="none",
        legal_basis_title=LEGAL_BASES["none"],
        covid_reason=None,
        rationale=LONG_RATIONALE,
        principles=["child-centred", "risk-based"],
        risk_likelihood=3,
        risk_impact=4,
        risk_rating=risk_rating(3, 4),
        mitigations="Weekly phone contact by the IRO; foster carer briefed.",
        residual_likelihood=2,
        residual_impact=3,
        residual_rating=risk_rating(2, 3),
        review_date=dt.date(2024, 2, 15),
        nominated_officer_recommendation=None,
        recorded_by="Priya Shah, Team Manager",
        authorised_by="Alex Morgan, Head of Service",
        authorised_at=dt.datetime(2023, 12, 4, 16, 20, tzinfo=dt.UTC),
        closed_on=None,
        attachments=[{"name": "IRO agreement.pdf", "size": 20480, "sha256": "ab" * 32}],
        lapsed=True,
        findings_covered=1,
    )
    return dataclasses.replace(base, **changes)


def run_info(counts: dict[str, int] | None = None, **changes: Any) -> RunInfo:
    base = RunInfo(
        id=42,
        as_of=AS_OF,
        started_at=STARTED_AT,
        scrutiny_version="0.1.0",
        domains=[DOMAIN],
        plugins={"looked_after": "0.1.0"},
        rules={"LAC-REVIEW": "1.0", "LAC-SW-VISITS": "1.0"},
        data_fingerprint="9f" * 32,
        register_seq=17,
        register_hash="c0ffee" + "0" * 58,
        counts=counts
        or {
            "breach": 23,
            "deviation-lapsed": 4,
            "deviation": 6,
            "manual": 1,
            "data-gap": 2,
            "due-soon": 7,
            "compliant": 824,
            "not-yet-due": 260,
        },
        rule_errors={},
    )
    return dataclasses.replace(base, **changes)


def register_of(deviations: list[DeviationView]) -> list[DeviationVersion]:
    """The register versions the deviations' current state came from: one record each."""
    versions = []
    for seq, d in enumerate(deviations, start=1):
        versions.append(
            DeviationVersion(
                seq=seq,
                deviation_ref=d.ref,
                version=1,
                action="record",
                actor=d.recorded_by,
                at=STARTED_AT - dt.timedelta(days=30),
                status=d.status,
                deviation_type=d.deviation_type,
                rule_id=d.rule_id,
                legal_reference=d.legal_reference,
                subject_type=d.subject_type,
                subject_ref=d.subject_ref,
                requirement=d.requirement,
                done_instead=d.done_instead,
                period_start=d.period_start,
                period_end=d.period_end,
                legal_basis=d.legal_basis,
                covid_reason=d.covid_reason,
                rationale=d.rationale,
                principles=d.principles,
                risk_likelihood=d.risk_likelihood,
                risk_impact=d.risk_impact,
                mitigations=d.mitigations,
                residual_likelihood=d.residual_likelihood,
                residual_impact=d.residual_impact,
                review_date=d.review_date,
                nominated_officer_recommendation=d.nominated_officer_recommendation,
                recorded_by=d.recorded_by,
                authorised_by=d.authorised_by,
                authorised_at=d.authorised_at,
                closed_on=d.closed_on,
                note=None,
                attachments=d.attachments,
                covers_requirement=d.covers_requirement,
                prev_hash=f"{seq - 1:064x}",
                hash=f"{seq:064x}",
            )
        )
    return versions


def pack_data(
    findings: list[FindingRow] | None = None,
    deviations: list[DeviationView] | None = None,
    **changes: Any,
) -> PackData:
    base = PackData(
        council_name="Northshire County Council",
        protective_marking="OFFICIAL-SENSITIVE",
        run=run_info(),
        findings=varied_findings() if findings is None else findings,
        deviations=[
            deviation(),
            deviation(
                "DEV-0002",
                lapsed=False,
                status="authorised",
                rationale="Short rationale.",
                review_date=dt.date(2024, 6, 30),
                findings_covered=20,
            ),
        ]
        if deviations is None
        else deviations,
        rules=rule_views(),
        closure_days=[dt.date(2023, 12, 27)],
        calendar_key="england-and-wales+closures-0123456789abcdef",
        legal_bases=dict(LEGAL_BASES),
        plugin_versions={"looked_after": "0.1.0"},
    )
    earlier = [
        RunPoint(40, dt.date(2023, 9, 30), {"breach": 31, "deviation": 2, "data-gap": 5}),
        RunPoint(41, dt.date(2023, 12, 31), {"breach": 27, "deviation": 5, "data-gap": 3}),
    ]
    base = dataclasses.replace(
        base,
        register=register_of(base.deviations),
        history=[*earlier, RunPoint(base.run.id, base.run.as_of, base.run.counts)],
    )
    return dataclasses.replace(base, **changes)


def row(
    domain: str,
    subject_type: str,
    rule_id: str,
    ref: str,
    status: str,
    due: dt.date,
    event: dt.date | None = None,
    **evidence: Any,
) -> FindingRow:
    """A plugin's finding as the run stores it, for the plugin sections' tests."""
    return FindingRow(
        rule_id=rule_id,
        rule_version="1.0",
        domain=domain,
        subject_type=subject_type,
        subject_ref=ref,
        due_date=due,
        event_date=event,
        status=status,
        severity="high",
        standard=rule_id,
        deviation_ref=None,
        evidence=evidence,
    )
