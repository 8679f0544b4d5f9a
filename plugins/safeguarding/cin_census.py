"""Importing the DfE children in need census (XML), documented in docs/domains/safeguarding.md.

Layout (as DfE's specification and the public CIN validator read it)::

    <Message>
      <Header><CollectionDetails> Collection Year ReferenceDate </CollectionDetails> …
      <Children><Child>
        <ChildIdentifiers> LAchildID UPN … PersonBirthDate Sex </ChildIdentifiers>
        <ChildCharacteristics> … </ChildCharacteristics>
        <CINdetails> CINreferralDate ReferralSource PrimaryNeedCode CINclosureDate
          ReasonForClosure ReferralNFA
          <Assessments/>* <CINPlanDates/>* <Section47/>* <ChildProtectionPlans>
          … <Reviews><CPPreviewDate/>*</Reviews></ChildProtectionPlans>*
          <PreProceedingsandFGDM/>* (from 2025/26)
        </CINdetails>*
      </Child>*</Children>
    </Message>

Parsed with defusedxml (no DTDs, no entities) one ``Child`` at a time, each cleared once
read, so the tree is never built whole. The census is one collection year: a census
with reference date 31 March 2024 is 2023-24 and speaks for 1 April 2023 to 31 March
2024. Its rows are keyed by child and start date, so the next year's census, which
repeats every episode still open, updates them.

Speed matters (a large council's census has 20,000 children): each ``Child`` is read
with plain loops over its elements, dates are parsed once per distinct string, and
rows are written set-based in chunks.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from sqlalchemy import Connection, Date, Integer, Table, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from scrutiny.db.base import table_of
from scrutiny.importing.contract import Advance, BatchSpec, ImportOptions, PreparedFile
from scrutiny.importing.errors import MAX_REPORTED, InputError, InputErrors
from scrutiny.importing.fields import Cell, parse_date, parse_int, parse_text, shown
from scrutiny.importing.source import SourceFile
from scrutiny.importing.upsert import CHUNK, child_ids, upsert
from scrutiny.importing.wording import counted
from scrutiny.models.child import CHILD_REF_LENGTH, Child
from scrutiny.plugins.safeguarding.models import (
    CODE,
    Assessment,
    CinEpisode,
    CinPlan,
    PreProceedings,
    ProtectionPlan,
    ProtectionReview,
    Section47,
)

KIND = "safeguarding.cin_census"
ROOT = "Message"
ROW_LABEL = "Child element"
HEAD_BYTES = 8192
_ROOT_TAG = re.compile(rb"<Message[\s>]")
_CIN_COLLECTION = re.compile(rb"<Collection>\s*CIN\s*</Collection>")
_SPACE = re.compile(r"\s")

PRIMARY_NEEDS = frozenset(f"N{n}" for n in range(10))
CLOSURE_REASONS = frozenset(f"RC{n}" for n in range(1, 10))
ABUSE_CATEGORIES = frozenset(("NEG", "PHY", "SAB", "EMO", "MUL"))
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
MAX_PREVIOUS_PLANS = 99
MAX_REVIEW_MEETINGS = 999

# Elements of DfE's specification that Scrutiny has no use for: passed over quietly.
# Anything else it does not know is counted and named in the import's summary.
IDENTIFIERS_NOT_READ = frozenset(
    (
        "UPN",
        "FormerUPN",
        "UPNunknown",
        "ExpectedPersonBirthDate",
        "Sex",
        "GenderCurrent",
        "GenderBirth",
        "PersonDeathDate",
    )
)
DETAILS_NOT_READ = frozenset(("DateOfInitialCPC",))
ASSESSMENT_NOT_READ = frozenset(("AssessmentInternalReviewDate", "FactorsIdentifiedAtAssessment"))

Values = tuple[Any, ...]


@dataclass(frozen=True)
class _Table:
    """One table the census fills: its columns after ``child_id``, in row order."""

    name: str  # the census module, for messages and the summary
    table: Table
    columns: tuple[str, ...]
    key: tuple[str, ...]
    key_at: int = 1  # where in a row's values its key date is (the child is the rest)


EPISODES = _Table(
    "CINdetails",
    table_of(CinEpisode),
    (
        "referral_date",
        "referral_source",
        "primary_need",
        "closure_date",
        "closure_reason",
        "referral_nfa",
    ),
    ("child_id", "referral_date"),
    key_at=0,
)
ASSESSMENTS = _Table(
    "Assessments",
    table_of(Assessment),
    ("referral_date", "start_date", "authorised_on"),
    ("child_id", "start_date"),
)
CIN_PLANS = _Table(
    "CINPlanDates",
    table_of(CinPlan),
    ("referral_date", "start_date", "end_date"),
    ("child_id", "start_date"),
)
SECTION47S = _Table(
    "Section47",
    table_of(Section47),
    ("referral_date", "s47_start", "icpc_target", "icpc_date", "icpc_not_required"),
    ("child_id", "s47_start"),
)
PLANS = _Table(
    "ChildProtectionPlans",
    table_of(ProtectionPlan),
    (
        "referral_date",
        "start_date",
        "end_date",
        "initial_category",
        "latest_category",
        "previous_plans",
    ),
    ("child_id", "start_date"),
)
REVIEWS = _Table(
    "Reviews",
    table_of(ProtectionReview),
    ("plan_start", "review_date"),
    ("child_id", "review_date"),
)
PRE_PROCEEDINGS = _Table(
    "PreProceedingsandFGDM",
    table_of(PreProceedings),
    (
        "referral_date",
        "start_date",
        "letter_sent_on",
        "fgdm_offered",
        "fgdm_held",
        "initial_meeting_on",
        "review_meetings",
        "step_decision_on",
        "outcome",
        "court_application_on",
        "letter_initiating_cp_on",
    ),
    ("child_id", "start_date"),
)
TABLES = (EPISODES, ASSESSMENTS, CIN_PLANS, SECTION47S, PLANS, REVIEWS, PRE_PROCEEDINGS)


def is_cin_census(source: SourceFile) -> bool:
    """An XML file whose root is ``Message`` and whose header names the CIN collection."""
    if source.format != "xml":
        return False
    head = source.data[:HEAD_BYTES]
    return (
        b"<EXPSSDA903" not in head
        and _ROOT_TAG.search(head) is not None
        and _CIN_COLLECTION.search(head) is not None
    )


def collection_year(reference_date: dt.date) -> str:
    """The census year a reference date closes: 31 March 2024 closes 2023-24."""
    starts = _covers_from(reference_date)
    return f"{starts.year}-{reference_date.year % 100:02d}"


def _covers_from(reference_date: dt.date) -> dt.date:
    """The day after the same date a year earlier (29 February falls back to the 28th)."""
    try:
        year_before = reference_date.replace(year=reference_date.year - 1)
    except ValueError:
        year_before = reference_date.replace(year=reference_date.year - 1, day=28)
    return year_before + dt.timedelta(days=1)


ASSESSMENT_START = "AssessmentActualStartDate"
ASSESSMENT_ELEMENTS = frozenset(
    (ASSESSMENT_START, "AssessmentAuthorisationDate", *ASSESSMENT_NOT_READ)
)
CIN_PLAN_ELEMENTS = frozenset(("CINPlanStartDate", "CINPlanEndDate"))
SECTION47_ELEMENTS = frozenset(
    ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired")
)
PLAN_ELEMENTS = frozenset(
    (
        "CPPstartDate",
        "CPPendDate",
        "InitialCategoryOfAbuse",
        "LatestCategoryOfAbuse",
        "NumberOfPreviousCPP",
    )
)
PRE_PROCEEDINGS_ELEMENTS = frozenset(
    (
        "PPStartDate",
        "LBPSentDate",
        "FGDMMeetingOffer",
        "FGDMMeetingFac",
        "InitialPPMeetingDate",
        "ReviewMeetingsCount",
        "StepDecisionDate",
        "PPOutcome",
        "CourtAppDate",
        "LetterInitCPDate",
    )
)


class _Census:
    """What one census file says, read one ``Child`` at a time and checked as it goes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.reference_date: dt.date | None = None
        self.children: dict[str, int] = {}  # LAchildID -> its Child element's ordinal
        self.dobs: dict[str, dt.date] = {}
        self.rows: dict[str, list[Values]] = {t.name: [] for t in TABLES}
        self.keys: dict[str, set[tuple[str, dt.date]]] = {t.name: set() for t in TABLES}
        self.not_read: Counter[str] = Counter()
        self._dates: dict[str, dt.date] = {}
        self._modules: dict[str, Callable[[Element, str, dt.date, int], None]] = {
            "Assessments": self._assessment,
            "CINPlanDates": self._cin_plan,
            "Section47": self._section47,
            "ChildProtectionPlans": self._plan,
            "PreProceedingsandFGDM": self._pre_proceedings,
        }

    # Values ---------------------------------------------------------------------------

    def _cell(self, number: int, tag: str) -> Cell:
        return Cell(self.file, number, tag, ROW_LABEL)

    def date(self, text: str | None, number: int, tag: str) -> dt.date:
        """A required ISO date. Each distinct string is parsed once: a census repeats few."""
        found = self._dates.get(text) if text is not None else None
        if found is not None:
            return found
        value = parse_date((text or "").strip(), self._cell(number, tag), required=True, iso=True)
        assert value is not None
        if text is not None:
            self._dates[text] = value
        return value

    def optional_date(self, text: str | None, number: int, tag: str) -> dt.date | None:
        if text is None:
            return None
        found = self._dates.get(text)
        if found is not None:
            return found
        if not text.strip():
            return None
        return self.date(text, number, tag)

    def code(self, text: str | None, number: int, tag: str, allowed: frozenset[str]) -> str | None:
        if text is None:
            return None
        if text in allowed:
            return text
        value = text.strip().upper()
        if not value:
            return None
        if value not in allowed:
            raise self._cell(number, tag).error(
                f"{shown(text.strip())} is not a known code; allowed: {', '.join(sorted(allowed))}"
            )
        return value

    def short_code(self, text: str | None, number: int, tag: str) -> str | None:
        """A code whose set Scrutiny does not check, kept if it fits the column."""
        if text is None:
            return None
        value = parse_text(text.strip(), self._cell(number, tag), required=False, max_length=CODE)
        if value is not None and any(c.isspace() for c in value):
            raise self._cell(number, tag).error(f"{shown(value)} is not a code")
        return value

    def boolean(self, text: str | None, number: int, tag: str) -> bool | None:
        if text is None:
            return None
        found = BOOLEANS.get(text)
        if found is not None:
            return found
        value = text.strip().lower()
        if not value:
            return None
        if value not in BOOLEANS:
            raise self._cell(number, tag).error(f"{shown(text.strip())} is not true, false, 1 or 0")
        return BOOLEANS[value]

    def whole(self, text: str | None, number: int, tag: str, maximum: int) -> int | None:
        if text is None:
            return None
        return parse_int(
            text.strip(), self._cell(number, tag), required=False, minimum=0, maximum=maximum
        )

    def not_before(
        self, number: int, later_tag: str, later: dt.date | None, earlier_tag: str, earlier: dt.date
    ) -> None:
        if later is not None and later < earlier:
            raise self._cell(number, later_tag).error(
                f"{later.isoformat()} is before {earlier_tag} {earlier.isoformat()}"
            )

    def add(self, table: _Table, number: int, tag: str, ref: str, values: Values) -> None:
        """A row, refused if the child already has one with the same key date."""
        keys = self.keys[table.name]
        key = (ref, values[table.key_at])
        if key in keys:
            raise self._cell(number, tag).error(
                f"{key[1].isoformat()} is given twice for this child"
                f" (two {table.name} with the same {tag})"
            )
        keys.add(key)
        self.rows[table.name].append((ref, *values))

    # Elements -------------------------------------------------------------------------

    def header(self, header: Element) -> None:
        details = header.find("CollectionDetails")
        collection = details.findtext("Collection") if details is not None else None
        if (collection or "").strip() != "CIN":
            raise InputError(
                f"the header's Collection is {shown((collection or '').strip())}, not 'CIN'",
                file=self.file,
            )
        text = details.findtext("ReferenceDate") if details is not None else None
        cell = Cell(self.file, 1, "ReferenceDate", "Header element")
        self.reference_date = parse_date((text or "").strip(), cell, required=True, iso=True)

    def child(self, child: Element, number: int) -> None:
        ref: str | None = None
        dob: str | None = None
        episodes: list[Element] = []
        for part in child:
            tag = part.tag
            if tag == "CINdetails":
                episodes.append(part)
            elif tag == "ChildIdentifiers":
                for leaf in part:
                    name = leaf.tag
                    if name == "LAchildID":
                        ref = leaf.text
                    elif name == "PersonBirthDate":
                        dob = leaf.text
                    elif name not in IDENTIFIERS_NOT_READ:
                        self.not_read[name] += 1
            elif tag != "ChildCharacteristics":
                self.not_read[tag] += 1
        child_ref = self._child_ref(ref, number)
        born = self._date_of_birth(dob, number)
        if born is not None:
            self.dobs[child_ref] = born
        for details in episodes:
            self.episode(details, child_ref, number)

    def _child_ref(self, text: str | None, number: int) -> str:
        ref = (text or "").strip()
        cell = self._cell(number, "LAchildID")
        if not ref:
            raise cell.error("the child's LAchildID is missing")
        # The reference is not repeated: councils have been known to put names in it.
        if len(ref) > CHILD_REF_LENGTH:
            raise cell.error(
                f"the child's reference is {len(ref)} characters long;"
                f" the limit is {CHILD_REF_LENGTH}"
            )
        if _SPACE.search(ref) or not ref.isprintable():
            raise cell.error("the child's reference must not contain spaces or control characters")
        earlier = self.children.get(ref)
        if earlier is not None:
            raise cell.error(f"repeats {ROW_LABEL} {earlier} (the same LAchildID)")
        self.children[ref] = number
        return ref

    def _date_of_birth(self, text: str | None, number: int) -> dt.date | None:
        """PersonBirthDate (absent for an unborn child). A bad one is not repeated back."""
        if text is None or not text.strip():
            return None
        found = self._dates.get(text)
        if found is not None:
            return found
        try:
            return self.date(text, number, "PersonBirthDate")
        except InputError:
            raise self._cell(number, "PersonBirthDate").error(
                "is not a real date in the form YYYY-MM-DD"
            ) from None

    def episode(self, details: Element, ref: str, number: int) -> None:
        referral = source = need = closure = reason = nfa = None
        modules: list[Element] = []
        for part in details:
            tag = part.tag
            if tag in self._modules:
                modules.append(part)
            elif tag == "CINreferralDate":
                referral = part.text
            elif tag == "ReferralSource":
                source = part.text
            elif tag == "PrimaryNeedCode":
                need = part.text
            elif tag == "CINclosureDate":
                closure = part.text
            elif tag == "ReasonForClosure":
                reason = part.text
            elif tag == "ReferralNFA":
                nfa = part.text
            elif tag not in DETAILS_NOT_READ:
                self.not_read[tag] += 1
        if referral is None or not referral.strip():
            raise self._cell(number, "CINreferralDate").error("a CINdetails has no CINreferralDate")
        referred = self.date(referral, number, "CINreferralDate")
        closed = self.optional_date(closure, number, "CINclosureDate")
        self.not_before(number, "CINclosureDate", closed, "CINreferralDate", referred)
        values = (
            referred,
            self.short_code(source, number, "ReferralSource"),
            self.code(need, number, "PrimaryNeedCode", PRIMARY_NEEDS),
            closed,
            self.code(reason, number, "ReasonForClosure", CLOSURE_REASONS),
            self.boolean(nfa, number, "ReferralNFA"),
        )
        self.add(EPISODES, number, "CINreferralDate", ref, values)
        for module in modules:
            self._modules[module.tag](module, ref, referred, number)

    def _leaves(self, module: Element, known: frozenset[str]) -> dict[str, str | None]:
        values: dict[str, str | None] = {}
        for leaf in module:
            tag = leaf.tag
            if tag in known:
                values[tag] = leaf.text
            else:
                self.not_read[tag] += 1
        return values

    def _assessment(self, module: Element, ref: str, referred: dt.date, number: int) -> None:
        values = self._leaves(module, ASSESSMENT_ELEMENTS)
        started = self.date(values.get("AssessmentActualStartDate"), number, ASSESSMENT_START)
        authorised = self.optional_date(
            values.get("AssessmentAuthorisationDate"), number, "AssessmentAuthorisationDate"
        )
        self.not_before(
            number, "AssessmentAuthorisationDate", authorised, ASSESSMENT_START, started
        )
        self.add(ASSESSMENTS, number, ASSESSMENT_START, ref, (referred, started, authorised))

    def _cin_plan(self, module: Element, ref: str, referred: dt.date, number: int) -> None:
        values = self._leaves(module, CIN_PLAN_ELEMENTS)
        started = self.date(values.get("CINPlanStartDate"), number, "CINPlanStartDate")
        ended = self.optional_date(values.get("CINPlanEndDate"), number, "CINPlanEndDate")
        self.not_before(number, "CINPlanEndDate", ended, "CINPlanStartDate", started)
        self.add(CIN_PLANS, number, "CINPlanStartDate", ref, (referred, started, ended))

    def _section47(self, module: Element, ref: str, referred: dt.date, number: int) -> None:
        values = self._leaves(module, SECTION47_ELEMENTS)
        started = self.date(values.get("S47ActualStartDate"), number, "S47ActualStartDate")
        target = self.optional_date(values.get("InitialCPCtarget"), number, "InitialCPCtarget")
        icpc = self.optional_date(values.get("DateOfInitialCPC"), number, "DateOfInitialCPC")
        self.not_before(number, "InitialCPCtarget", target, "S47ActualStartDate", started)
        self.not_before(number, "DateOfInitialCPC", icpc, "S47ActualStartDate", started)
        not_required = self.boolean(values.get("ICPCnotRequired"), number, "ICPCnotRequired")
        self.add(
            SECTION47S,
            number,
            "S47ActualStartDate",
            ref,
            (referred, started, target, icpc, not_required),
        )

    def _plan(self, module: Element, ref: str, referred: dt.date, number: int) -> None:
        values: dict[str, str | None] = {}
        reviews: list[str | None] = []
        for leaf in module:
            tag = leaf.tag
            if tag == "Reviews":
                for review in leaf:
                    if review.tag == "CPPreviewDate":
                        reviews.append(review.text)
                    else:
                        self.not_read[review.tag] += 1
            elif tag in PLAN_ELEMENTS:
                values[tag] = leaf.text
            else:
                self.not_read[tag] += 1
        started = self.date(values.get("CPPstartDate"), number, "CPPstartDate")
        ended = self.optional_date(values.get("CPPendDate"), number, "CPPendDate")
        self.not_before(number, "CPPendDate", ended, "CPPstartDate", started)
        row = (
            referred,
            started,
            ended,
            self.code(
                values.get("InitialCategoryOfAbuse"),
                number,
                "InitialCategoryOfAbuse",
                ABUSE_CATEGORIES,
            ),
            self.code(
                values.get("LatestCategoryOfAbuse"),
                number,
                "LatestCategoryOfAbuse",
                ABUSE_CATEGORIES,
            ),
            self.whole(
                values.get("NumberOfPreviousCPP"), number, "NumberOfPreviousCPP", MAX_PREVIOUS_PLANS
            ),
        )
        self.add(PLANS, number, "CPPstartDate", ref, row)
        for text in reviews:
            reviewed = self.date(text, number, "CPPreviewDate")
            self.not_before(number, "CPPreviewDate", reviewed, "CPPstartDate", started)
            self.add(REVIEWS, number, "CPPreviewDate", ref, (started, reviewed))

    def _pre_proceedings(self, module: Element, ref: str, referred: dt.date, number: int) -> None:
        values = self._leaves(module, PRE_PROCEEDINGS_ELEMENTS)
        get = values.get
        started = self.date(get("PPStartDate"), number, "PPStartDate")
        row = (
            referred,
            started,
            self.optional_date(get("LBPSentDate"), number, "LBPSentDate"),
            self.boolean(get("FGDMMeetingOffer"), number, "FGDMMeetingOffer"),
            self.boolean(get("FGDMMeetingFac"), number, "FGDMMeetingFac"),
            self.optional_date(get("InitialPPMeetingDate"), number, "InitialPPMeetingDate"),
            self.whole(
                get("ReviewMeetingsCount"), number, "ReviewMeetingsCount", MAX_REVIEW_MEETINGS
            ),
            self.optional_date(get("StepDecisionDate"), number, "StepDecisionDate"),
            self.short_code(get("PPOutcome"), number, "PPOutcome"),
            self.optional_date(get("CourtAppDate"), number, "CourtAppDate"),
            self.optional_date(get("LetterInitCPDate"), number, "LetterInitCPDate"),
        )
        self.add(PRE_PROCEEDINGS, number, "PPStartDate", ref, row)


