"""The adoption section of the audit pack: stages against timescales, deferred checks, panels.

Built only from the stored run (``PackData``): the four adoption rules keep every item
they judged (``track = true``), so the section can count applications on time as well
as late, and list checks deferred lawfully as well as those that were not.

Bounded whatever the caseload: each list shows at most its ``..._SHOWN`` items (the
late, ``LATE_LISTED``), those needing attention first, and says how many it left out and
how many of those are findings (in the attached findings.csv); the counts count them all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scrutiny.pack.findings import ListedFindings
from scrutiny.pack.sections import FindingRow, PackData, PackSection
from scrutiny.pack.summaries import Bounded, attention_rank, bounded, is_finding
from scrutiny.plugins.adoption.checks import BOTH_AT_APPROVAL, DBS_AT_STAGE1, MEDICAL_AT_STAGE1

DOMAIN = "adoption"
PACKAGE = "scrutiny.plugins.adoption"
STAGES = (
    ("ADO-STAGE1", "Stage 1", "roi_accepted", "stage1_months", "registration of interest accepted"),
    ("ADO-STAGE2", "Stage 2", "notice_to_proceed", "stage2_months", "notice to proceed"),
)
CHECKS_RULE = "ADO-CHECKS-AT-STAGE1"
STAGE1_CHECKS = {MEDICAL_AT_STAGE1: "medical", DBS_AT_STAGE1: "DBS"}
PANEL_RULE = "ADO-PANEL"
NOT_MET = ("breach", "deviation", "deviation-lapsed")
OPEN_IN_TIME = ("not-yet-due", "due-soon")
LATE_LISTED = 15
"""Stages late or overdue listed: the most days late first, then due date and applicant."""
DEFERRED_SHOWN = 40
"""Checks not in hand at stage 1 listed: those not met first (breaches, then lapsed
deviations, deviations, manual), lawful deferrals last; then by decision, applicant, check."""
APPROVALS_SHOWN = 40
"""Approvals without both checks listed: by status as above, then decision and applicant."""
PANEL_SHOWN = 40
"""Panel exceptions listed: by status as above (met without a full panel last), then
decision and applicant."""
PANEL_STATUSES = ("met", "breach", "deviation", "deviation-lapsed", "manual", "data-gap")
REDUCED_ROUTES = (
    "no panel, reason recorded",
    "no panel, no reason recorded",
    "no panel",
    "chair and an independent member (SI 2020/445)",
)


@dataclass(frozen=True)
class StageCounts:
    """One stage's applications against its timescale."""

    rule_id: str
    stage: str
    title: str
    legal_source: str
    timescale: str
    on_time: int
    late: int
    open_in_time: int
    open_overdue: int
    data_gap: int
    covered: int

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.open_in_time + self.open_overdue + self.data_gap


@dataclass(frozen=True)
class LateItem:
    """A stage decided late, or still undecided past its deadline."""

    stage: str
    subject_ref: str
    clock_start: dt.date | None
    due_date: dt.date
    decided: dt.date | None
    days_late: int
    open: bool
    status: str
    deviation_ref: str | None


@dataclass(frozen=True)
class DeferredCheck:
    """A check not in hand at the stage 1 decision, and how it was judged."""

    subject_ref: str
    stage1_decision: dt.date
    check: str
    received: dt.date | None
    window: str
    record_ref: str | None
    record_date: dt.date | None
    status: str
    deviation_ref: str | None


@dataclass(frozen=True)
class ApprovalCheck:
    """An approval made without both checks in hand."""

    subject_ref: str
    decision: dt.date
    judged: str
    status: str
    deviation_ref: str | None


@dataclass(frozen=True)
class PanelItem:
    """An approval decided without a full panel, or judged otherwise than met."""

    subject_ref: str
    decision: dt.date
    panel_date: dt.date | None
    route: str
    status: str
    deviation_ref: str | None


def adoption_section(pack: PackData) -> PackSection:
    """Counts by stage, late applications, deferred checks and panel exceptions."""
    rules = {r.meta.id: r for r in pack.rules_for(DOMAIN)}
    stages = []
    late: list[LateItem] = []
    for rule_id, stage, start, months, start_label in STAGES:
        if rule_id not in rules:
            continue
        meta = rules[rule_id].meta
        items = pack.tracked_for(rule_id)
        timescale = (
            f"{_months(items, meta.periods[-1].params[months])} months from the {start_label}"
        )
        stages.append(_counts(rule_id, stage, meta.title, meta.legal_source, timescale, items))
        late.extend(_late(stage, start, items, pack.run.as_of))
    late.sort(key=lambda i: (-i.days_late, i.due_date, i.subject_ref))
    checks = pack.tracked_for(CHECKS_RULE) if CHECKS_RULE in rules else ListedFindings()
    panel = pack.tracked_for(PANEL_RULE) if PANEL_RULE in rules else ListedFindings()
    return PackSection(
        id="adoption",
        title="Adoption: prospective adopters",
        domain=DOMAIN,
        package=PACKAGE,
        template="adoption_section.html.j2",
        context={
            "stages": stages,
            "late": bounded(late, LATE_LISTED, lambda i: is_finding(i.status)),
            "checks_run": CHECKS_RULE in rules,
            "deferred": _deferred(checks),
            "approvals": _approvals_without_checks(checks),
            "panel_run": PANEL_RULE in rules,
            "panel_counts": _panel_counts(panel),
            "panel_items": _panel_items(panel),
        },
    )


