"""Findings of a run in the forms ``scrutiny check`` writes: JSON, CSV, XLSX, JUnit XML."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any
from xml.etree import ElementTree as ET

from scrutiny.export.spreadsheet_safe import csv_text
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


def findings_json(run: RunInfo, findings: Sequence[FindingRow]) -> str:
    return json.dumps(
        {"run": run_dict(run), "findings": [finding_dict(f) for f in findings]},
        indent=2,
        ensure_ascii=False,
        default=_json_default,
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def findings_csv(findings: Sequence[FindingRow]) -> str:
    header = (*FINDING_COLUMNS, "evidence")
    rows = (
        [getattr(f, c) for c in FINDING_COLUMNS]
        + [json.dumps(f.evidence, sort_keys=True, ensure_ascii=False, default=_json_default)]
        for f in findings
    )
    return csv_text(header, rows)


def findings_xlsx(findings: Sequence[FindingRow]) -> bytes:
    """The CSV's columns as a workbook: dates as date cells, no cell a formula."""
    header = (*FINDING_COLUMNS, "evidence")
    rows = (
        [getattr(f, c) for c in FINDING_COLUMNS]
        + [json.dumps(f.evidence, sort_keys=True, ensure_ascii=False, default=_json_default)]
        for f in findings
    )
    return workbook_bytes("Findings", header, rows)


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
