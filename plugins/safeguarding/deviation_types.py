"""The departures from child protection timescales a team manager can pick from a list.

Working Together to Safeguard Children is statutory guidance, so most departures rely on
the legal basis "guidance-departure": a recorded reason, not a lawful flexibility. The
one coronavirus basis is the Child Safeguarding Practice Review Panel's relaxation of
the rapid review timescale (CSPRP-COVID-2020, 30 March to 31 December 2020); the 5
working days for notifying a serious incident were never relaxed, so no type suggests
a coronavirus basis for them.
"""

from __future__ import annotations

from scrutiny.register.types import DeviationType

WT = "Working Together to Safeguard Children 2018"

DEVIATION_TYPES = [
    DeviationType(
        id="cp-referral-decision-late",
        rule_id="CP-REFERRAL-DECISION",
        title="Response to a referral decided after 1 working day (reason recorded)",
        requirement=f"Decide the response to a referral within 1 working day ({WT})",
        suggested_legal_basis="guidance-departure",
        covers_requirement="decision",
    ),
    DeviationType(
        id="cp-referrer-not-informed",
        rule_id="CP-REFERRAL-DECISION",
        title="Referrer not told of the decision within 1 working day"
        " (telling them would have put the child at risk, or they could not be reached)",
        requirement=f"Tell the referrer the decision within 1 working day ({WT})",
        suggested_legal_basis="guidance-departure",
        covers_requirement="referrer-informed",
    ),
    DeviationType(
        id="cp-assessment-over-45-days",
        rule_id="CP-ASSESSMENT",
        title="Assessment took longer than 45 working days (reasons recorded)",
        requirement=f"Complete the assessment within 45 working days of the referral ({WT})",
        suggested_legal_basis="guidance-departure",
    ),
    DeviationType(
        id="cp-icpc-late",
        rule_id="CP-ICPC",
        title="Initial child protection conference held after 15 working days"
        " (reason recorded, e.g. rearranged so the family or key agencies could attend)",
        requirement="Hold the initial conference within 15 working days of the strategy"
        f" discussion at which s47 enquiries were started ({WT})",
        suggested_legal_basis="guidance-departure",
    ),
    DeviationType(
        id="cp-first-review-late",
        rule_id="CP-RCPC-1",
        title="First review conference held more than 3 months after the initial conference",
        requirement=f"Hold the first review conference within 3 months of the initial one ({WT})",
        suggested_legal_basis="guidance-departure",
    ),
    DeviationType(
        id="cp-review-late",
        rule_id="CP-RCPC-N",
        title="Review conference held more than 6 months after the one before",
        requirement=f"Hold review conferences no more than 6 months apart ({WT})",
        suggested_legal_basis="guidance-departure",
    ),
    DeviationType(
        id="cp-core-group-late",
        rule_id="CP-CORE-GROUP",
        title="First core group met later than the council's timescale (reason recorded)",
        requirement="Hold the first core group within the council's timescale of the initial"
        " conference (default 10 working days; English source unverified)",
        suggested_legal_basis="guidance-departure",
    ),
    DeviationType(
        id="cp-sin-notification-late",
        rule_id="CP-SIN",
        title="Serious incident notified after 5 working days (reason recorded; not relaxed"
        " in the coronavirus period)",
        requirement="Notify the Child Safeguarding Practice Review Panel (Children Act 2004"
        f" s16C(1)) within 5 working days of becoming aware ({WT})",
        suggested_legal_basis="guidance-departure",
    ),
    DeviationType(
        id="cp-rapid-review-covid",
        rule_id="CP-RAPID-REVIEW",
        title="Rapid review completed after 15 working days under the Panel's coronavirus"
        " relaxation (due 30 March to 31 December 2020)",
        requirement="Complete the rapid review within 15 working days of notifying the Panel"
        f" ({WT})",
        suggested_legal_basis="CSPRP-COVID-2020",
    ),
    DeviationType(
        id="cp-rapid-review-late",
        rule_id="CP-RAPID-REVIEW",
        title="Rapid review completed after 15 working days (reason recorded)",
        requirement="Complete the rapid review within 15 working days of notifying the Panel"
        f" ({WT})",
        suggested_legal_basis="guidance-departure",
    ),
]
