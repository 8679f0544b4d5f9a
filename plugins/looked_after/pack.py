"""The looked-after section of the audit pack: reviews (reg 33) and visits (reg 28)."""

from __future__ import annotations

from collections import Counter

from scrutiny.pack.sections import FindingRow, PackData, PackSection
from scrutiny.pack.summaries import STATUSES, WORST, rule_summaries

DOMAIN = "looked_after"
PACKAGE = "scrutiny.plugins.looked_after"
RULES = ("LAC-REVIEW", "LAC-SW-VISITS")
REMOTE_MODES = ("phone", "video")
VISITS_RULE = "LAC-SW-VISITS"


def looked_after_section(pack: PackData) -> PackSection:
    """Counts, the latest items and remote visits, for the two looked-after rules."""
    return PackSection(
        id="looked-after",
        title="Looked-after children: reviews and visits",
        domain=DOMAIN,
        package=PACKAGE,
        template="looked_after_section.html.j2",
        context={
            "rules": rule_summaries(pack, DOMAIN, RULES),
            "worst_limit": WORST,
            "remote_modes": REMOTE_MODES,
            "remote_visits": _remote_visits(pack.findings_for(DOMAIN)),
        },
    )


def _remote_visits(findings: list[FindingRow]) -> list[tuple[str, dict[str, int]]]:
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
