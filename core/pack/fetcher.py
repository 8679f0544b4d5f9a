"""The only way WeasyPrint may load anything: the pack's own stylesheet and fonts.

The pack carries text typed by staff. It is escaped before WeasyPrint sees it, but if
markup ever slipped through, a fetch is how it would reach the network or the disk
(a tracking pixel, ``file:///etc/passwd`` as a stylesheet). So every fetch is refused
unless it names a stylesheet, font or image inside the installed ``scrutiny.templates``
package, judged on the real path after symlinks are resolved, or is a ``data:`` SVG or
PNG image (the summary's charts): those carry their bytes with them and reach nothing.
An SVG's own references go through this same fetcher.
"""

from __future__ import annotations

import base64
import binascii
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSET_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


class ResourceRefused(ValueError):
    """A fetch the pack does not allow; WeasyPrint logs it and skips the resource."""


@cache
def templates_root() -> Path:
    """The real directory of the installed ``scrutiny.templates`` package."""
    return Path(str(resources.files("scrutiny.templates"))).resolve(strict=True)


def templates_base_url() -> str:
    """Base URL for the pack's HTML, so ``pack.css`` and ``fonts/…`` resolve here."""
    return templates_root().as_uri() + "/"


DATA_IMAGES = ("image/svg+xml", "image/png")


def restricted_url_fetcher(url: str) -> URLFetcherResponse:
    """Fetch ``url`` if it is one of the package's own assets; raise otherwise."""
    if url[:5].lower() == "data:":
        return _data_image(url)
    path = _package_asset(url)
    return URLFetcherResponse(
        path.as_uri(), body=path.read_bytes(), headers={"Content-Type": ASSET_TYPES[path.suffix]}
    )


def _data_image(url: str) -> URLFetcherResponse:
    media, _, payload = url[5:].partition(",")
    kind, _, encoding = media.partition(";")
    if kind.lower() not in DATA_IMAGES or encoding.lower() != "base64":
        raise ResourceRefused(f"only base64 SVG or PNG data images, not {url[:40]!r}")
    try:
        body = base64.b64decode(payload, validate=True)
    except binascii.Error as error:
        raise ResourceRefused("a data image that is not base64") from error
    return URLFetcherResponse(url, body=body, headers={"Content-Type": kind.lower()})


def _package_asset(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise ResourceRefused(f"only the pack's own files may be loaded, not {url[:80]!r}")
    if parts.netloc not in ("", "localhost") or parts.query:
        raise ResourceRefused(f"not a local file: {url[:80]!r}")
    raw = url2pathname(unquote(parts.path))
    # Refused outright rather than resolved: a pack never needs "..", so one is a probe.
    if ".." in Path(raw).parts:
        raise ResourceRefused(f"path traversal refused: {url[:80]!r}")
    try:
        path = Path(raw).resolve(strict=True)
    except (OSError, RuntimeError) as error:
        raise ResourceRefused(f"no such file: {url[:80]!r}") from error
    if not path.is_relative_to(templates_root()) or not path.is_file():
        raise ResourceRefused(f"outside the pack's templates: {url[:80]!r}")
    if path.suffix not in ASSET_TYPES:
        raise ResourceRefused(f"not a stylesheet, font or image: {url[:80]!r}")
    return path


class RestrictedURLFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint is untyped
    """:func:`restricted_url_fetcher` in the shape WeasyPrint 70 requires.

    WeasyPrint 70 calls the fetcher and reads its ``_fail_on_errors``, so a bare
    function will not do. ``fetch`` is replaced whole: urllib's opener, which would
    reach the network, is never used.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        return restricted_url_fetcher(url)
