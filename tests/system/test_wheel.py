"""A wheel built from the repo installs into a clean virtualenv and works there,
templates, migrations and rule data included; and the README's set-up commands work.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.system.cli import clean_environment, describe, outside_any_virtualenv

REPO = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 600
NOT_COPIED = (".venv", ".git", "build", "dist", "*.egg-info", ".*_cache", "__pycache__",
              "scrutiny-demo", "*.db", "*.db-*", "output")  # fmt: skip

pytestmark = pytest.mark.slow


def run(
    args: list[str | Path],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = BUILD_TIMEOUT_S,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=dict(env) if env is not None else clean_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of the working tree, built from a copy so the checkout gets no build/ folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*NOT_COPIED))
    dist = work / "dist"
    built = run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, source], cwd=work)
    if built.returncode != 0:  # no index for an isolated build: use what is installed here
        built = run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
             "--wheel-dir", dist, source],
            cwd=work,
        )  # fmt: skip
    assert built.returncode == 0, describe(built)
    wheels = list(dist.glob("scrutiny-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize(
    "path",
    [
        "scrutiny/templates/pack.html.j2",
        "scrutiny/templates/pack.css",
        "scrutiny/templates/fonts/DejaVuSans.ttf",
        "scrutiny/templates/fonts/DejaVuSans-Bold.ttf",
        "scrutiny/migrations/script.py.mako",
        "scrutiny/migrations/env.py",
        "scrutiny/migrations/versions/0001_core_schema.py",
        "scrutiny/plugins/looked_after/migrations/0001_lac_tables.py",
        "scrutiny/plugins/looked_after/rules.toml",
        "scrutiny/plugins/looked_after/templates/looked_after_section.html.j2",
        "scrutiny/ssda903/codes/2021-22.toml",
        "scrutiny/data/legal_bases.toml",
        "scrutiny/export/findings.py",
        "scrutiny/py.typed",  # a plugin's own mypy reads Scrutiny's types
        "scrutiny/testing/pytest_plugin.py",  # the pytest11 entry point's module
        "scrutiny/scaffold/files/pyproject.toml.tmpl",
    ],
)
def test_wheel_contains_the_files_scrutiny_reads_at_run_time(
    wheel_names: set[str], path: str
) -> None:
    assert path in wheel_names


def test_wheel_contains_every_ssda903_code_year_of_the_source(wheel_names: set[str]) -> None:
    for codes in (REPO / "core" / "ssda903" / "codes").glob("*.toml"):
        assert f"scrutiny/ssda903/codes/{codes.name}" in wheel_names


def test_wheel_contains_every_python_package_of_the_source(wheel_names: set[str]) -> None:
    roots = {"core": "scrutiny", "plugins": "scrutiny/plugins", "templates": "scrutiny/templates"}
    missing = []
    for folder, target in roots.items():
        for init in (REPO / folder).rglob("__init__.py"):
            relative = init.relative_to(REPO / folder).as_posix()
            if f"{target}/{relative}" not in wheel_names:
                missing.append(f"{target}/{relative}")
    assert missing == []


@dataclass(frozen=True)
class Installed:
    venv: Path

    @property
    def scrutiny(self) -> Path:
        return self.venv / "bin" / "scrutiny"


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """A brand-new virtualenv with the wheel (and its dependencies from the index)."""
    where = tmp_path_factory.mktemp("clean")
    venv = where / "venv"
    env = outside_any_virtualenv()
    created = run([sys.executable, "-m", "venv", venv], cwd=where, env=env)
    assert created.returncode == 0, describe(created)
    pip = run([venv / "bin" / "python", "-m", "pip", "install", wheel], cwd=where, env=env)
    assert pip.returncode == 0, describe(pip)
    return Installed(venv)


def test_installed_wheel_builds_the_demo_lists_rules_and_creates_a_database(
    installed: Installed, tmp_path: Path
) -> None:
    env = outside_any_virtualenv()
    where = run(
        [installed.venv / "bin" / "python", "-c", "import scrutiny; print(scrutiny.__file__)"],
        cwd=tmp_path,
        env=env,
    )
    assert where.returncode == 0, describe(where)
    assert Path(where.stdout.strip()).is_relative_to(installed.venv), where.stdout

    demo = run(
        [installed.scrutiny, "demo", "--out", "X", "--children", "30", "--seed", "3"],
        cwd=tmp_path,
        env=env,
    )
    assert demo.returncode == 0, describe(demo)
    pack = tmp_path / "X" / "audit-pack.pdf"
    assert pack.is_file()
    assert pack.read_bytes().startswith(b"%PDF-")

    rules = run([installed.scrutiny, "rules", "list"], cwd=tmp_path, env=env)
    assert rules.returncode == 0, describe(rules)
    assert "LAC-SW-VISITS" in rules.stdout

    init = run(
        [installed.scrutiny, "init", "--database", f"sqlite:///{tmp_path / 'X' / 'new.db'}"],
        cwd=tmp_path,
        env=env,
    )
    assert init.returncode == 0, describe(init)
    assert (tmp_path / "X" / "new.db").is_file()


# The README's set-up commands --------------------------------------------------------


def readme_command(marker: str) -> str:
    """The first line of the code block after ``<!-- marker -->`` in the README."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- {marker} -->\n```sh\n(.+)\n```", text)
    assert found, f"no ```sh block after <!-- {marker} --> in README.md"
    return found.group(1)


def test_readme_names_a_demo_command_and_a_test_command() -> None:
    demo = readme_command("demo-command")
    test = readme_command("test-command")
    assert demo.startswith("python3 -m venv .venv") and demo.endswith("scrutiny demo")
    assert test.startswith("python3 -m venv .venv") and test.endswith(".venv/bin/pytest")
    assert "'.[test]'" in test


def test_ci_runs_exactly_the_readme_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    program = re.search(r"awk '([^']+)' README\.md", script)
    assert program, "no awk extraction of the test command in .ci/run"
    extracted = run(["awk", program.group(1), "README.md"], cwd=REPO)
    assert extracted.returncode == 0, describe(extracted)
    assert extracted.stdout.strip() == readme_command("test-command")
    assert re.search(r'^bash -euo pipefail -c "\$test_command"$', script, re.M)


def test_readme_demo_command_works_in_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "scrutiny"
    cloned = run(["git", "clone", "--quiet", REPO, clone], cwd=tmp_path)
    assert cloned.returncode == 0, describe(cloned)
    result = run(
        ["bash", "-euo", "pipefail", "-c", readme_command("demo-command")],
        cwd=clone,
        env=outside_any_virtualenv(),
        timeout=900,
    )
    assert result.returncode == 0, describe(result)
    found = re.search(r"audit pack:\s+(\S+\.pdf) \(\d+ pages\)", result.stdout)
    assert found, describe(result)
    pack = clone / found.group(1)
    assert pack.is_file()
    assert pack.read_bytes().startswith(b"%PDF-")
