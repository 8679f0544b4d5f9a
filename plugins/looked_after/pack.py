"""The looked-after section of the audit pack: care and placement plans (regs 4, 9),
out-of-area notices (reg 13(4)), reviews (reg 33), visits (reg 28), health assessments
(reg 7) and personal education plans (reg 5).

Bounded whatever the caseload: per rule, outcome and status counts and the latest ten
late items; then remote visits by mode, health findings by the source they were judged
from, and how many PEPs a person has to confirm.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from scrutiny.pack.sections import FindingRow, PackData, PackSection
from scrutiny.pack.summaries import STATUSES, WORST, rule_summaries

DOMAIN = "looked_after"
PACKAGE = "scrutiny.plugins.looked_after"
# In the order a child meets them; each with the words the section's title uses.
TOPICS = {
    "LAC-CAREPLAN": "care plans",
    "LAC-PLACEMENTPLAN": "placement plans",
    "LAC-OOA-NOTIFY": "out-of-area notices",
    "LAC-REVIEW": "reviews",
    "LAC-SW-VISITS": "visits",
    "LAC-HEALTH": "health",
    "LAC-PEP": "education",
}
RULES = tuple(TOPICS)
COUNTED = {
    "LAC-CAREPLAN": "Periods of care",
    "LAC-PLACEMENTPLAN": "Placements",
    "LAC-OOA-NOTIFY": "Out-of-area placements",
    "LAC-REVIEW": "Reviews",
    "LAC-SW-VISITS": "Visits",
    "LAC-HEALTH": "Assessments",
    "LAC-PEP": "Children",
}
REMOTE_MODES = ("phone", "video")
VISITS_RULE = "LAC-SW-VISITS"
HEALTH_RULE = "LAC-HEALTH"
PEP_RULE = "LAC-PEP"


def looked_after_section(pack: PackData) -> PackSection:
    """Counts and the latest items for each looked-after rule run, and the breakdowns."""
    rules = rule_summaries(pack, DOMAIN, RULES)
    findings = pack.findings_for(DOMAIN)
    run = {r.rule_id for r in rules}
    return PackSection(
        id="looked-after",
        title=_title([TOPICS[r.rule_id] for r in rules]),
        domain=DOMAIN,
        package=PACKAGE,
        template="looked_after_section.html.j2",
        context={
            "rules": rules,
            "counted": COUNTED,
            "worst_limit": WORST,
            "visits_run": VISITS_RULE in run,
            "remote_modes": REMOTE_MODES,
            "remote_visits": _remote_visits(findings.where(rule_ids=(VISITS_RULE,))),
            "health_run": HEALTH_RULE in run,
            "health_sources": _health_sources(findings.where(rule_ids=(HEALTH_RULE,))),
            "statuses": STATUSES,
            "pep": _peps(findings.where(rule_ids=(PEP_RULE,))) if PEP_RULE in run else None,
        },
    )


def _title(topics: list[str]) -> str:
    """ "Looked-after children: reviews and visits", naming what the run judged."""
    if not topics:
        return "Looked-after children"
    listed = topics[0] if len(topics) == 1 else f"{', '.join(topics[:-1])} and {topics[-1]}"
    return f"Looked-after children: {listed}"


def _remote_visits(findings: Iterable[FindingRow]) -> list[tuple[str, dict[str, int]]]:
    """Phone and video visits judged, by finding status and mode."""
    counts = Counter(
        (f.status, f.evidence.get("visit_mode"))
        for f in findings
        if f.rule_id == VISITS_RULE and f.evidence.get("visit_mode") in REMOTE_MODES
    )
    rows = []
    for status in STATUSES:
        by_mode = {mode: counts[(status, mode)] for mode in REMOTE_MODES}
        if any(by_mode.values()):
            rows.append((status, by_mode))
    return rows


def _health_sources(findings: Iterable[FindingRow]) -> list[tuple[str, dict[str, int]]]:
    """LAC-HEALTH findings by the source judged (the health file or SSDA903 OC2), by status."""
    counts = Counter(
        (str(f.evidence.get("judged_from")), f.status) for f in findings if f.rule_id == HEALTH_RULE
    )
    sources = sorted({source for source, _ in counts})
    return [(source, {s: counts[(source, s)] for s in STATUSES}) for source in sources]


def _peps(findings: Iterable[FindingRow]) -> dict[str, int]:
    """Children whose PEP a person must confirm, and how many have one on record in
    their current period of care."""
    peps = [f for f in findings if f.rule_id == PEP_RULE]
    return {
        "to_confirm": len(peps),
        "with_pep": sum(1 for f in peps if f.event_date is not None),
        "file_imported": int(any(f.evidence.get("peps_file") == "imported" for f in peps)),
    }
