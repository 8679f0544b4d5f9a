"""The HTML variant, the Jinja2 environment and the templates themselves (no PDF)."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from scrutiny.pack.render import pack_environment, render_pack
from scrutiny.pack.sections import PackSection
from scrutiny.plugins.looked_after.pack import looked_after_section

from . import factories
from .conftest import hostile_pack


class Outline(HTMLParser):
    """Headings, th scopes and elements that could fetch or run something."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.th_scopes: list[str | None] = []
        self.active: list[str] = []
        self.charts: list[str] = []  # the summary's own charts: data: SVG images

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "th":
            self.th_scopes.append(dict(attrs).get("scope"))
        src = dict(attrs).get("src") or ""
        if tag == "img" and src.startswith("data:image/svg+xml;base64,"):
            self.charts.append(str(dict(attrs).get("alt")))
        elif tag in ("script", "img", "link", "object", "base", "iframe", "embed"):
            self.active.append(tag)


def render_html(tmp_path: Path, data: factories.PackData | None = None) -> tuple[str, Outline]:
    data = data or factories.pack_data()
    result = render_pack(data, [looked_after_section(data)], tmp_path / "pack.html", fmt="html")
    assert result.format == "html"
    assert result.pages is None
    html = result.path.read_text(encoding="utf-8")
    assert result.sha256 == hashlib.sha256(html.encode("utf-8")).hexdigest()
    outline = Outline()
    outline.feed(html)
    return html, outline


def test_html_pack_is_english_and_titled(tmp_path: Path) -> None:
    html, _ = render_html(tmp_path)
    assert '<html lang="en-GB">' in html
    assert (
        "<title>Audit pack: Northshire County Council, as of 31 March 2024 (run 42)</title>" in html
    )
    assert "@font-face" in html  # self-contained: the stylesheet is inlined
    assert [p.name for p in tmp_path.iterdir()] == ["pack.html"]
    assert "scrutiny:part" not in html  # where a PDF may be cut is no reader's business


def test_headings_are_in_order_and_header_cells_scoped(tmp_path: Path) -> None:
    _, outline = render_html(tmp_path)
    assert outline.headings[0] == 1
    for before, after in zip(outline.headings, outline.headings[1:], strict=False):
        assert after <= before + 1, f"h{before} followed by h{after}"
    assert outline.th_scopes and all(s in ("col", "row") for s in outline.th_scopes)


def test_hostile_text_is_escaped_in_html(tmp_path: Path) -> None:
    secret = tmp_path / "secret.css"
    html, outline = render_html(tmp_path / "out", hostile_pack(9, secret))
    # Only the pack's own <link>/<style> and charts may be markup; with CSS inlined, only
    # the charts, each an SVG carried in its data: URI with its text alternative.
    assert outline.active == []
    assert [alt.split(" chart")[0] for alt in outline.charts] == ["Bar", "Line", "Bar"]

    assert "&lt;script&gt;document.write(" in html
    assert "&lt;img src=&#34;http://127.0.0.1:9/img&#34;&gt;" in html


def test_each_chart_says_in_words_what_it_shows(tmp_path: Path) -> None:
    _, outline = render_html(tmp_path)
    domains, trend, deviations = outline.charts
    assert "Looked after: Breach 10" in domains
    assert "run 40 (as of 30 Sep 2023): Breach 31" in trend
    assert "run 42 (as of 31 Mar 2024): Breach 23" in trend
    assert deviations.startswith("Bar charts of the 2 deviations in the register. By legal basis:")
    assert "By risk after mitigation:" in deviations


def test_rule_errors_are_announced(tmp_path: Path) -> None:
    import dataclasses

    data = factories.pack_data()
    data = dataclasses.replace(
        data, run=dataclasses.replace(data.run, rule_errors={"LAC-REVIEW": "query timed out"})
    )
    html, _ = render_html(tmp_path, data)
    assert 'role="alert"' in html
    assert "query timed out" in html


def test_unknown_format_writes_nothing(tmp_path: Path) -> None:
    data = factories.pack_data()
    with pytest.raises(ValueError, match="unknown pack format"):
        render_pack(data, [], tmp_path / "pack.docx", fmt="docx")
    assert list(tmp_path.iterdir()) == []


def test_missing_section_template_fails_before_touching_the_old_pack(tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"old")
    broken = PackSection(
        id="x",
        title="X",
        domain="looked_after",
        package="scrutiny.plugins.looked_after",
        template="missing.html.j2",
    )
    with pytest.raises(Exception, match=r"missing\.html\.j2"):
        render_pack(factories.pack_data(), [broken], out)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]


def test_environment_escapes_and_is_strict() -> None:
    section = looked_after_section(factories.pack_data())
    env = pack_environment([section])
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    with pytest.raises(UndefinedError):
        env.from_string("{{ nothing_here }}").render()
    # Core templates first, then the plugin's own folder.
    assert env.get_template("pack.html.j2")
    assert env.get_template(section.template)


def test_no_template_marks_anything_safe() -> None:
    folders = [
        Path(str(resources.files("scrutiny.templates"))),
        Path(str(resources.files("scrutiny.plugins.looked_after"))) / "templates",
    ]
    templates = [p for folder in folders for p in folder.rglob("*.j2")]
    assert len(templates) >= 3
    for template in templates:
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup", source), template
