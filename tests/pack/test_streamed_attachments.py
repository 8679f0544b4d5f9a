"""The files attached to the pack, written a finding at a time and kept deflated, are the
bytes the pack attached when it wrote each file whole; and the PDF is the same.

The reference below is how findings.csv and findings.json were written before: one
``csv_text`` and one ``json.dumps`` over every finding, in memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import tracemalloc
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.export.findings import FINDING_COLUMNS, finding_dict, run_dict
from scrutiny.export.spreadsheet_safe import csv_text
from scrutiny.pack.attachments import PackAttachment, pack_attachments
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.deflated import LEVEL
from scrutiny.pack.embedded import embedded
from scrutiny.pack.redact import redact
from scrutiny.pack.scope import narrowed
from scrutiny.pack.sections import FindingRow, PackData, RunInfo
from scrutiny.plugin_host import PluginHost

from .stored_runs import listed_findings, store_run

FINDINGS = 4_000


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def whole_csv(findings: Sequence[FindingRow]) -> str:
    return csv_text(
        (*FINDING_COLUMNS, "evidence"),
        (
            [getattr(f, c) for c in FINDING_COLUMNS]
            + [json.dumps(f.evidence, sort_keys=True, ensure_ascii=False, default=_default)]
            for f in findings
        ),
    )


def whole_json(run: RunInfo, findings: Sequence[FindingRow]) -> str:
    return json.dumps(
        {"run": run_dict(run), "findings": [finding_dict(f) for f in findings]},
        indent=2,
        ensure_ascii=False,
        default=_default,
    )


def deflated_whole(text: str) -> bytes:
    """What pydyf writes for a stream it deflates (WeasyPrint's attachments)."""
    deflate = zlib.compressobj(level=LEVEL)
    return deflate.compress(text.encode("utf-8")) + deflate.flush()


def assert_attached(attachment: PackAttachment, text: str, records: int) -> None:
    raw = text.encode("utf-8")
    assert attachment.deflated.text() == text
    assert attachment.deflated.data == deflated_whole(text)
    assert attachment.size == len(raw)
    assert attachment.sha256 == hashlib.sha256(raw).hexdigest()
    assert attachment.deflated.md5 == hashlib.md5(raw, usedforsecurity=False).hexdigest()
    assert attachment.records == records


@pytest.fixture
def stored(engine: Engine, host: PluginHost) -> tuple[PackData, PackData]:
    """A stored run's pack data, and the same with every finding read into a list."""
    run_id = store_run(engine, FINDINGS)
    data = load_pack_data(engine, host.rules, Config(), run_id)
    findings, tracked = listed_findings(engine, run_id)
    return data, dataclasses.replace(data, findings=findings, tracked=tracked)


def test_the_findings_files_are_the_ones_written_whole(stored: tuple[PackData, PackData]) -> None:
    data, whole = stored
    findings = list(whole.findings)
    assert len(findings) > FINDINGS / 2
    as_csv, as_json, *_ = pack_attachments(data)
    assert_attached(as_csv, whole_csv(findings), len(findings))
    assert_attached(as_json, whole_json(data.run, findings), len(findings))
    assert "'=HYPERLINK" in as_csv.deflated.text()  # still made safe for a spreadsheet


def test_a_narrowed_or_redacted_packs_files_are_the_ones_written_whole(
    stored: tuple[PackData, PackData],
) -> None:
    data, whole = stored
    start = dt.date(2024, 3, 10)
    for shown, listed in (
        (narrowed(data, ["safeguarding"], start), narrowed(whole, ["safeguarding"], start)),
        (redact(data, bytes(32)), redact(whole, bytes(32))),
    ):
        findings = list(listed.findings)
        as_csv, as_json, *_ = pack_attachments(shown)
        assert_attached(as_csv, whole_csv(findings), len(findings))
        assert_attached(as_json, whole_json(shown.run, findings), len(findings))


def test_no_findings_give_a_header_and_an_empty_list(stored: tuple[PackData, PackData]) -> None:
    data, _ = stored
    empty = narrowed(data, ["no-such-domain"])
    as_csv, as_json, *_ = pack_attachments(empty)
    assert_attached(as_csv, whole_csv([]), 0)
    assert_attached(as_json, whole_json(empty.run, []), 0)


def test_the_memory_the_files_take_does_not_grow_with_the_findings(
    sqlite_engine: Engine, host: PluginHost
) -> None:
    peaks, sizes = [], []
    for findings in (4_000, 20_000):
        run_id = store_run(sqlite_engine, findings)
        data = load_pack_data(sqlite_engine, host.rules, Config(), run_id)
        tracemalloc.start()
        try:
            attachments = pack_attachments(data)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        sizes.append(sum(a.size for a in attachments))
    assert sizes[1] > 4.5 * sizes[0]  # the files grew with the findings
    assert peaks[1] < 1.5 * peaks[0], f"peaks {peaks} for files of {sizes} bytes"
    assert peaks[1] < sizes[1] / 3


def test_the_pdf_is_the_one_weasyprint_writes_from_the_whole_files(
    stored: tuple[PackData, PackData], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint import HTML, Attachment

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the fonts' subsets' dates
    data, _ = stored
    attachments = pack_attachments(data)
    when = dt.datetime(2024, 4, 2, 9, 15, 30, tzinfo=dt.UTC)
    document = HTML(string="<p>The pack</p>").render()
    options: dict[str, Any] = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}
    streamed = document.write_pdf(**options, **embedded(attachments, when))
    whole = document.write_pdf(
        **options,
        attachments=[
            Attachment(
                file_obj=io.BytesIO(a.deflated.text().encode("utf-8")),
                name=a.name,
                description=a.description,
                created=when,
                modified=when,
                relationship="Data",
            )
            for a in attachments
        ],
    )
    assert streamed == whole
    with pikepdf.open(io.BytesIO(streamed)) as pdf:
        for a in attachments:
            assert pdf.attachments[a.name].get_file().read_bytes().decode() == a.deflated.text()
