"""The PDF pack, rendered for real and read back with pypdf."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from scrutiny.pack.render import render_pack
from scrutiny.pack.sections import ImportView, PackData
from scrutiny.plugins.looked_after.pack import looked_after_section

from . import factories
from .conftest import SECRET, RenderedPack, RequestCounter

CONTENTS = (
    "Summary",
    "Looked-after children: reviews and visits",
    "Findings by domain",
    "Deviation register",
    "Data and data gaps",
    "Methodology",
    "Attached files",
    "Sign-off",
)


def squeeze(text: str) -> str:
    """Text without whitespace: a wrapped line in the PDF must not hide a match."""
    return re.sub(r"\s+", "", text)


def body_text(pages: list[str]) -> str:
    """The pages' text without their margins, so a sentence across a page break joins up."""
    return "\n".join(re.sub(r"OFFICIAL-SENSITIVE|Page \d+ of \d+", "", page) for page in pages)


def render(data: PackData, out: Path) -> tuple[Path, PdfReader]:
    result = render_pack(data, [looked_after_section(data)], out)
    return result.path, PdfReader(result.path)


def test_result_describes_the_file_written(rendered: RenderedPack) -> None:
    result = rendered.result
    assert result.format == "pdf"
    assert result.path.read_bytes().startswith(b"%PDF-")
    assert result.sha256 == hashlib.sha256(result.path.read_bytes()).hexdigest()
    assert result.pages == len(rendered.reader.pages) > 5


def test_every_page_carries_the_marking_and_page_n_of_m(rendered: RenderedPack) -> None:
    total = len(rendered.pages)
    assert rendered.result.pages == total
    for number, text in enumerate(rendered.pages, start=1):
        # Top and bottom centre; the cover shows it a third time.
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number}"
        assert f"Page {number} of {total}" in text, f"page {number}"


def test_contents_lists_every_section_with_the_page_it_starts_on(
    rendered: RenderedPack,
) -> None:
    contents = rendered.pages[1]
    assert contents.lstrip().startswith("Contents") or "Contents" in contents
    for title in CONTENTS:
        match = re.search(re.escape(title) + r"\s*\.+\s*(\d+)", contents)
        assert match, f"{title} missing from contents"
        page = int(match.group(1))
        assert title in rendered.pages[page - 1], f"{title} is not on page {page}"


def test_pdf_metadata_comes_from_the_run_not_the_clock(rendered: RenderedPack) -> None:
    meta = rendered.reader.metadata
    assert meta is not None
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20240402091530Z"
    assert "Northshire County Council" in meta["/Title"]
    assert "run 42" in meta["/Title"]


def test_summary_counts_and_section_appear(rendered: RenderedPack) -> None:
    text = rendered.text
    assert "Findings by status" in text
    assert "Findings by domain and status" in text
    assert "LAC-REVIEW: Looked-after reviews held on time" in text
    assert "Visits by phone or video among the findings" in text
    assert "scrutiny verify" in text
    assert "c0ffee" in text  # the register's chain head


def test_hostile_text_is_printed_not_obeyed(
    rendered: RenderedPack, request_counter: RequestCounter
) -> None:
    text = squeeze(rendered.text)
    port = request_counter.port
    assert "<script>document.write('INJECTED')</script>" in text
    assert f'<imgsrc="http://127.0.0.1:{port}/img">' in text
    assert '<linkrel=stylesheethref="file://' in text
    assert f"@importurl(http://127.0.0.1:{port}/import.css);" in text
    assert f'<imgsrc="http://127.0.0.1:{port}/ref">' in text  # a hostile subject ref


def test_hostile_text_causes_no_request_and_reads_no_file(
    rendered: RenderedPack, request_counter: RequestCounter
) -> None:
    assert request_counter.paths == []
    text = rendered.text
    assert SECRET not in text
    assert "FETCHED-OVER-HTTP" not in text
    assert "INJECTED" not in text.replace("document.write('INJECTED')", "")


