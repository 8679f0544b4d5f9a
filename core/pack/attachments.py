"""The files the pack carries inside it: every finding and the register, in full.

The pages are bounded (the worst cases, counts); these are the whole record, as
``scrutiny check --format csv|json`` and ``scrutiny deviation export --history`` would
write them for the same run. Each one's SHA-256 is printed in the pack's appendix, so a
reader can check an extracted file against the page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from scrutiny.export.findings import findings_csv, findings_json
from scrutiny.export.register import register_csv, register_json
from scrutiny.pack.sections import PackData


@dataclass(frozen=True)
class PackAttachment:
    name: str
    description: str
    media_type: str
    content: bytes
    records: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


def pack_attachments(data: PackData) -> list[PackAttachment]:
    findings = data.findings
    register = data.register
    return [
        PackAttachment(
            "findings.csv",
            "Every finding of the run (one row each), as scrutiny check --format csv",
            "text/csv",
            findings_csv(findings).encode("utf-8"),
            len(findings),
        ),
        PackAttachment(
            "findings.json",
            "The run and every finding, as scrutiny check --format json",
            "application/json",
            findings_json(data.run, findings).encode("utf-8"),
            len(findings),
        ),
        PackAttachment(
            "register.csv",
            "Every version of every deviation up to the run, with its hash",
            "text/csv",
            register_csv(register).encode("utf-8"),
            len(register),
        ),
        PackAttachment(
            "register.json",
            "The same register versions as JSON",
            "application/json",
            register_json(register).encode("utf-8"),
            len(register),
        ),
    ]