def read_census(source: SourceFile, advance: Advance = lambda _count: None) -> _Census:
    """Read and check the whole census, one ``Child`` at a time, never the whole tree.

    A bad ``Child`` is reported and reading goes on, so every problem in the file is
    found in one pass (up to a limit); the census is then refused whole.
    """
    census = _Census(source.name)
    number = 0
    root: Element | None = None
    problems: list[InputError] = []
    try:
        events: Iterator[tuple[str, Element]] = iterparse(
            io.BytesIO(source.data), events=("end",), forbid_dtd=True
        )
        for _, element in events:
            tag = element.tag
            if tag == "Child":
                number += 1
                try:
                    census.child(element, number)
                except InputError as exc:
                    problems.extend(exc.problems)
                    if len(problems) >= MAX_REPORTED:
                        break
                element.clear()
                advance(1)
            elif tag == "Header":
                census.header(element)
                element.clear()
            root = element
        if problems:
            raise InputErrors(problems)
    except InputError as exc:
        raise exc.located(file=source.name) from None
    except DefusedXmlException as exc:
        raise InputError(
            f"declares a DTD or entities ({type(exc).__name__}), which Scrutiny refuses to read",
            file=source.name,
        ) from exc
    except ParseError as exc:
        raise InputError(f"is not well-formed XML ({exc})", file=source.name) from exc
    if root is None or root.tag != ROOT:
        found = "no element" if root is None else f"<{root.tag}>"
        raise InputError(f"the root element is {found}, not <{ROOT}>", file=source.name)
    if census.reference_date is None:
        raise InputError(
            "has no Header with the census's ReferenceDate (Header/CollectionDetails)",
            file=source.name,
        )
    if number == 0:
        raise InputError("holds no Child elements", file=source.name)
    return census


