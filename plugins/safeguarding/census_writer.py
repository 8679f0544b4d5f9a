"""Writing a DfE children in need census (XML) for the demo, the tests and benchmarks.

The layout is DfE's: ``Message/Header`` then ``Children/Child``, each child with its
identifiers, characteristics and one ``CINdetails`` per CIN episode, the episode's
modules in the schema's order. The file is streamed with the standard library's
``XMLGenerator``, which escapes text, so a census of any size is written in constant
memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

SOFTWARE_CODE = "Scrutiny"
RELEASE = "1"
NO_ATTRIBUTES = AttributesImpl({})


@dataclass
class CensusAssessment:
    start: dt.date
    authorised: dt.date | None = None


@dataclass
class CensusCinPlan:
    start: dt.date
    end: dt.date | None = None


@dataclass
class CensusS47:
    start: dt.date
    icpc_target: dt.date | None = None
    icpc: dt.date | None = None
    icpc_not_required: bool = False


@dataclass
class CensusPlan:
    start: dt.date
    end: dt.date | None = None
    initial_category: str = "NEG"
    latest_category: str = "NEG"
    previous_plans: int = 0
    reviews: list[dt.date] = field(default_factory=list)


@dataclass
class CensusPreProceedings:
    start: dt.date
    letter_sent: dt.date | None = None
    fgdm_offered: bool | None = None
    fgdm_held: bool | None = None
    initial_meeting: dt.date | None = None
    review_meetings: int | None = None
    step_decision: dt.date | None = None
    outcome: str | None = None
    court_application: dt.date | None = None
    letter_initiating_cp: dt.date | None = None


@dataclass
class CensusEpisode:
    referral: dt.date
    source: str = "1A"
    need: str = "N1"
    closure: dt.date | None = None
    closure_reason: str | None = None
    referral_nfa: bool = False
    assessments: list[CensusAssessment] = field(default_factory=list)
    cin_plans: list[CensusCinPlan] = field(default_factory=list)
    s47s: list[CensusS47] = field(default_factory=list)
    plans: list[CensusPlan] = field(default_factory=list)
    pre_proceedings: list[CensusPreProceedings] = field(default_factory=list)


@dataclass
class CensusChild:
    ref: str
    dob: dt.date
    sex: str = "1"
    ethnicity: str = "WBRI"
    episodes: list[CensusEpisode] = field(default_factory=list)


Value = str | int | bool | dt.date | None


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class _CensusXml:
    """Thin wrapper over XMLGenerator that writes indented elements."""

    def __init__(self, out: XMLGenerator) -> None:
        self.out = out
        self.depth = 0

    def _indent(self) -> None:
        self.out.ignorableWhitespace("\n" + "  " * self.depth)

    def open(self, tag: str) -> None:
        if self.depth:
            self._indent()
        self.out.startElement(tag, NO_ATTRIBUTES)
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self._indent()
        self.out.endElement(tag)

    def leaf(self, tag: str, value: Value) -> None:
        self._indent()
        self.out.startElement(tag, NO_ATTRIBUTES)
        self.out.characters(_text(value))
        self.out.endElement(tag)

    def empty(self, tag: str) -> None:
        self._indent()
        self.out.startElement(tag, NO_ATTRIBUTES)
        self.out.endElement(tag)

    def optional(self, tag: str, value: Value) -> None:
        if value is not None:
            self.leaf(tag, value)


def _write_header(xml: _CensusXml, reference_date: dt.date, la_code: str) -> None:
    xml.open("Header")
    xml.open("CollectionDetails")
    xml.leaf("Collection", "CIN")
    xml.leaf("Year", reference_date.year)
    xml.leaf("ReferenceDate", reference_date)
    xml.close("CollectionDetails")
    xml.open("Source")
    xml.leaf("SourceLevel", "L")
    xml.leaf("LEA", la_code)
    xml.leaf("SoftwareCode", SOFTWARE_CODE)
    xml.leaf("Release", RELEASE)
    xml.leaf("SerialNo", "001")
    # The day after the reference date, not the clock: the same census, the same bytes.
    produced = dt.datetime.combine(reference_date + dt.timedelta(days=1), dt.time(9, 0))
    xml.leaf("DateTime", produced.isoformat())
    xml.close("Source")
    xml.close("Header")


def _write_episode(xml: _CensusXml, episode: CensusEpisode) -> None:
    xml.open("CINdetails")
    xml.leaf("CINreferralDate", episode.referral)
    xml.leaf("ReferralSource", episode.source)
    xml.leaf("PrimaryNeedCode", episode.need)
    xml.optional("CINclosureDate", episode.closure)
    xml.optional("ReasonForClosure", episode.closure_reason)
    first_icpc = min((s47.icpc for s47 in episode.s47s if s47.icpc), default=None)
    xml.optional("DateOfInitialCPC", first_icpc)
    for assessment in episode.assessments:
        xml.open("Assessments")
        xml.leaf("AssessmentActualStartDate", assessment.start)
        xml.optional("AssessmentAuthorisationDate", assessment.authorised)
        if assessment.authorised is not None:
            xml.open("FactorsIdentifiedAtAssessment")
            xml.leaf("AssessmentFactors", "21")
            xml.close("FactorsIdentifiedAtAssessment")
        xml.close("Assessments")
    for cin_plan in episode.cin_plans:
        xml.open("CINPlanDates")
        xml.leaf("CINPlanStartDate", cin_plan.start)
        xml.optional("CINPlanEndDate", cin_plan.end)
        xml.close("CINPlanDates")
    for s47 in episode.s47s:
        xml.open("Section47")
        xml.leaf("S47ActualStartDate", s47.start)
        xml.optional("InitialCPCtarget", s47.icpc_target)
        xml.optional("DateOfInitialCPC", s47.icpc)
        xml.leaf("ICPCnotRequired", s47.icpc_not_required)
        xml.close("Section47")
    xml.leaf("ReferralNFA", episode.referral_nfa)
    for plan in episode.plans:
        xml.open("ChildProtectionPlans")
        xml.leaf("CPPstartDate", plan.start)
        xml.optional("CPPendDate", plan.end)
        xml.leaf("InitialCategoryOfAbuse", plan.initial_category)
        xml.leaf("LatestCategoryOfAbuse", plan.latest_category)
        xml.leaf("NumberOfPreviousCPP", plan.previous_plans)
        if plan.reviews:
            xml.open("Reviews")
            for review in plan.reviews:
                xml.leaf("CPPreviewDate", review)
            xml.close("Reviews")
        else:
            xml.empty("Reviews")
        xml.close("ChildProtectionPlans")
    for pp in episode.pre_proceedings:
        xml.open("PreProceedingsandFGDM")
        xml.leaf("PPStartDate", pp.start)
        xml.optional("LBPSentDate", pp.letter_sent)
        xml.optional("FGDMMeetingOffer", pp.fgdm_offered)
        xml.optional("FGDMMeetingFac", pp.fgdm_held)
        xml.optional("InitialPPMeetingDate", pp.initial_meeting)
        xml.optional("ReviewMeetingsCount", pp.review_meetings)
        xml.optional("StepDecisionDate", pp.step_decision)
        xml.optional("PPOutcome", pp.outcome)
        xml.optional("CourtAppDate", pp.court_application)
        xml.optional("LetterInitCPDate", pp.letter_initiating_cp)
        xml.close("PreProceedingsandFGDM")
    xml.close("CINdetails")


def _write_child(xml: _CensusXml, child: CensusChild) -> None:
    xml.open("Child")
    xml.open("ChildIdentifiers")
    xml.leaf("LAchildID", child.ref)
    xml.leaf("UPNunknown", "UN1")
    xml.leaf("PersonBirthDate", child.dob)
    xml.leaf("Sex", child.sex)
    xml.close("ChildIdentifiers")
    xml.open("ChildCharacteristics")
    xml.leaf("Ethnicity", child.ethnicity)
    xml.open("Disabilities")
    xml.leaf("Disability", "NONE")
    xml.close("Disabilities")
    xml.close("ChildCharacteristics")
    for episode in child.episodes:
        _write_episode(xml, episode)
    xml.close("Child")


def write_census(
    path: Path,
    reference_date: dt.date,
    children: Iterable[CensusChild],
    la_code: str = "999",
) -> None:
    """Write a CIN census with ``reference_date`` (31 March) to ``path``, streaming."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        out = XMLGenerator(handle, encoding="utf-8", short_empty_elements=True)
        out.startDocument()
        xml = _CensusXml(out)
        xml.open("Message")
        _write_header(xml, reference_date, la_code)
        xml.open("Children")
        for child in children:
            _write_child(xml, child)
        xml.close("Children")
        xml.close("Message")
        out.endDocument()
        handle.write("\n")
