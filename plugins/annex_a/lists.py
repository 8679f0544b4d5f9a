"""The Annex A lists: the columns of each, as Ofsted's template names them, and the
other spellings councils' workbooks use.

Each column is a :class:`Column`: the field it is stored as (or ``None`` for a column
Scrutiny recognises but does not keep: names, ethnicity, workers), its type, and its
headers, the first being the template's own. A header is matched after
:func:`scrutiny.plugins.annex_a.headers.normalise`, so case, curly quotes, spacing and
punctuation never matter; spelling drift is matched by similarity and reported.

Only the identifiers and the dates a timescale check uses are read and validated; the
other columns are recognised (so an unmatched header means something) but not stored:
Scrutiny keeps no more personal data than its checks need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["id", "date", "yes_no", "code", "present", "text", "ignored"]


@dataclass(frozen=True)
class Column:
    field: str | None
    type: ColumnType
    headers: tuple[str, ...]
    key_date: bool = False  # a date the list is about: a blank one is a data gap

    @property
    def title(self) -> str:
        return self.headers[0]


@dataclass(frozen=True)
class AnnexList:
    number: int
    subject: str
    columns: tuple[Column, ...]
    judged: bool = False  # mapped onto a table that rules judge

    @property
    def name(self) -> str:
        return f"List {self.number}"

    @property
    def key_dates(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.key_date)


def _c(field: str | None, type_: ColumnType, *headers: str, key: bool = False) -> Column:
    return Column(field, type_, headers, key)


CHILD_ID = _c(
    "child_ref", "id", "Child Unique ID", "Child ID", "Unique Child ID", "Child Identifier"
)
GENDER = _c(None, "ignored", "Gender", "Sex")
ETHNICITY = _c(None, "ignored", "Ethnicity")
DOB = _c("dob", "date", "Date of Birth", "DOB")
AGE = _c(None, "ignored", "Age", "Age of Child (Years)", "Age of Child", "Age (Years)")
DISABILITY = _c(None, "ignored", "Does the Child have a Disability", "Disability")
TEAM = _c(None, "ignored", "Allocated Team", "Team")
WORKER = _c(None, "ignored", "Allocated Worker", "Worker", "Allocated Social Worker")
PERSON = (CHILD_ID, GENDER, ETHNICITY, DOB, AGE)

LISTS: tuple[AnnexList, ...] = (
    AnnexList(
        1,
        "contacts",
        (
            *PERSON,
            _c("contact_date", "date", "Date of Contact", "Contact Date", key=True),
            _c(None, "ignored", "Contact Source", "Source of Contact"),
        ),
    ),
    AnnexList(
        2,
        "early help",
        (
            *PERSON,
            _c(
                "start",
                "date",
                "Assessment start date",
                "Early Help Assessment Start Date",
                key=True,
            ),
            _c(
                "completed",
                "date",
                "Assessment completion date",
                "Early Help Assessment Completion Date",
            ),
            _c(None, "ignored", "Organisation completing assessment"),
        ),
    ),
    AnnexList(
        3,
        "referrals",
        (
            *PERSON,
            _c("referral_date", "date", "Date of Referral", "Referral Date", key=True),
            _c(None, "ignored", "Referral Source", "Source of Referral"),
            _c(None, "ignored", "Referral NFA?", "Referral NFA", "Was the referral NFA"),
            _c(None, "ignored", "Number of Referrals in Last 12 Months"),
            TEAM,
            WORKER,
        ),
    ),
    AnnexList(
        4,
        "assessments",
        (
            *PERSON,
            DISABILITY,
            _c(
                "start",
                "date",
                "Continuous Assessment Start Date",
                "Assessment Start Date",
                key=True,
            ),
            _c(None, "ignored", "Child Seen During Continuous Assessment"),
            _c(
                "authorised",
                "date",
                "Continuous Assessment Date of Authorisation",
                "Assessment Date of Authorisation",
                "Date of Authorisation",
            ),
            _c(
                None,
                "ignored",
                "Was the child assessed as requiring LA children's social care support?",
            ),
            TEAM,
            WORKER,
        ),
    ),
    AnnexList(
        5,
        "section 47 enquiries and initial conferences",
        (
            *PERSON,
            DISABILITY,
            _c(
                "strategy_date",
                "date",
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "Section 47 Enquiry Start Date",
                key=True,
            ),
            _c(None, "ignored", "Was an Initial Child Protection Conference deemed unnecessary?"),
            _c("icpc_date", "date", "Date of Initial Child Protection Conference", "ICPC Date"),
            _c(
                None,
                "ignored",
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            ),
            _c(None, "ignored", "Number of Section 47 Enquiries in the last 12 months"),
            _c(None, "ignored", "Number of ICPCs in the last 12 months"),
            TEAM,
            WORKER,
        ),
    ),
    AnnexList(
        6,
        "children in need",
        (
            *PERSON,
            DISABILITY,
            _c("cin_start", "date", "CIN Start Date", "Child in Need Start Date", key=True),
            _c(None, "ignored", "Primary Need Code", "Primary Need"),
            _c("last_seen", "date", "Date Child Was Last Seen", "Date Last Seen", key=True),
            _c("cin_closed", "date", "CIN Closure Date", "Child in Need Closure Date"),
            _c(None, "ignored", "Reason for Closure"),
            _c(None, "ignored", "Case Status"),
            TEAM,
            WORKER,
        ),
    ),
    AnnexList(
        7,
        "child protection",
        (
            *PERSON,
            DISABILITY,
            _c(
                "plan_start",
                "date",
                "Child Protection Plan Start Date",
                "CP Plan Start Date",
                key=True,
            ),
            _c(None, "ignored", "Initial Category of Abuse"),
            _c(None, "ignored", "Latest Category of Abuse"),
            _c(
                "last_visit",
                "date",
                "Date of the Last Statutory Visit",
                "Date of Last Statutory Visit",
                "Last Statutory Visit Date",
                key=True,
            ),
            _c("seen_alone", "yes_no", "Was the Child Seen Alone?", "Child Seen Alone"),
            _c(
                "latest_review",
                "date",
                "Date of latest review conference",
                "Date of the latest review conference",
                "Latest Review Conference Date",
            ),
            _c("plan_end", "date", "Child Protection Plan End Date", "CP Plan End Date"),
            _c(
                None,
                "ignored",
                "Subject to Emergency Protection Order or Protected Under Police Powers in"
                " Last Six Months (Y/N)",
            ),
            _c(None, "ignored", "Number of Previous Child Protection Plans"),
            TEAM,
            WORKER,
        ),
        judged=True,
    ),
    AnnexList(
        8,
        "children in care",
        (
            *PERSON,
            _c(
                None,
                "ignored",
                "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
                "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
                "UASC",
            ),
            DISABILITY,
            _c(
                "started",
                "date",
                "Date Started to be Looked After",
                "Date Started to be Looked After (Current Period)",
                "Date Became Looked After",
                key=True,
            ),
            _c(None, "ignored", "Child's Category of Need", "Category of Need"),
            _c(
                None,
                "ignored",
                "Is this a second or subsequent period of being a Looked After Child within"
                " the last 12 months (Y/N)",
            ),
            _c(None, "ignored", "Start date of current legal status"),
            _c(None, "ignored", "Child's Legal Status", "Legal Status"),
            _c(
                "latest_review",
                "date",
                "Date of Latest Statutory Review",
                "Date of Latest Statutory Review (LAC Review)",
                "Latest Statutory Review Date",
            ),
            _c(
                "last_visit",
                "date",
                "Date of Last Social Work Visit",
                "Date of Last Statutory Visit",
                "Last Social Work Visit Date",
                key=True,
            ),
            _c(None, "ignored", "What is the permanence plan for this child?", "Permanence Plan"),
            _c(
                None,
                "ignored",
                "Date of Last IRO Visit / Contact to the Child",
                "Date of Last IRO Visit",
            ),
            _c(
                "last_health",
                "date",
                "Date of Last Health Assessment",
                "Last Health Assessment Date",
            ),
            _c("last_dental", "date", "Date of Last Dental Check", "Last Dental Check Date"),
            _c(None, "ignored", "Number of Placements in the Last 12 months"),
            _c("ceased", "date", "Date Ceased to be Looked After", "Date Ceased Care"),
            _c(None, "ignored", "Reason Ceased to be Looked After"),
            _c(
                "placement_start",
                "date",
                "Start Date of Most Recent Placement",
                "Start Date of Current Placement",
                "Placement Start Date",
            ),
            _c("placement_type", "code", "Placement Type"),
            _c(None, "ignored", "Placement Provider"),
            _c(None, "ignored", "Placement postcode", "Placement Post Code"),
            _c("placement_urn", "code", "URN of Placement", "Placement URN", "URN"),
            _c(None, "ignored", "Placement Location"),
            _c(None, "ignored", "LA of Placement"),
            _c(
                None,
                "ignored",
                "Number of Episodes the Child has been 'Missing' from their Placement in the"
                " last 12 months",
            ),
            _c(
                None,
                "ignored",
                "Number of Episodes the Child has been 'Absent' from their Placement in the"
                " last 12 months",
            ),
            _c(
                None,
                "ignored",
                "Was the child offered a Return Interview after their last missing episode (Y/N)?",
            ),
            _c(
                None,
                "ignored",
                "Did the child accept a Return Interview after their last missing episode (Y/N)?",
            ),
            TEAM,
            WORKER,
        ),
        judged=True,
    ),
    AnnexList(
        9,
        "care leavers",
        (
            *PERSON,
            DISABILITY,
            TEAM,
            WORKER,
            _c(
                "adviser",
                "present",
                "Allocated Personal Advisor",
                "Allocated Personal Adviser",
                "Personal Advisor",
                "Personal Adviser",
            ),
            _c("eligibility", "text", "Eligibility Category", "Eligibility"),
            _c(None, "ignored", "LA in Touch", "In Touch"),
            _c(None, "ignored", "Type of Accommodation", "Accommodation Type"),
            _c(None, "ignored", "Suitability of Accommodation", "Accommodation Suitability"),
            _c(None, "ignored", "Activity Status", "Main Activity"),
            _c(
                "latest_plan_review",
                "date",
                "Latest Pathway Plan Review Date",
                "Date of Latest Pathway Plan Review",
                "Pathway Plan Review Date",
            ),
            _c(
                "latest_contact",
                "date",
                "Latest Date of Contact",
                "Date of Latest Contact",
                "Latest Contact Date",
                "Date of Last Contact",
            ),
        ),
        judged=True,
    ),
    AnnexList(
        10,
        "children with adoption plans",
        (
            CHILD_ID,
            _c(None, "ignored", "Family identifier", "Family ID"),
            GENDER,
            ETHNICITY,
            DOB,
            AGE,
            DISABILITY,
            _c("entered_care", "date", "Date the Child Entered Care", key=True),
            _c(
                "adoption_decision",
                "date",
                "Date of Decision that Child Should be Placed for Adoption",
                key=True,
            ),
            _c("placement_order", "date", "Date of Placement Order"),
            _c("matched", "date", "Date of Matching Child and Prospective Adopters"),
            _c("placed", "date", "Date Placed for Adoption"),
            _c("adoption_order", "date", "Date of Adoption Order"),
            _c(
                "decision_reversed",
                "date",
                "Date of Decision that Child Should No Longer be Placed for Adoption",
            ),
            _c(None, "ignored", "Reason Why Child No Longer Placed for Adoption"),
            _c(
                "ffa_placed",
                "date",
                "Date the child was placed for fostering in FFA or concurrent planning placement",
            ),
        ),
    ),
    AnnexList(
        11,
        "adopters",
        (
            _c(
                "adopter_ref",
                "id",
                "Individual adopter identifier",
                "Adopter ID",
                "Adopter identifier",
            ),
            _c("family_ref", "id", "Family identifier", "Family ID"),
            GENDER,
            ETHNICITY,
            _c(None, "ignored", "Disability"),
            _c(None, "ignored", "Is the (prospective) adopter fostering for adoption?"),
            _c("enquiry", "date", "Date enquiry received", key=True),
            _c("stage1_start", "date", "Date Stage 1 started"),
            _c("stage1_end", "date", "Date Stage 1 ended"),
            _c("stage2_start", "date", "Date Stage 2 started"),
            _c("stage2_end", "date", "Date Stage 2 ended"),
            _c("submitted", "date", "Date application submitted"),
            _c("approved", "date", "Date application approved"),
            _c("matched", "date", "Date adopter matched with child(ren)"),
            _c("placed", "date", "Date child/children placed with adopter(s)"),
            _c(None, "ignored", "No. of children placed", "Number of children placed"),
            _c("adoption_order", "date", "Date of Adoption Order"),
            _c("left", "date", "Date of leaving adoption process"),
            _c(None, "ignored", "Reason for leaving adoption process"),
        ),
        judged=True,
    ),
)

BY_NUMBER = {annex_list.number: annex_list for annex_list in LISTS}