class CinCensusImporter:
    name = "cin_census"
    title = "DfE children in need census (XML)"

    def formats(self) -> Sequence[tuple[str, tuple[str, ...]]]:
        return [("the CIN census XML (root Message, Collection CIN)", ())]

    def claims(self, source: SourceFile) -> bool:
        return is_cin_census(source)

    def prepare(
        self, sources: Iterable[SourceFile], options: ImportOptions
    ) -> Iterator[PreparedFile]:
        for source in sources:  # one census at a time: each stands alone
            yield _prepare(source, options)


def _prepare(source: SourceFile, options: ImportOptions) -> PreparedFile:
    with options.progress(f"Reading {source.name}", source.data.count(b"<Child>")) as advance:
        census = read_census(source, advance)
    reference_date = census.reference_date
    assert reference_date is not None
    year = collection_year(reference_date)
    if options.collection_year is not None and options.collection_year != year:
        raise InputError(
            f"is the {year} census (ReferenceDate {reference_date.isoformat()}),"
            f" not {options.collection_year} as --year says",
            file=source.name,
        )
    counts = ", ".join(f"{t.name} {counted(len(census.rows[t.name]), 'row')}" for t in TABLES)
    children = counted(len(census.children), "child", "children")
    summary = f"CIN census {year}, XML ({children}; {counts})"
    if census.not_read:
        # Never silently: say what was in the file and was not imported.
        elements = ", ".join(f"{n:,} <{tag}>" for tag, n in sorted(census.not_read.items()))
        summary += f"; not read (elements Scrutiny does not know): {elements}"
    batch = BatchSpec(
        kind=KIND,
        row_count=len(census.children),
        collection_year=year,
        covers_from=_covers_from(reference_date),
        # An in-year extract (reference date still ahead) speaks only for the days so far.
        covers_to=min(reference_date, options.today),
        replaces=tuple(t.table for t in TABLES),
    )

    def write(conn: Connection, batch_ids: Mapping[str, int]) -> None:
        _write(conn, census, batch_ids[KIND])

    return PreparedFile(source=source, summary=summary, batches=[batch], write=write)


