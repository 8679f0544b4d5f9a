"""The code stays typed and lint-clean: ruff over everything, mypy (strict) over the package.

mypy cannot see the ``scrutiny`` package through setuptools' ``package_dir`` mapping
(``core/`` is installed as ``scrutiny``), so it checks a tree of links arranged the way
the package is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed (pip install -e '.[test]')")
    return found


def test_ruff_finds_nothing():
    result = subprocess.run(
        [tool("ruff"), "check", "--no-cache", str(ROOT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict_finds_nothing_in_the_package(tmp_path: Path):
    package = tmp_path / "scrutiny"
    package.mkdir()
    for entry in (ROOT / "core").iterdir():
        (package / entry.name).symlink_to(entry)
    (package / "plugins").symlink_to(ROOT / "plugins")
    result = subprocess.run(
        [
            tool("mypy"),
            "--config-file",
            str(ROOT / "setup.cfg"),
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "-p",
            "scrutiny",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
