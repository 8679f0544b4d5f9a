"""The departures from children's-home rules a manager can pick from a list."""

from __future__ import annotations

from scrutiny.register.types import DeviationType

DEVIATION_TYPES = [
    DeviationType(
        id="ch-reg44-virtual-visit-445",
        rule_id="CH-REG44",
        title="Regulation 44 visit made virtually under SI 2020/445",
        requirement="An independent person visits the home in person each calendar month"
        " (CHR 2015 reg 44)",
        suggested_legal_basis="SI-2020/445",
    ),
    DeviationType(
        id="ch-reg44-month-missed-445",
        rule_id="CH-REG44",
        title="Regulation 44 visit missed despite reasonable endeavours (SI 2020/445)",
        requirement="An independent person visits the home each calendar month (CHR 2015 reg 44)",
        suggested_legal_basis="SI-2020/445",
    ),
    DeviationType(
        id="ch-reg44-month-missed",
        rule_id="CH-REG44",
        title="Regulation 44 visit missed (reason and catch-up visit recorded)",
        requirement="An independent person visits the home each calendar month (CHR 2015 reg 44)",
    ),
    DeviationType(
        id="ch-reg45-review-late",
        rule_id="CH-REG45",
        title="Quality-of-care review held late (reason recorded)",
        requirement="Review the quality of care at least every 6 months (CHR 2015 reg 45)",
    ),
    DeviationType(
        id="ch-unregistered-placement",
        rule_id="CH-DEF",
        title="Child placed with a provider that provides care but is not registered,"
        " pending a registered placement",
        requirement="Place children only in registered children's homes where care is"
        " provided (CSA 2000 s1)",
    ),
    DeviationType(
        id="ch-under-16-other-arrangements",
        rule_id="LAC-UNREG-U16",
        title="Child under 16 in other arrangements outside the listed settings,"
        " pending a lawful placement",
        requirement="Place an under-16 under s22C(6)(d) only in a listed setting (CPPCR reg 27A)",
    ),
]