def test_long_rationale_is_printed_in_full(rendered: RenderedPack) -> None:
    text = squeeze(body_text(rendered.pages))
    sentence = squeeze("The child's placement was disrupted over the Christmas period")
    assert text.count(sentence) == factories.LONG_RATIONALE.count(
        "The child's placement was disrupted over the Christmas period"
    )
    assert "ENDOFRATIONALE-7f3a" in text


def test_cover_page_renders_to_an_image(rendered: RenderedPack, tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        # .ci/run installs poppler-utils, so in CI a missing pdftoppm is a failure.
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true and pdftoppm (poppler-utils) is not installed")
        pytest.skip("poppler-utils is not installed")
    subprocess.run(
        [
            pdftoppm,
            "-r",
            "50",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(rendered.result.path),
            str(tmp_path / "cover"),
        ],
        check=True,
    )
    images = list(tmp_path.glob("cover*.png"))
    assert len(images) == 1
    png = images[0].read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 2_000


def test_same_data_gives_the_same_bytes(rendered: RenderedPack, tmp_path: Path) -> None:
    again = render_pack(
        rendered.data, [looked_after_section(rendered.data)], tmp_path / "again.pdf"
    )
    assert again.sha256 == rendered.result.sha256
    assert again.path.read_bytes() == rendered.result.path.read_bytes()


def test_data_gaps_are_counted_by_rule_beside_the_files_the_run_judged(tmp_path: Path) -> None:
    imported = ImportView(
        id=7,
        kind="looked_after.visits",
        source_name="visits-2023.csv",
        row_count=1_234,
        collection_year=None,
        covers_from=dt.date(2023, 4, 1),
        covers_to=dt.date(2024, 3, 31),
        imported_at=dt.datetime(2024, 4, 1, 8, 0, tzinfo=dt.UTC),
        report=None,
    )
    data = dataclasses.replace(factories.pack_data(), imports=[imported])
    _, reader = render(data, tmp_path / "gaps.pdf")
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())

    gaps = [f for f in data.findings if f.status == "data-gap"]
    by_rule = {f.rule_id for f in gaps}
    assert gaps and by_rule
    for rule_id in by_rule:
        count = sum(f.rule_id == rule_id for f in gaps)
        assert re.search(rf"{rule_id} .*? {count} \d+ \w{{3}} \d{{4}}", text), rule_id
    assert "looked_after.visits visits-2023.csv 1,234 — 1 Apr 2023 to 31 Mar 2024" in text


def test_the_pdf_is_tagged_in_english_with_each_charts_text_alternative(
    rendered: RenderedPack,
) -> None:
    catalog = rendered.reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    figures: list[str] = []
    pending = [catalog["/StructTreeRoot"]]
    while pending:
        node = pending.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, DictionaryObject):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                figures.append(str(node["/Alt"]))
            if "/K" in node:
                pending.append(node["/K"])
        elif isinstance(node, ArrayObject):
            pending.extend(node)
    assert sorted(alt.split(" chart")[0] for alt in figures) == ["Bar", "Bar", "Line"]
    assert any("Looked after: Breach" in alt for alt in figures)


def test_headings_are_the_pdfs_bookmarks(rendered: RenderedPack) -> None:
    titles = [item.title for item in rendered.reader.outline if not isinstance(item, list)]
    for title in ("Audit pack", "Summary", "Deviation register", "Methodology", "Sign-off"):
        assert title in titles