def _months(items: Iterable[FindingRow], statutory: object) -> object:
    """The timescale the run applied (a council's stricter local policy shows here)."""
    applied = {f.evidence.get("timescale_months") for f in items} - {None}
    return applied.pop() if len(applied) == 1 else statutory


def _counts(
    rule_id: str,
    stage: str,
    title: str,
    legal_source: str,
    timescale: str,
    items: Iterable[FindingRow],
) -> StageCounts:
    on_time = late = open_in_time = open_overdue = data_gap = covered = 0
    for f in items:
        closed = f.evidence_date("closed_without_decision") is not None
        if f.status == "met":
            on_time += 1
        elif f.status == "data-gap":
            data_gap += 1
        elif f.status in OPEN_IN_TIME:
            open_in_time += 1
        elif f.status in NOT_MET:
            if f.event_date is None and not closed:
                open_overdue += 1
            else:
                late += 1
            covered += f.status == "deviation"
    return StageCounts(
        rule_id,
        stage,
        title,
        legal_source,
        timescale,
        on_time,
        late,
        open_in_time,
        open_overdue,
        data_gap,
        covered,
    )


def _late(stage: str, start: str, items: Iterable[FindingRow], as_of: dt.date) -> list[LateItem]:
    found = []
    for f in items:
        if f.status not in NOT_MET:
            continue
        closed = f.evidence_date("closed_without_decision")
        end = f.event_date or closed or as_of
        found.append(
            LateItem(
                stage=stage,
                subject_ref=f.subject_ref,
                clock_start=f.evidence_date(start),
                due_date=f.due_date,
                decided=f.event_date,
                days_late=(end - f.due_date).days,
                open=f.event_date is None and closed is None,
                status=f.status,
                deviation_ref=f.deviation_ref,
            )
        )
    return found


def _window(evidence: dict[str, Any]) -> str:
    """The coronavirus window as a reader names it ("SI 2020/445"), not as a legal-basis id."""
    window = str(evidence.get("covid_window") or "none")
    return window.replace("SI-", "SI ").replace("; ", " and ")


def _deferred(checks: Iterable[FindingRow]) -> Bounded[DeferredCheck]:
    """Stage 1 decisions made without the medical report or DBS certificate in hand."""
    rows = []
    for f in checks:
        check = STAGE1_CHECKS.get(str(f.evidence.get("requirement")))
        if check is None or (f.event_date is not None and f.event_date <= f.due_date):
            continue
        medical = check == "medical"
        rows.append(
            DeferredCheck(
                subject_ref=f.subject_ref,
                stage1_decision=f.due_date,
                check=check,
                received=f.event_date,
                window=_window(f.evidence),
                record_ref=_text(f.evidence.get("medical_deferral_ref")) if medical else None,
                record_date=f.evidence_date("medical_deferral_recorded") if medical else None,
                status=f.status,
                deviation_ref=f.deviation_ref,
            )
        )
    rows.sort(key=lambda d: (attention_rank(d.status), d.stage1_decision, d.subject_ref, d.check))
    return bounded(rows, DEFERRED_SHOWN, lambda d: is_finding(d.status))


def _approvals_without_checks(checks: Iterable[FindingRow]) -> Bounded[ApprovalCheck]:
    rows = [
        ApprovalCheck(
            subject_ref=f.subject_ref,
            decision=f.due_date,
            judged=str(f.evidence.get("judged")),
            status=f.status,
            deviation_ref=f.deviation_ref,
        )
        for f in checks
        if f.evidence.get("requirement") == BOTH_AT_APPROVAL and f.status != "met"
    ]
    rows.sort(key=lambda a: (attention_rank(a.status), a.decision, a.subject_ref))
    return bounded(rows, APPROVALS_SHOWN, lambda a: is_finding(a.status))


def _panel_counts(panel: Iterable[FindingRow]) -> list[tuple[str, int]]:
    counts = Counter(f.status for f in panel)
    return [(status, counts[status]) for status in PANEL_STATUSES]


def _panel_items(panel: Iterable[FindingRow]) -> Bounded[PanelItem]:
    rows = [
        PanelItem(
            subject_ref=f.subject_ref,
            decision=f.due_date,
            panel_date=f.event_date,
            route=str(f.evidence.get("panel_route")),
            status=f.status,
            deviation_ref=f.deviation_ref,
        )
        for f in panel
        if f.evidence.get("panel_route") in REDUCED_ROUTES or f.status not in ("met", "manual")
    ]
    rows.sort(key=lambda p: (attention_rank(p.status), p.decision, p.subject_ref))
    return bounded(rows, PANEL_SHOWN, lambda p: is_finding(p.status))


def _text(value: object) -> str | None:
    return None if value is None else str(value)
