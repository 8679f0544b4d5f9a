"""The whole path of issue 8: a plugin made by ``scrutiny plugin new``, installed with
``pip install -e`` beside Scrutiny in a brand-new virtualenv, appears in ``scrutiny
plugins list``, imports its example file, and its rule runs in ``scrutiny check``,
``scrutiny rules show`` and the pack; its own tests pass. Nothing in Scrutiny changes.

Scrutiny goes in as a wheel built from a copy of the working tree (so the checkout gets
no build folder), with its dependencies from the index, as a council would install it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.system.cli import describe, outside_any_virtualenv

REPO = Path(__file__).resolve().parents[2]
NAME = "northshire_staying_close"
RULE = "NSC-EXAMPLE"
STEP_TIMEOUT_S = 600
NOT_COPIED = (".venv", ".git", "build", "dist", "*.egg-info", ".*_cache", "__pycache__",
              "scrutiny-demo", "*.db", "*.db-*", "output")  # fmt: skip

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=outside_any_virtualenv(),
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, describe(result)
    return result


def test_a_new_plugin_installs_beside_scrutiny_and_its_rule_runs(tmp_path: Path) -> None:
    python, scrutiny = scrutiny_in_a_new_virtualenv(tmp_path)

    # The installed Scrutiny writes the package: its templates ship in the wheel.
    run(scrutiny, "plugin", "new", NAME, cwd=tmp_path)
    plugin = tmp_path / "northshire-staying-close"
    run(python, "-m", "pip", "install", "-e", f"{plugin}[test]", cwd=tmp_path)

    listed = run(scrutiny, "plugins", "list", cwd=plugin).stdout
    line = next(x for x in listed.splitlines() if x.startswith(f"{NAME} "))
    assert line.startswith(f"{NAME} 0.1.0 (scrutiny-northshire-staying-close, enabled): 1 rule(s)")
    assert "problem" not in listed

    database = f"sqlite:///{tmp_path / 'council.db'}"
    imported = run(scrutiny, "--database", database, "import",
                   f"examples/{NAME}_events.csv", cwd=plugin)  # fmt: skip
    assert "5 rows dated 02/04/2024 to 25/11/2024" in imported.stdout

    checked = run(scrutiny, "--database", database, "check", "--as-of", "2024-12-31",
                  "--format", "json", cwd=plugin)  # fmt: skip
    findings = json.loads(checked.stdout)["findings"]
    ours = sorted(
        (f["subject_ref"], f["status"], f["due_date"], f["event_date"])
        for f in findings
        if f["rule_id"] == RULE
    )
    assert ours == [
        ("NSC003", "breach", "2024-06-13", "2024-06-14"),
        ("NSC004", "breach", "2024-09-12", None),
    ]

    shown = run(scrutiny, "rules", "show", RULE, cwd=plugin).stdout
    assert f"{RULE} (version 1.0, plugin {NAME})" in shown
    assert "Verification:  UNVERIFIED" in shown
    assert "2020-04-01 to onwards" in shown and "days=10" in shown

    pack = tmp_path / "pack.html"
    run(scrutiny, "--database", database, "pack", "--format", "html", "--out", pack, cwd=plugin)
    assert f"<h2>{RULE}: Each event recorded within 10 days" in pack.read_text(encoding="utf-8")

    tested = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=plugin)
    assert "4 passed" in tested.stdout, describe(tested)


def scrutiny_in_a_new_virtualenv(where: Path) -> tuple[Path, Path]:
    """A brand-new virtualenv in ``where``/venv with Scrutiny installed from a wheel built
    from a copy of the working tree: its ``python`` and ``scrutiny``."""
    source = where / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*NOT_COPIED))
    dist = where / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", dist, source, cwd=where)
    (wheel,) = dist.glob("scrutiny-*.whl")
    venv = where / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=where)
    python, scrutiny = venv / "bin" / "python", venv / "bin" / "scrutiny"
    run(python, "-m", "pip", "install", wheel, cwd=where)
    return python, scrutiny
