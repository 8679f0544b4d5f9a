"""The departures from fostering rules a team manager can pick from a list."""

from __future__ import annotations

from scrutiny.register.types import DeviationType

DEVIATION_TYPES = [
    DeviationType(
        id="fos-temp-approval-beyond-limit",
        rule_id="FOS-TEMP-APPROVAL",
        title="Temporary approval beyond its limit, pending the full assessment",
        requirement="End a temporary approval within 16 weeks (CPPCR reg 24) unless extended",
    ),
    DeviationType(
        id="fos-temp-approval-covid",
        rule_id="FOS-TEMP-APPROVAL",
        title="Temporary approval of any person for up to 24 weeks (SI 2020/445)",
        requirement="Approve only a connected person temporarily, for at most 16 weeks",
        suggested_legal_basis="SI-2020/445-savings",
    ),
    DeviationType(
        id="fos-extension-beyond-limit",
        rule_id="FOS-TEMP-EXTENSION",
        title="Extended temporary approval running beyond 8 weeks, pending panel",
        requirement="Extend a temporary approval once, for at most 8 weeks (CPPCR reg 25)",
    ),
    DeviationType(
        id="fos-extension-steps-late",
        rule_id="FOS-TEMP-EXTENSION",
        title="Extension made before the panel's views, the IRO or the nominated officer",
        requirement="Seek the panel's views, inform the IRO and have a nominated officer"
        " approve before extending (CPPCR reg 25)",
    ),
    DeviationType(
        id="fos-emergency-beyond-limit",
        rule_id="FOS-EMERGENCY-PLACEMENT",
        title="Emergency placement outside terms of approval beyond 6 working days",
        requirement="Amend the terms of approval or end the placement within 6 working days"
        " (CPPCR reg 23)",
    ),
    DeviationType(
        id="fos-emergency-covid",
        rule_id="FOS-EMERGENCY-PLACEMENT",
        title="Emergency placement for up to 24 weeks (SI 2020/445)",
        requirement="Amend the terms of approval or end the placement within 6 working days",
        suggested_legal_basis="SI-2020/445-savings",
    ),
    DeviationType(
        id="fos-over-limit-pending-exemption",
        rule_id="FOS-USUAL-LIMIT",
        title="Exceeding the usual fostering limit pending an exemption",
        requirement="Foster no more than three children without a written exemption naming"
        " them (CA 1989 Sch 7)",
    ),
    DeviationType(
        id="fos-short-breaks-beyond-limits",
        rule_id="FOS-SHORT-BREAKS",
        title="Short breaks beyond 17 days a stay or 75 days a year, pending a care plan",
        requirement="Keep each short break within 17 days and 75 days in 12 months (CPPCR reg 48)",
    ),
    DeviationType(
        id="fos-review-late",
        rule_id="FOS-ANNUAL-REVIEW",
        title="Foster carer review held late",
        requirement="Review the carer's approval within a year (FSR 2011 reg 28)",
    ),
]
