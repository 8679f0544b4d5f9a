"""The pack's Annex A readiness section: the workbook Ofsted will be sent, list by list.

For each list: whether it was found and read, the headers matched only by similarity
or not at all, the columns the checks need that the workbook lacks, blank key dates
(data gaps a QA officer can fix before the inspection), and, for the lists Scrutiny
judges (7, 8, 9 and 11), the children or adopters whose latest dates are out of time.
Everything comes from the stored run: the batches it judged and their import reports.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scrutiny.pack.sections import FindingRow, ImportView, PackData, PackSection
from scrutiny.plugins.annex_a.importer import KIND_PREFIX
from scrutiny.plugins.annex_a.lists import LISTS

PACKAGE = "scrutiny.plugins.annex_a"
RULES_BY_LIST = {
    7: ("AA-CP-REVIEW", "AA-CP-VISIT"),
    8: ("AA-LAC-REVIEW", "AA-LAC-VISIT", "AA-LAC-HEALTH"),
    9: ("AA-CL-PP-REVIEW", "AA-CL-CONTACT", "AA-CL-ADVISER"),
    11: ("AA-ADO-STAGE1", "AA-ADO-STAGE2"),
}
OUT_OF_TIME = ("breach", "deviation-lapsed")
SHOWN_PER_LIST = 40
"""Children or adopters out of time listed per list: the earliest due (the longest out of
time) first, then by subject; the rest are counted under the table, each a finding."""


@dataclass(frozen=True)
class ListReadiness:
    number: int
    subject: str
    found: bool
    rows: int = 0
    sheet: str | None = None
    note: str | None = None
    similar: list[tuple[str, str]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    blank: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # status -> findings
    out_of_time: list[FindingRow] = field(default_factory=list)
    more_out_of_time: int = 0
    judged: bool = False

    @property
    def gaps(self) -> int:
        return sum(self.blank.values())


@dataclass(frozen=True)
class Readiness:
    source_name: str | None
    imported_at: dt.datetime | None
    dates_until: dt.date | None
    lists: list[ListReadiness]
    ignored_sheets: list[str]


def annex_a_section(pack: PackData) -> PackSection:
    return PackSection(
        id="annex_a",
        title="Annex A readiness: the inspection data lists",
        domain="annex_a",
        package=PACKAGE,
        template="annex_a_section.html.j2",
        context={"readiness": readiness(pack)},
    )


def readiness(pack: PackData) -> Readiness:
    batches = {b.kind: b for b in pack.imports if b.kind.startswith(KIND_PREFIX)}
    if not batches:
        return Readiness(None, None, None, [], [])
    any_batch = next(iter(batches.values()))
    whole: dict[str, Any] = (any_batch.report or {}).get("workbook", {})
    not_found: dict[str, str] = whole.get("not_found", {})
    lists = [
        _list(pack, annex_list.number, annex_list.subject, batches, not_found)
        for annex_list in LISTS
    ]
    return Readiness(
        any_batch.source_name,
        any_batch.imported_at,
        any_batch.covers_to,
        lists,
        list(whole.get("ignored_sheets", [])),
    )


def _list(
    pack: PackData,
    number: int,
    subject: str,
    batches: dict[str, ImportView],
    not_found: dict[str, str],
) -> ListReadiness:
    batch = batches.get(f"{KIND_PREFIX}{number}")
    if batch is None:
        return ListReadiness(number, subject, False, note=not_found.get(str(number)))
    report: dict[str, Any] = (batch.report or {}).get("list", {})
    rules = RULES_BY_LIST.get(number, ())
    findings = [f for f in pack.findings if f.rule_id in rules]
    late = sorted(
        (f for f in findings if f.status in OUT_OF_TIME), key=lambda f: (f.due_date, f.subject_ref)
    )
    return ListReadiness(
        number,
        subject,
        True,
        rows=batch.row_count,
        sheet=report.get("sheet"),
        similar=[(h, c) for h, c in report.get("similar", [])],
        unmatched=list(report.get("unmatched", [])),
        missing=list(report.get("missing", [])),
        blank={k: v for k, v in report.get("blank", {}).items() if v},
        counts=dict(Counter(f.status for f in findings)),
        out_of_time=late[:SHOWN_PER_LIST],
        more_out_of_time=max(0, len(late) - SHOWN_PER_LIST),
        judged=bool(rules),
    )
