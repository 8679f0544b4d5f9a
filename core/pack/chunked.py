"""Rendering a long pack in parts, laid out in parallel worker processes.

WeasyPrint lays out one document on one core. A long pack is cut at its top-level
sections (each starts a page anyway), the parts are laid out and written in worker
processes, and :mod:`scrutiny.pack.merge` joins them. What the parts cannot know alone
is filled in afterwards, so the pages read exactly as a single rendering would:

- the contents' page numbers: the cover and contents are laid out last, in this
  process, once the other parts' page counts are known;
- "Page X of Y": drawn over each page once Y is known;
- links and bookmarks: joined across the parts.

Whether a pack is cut, and where, depends on its content only, never on the machine's
cores, so the same run still gives the same bytes anywhere.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from scrutiny.forking import can_fork, exit_with_parent
from scrutiny.pack.fetcher import RestrictedURLFetcher, templates_base_url
from scrutiny.pack.merge import merge_parts

PART_BREAK = "<!-- scrutiny:part -->"
"""Written by pack.html.j2 between top-level sections: where a pack may be cut."""
PARALLEL_FROM = 250_000
"""Characters of HTML (about 35 pages) from which a pack is rendered in parts."""
PARTS = 4
"""Parts after the cover and contents: enough to keep two to four cores busy."""
PDF_VARIANT = "pdf/a-3b"  # archival, and (unlike PDF/A-1 and -2) keeps CSV/JSON attachments
# Fixed rules after the pack's stylesheet (not a named page, which WeasyPrint lays out a
# little differently): a part leaves the page number out; the sheet has nothing else.
PART_STYLE = "<style>@page { @bottom-right { content: none; } }</style>"
NUMBERS_STYLE = (
    "<style>@page { @top-center { content: none; } @bottom-center { content: none; } }</style>"
)
_TOC_LINK = re.compile(r'<a href="#([A-Za-z0-9_.:-]+)">')
_FRONT_ATTEMPTS = 3


@dataclass(frozen=True)
class PartPdf:
    """A part as written: its PDF, its page count and the page (from 0) of each anchor."""

    content: bytes
    pages: int
    anchors: dict[str, int]


def long_enough_for_parts(html: str) -> bool:
    """Whether ``html`` is long enough to be worth rendering in parts."""
    return len(html) >= PARALLEL_FROM and html.count(PART_BREAK) >= 2


def render_in_parts(
    html: str, embedding: Mapping[str, Any], *, workers: int | None = None
) -> tuple[bytes, int]:
    """The PDF of ``html`` and its page count, laid out part by part.

    The cover and contents come first and carry the catalogue and the attached files
    (``embedding``: :func:`scrutiny.pack.embedded.embedded`).
    ``workers``: processes to lay the parts out in (default: one a core, up to one a
    part); 0 lays them out here, one after another. The bytes are the same either way.
    """
    head, bodies, tail = _split(html)
    documents = [head + "".join(group) + tail for group in _groups(bodies[1:], PARTS)]
    if workers is None:
        workers = min(len(documents), os.cpu_count() or 1) if can_fork() else 0
    if workers:
        with ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=exit_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            # The heaviest parts first, so that no worker is left with one at the end.
            heaviest = sorted(range(len(documents)), key=lambda i: -documents[i].count("<"))
            submitted = {i: pool.submit(_render_part, documents[i]) for i in heaviest}
            futures: list[Future[PartPdf]] = [submitted[i] for i in range(len(documents))]
            # While the workers lay out: the contents' length, its numbers not yet known.
            front_pages = len(_layout(head + _numbered(bodies[0], None) + tail).pages)
            parts = [future.result() for future in futures]
    else:
        parts = [_render_part(d) for d in documents]
        front_pages = len(_layout(head + _numbered(bodies[0], None) + tail).pages)
    front = _front(head + bodies[0] + tail, parts, front_pages, embedding)
    total = front.pages + sum(part.pages for part in parts)
    return merge_parts(
        [front.content, *(part.content for part in parts)], _page_numbers(head, tail, total)
    )


def _split(html: str) -> tuple[str, list[str], str]:
    """The document's head (through ``<body>``, styled as a part), its body's parts, and
    its closing tags."""
    start = html.index(">", html.index("<body")) + 1
    end = html.rindex("</body>")
    head = html[:start].replace("</head>", PART_STYLE + "</head>", 1)
    return head, html[start:end].split(PART_BREAK), html[end:]


def _groups(bodies: Sequence[str], count: int) -> list[list[str]]:
    """``bodies`` in order, cut into at most ``count`` runs of about equal work.

    Work is counted in elements (``<``), not characters: a chart's image is long text
    and little layout.
    """
    weights = [body.count("<") for body in bodies]
    target = sum(weights) / count
    groups: list[list[str]] = [[]]
    done = 0
    for body, weight in zip(bodies, weights, strict=True):
        if groups[-1] and done >= target * len(groups) and len(groups) < count:
            groups.append([])
        groups[-1].append(body)
        done += weight
    return groups


def _render_part(html: str) -> PartPdf:
    document = _layout(html)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    content = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    return PartPdf(content, len(document.pages), anchors)


def _layout(html: str) -> Any:
    from weasyprint import HTML

    return HTML(
        string=html, base_url=templates_base_url(), url_fetcher=RestrictedURLFetcher()
    ).render()


def _numbered(front: str, numbers: dict[str, int] | None) -> str:
    """The contents with each entry's page number written in (``0`` until known)."""

    def number(match: re.Match[str]) -> str:
        anchor = match.group(1)
        page = 0 if numbers is None else numbers.get(anchor, 0)
        return f'<a href="#{anchor}" data-page="{escape(str(page))}">'

    return _TOC_LINK.sub(number, front)


def _front(
    html: str, parts: Sequence[PartPdf], front_pages: int, embedding: Mapping[str, Any]
) -> PartPdf:
    """The cover and contents, with the contents' page numbers written in."""
    for _ in range(_FRONT_ATTEMPTS):
        numbers = _anchor_pages(parts, front_pages)
        document = _layout(_numbered(html, numbers))
        if len(document.pages) == front_pages:
            break
        front_pages = len(document.pages)  # the numbers moved the contents on a page
    else:
        raise RuntimeError("the contents would not settle on a page count")
    _stand_ins(document, numbers)
    content = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, **embedding)
    return PartPdf(content, front_pages, {})


def _anchor_pages(parts: Sequence[PartPdf], first: int) -> dict[str, int]:
    """Each anchor's page number (from 1) in the whole pack; the first occurrence wins."""
    pages: dict[str, int] = {}
    offset = first
    for part in parts:
        for name, index in part.anchors.items():
            pages.setdefault(name, offset + index + 1)
        offset += part.pages
    return pages


def _stand_ins(document: Any, anchors: dict[str, int]) -> None:
    """Anchors on the first page for the names the other parts hold.

    WeasyPrint drops a link whose anchor is not in the same document; with a stand-in
    the link is kept, and the merge points its name at the real page.
    """
    own = {name for page in document.pages for name in page.anchors}
    for name in anchors:
        if name not in own:
            document.pages[0].anchors[name] = (0, 0, 0, 0)


def _page_numbers(head: str, tail: str, total: int) -> bytes:
    """A PDF of ``total`` pages holding only "Page X of Y", in the pack's own style."""
    body = '<div class="page-number-sheet"></div>' * total
    html = head.replace(PART_STYLE, NUMBERS_STYLE, 1) + body + tail
    return _layout(html).write_pdf()  # type: ignore[no-any-return]
