"""Findings of a run in the forms ``scrutiny check`` writes: JSON, CSV, XLSX, JUnit XML."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO
from xml.etree import ElementTree as ET

from scrutiny.export.spreadsheet_safe import SafeCsvWriter
from scrutiny.export.workbook_safe import workbook_bytes
from scrutiny.pack.sections import FindingRow, RunInfo

FINDING_COLUMNS = (
    "rule_id",
    "rule_version",
    "domain",
    "subject_type",
    "subject_ref",
    "due_date",
    "event_date",
    "status",
    "severity",
    "standard",
    "deviation_ref",
)
FAILING_STATUSES = ("breach", "deviation-lapsed")


def finding_dict(f: FindingRow) -> dict[str, Any]:
    data: dict[str, Any] = {c: getattr(f, c) for c in FINDING_COLUMNS}
    data["subject"] = f"{f.subject_type}:{f.subject_ref}"
    data["due_date"] = f.due_date.isoformat()
    data["event_date"] = f.event_date.isoformat() if f.event_date else None
    data["evidence"] = f.evidence
    return data


def run_dict(run: RunInfo) -> dict[str, Any]:
    return {
        "id": run.id,
        "as_of": run.as_of.isoformat(),
        "started_at": run.started_at.isoformat(),
        "scrutiny_version": run.scrutiny_version,
        "domains": run.domains,
        "plugins": run.plugins,
        "rules": run.rules,
        "data_fingerprint": run.data_fingerprint,
        "register": {"seq": run.register_seq, "hash": run.register_hash},
        "counts": run.counts,
        "rule_errors": run.rule_errors,
    }


def findings_json(run: RunInfo, findings: Iterable[FindingRow]) -> str:
    """``{"run": ..., "findings": [...]}``, as ``json.dumps`` indents it by two."""
    buffer = io.StringIO()
    writer = FindingsJson(buffer, run)
    for f in findings:
        writer.add(f)
    writer.close()
    return buffer.getvalue()


class FindingsJson:
    """The text ``findings_json`` returns, written to ``out`` a finding at a time (for a
    run too large to hold as one string); ``close`` ends it."""

    def __init__(self, out: TextIO, run: RunInfo) -> None:
        self._out = out
        self._written = 0
        out.write('{\n  "run": ' + _nested(run_dict(run), 1) + ',\n  "findings": [')

    def add(self, f: FindingRow) -> None:
        self._out.write(("," if self._written else "") + "\n    " + _nested(finding_dict(f), 2))
        self._written += 1

    def close(self) -> None:
        self._out.write("\n  ]\n}" if self._written else "]\n}")


def _nested(value: Any, level: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` writes it ``level`` deep in a larger document.

    JSON escapes every newline inside a string, so each newline in the text is one of
    the layout's, and indenting after each gives what one ``json.dumps`` would.
    """
    text = json.dumps(value, indent=2, ensure_ascii=False, default=_json_default)
    return text.replace("\n", "\n" + "  " * level)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


CSV_HEADER = (*FINDING_COLUMNS, "evidence")


def findings_csv(findings: Iterable[FindingRow]) -> str:
    buffer = io.StringIO()
    writer = FindingsCsv(buffer)
    for f in findings:
        writer.add(f)
    return buffer.getvalue()


class FindingsCsv:
    """The text ``findings_csv`` returns, written to ``out`` a finding at a time."""

    def __init__(self, out: TextIO) -> None:
        self._writer = SafeCsvWriter(out, CSV_HEADER)

    def add(self, f: FindingRow) -> None:
        self._writer.row(_csv_row(f))


def _csv_row(f: FindingRow) -> list[Any]:
    return [getattr(f, c) for c in FINDING_COLUMNS] + [
        json.dumps(f.evidence, sort_keys=True, ensure_ascii=False, default=_json_default)
    ]


def findings_xlsx(findings: Iterable[FindingRow]) -> bytes:
    """The CSV's columns as a workbook: dates as date cells, no cell a formula."""
    return workbook_bytes("Findings", CSV_HEADER, (_csv_row(f) for f in findings))


def findings_junit(
    run: RunInfo,
    findings: Sequence[FindingRow],
    outcomes: dict[str, dict[str, int]],
    failing: set[str],
) -> str:
    """One test suite per rule; a failing test case per finding at or above the threshold."""
    suites = ET.Element("testsuites", name=f"scrutiny run {run.id} as of {run.as_of}")
    by_rule: dict[str, list[FindingRow]] = {}
    for f in findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    for rule_id in sorted(set(by_rule) | set(outcomes)):
        rule_findings = by_rule.get(rule_id, [])
        compliant = outcomes.get(rule_id, {}).get("met", 0)
        failures = [f for f in rule_findings if _fails(f, failing)]
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=rule_id,
            tests=str(len(rule_findings) + compliant),
            failures=str(len(failures)),
            skipped=str(len(rule_findings) - len(failures)),
        )
        for f in rule_findings:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=rule_id,
                name=f"{f.subject_type} {f.subject_ref} due {f.due_date}",
            )
            if _fails(f, failing):
                failure = ET.SubElement(
                    case, "failure", type=f.status, message=f"{f.status} ({f.severity})"
                )
                failure.text = json.dumps(f.evidence, sort_keys=True, default=_json_default)
            else:
                ET.SubElement(case, "skipped", message=f.status)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def _fails(f: FindingRow, failing: set[str]) -> bool:
    return f.status in FAILING_STATUSES and f.severity in failing
