"""The audit pack's section for this plugin: the rule's outcome and finding counts and
its latest items, built from the stored run (never from the clock)."""

from __future__ import annotations

from scrutiny.pack.sections import PackData, PackSection
from scrutiny.pack.summaries import WORST, rule_summaries

DOMAIN = "care_leavers"
RULES = ("SC-STAYING-CLOSE",)


def cases_section(pack: PackData) -> PackSection:
    return PackSection(
        id="staying_close",
        title="Staying close",
        domain=DOMAIN,
        package="staying_close",
        template="staying_close_section.html.j2",
        context={"rules": rule_summaries(pack, DOMAIN, RULES), "worst_limit": WORST},
    )
