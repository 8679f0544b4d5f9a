"""What the audit pack is made from: the run's data, and sections plugins contribute."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrutiny.pack.findings import Findings, ListedFindings, MergedFindings, as_findings
from scrutiny.rules.metadata import RuleMetadata

if TYPE_CHECKING:
    from scrutiny.register.models import DeviationVersion


@dataclass(frozen=True)
class RunInfo:
    id: int
    as_of: dt.date
    started_at: dt.datetime
    scrutiny_version: str
    domains: list[str] | None
    plugins: dict[str, str]
    rules: dict[str, str]
    data_fingerprint: str
    register_seq: int
    register_hash: str
    counts: dict[str, int]
    rule_errors: dict[str, str]


@dataclass(frozen=True)
class RunPoint:
    """A stored run's counts, for the trend across runs."""

    id: int
    as_of: dt.date
    counts: dict[str, int]


@dataclass(frozen=True)
class FindingRow:
    rule_id: str
    rule_version: str
    domain: str
    subject_type: str
    subject_ref: str
    due_date: dt.date
    event_date: dt.date | None
    status: str
    severity: str
    standard: str
    deviation_ref: str | None
    evidence: dict[str, Any]

    def evidence_date(self, key: str) -> dt.date | None:
        """A date kept as evidence (JSON holds it as ISO text), or None if absent."""
        value = self.evidence.get(key)
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and value:
            return dt.date.fromisoformat(value[:10])
        return None

    @property
    def days_late(self) -> int | None:
        """Days past the due date: to the event, or to the as-of date if still not done."""
        end = self.event_date
        if end is None:
            return None
        return (end - self.due_date).days


@dataclass(frozen=True)
class DeviationView:
    """A deviation as the pack shows it: its current version and its standing."""

    ref: str
    version: int
    status: str
    deviation_type: str | None
    rule_id: str
    legal_reference: str
    subject_type: str
    subject_ref: str
    requirement: str
    covers_requirement: str | None
    done_instead: str
    period_start: dt.date
    period_end: dt.date | None
    legal_basis: str
    legal_basis_title: str
    covid_reason: str | None
    rationale: str | None
    principles: list[str]
    risk_likelihood: int | None
    risk_impact: int | None
    risk_rating: str
    mitigations: str | None
    residual_likelihood: int | None
    residual_impact: int | None
    residual_rating: str
    review_date: dt.date | None
    nominated_officer_recommendation: str | None
    recorded_by: str
    authorised_by: str | None
    authorised_at: dt.datetime | None
    closed_on: dt.date | None
    attachments: list[dict[str, Any]]
    lapsed: bool
    findings_covered: int


@dataclass(frozen=True)
class RuleView:
    meta: RuleMetadata
    plugin: str
    outcomes: dict[str, int]
    supersedes_plugin: str = ""  # the plugin whose rule ``meta.supersedes`` names


@dataclass(frozen=True)
class ImportView:
    """An import batch the run judged: which file, what kind, what it covered."""

    id: int
    kind: str
    source_name: str
    row_count: int
    collection_year: str | None
    covers_from: dt.date | None
    covers_to: dt.date | None
    imported_at: dt.datetime
    report: dict[str, Any] | None


@dataclass(frozen=True)
class PackData:
    """Everything the pack shows, read from one stored run (never from the clock)."""

    council_name: str
    protective_marking: str
    run: RunInfo
    # the run's findings, in the pack's order (a list given here is held as it is)
    findings: Findings
    deviations: list[DeviationView]
    rules: list[RuleView]
    closure_days: list[dt.date]
    calendar_key: str
    legal_bases: dict[str, str]
    plugin_versions: dict[str, str] = field(default_factory=dict)
    # met / not yet due (tracked rules)
    tracked: Findings = field(default_factory=ListedFindings)
    imports: list[ImportView] = field(default_factory=list)  # the batches the run judged
    # every version of every deviation up to the run (for the attached register)
    register: list[DeviationVersion] = field(default_factory=list)
    # this run and the stored runs before it of the same scope (domains), oldest first
    history: list[RunPoint] = field(default_factory=list)
    # children and staff pseudonymised, free text withheld (``scrutiny pack --redact``)
    redacted: bool = False
    # what the pack was narrowed to (``--domain``, ``--from``/``--to``), in words; None: all
    scope: str | None = None

    def __post_init__(self) -> None:
        # Findings given as a list (or any iterable) are held in memory as they are.
        object.__setattr__(self, "findings", as_findings(self.findings))
        object.__setattr__(self, "tracked", as_findings(self.tracked))

    def tracked_for(self, rule_id: str) -> Findings:
        """Every item a tracked rule judged, exceptions included, in due-date order."""
        return MergedFindings(
            self.findings.where(rule_ids=(rule_id,)), self.tracked.where(rule_ids=(rule_id,))
        )

    def findings_for(self, domain: str) -> Findings:
        return self.findings.where(domains=(domain,))

    def rules_for(self, domain: str) -> list[RuleView]:
        return [r for r in self.rules if r.meta.domain == domain]


@dataclass(frozen=True)
class PackSection:
    """A section a plugin adds to the pack: a template of its own and what it needs.

    ``template`` is found in ``package`` (its ``templates/`` folder); the template gets
    ``pack`` (the :class:`PackData`) and ``section`` (this object) to render.
    """

    id: str
    title: str
    domain: str
    package: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
