"""A QA officer goes from their SSDA903 files to a PDF audit pack in two commands."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from scrutiny.demo.histories import make_council
from scrutiny.plugin_host import PluginHost

SCRUTINY = shutil.which("scrutiny", path=str(Path(sys.executable).parent)) or "scrutiny"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCRUTINY, *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=300
    )


@pytest.mark.slow
def test_import_then_pack_writes_a_pdf_for_the_councils_own_files(tmp_path: Path):
    PluginHost().demo(make_council(tmp_path / "returns", children=60, seed=11))
    returns = sorted((tmp_path / "returns" / "ssda903").iterdir())
    visits = tmp_path / "returns" / "looked_after" / "visits.csv"

    imported = run("import", *map(str, returns), str(visits), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "imported episodes.csv: SSDA903 2021-22" in imported.stdout

    packed = run("pack", "--as-of", "2022-03-31", "--out", "pack.pdf", cwd=tmp_path)
    assert packed.returncode == 0, packed.stderr
    assert packed.stdout.startswith("ran the checks as of 2022-03-31: run 1")
    reader = PdfReader(tmp_path / "pack.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "LAC-REVIEW" in text and "LAC-SW-VISITS" in text
    assert all("OFFICIAL-SENSITIVE" in page.extract_text() for page in reader.pages)
    assert (tmp_path / "scrutiny.db").is_file()  # the embedded default, in the folder

    again = run("pack", "--as-of", "2022-03-31", "--out", "again.pdf", cwd=tmp_path)
    assert "ran the checks" not in again.stdout  # the stored run is still current
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "pack.pdf").read_bytes()
