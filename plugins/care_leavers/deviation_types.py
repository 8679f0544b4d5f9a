"""The departures from care-leaver duties a team manager can pick from a list.

None suggests a COVID-19 legal basis: the Care Leavers (England) Regulations 2010 and
CPPCR Part 7 were not relaxed by SI 2020/445, SI 2020/909 or SI 2021/261, so a
departure in 2020 or 2021 was a departure like any other.
"""

from __future__ import annotations

from scrutiny.register.types import DeviationType

DEVIATION_TYPES = [
    DeviationType(
        id="cl-needs-assessment-late",
        rule_id="CL-NEEDS-ASSESS",
        title="Needs assessment completed after the 3 months",
        requirement="Assess an eligible child's needs within 3 months of the 16th birthday"
        " or becoming eligible (CPPCR reg 42(1))",
    ),
    DeviationType(
        id="cl-pp-review-local-yearly",
        rule_id="CL-PP-REVIEW",
        title="Pathway plan reviewed yearly under a local timetable for 18-20s",
        requirement="Review the pathway plan at least every 6 months (Care Leavers Regs reg 7)",
    ),
    DeviationType(
        id="cl-pa-visit-refused",
        rule_id="CL-PA-VISITS",
        title="Young person declined a personal adviser visit at their accommodation",
        requirement="Visit within 7 days, before each review and at least every 2 months"
        " (Care Leavers Regs reg 8)",
    ),
    DeviationType(
        id="cl-pa-visit-remote",
        rule_id="CL-PA-VISITS",
        title="Personal adviser kept in touch by phone or video instead of visiting",
        requirement="Visit the young person at the accommodation (Care Leavers Regs reg 8);"
        " no COVID-19 instrument relaxed this",
    ),
    DeviationType(
        id="cl-staying-put-welfare",
        rule_id="CL-STAYING-PUT",
        title="Staying put support withheld: not consistent with the young person's welfare",
        requirement="Support a staying put arrangement, including financially, until 21"
        " (CA 1989 s23CZA)",
        covers_requirement="financial support to the carer",
    ),
]
