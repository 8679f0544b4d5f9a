"""Shared fixtures: a local server that counts requests, and one rendered hostile pack.

Rendering a PDF takes a second or two, so the main pack is rendered once per module
and read by many tests.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from scrutiny.pack.render import PackResult, render_pack
from scrutiny.pack.sections import PackData
from scrutiny.plugins.looked_after.pack import looked_after_section
from tests.request_counter import RequestCounter, counting_server

from . import factories

SECRET = "SECRET-CONTENT-91c2e7"


@pytest.fixture(scope="module")
def request_counter() -> Iterator[RequestCounter]:
    """An HTTP server on 127.0.0.1 that records every request made to it."""
    with counting_server() as counter:
        yield counter


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A local file that, if WeasyPrint ever loaded it as CSS, would print its secret."""
    path = tmp_path_factory.mktemp("secret") / "secret.css"
    path.write_text(f"body::before {{ content: '{SECRET}' }}\n", encoding="utf-8")
    return path


def hostile_text(port: int, secret: Path) -> str:
    return (
        f"<script>document.write('INJECTED')</script>\n"
        f'<img src="http://127.0.0.1:{port}/img">\n'
        f'<link rel=stylesheet href="file://{secret}">\n'
        f'<link rel=stylesheet href="http://127.0.0.1:{port}/link.css">\n'
        f"<style>@import url(http://127.0.0.1:{port}/import.css); "
        f"@import 'file://{secret}'; "
        f"body {{ background: url(http://127.0.0.1:{port}/bg) }}</style>\n"
        f'<div style="background-image: url(http://127.0.0.1:{port}/inline)">x</div>\n'
        f'<base href="http://127.0.0.1:{port}/"><object data="http://127.0.0.1:{port}/obj">'
    )


def hostile_pack(port: int, secret: Path) -> PackData:
    hostile = hostile_text(port, secret)
    data = factories.pack_data()
    first, *rest = data.deviations
    hostile_deviation = dataclasses.replace(
        first,
        rationale=factories.LONG_RATIONALE + "\n" + hostile,
        mitigations=hostile,
        done_instead='=HYPERLINK("http://127.0.0.1/x","video call")',
        recorded_by=f'<img src="http://127.0.0.1:{port}/name">Priya Shah',
    )
    first_finding, *other_findings = data.findings
    findings = [
        dataclasses.replace(first_finding, subject_ref=f'<img src="http://127.0.0.1:{port}/ref">'),
        *other_findings,
    ]
    deviations = [hostile_deviation, *rest]
    return dataclasses.replace(
        data,
        deviations=deviations,
        findings=findings,
        register=factories.register_of(deviations),
    )


@dataclass(frozen=True)
class RenderedPack:
    data: PackData
    result: PackResult
    reader: PdfReader
    pages: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


@pytest.fixture(scope="module")
def rendered(
    request_counter: RequestCounter, secret_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> RenderedPack:
    data = hostile_pack(request_counter.port, secret_file)
    out = tmp_path_factory.mktemp("pack") / "audit-pack.pdf"
    result = render_pack(data, [looked_after_section(data)], out)
    reader = PdfReader(out)
    return RenderedPack(data, result, reader, [p.extract_text() for p in reader.pages])
