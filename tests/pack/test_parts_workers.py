"""Parts laid out in worker processes give the same bytes as parts laid out here.

Kept apart from test_render_in_parts.py, whose local HTTP server runs a thread: with
another thread alive a pack's parts are laid out in-process (see scrutiny.forking.can_fork),
and this module must see the worker processes really used.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from scrutiny.forking import can_fork
from scrutiny.pack import chunked
from scrutiny.pack.attachments import pack_attachments
from scrutiny.pack.embedded import embedded
from scrutiny.pack.render import pack_context, pack_environment
from scrutiny.plugins.looked_after.pack import looked_after_section

from . import factories


def test_two_workers_and_none_give_the_same_bytes(tmp_path: Path) -> None:
    data = dataclasses.replace(factories.pack_data(), findings=factories.varied_findings(700))
    sections = [looked_after_section(data)]
    html = (
        pack_environment(sections)
        .get_template("pack.html.j2")
        .render(pack_context(data, sections) | {"attachments": pack_attachments(data)})
    )
    assert can_fork()  # so workers=None below means worker processes
    attachments = pack_attachments(data)
    made = data.run.started_at.replace(tzinfo=dt.UTC)
    pooled, pooled_pages = chunked.render_in_parts(html, embedded(attachments, made))
    inline, inline_pages = chunked.render_in_parts(html, embedded(attachments, made), workers=0)
    assert pooled_pages == inline_pages > 15
    assert pooled == inline
    out = tmp_path / "pack.pdf"
    out.write_bytes(pooled)
    reader = PdfReader(out)
    assert len(reader.pages) == pooled_pages
    assert f"Page {pooled_pages} of {pooled_pages}" in reader.pages[-1].extract_text()