def test_every_finding_and_the_register_are_attached_with_their_hashes_shown(
    rendered: RenderedPack,
) -> None:
    attached = {name: contents[0] for name, contents in rendered.reader.attachments.items()}
    assert sorted(attached) == ["findings.csv", "findings.json", "register.csv", "register.json"]
    shown = squeeze(body_text(rendered.pages))
    for name, content in attached.items():
        assert hashlib.sha256(content).hexdigest() in shown, name
    findings = list(csv.DictReader(io.StringIO(attached["findings.csv"].decode("utf-8"))))
    assert len(findings) == len(rendered.data.findings)
    as_json = json.loads(attached["findings.json"])
    assert as_json["run"]["id"] == rendered.data.run.id
    assert len(as_json["findings"]) == len(rendered.data.findings)
    # a rationale's formula is written safe for a spreadsheet in the register's CSV
    register = attached["register.csv"].decode("utf-8")
    assert len(list(csv.DictReader(io.StringIO(register)))) == len(rendered.data.register) > 0
    assert not re.search(r"(^|,)[=+@]", register, re.MULTILINE)


def test_the_pack_is_pdf_a_3b_so_the_attachments_are_kept(rendered: RenderedPack) -> None:
    xmp = rendered.reader.xmp_metadata
    assert xmp is not None
    raw = xmp.stream.get_data().decode("utf-8")
    # the PDF/A identification schema, as attributes or elements
    assert re.search(r'pdfaid:part(="|>)3', raw), raw
    assert re.search(r'pdfaid:conformance(="|>)B', raw), raw
    catalog = rendered.reader.trailer["/Root"]
    assert "/OutputIntents" in catalog
    # each attachment is declared as the data the pack presents (WeasyPrint lists each
    # twice in /AF, which readers and validators accept)
    declared = {ref.idnum: ref.get_object() for ref in catalog["/AF"]}
    assert sorted(str(spec["/UF"]) for spec in declared.values()) == [
        "findings.csv",
        "findings.json",
        "register.csv",
        "register.json",
    ]
    assert {spec["/AFRelationship"] for spec in declared.values()} == {"/Data"}


def test_a_long_finding_list_is_bounded_and_says_how_many_more(tmp_path: Path) -> None:
    findings = [factories.finding(n) for n in range(1_000)]
    data = factories.pack_data(findings=findings, deviations=[])
    _, reader = render(data, tmp_path / "long.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    # every page the table runs onto repeats its header row
    listing = [
        page
        for page in map(squeeze, (p.extract_text() for p in reader.pages))
        if re.search(r"LAC-REVIEWC\d{6}", page)
    ]
    assert len(listing) > 2
    assert all("RuleSubjectDueEventDayslateDeviationStandard" in page for page in listing)
    assert "Breach: 1,000" in text
    assert len(re.findall(r"LAC-REVIEW\s+C\d{6}", text)) == 100  # ROW_LIMITS["breach"]
    assert "… and 900 more breaches in this domain" in " ".join(text.split())
    assert "LAC-REVIEW: 900" in text


def test_a_failed_render_leaves_the_previous_pack_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.document import Document

    out = tmp_path / "pack.pdf"
    out.write_bytes(b"the previous pack")

    def write_half_then_fail(self: Document, target: object = None, **_: object) -> None:
        target.write(b"%PDF-1.7 half a pack")  # type: ignore[attr-defined]
        raise RuntimeError("disk full")

    monkeypatch.setattr(Document, "write_pdf", write_half_then_fail)
    data = factories.pack_data(findings=[], deviations=[])
    with pytest.raises(RuntimeError, match="disk full"):
        render_pack(data, [looked_after_section(data)], out)
    assert out.read_bytes() == b"the previous pack"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]

    monkeypatch.undo()
    result = render_pack(data, [looked_after_section(data)], out)
    assert out.read_bytes().startswith(b"%PDF-")
    assert result.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]


def test_rule_errors_are_shown_on_the_summary_page(tmp_path: Path) -> None:
    data = factories.pack_data(findings=[], deviations=[])
    data = dataclasses.replace(
        data, run=dataclasses.replace(data.run, rule_errors={"LAC-SW-VISITS": "boom <b>x</b>"})
    )
    _, reader = render(data, tmp_path / "errors.pdf")
    summary = reader.pages[2].extract_text()
    assert "Rules that failed: this pack is incomplete" in summary
    assert "LAC-SW-VISITS" in summary
    assert "boom <b>x</b>" in summary
