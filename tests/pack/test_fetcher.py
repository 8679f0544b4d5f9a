"""The restricted URL fetcher: the package's own assets, and nothing else."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from weasyprint.urls import FatalURLFetchingError, URLFetchingError, fetch

from scrutiny.pack import fetcher
from scrutiny.pack.fetcher import (
    ResourceRefused,
    RestrictedURLFetcher,
    restricted_url_fetcher,
    templates_root,
)


def asset_url(relative: str) -> str:
    return (templates_root() / relative).as_uri()


@pytest.mark.parametrize(
    ("relative", "content_type"),
    [
        ("pack.css", "text/css"),
        ("fonts/DejaVuSans.ttf", "font/ttf"),
        ("fonts/DejaVuSans-Bold.ttf", "font/ttf"),
    ],
)
def test_allows_the_packages_own_stylesheet_and_fonts(relative: str, content_type: str) -> None:
    response = restricted_url_fetcher(asset_url(relative))
    try:
        assert response.content_type == content_type
        assert response.read() == (templates_root() / relative).read_bytes()
    finally:
        response.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.css",
        "https://example.org/font.ttf",
        "ftp://example.org/pack.css",
        "data:text/css,body{color:red}",
        "file:///etc/passwd",
        "file:///etc/hostname",
        "file://remote-host/share/pack.css",
        "javascript:alert(1)",
        "//example.org/pack.css",
        "pack.css",
    ],
)
def test_refuses_network_and_files_elsewhere(url: str) -> None:
    with pytest.raises(ResourceRefused):
        restricted_url_fetcher(url)


def test_refuses_path_traversal_out_of_the_package() -> None:
    sneaky = templates_root().as_uri() + "/fonts/../../core/__init__.py"
    with pytest.raises(ResourceRefused, match="traversal"):
        restricted_url_fetcher(sneaky)
    encoded = templates_root().as_uri() + "/%2e%2e/setup.cfg"
    with pytest.raises(ResourceRefused):
        restricted_url_fetcher(encoded)


def test_refuses_package_files_that_are_not_assets() -> None:
    with pytest.raises(ResourceRefused, match="not a stylesheet"):
        restricted_url_fetcher(asset_url("pack.html.j2"))
    with pytest.raises(ResourceRefused):
        restricted_url_fetcher(asset_url("__init__.py"))


def test_refuses_a_symlink_inside_the_package_that_leads_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "templates"
    root.mkdir()
    outside = tmp_path / "outside.css"
    outside.write_text("body {}", encoding="utf-8")
    (root / "linked.css").symlink_to(outside)
    (root / "real.css").write_text("p {}", encoding="utf-8")
    monkeypatch.setattr(fetcher, "templates_root", lambda: root.resolve())
    with pytest.raises(ResourceRefused, match="outside"):
        restricted_url_fetcher((root / "linked.css").as_uri())
    assert restricted_url_fetcher((root / "real.css").as_uri()).read() == b"p {}"


def test_weasyprint_turns_a_refusal_into_a_skipped_resource() -> None:
    """Refusals are ordinary errors WeasyPrint logs and skips, not fatal ones."""
    with pytest.raises(URLFetchingError), fetch(RestrictedURLFetcher(), "http://127.0.0.1:9/x"):
        pass
    with fetch(RestrictedURLFetcher(), asset_url("pack.css")) as response:
        assert b"@font-face" in response.read()


def test_refusal_is_never_fatal() -> None:
    try:
        with fetch(RestrictedURLFetcher(), "file:///etc/passwd"):
            pass
    except URLFetchingError:
        pass
    except FatalURLFetchingError:  # pragma: no cover - the failure this test guards
        pytest.fail("a refused fetch must skip the resource, not stop the render")


def test_a_data_svg_image_is_decoded_and_nothing_else_from_data_urls() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    good = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    response = restricted_url_fetcher(good)
    try:
        assert response.content_type == "image/svg+xml"
        assert response.read() == svg
    finally:
        response.close()
    for refused in (
        "data:text/html;base64," + base64.b64encode(b"<p>x</p>").decode("ascii"),
        "data:text/css,body{background:url(http://127.0.0.1:9/x)}",
        "data:image/svg+xml,<svg/>",  # not base64
        "data:image/svg+xml;base64,not*base64",
    ):
        with pytest.raises(ResourceRefused):
            restricted_url_fetcher(refused)