def _write(conn: Connection, census: _Census, batch_id: int) -> None:
    ids = child_ids(conn, set(census.children), batch_id)
    _fill_dates_of_birth(conn, {ids[ref]: dob for ref, dob in census.dobs.items()})
    for table in TABLES:
        columns = ("child_id", *table.columns, "import_batch_id")
        rows = [
            dict(zip(columns, (ids[ref], *values, batch_id), strict=True))
            for ref, *values in census.rows[table.name]
        ]
        upsert(conn, table.table, rows, key=table.key)


def _fill_dates_of_birth(conn: Connection, dobs: Mapping[int, dt.date]) -> None:
    """Each child's date of birth where none is stored: the SSDA903 return's, when it
    has given one, is never overwritten."""
    if not dobs:
        return
    child = table_of(Child)
    if conn.dialect.name == "postgresql":
        # One statement over two arrays: a statement per child costs seconds here.
        given = select(
            func.unnest(bindparam("ids", list(dobs), type_=ARRAY(Integer))).label("id"),
            func.unnest(bindparam("dobs", list(dobs.values()), type_=ARRAY(Date))).label("dob"),
        ).subquery()
        conn.execute(
            update(child)
            .where(child.c.id == given.c.id)
            .where(child.c.dob.is_(None))
            .values(dob=given.c.dob)
        )
        return
    ordered = sorted(dobs)
    unknown: list[int] = []
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        unknown.extend(
            conn.execute(
                select(child.c.id).where(child.c.id.in_(chunk)).where(child.c.dob.is_(None))
            ).scalars()
        )
    if unknown:
        conn.execute(
            update(child)
            .where(child.c.id == bindparam("child"))
            .where(child.c.dob.is_(None))
            .values(dob=bindparam("born")),
            [{"child": id_, "born": dobs[id_]} for id_ in unknown],
        )


def cin_census_importer() -> CinCensusImporter:
    return CinCensusImporter()
