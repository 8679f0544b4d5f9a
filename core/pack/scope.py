"""A pack narrowed to some domains (``--domain``) or to a period (``--from``/``--to``).

The run is the same: only what the pack shows is narrowed, and the cover says how.
Findings are kept by their domain and due date; deviations by their rule's domain and
by whether their period overlaps the pack's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from scrutiny.pack.findings import Findings
from scrutiny.pack.sections import PackData

FINDING_STATUSES = ("breach", "deviation-lapsed", "deviation", "manual", "data-gap", "due-soon")


def narrowed(
    data: PackData,
    domains: Sequence[str] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> PackData:
    """``data`` with only the chosen domains and the findings due in the period."""
    if not domains and start is None and end is None:
        return data
    rule_domains = {r.meta.id: r.meta.domain for r in data.rules}
    # Without --domain every domain is kept: the rules' (for rules and deviations), and
    # any other a finding names.
    wanted = set(domains) or set(rule_domains.values())

    def period_in(rule_id: str, first: dt.date, last: dt.date | None) -> bool:
        return (
            rule_domains.get(rule_id) in wanted
            and (end is None or first <= end)
            and (start is None or last is None or last >= start)
        )

    def kept(findings: Findings) -> Findings:
        return findings.where(domains=domains or None, due_from=start, due_to=end)

    findings = kept(data.findings)
    rules = [r for r in data.rules if r.meta.domain in wanted]
    found = findings.statuses()
    counts = dict(data.run.counts) | {status: found[status] for status in FINDING_STATUSES}
    # Met and not yet due are counted per rule for the whole run, not per due date.
    for status, outcome in (("compliant", "met"), ("not-yet-due", "not-yet-due")):
        counts[status] = sum(r.outcomes.get(outcome, 0) for r in rules)
    return dataclasses.replace(
        data,
        run=dataclasses.replace(data.run, counts=counts),
        findings=findings,
        tracked=kept(data.tracked),
        rules=rules,
        deviations=[
            d for d in data.deviations if period_in(d.rule_id, d.period_start, d.period_end)
        ],
        register=[v for v in data.register if period_in(v.rule_id, v.period_start, v.period_end)],
        scope=_described(domains, start, end),
    )


def _described(domains: Sequence[str], start: dt.date | None, end: dt.date | None) -> str:
    parts = []
    if domains:
        parts.append("domains " + ", ".join(d.replace("_", " ") for d in sorted(domains)))
    if start or end:
        since = f"from {start:%d/%m/%Y}" if start else ""
        until = f"to {end:%d/%m/%Y}" if end else ""
        parts.append(" ".join(p for p in ("findings due", since, until) if p))
    return "; ".join(parts)
