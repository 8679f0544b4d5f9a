"""A long pack laid out in parts, in parallel, reads exactly as one laid out whole.

The same hostile pack (with enough findings to fill several parts) is rendered both
ways, and read back as a reader and an archive would: text page by page, bookmarks,
links, attachments, PDF/A identification, the structure tree a screen reader walks,
page images, and the bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

from scrutiny.pack import chunked
from scrutiny.pack.attachments import pack_attachments
from scrutiny.pack.render import pack_context, pack_environment, render_pack
from scrutiny.pack.sections import PackData
from scrutiny.plugins.looked_after.pack import looked_after_section

from . import factories
from .conftest import RequestCounter, hostile_pack

FINDINGS = 700  # findings tables over several parts


@dataclass(frozen=True)
class Both:
    data: PackData
    whole: Path
    parts: Path
    whole_reader: PdfReader
    parts_reader: PdfReader


@pytest.fixture(scope="module")
def both(
    request_counter: RequestCounter, secret_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Both:
    hostile = hostile_pack(request_counter.port, secret_file)
    data = dataclasses.replace(
        hostile, findings=[next(iter(hostile.findings)), *factories.varied_findings(FINDINGS)[1:]]
    )
    folder = tmp_path_factory.mktemp("parts")
    sections = [looked_after_section(data)]
    whole = render_pack(data, sections, folder / "whole.pdf", in_parts=False)
    parts = render_pack(data, sections, folder / "parts.pdf", in_parts=True)
    assert whole.pages == parts.pages
    return Both(data, whole.path, parts.path, PdfReader(whole.path), PdfReader(parts.path))


def test_the_pack_is_long_enough_to_be_cut_into_several_parts(both: Both) -> None:
    html = _html(both.data)
    head, bodies, tail = chunked._split(html)
    groups = chunked._groups(bodies[1:], chunked.PARTS)
    assert len(groups) == chunked.PARTS
    # every section is in exactly one part, in order
    assert [b for group in groups for b in group] == bodies[1:]
    assert "<body" in head and "</body>" in tail
    assert chunked.PART_STYLE in head


def test_every_page_reads_the_same(both: Both) -> None:
    # Words compared, not line breaks: the page number is drawn apart from the rest.
    whole = [" ".join(page.extract_text().split()) for page in both.whole_reader.pages]
    parts = [" ".join(page.extract_text().split()) for page in both.parts_reader.pages]
    assert len(parts) == len(whole) > 15
    for number, (one, other) in enumerate(zip(whole, parts, strict=True), start=1):
        assert other == one, f"page {number}"
    for number, text in enumerate(parts, start=1):
        assert f"Page {number} of {len(parts)}" in text
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number}"


def test_the_contents_gives_each_sections_real_page(both: Both) -> None:
    pages = [page.extract_text() for page in both.parts_reader.pages]
    entries = re.findall(r"^(.+?) ?\.{3,}\s*(\d+)$", pages[1], re.MULTILINE)
    assert len(entries) >= 8
    for title, number in entries:
        assert title.strip() in pages[int(number) - 1], f"{title} is not on page {number}"


def test_bookmarks_keep_their_nesting_and_pages(both: Both) -> None:
    assert _outline(both.parts_reader) == _outline(both.whole_reader)
    depths = Counter(depth for depth, _, _ in _outline(both.parts_reader))
    assert depths[0] >= 8 and depths[1] > 0  # sections, and headings within them


def test_contents_links_reach_pages_in_other_parts(both: Both) -> None:
    links = _links(both.parts_reader)
    assert links == _links(both.whole_reader)
    assert any(target > 10 for _, _, target in links)  # beyond the first part


def test_the_attachments_and_pdf_a_identification_are_kept(both: Both) -> None:
    whole = {name: data[0] for name, data in both.whole_reader.attachments.items()}
    parts = {name: data[0] for name, data in both.parts_reader.attachments.items()}
    assert parts == whole
    assert sorted(parts) == ["findings.csv", "findings.json", "register.csv", "register.json"]
    xmp = both.parts_reader.xmp_metadata
    assert xmp is not None
    raw = xmp.stream.get_data().decode("utf-8")
    assert re.search(r'pdfaid:part(="|>)3', raw)
    assert re.search(r'pdfaid:conformance(="|>)B', raw)
    catalog = both.parts_reader.trailer["/Root"]
    assert "/OutputIntents" in catalog and "/AF" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert "/ID" in both.parts_reader.trailer
    assert both.parts_reader.metadata == both.whole_reader.metadata


def test_qpdf_finds_no_fault_in_the_joined_file(both: Both) -> None:
    with pikepdf.open(both.parts) as pdf:
        assert pdf.check_pdf_syntax() == []


def test_the_structure_tree_is_one_whole(both: Both) -> None:
    """What a screen reader relies on: every page's marked content reaches an element,
    every link annotation is in the tree, and table header IDs are unique."""
    with pikepdf.open(both.parts) as pdf:
        tree = pdf.Root.StructTreeRoot
        assert len(tree.K) == 1 and tree.K[0].S == "/Document"
        nums = list(tree.ParentTree.Nums)
        keys = [int(k) for k in nums[::2]]
        assert keys == sorted(set(keys))
        assert int(tree.ParentTreeNextKey) == keys[-1] + 1
        parents = dict(zip(keys, nums[1::2], strict=True))
        for number, page in enumerate(pdf.pages, start=1):
            mapped = parents[int(page.obj.StructParents)]
            mcids = _mcids(page)
            assert mcids, f"page {number} has no tagged content"
            assert max(mcids) < len(mapped), f"page {number}"
            for annotation in page.obj.get("/Annots", []):
                element = parents[int(annotation.StructParent)]
                assert element.S == "/Link"
                assert any(
                    isinstance(kid, pikepdf.Dictionary)
                    and kid.get("/Obj") is not None
                    and kid.Obj.objgen == annotation.objgen
                    for kid in element.K
                ), f"page {number}: a link the tree does not reach"
        ids, headers = _ids_and_headers(tree.K[0])
    assert len(ids) == len(set(ids)) > 20
    assert set(headers) <= set(ids)


def test_the_structure_reads_like_the_whole_pack(both: Both) -> None:
    """The same elements in the same order: headings, tables, cells, figures."""
    kinds = [_kinds(path) for path in (both.whole, both.parts)]
    assert kinds[0] == kinds[1]
    assert kinds[0].count("/H1") >= 8 and "/Figure" in kinds[0] and "/TH" in kinds[0]


def test_page_numbers_are_drawn_as_artifacts(both: Both) -> None:
    with pikepdf.open(both.parts) as pdf:
        for page in pdf.pages:
            last = page.obj.Contents[-1].read_bytes()
            assert last.startswith(b"Q\n/Artifact <</Type /Pagination>> BDC\n")
            assert b"/ScrutinyPageNumber Do" in last
            assert "/ScrutinyPageNumber" in page.obj.Resources.XObject


def test_pages_look_the_same(both: Both, tmp_path: Path) -> None:
    pdftoppm = _tool("pdftoppm")
    for number in (2, 3, len(both.parts_reader.pages) - 1):
        images = []
        for path in (both.whole, both.parts):
            prefix = tmp_path / f"{path.stem}-{number}"
            subprocess.run(
                [pdftoppm, "-r", "40", "-gray", "-png", "-singlefile", "-f", str(number),
                 "-l", str(number), str(path), str(prefix)],
                check=True,
            )  # fmt: skip
            images.append(Image.open(f"{prefix}.png").convert("L"))
        difference = ImageStat.Stat(ImageChops.difference(*images)).mean[0]
        assert difference < 0.5, f"page {number} differs by {difference:.2f}"


def test_a_part_render_is_written_whole_and_repeats(both: Both, tmp_path: Path) -> None:
    out = tmp_path / "again.pdf"
    sections = [looked_after_section(both.data)]
    result = render_pack(both.data, sections, out, in_parts=True)
    assert result.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert out.read_bytes() == both.parts.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["again.pdf"]


def test_hostile_text_fetches_nothing_in_parts_either(
    both: Both, request_counter: RequestCounter
) -> None:
    assert request_counter.paths == []
    text = "".join(page.extract_text() for page in both.parts_reader.pages)
    assert "<script>" in text
    assert "FETCHED-OVER-HTTP" not in text


def test_only_a_long_pack_is_cut() -> None:
    breaks = chunked.PART_BREAK * 2
    filler = "x" * (chunked.PARALLEL_FROM - len(breaks))
    assert chunked.long_enough_for_parts(filler + breaks)
    assert not chunked.long_enough_for_parts(filler[1:] + breaks)
    assert not chunked.long_enough_for_parts(filler + "y" * 10 + chunked.PART_BREAK)


def test_parts_are_runs_of_about_equal_work() -> None:
    bodies = ["<p>" * weight for weight in (10, 1, 1, 1, 30, 2, 2, 2, 2, 9)]
    groups = chunked._groups(bodies, 4)
    assert [b for group in groups for b in group] == bodies
    assert len(groups) == 4
    assert chunked._groups(bodies, 4) == groups
    assert chunked._groups(bodies[:2], 4) == [[bodies[0]], [bodies[1]]]


def _html(data: PackData) -> str:
    sections = [looked_after_section(data)]
    context = pack_context(data, sections)
    return (
        pack_environment(sections)
        .get_template("pack.html.j2")
        .render(context | {"attachments": pack_attachments(data)})
    )


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def _links(reader: PdfReader) -> list[tuple[int, str, int]]:
    named = reader.named_destinations
    found = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                name = str(annotation["/Dest"])
                found.append((number, name, reader.get_destination_page_number(named[name])))
    return found


def _mcids(page: pikepdf.Page) -> list[int]:
    found = []
    for operands, operator in pikepdf.parse_content_stream(page):
        marked = str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary)
        if marked and "/MCID" in operands[1]:
            found.append(int(operands[1].MCID))
    return found


def _ids_and_headers(document: pikepdf.Object) -> tuple[list[str], list[str]]:
    ids: list[str] = []
    headers: list[str] = []
    pending = [document]
    while pending:
        element = pending.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue
        if "/ID" in element:
            ids.append(str(element.ID))
        attributes = element.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            headers.extend(str(h) for h in attributes.Headers)
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Array):
            pending.extend(kids)
        elif kids is not None:
            pending.append(kids)
    return ids, headers


def _kinds(path: Path) -> list[str]:
    """The structure elements' types, depth first, in reading order."""
    with pikepdf.open(path) as pdf:
        kinds: list[str] = []
        pending = [pdf.Root.StructTreeRoot.K[0]]
        while pending:
            element = pending.pop()
            if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
                continue
            kinds.append(str(element.S))
            kids = element.get("/K")
            if isinstance(kids, pikepdf.Array):
                pending.extend(reversed(list(kids)))
            elif kids is not None:
                pending.append(kids)
        return kinds


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} (poppler-utils) is needed to read the pack's pages")
    return found
