"""Pages as a reader sees them: rendered with pdftoppm and compared with stored
references, within a tolerance (anti-aliasing differs a little between poppler builds).

The references are pages of the factories' pack (fixed data, the package's own fonts).
After an intended change to the pack's look, regenerate them and look at them:

    SCRUTINY_UPDATE_PAGE_IMAGES=1 .venv/bin/pytest tests/pack/test_page_images.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from scrutiny.pack.render import render_pack
from scrutiny.plugins.looked_after.pack import looked_after_section

from . import factories

REFERENCES = Path(__file__).resolve().parents[1] / "data" / "pack_pages"
PAGES = {1: "cover", 3: "summary"}
DPI = 40
# Mean difference per pixel (0–255 grey levels) and the share of pixels that differ
# visibly: a moved line or a missing table changes far more than either allows.
MEAN_TOLERANCE = 2.0
CHANGED_SHARE_TOLERANCE = 0.01
UPDATE = os.environ.get("SCRUTINY_UPDATE_PAGE_IMAGES") == "1"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Image.Image]:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true and pdftoppm (poppler-utils) is not installed")
        pytest.skip("poppler-utils is not installed")
    folder = tmp_path_factory.mktemp("pages")
    data = factories.pack_data()
    pdf = render_pack(data, [looked_after_section(data)], folder / "pack.pdf").path
    found = {}
    for number in PAGES:
        prefix = folder / f"page{number}"
        subprocess.run(
            [pdftoppm, "-r", str(DPI), "-gray", "-png", "-singlefile", "-f", str(number),
             "-l", str(number), str(pdf), str(prefix)],
            check=True,
        )  # fmt: skip
        found[number] = Image.open(f"{prefix}.png").convert("L")
    return found


@pytest.mark.parametrize("number", sorted(PAGES))
def test_page_looks_as_it_did(pages: dict[int, Image.Image], number: int) -> None:
    reference = REFERENCES / f"{PAGES[number]}.png"
    page = pages[number]
    if UPDATE:
        REFERENCES.mkdir(parents=True, exist_ok=True)
        page.save(reference, optimize=True)
    stored = Image.open(reference).convert("L")
    assert page.size == stored.size, "the page size changed"
    difference = ImageChops.difference(page, stored)
    mean = ImageStat.Stat(difference).mean[0]
    changed = sum(difference.point(lambda v: 255 if v > 64 else 0).histogram()[255:])
    share = changed / (page.size[0] * page.size[1])
    assert mean <= MEAN_TOLERANCE and share <= CHANGED_SHARE_TOLERANCE, (
        f"page {number} differs from {reference.name}: mean {mean:.2f}, {share:.2%} of pixels"
    )


def test_a_changed_page_is_caught(pages: dict[int, Image.Image]) -> None:
    """The comparison is not blind: the summary is not the cover."""
    cover, summary = pages[1], pages[3]
    difference = ImageChops.difference(cover, summary)
    assert ImageStat.Stat(difference).mean[0] > MEAN_TOLERANCE
