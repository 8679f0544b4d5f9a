"""The files the pack carries inside it: every finding and the register, in full.

The pages are bounded (the worst cases, counts); these are the whole record, as
``scrutiny check --format csv|json`` and ``scrutiny deviation export --history`` would
write them for the same run. Each one's SHA-256 is printed in the pack's appendix, so a
reader can check an extracted file against the page.

The findings are read once, each written to both files as it is read, and the files
are kept deflated (:mod:`scrutiny.pack.deflated`): a run's findings are never all in
memory, nor is either file's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrutiny.export.findings import FindingsCsv, FindingsJson
from scrutiny.export.register import register_csv, register_json
from scrutiny.pack.deflated import Deflated, DeflatedText, deflated_text
from scrutiny.pack.sections import PackData


@dataclass(frozen=True)
class PackAttachment:
    name: str
    description: str
    media_type: str
    records: int
    deflated: Deflated

    @property
    def sha256(self) -> str:
        return self.deflated.sha256

    @property
    def size(self) -> int:
        return self.deflated.size


def pack_attachments(data: PackData) -> list[PackAttachment]:
    as_csv, as_json = DeflatedText(), DeflatedText()
    csv_writer, json_writer = FindingsCsv(as_csv.out), FindingsJson(as_json.out, data.run)
    findings = 0
    for finding in data.findings:
        csv_writer.add(finding)
        json_writer.add(finding)
        findings += 1
    json_writer.close()
    register = data.register
    return [
        PackAttachment(
            "findings.csv",
            "Every finding of the run (one row each), as scrutiny check --format csv",
            "text/csv",
            findings,
            as_csv.finish(),
        ),
        PackAttachment(
            "findings.json",
            "The run and every finding, as scrutiny check --format json",
            "application/json",
            findings,
            as_json.finish(),
        ),
        PackAttachment(
            "register.csv",
            "Every version of every deviation up to the run, with its hash",
            "text/csv",
            len(register),
            deflated_text(register_csv(register)),
        ),
        PackAttachment(
            "register.json",
            "The same register versions as JSON",
            "application/json",
            len(register),
            deflated_text(register_json(register)),
        ),
    ]
