"""``scrutiny plugin new``: the package it writes, and the names and folders it refuses.

Run as a user runs it, through the console script beside the test's Python. That the
package installs and works is tested in a fresh virtualenv (test_fresh_virtualenv.py).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from scrutiny import __version__
from scrutiny.scaffold.plugin_package import MAX_NAME_LENGTH, compatible_scrutiny
from tests.system.cli import clean_environment, describe, run_python, scrutiny_executable

NAME = "northshire_staying_close"
FILES = {
    ".gitignore",
    "README.md",
    "pyproject.toml",
    "examples/northshire_staying_close_events.csv",
    "northshire_staying_close/__init__.py",
    "northshire_staying_close/hooks.py",
    "northshire_staying_close/importer.py",
    "northshire_staying_close/models.py",
    "northshire_staying_close/pack.py",
    "northshire_staying_close/rules.py",
    "northshire_staying_close/rules.toml",
    "northshire_staying_close/migrations/__init__.py",
    "northshire_staying_close/migrations/0001_northshire_staying_close.py",
    "northshire_staying_close/templates/northshire_staying_close_section.html.j2",
    "tests/test_rule.py",
}
BIN = Path(sys.executable).parent


def plugin_new(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [scrutiny_executable(), "plugin", "new", *args],
        cwd=cwd,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stdout + result.stderr, describe(result)
    return result


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package ``scrutiny plugin new northshire_staying_close`` writes."""
    where = tmp_path_factory.mktemp("new")
    result = plugin_new(NAME, cwd=where)
    assert result.returncode == 0, describe(result)
    return where / "northshire-staying-close"


def written(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_writes_the_package_into_a_folder_named_with_dashes(made: Path) -> None:
    assert written(made) == FILES


def test_says_what_it_wrote_and_what_to_do_next(tmp_path: Path) -> None:
    result = plugin_new(NAME, cwd=tmp_path)
    assert result.returncode == 0, describe(result)
    assert f"created plugin {NAME} in northshire-staying-close (15 files)" in result.stdout
    assert "pip install -e '.[test]'" in result.stdout
    assert "scrutiny rules show NSC-EXAMPLE" in result.stdout


def test_pyproject_declares_the_entry_point_and_the_scrutiny_versions(made: Path) -> None:
    project = tomllib.loads((made / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "scrutiny-northshire-staying-close"
    assert project["project"]["dependencies"] == [f"scrutiny{compatible_scrutiny(__version__)}"]
    assert project["project"]["entry-points"]["scrutiny"] == {NAME: f"{NAME}.hooks"}
    assert project["project"]["optional-dependencies"]["test"] == ["pytest>=8"]
    assert project["build-system"]["build-backend"] == "setuptools.build_meta"
    data = project["tool"]["setuptools"]["package-data"][NAME]
    assert set(data) == {"rules.toml", "templates/*.j2"}


@pytest.mark.parametrize(
    ("version", "requirement"),
    [
        ("0.1.0", ">=0.1,<0.2"),
        ("0.4.2", ">=0.4,<0.5"),
        ("1.3.0", ">=1.3,<2"),
        ("0.2.0.dev1", ">=0.2.0.dev1,<0.3"),
    ],
)
def test_a_plugin_works_with_this_minor_version_up_to_the_next(
    version: str, requirement: str
) -> None:
    assert compatible_scrutiny(version) == requirement


def test_the_migration_is_a_branch_of_its_own_on_the_core_schema(made: Path) -> None:
    migration = made / NAME / "migrations" / f"0001_{NAME}.py"
    text = migration.read_text(encoding="utf-8")
    assert f'revision = "0001_{NAME}"' in text
    assert f'branch_labels = ("{NAME}",)' in text
    assert 'depends_on = "0001_core"' in text
    assert f'"{NAME}_event"' in text


def test_the_generated_python_compiles(made: Path) -> None:
    for path in made.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_the_rules_file_loads_with_its_rule_function(made: Path) -> None:
    """``load_rules`` pairs the file with the @rule function and validates both, in a
    process of its own so the plugin's table does not join this one's metadata."""
    script = (
        "from scrutiny.rules.registry import load_rules\n"
        f"from {NAME} import rules\n"
        f"for r in load_rules({NAME!r}, rules):\n"
        "    p = r.meta.periods[0]\n"
        "    print(r.id, r.meta.domain, r.meta.kind.value, r.meta.verification.value,"
        " p.params, r.problem)\n"
    )
    result = run_python(script, made)
    assert result.returncode == 0, describe(result)
    assert result.stdout.split("\n")[0] == (
        f"NSC-EXAMPLE {NAME} local-policy UNVERIFIED {{'days': 10}} None"
    )


def test_domain_and_folder_can_be_chosen(tmp_path: Path) -> None:
    result = plugin_new(NAME, "--domain", "looked_after", "--out", "here/plugin", cwd=tmp_path)
    assert result.returncode == 0, describe(result)
    folder = tmp_path / "here" / "plugin"
    assert written(folder) == FILES
    rules = tomllib.loads((folder / NAME / "rules.toml").read_text(encoding="utf-8"))
    assert rules["rule"][0]["domain"] == "looked_after"


@pytest.mark.parametrize(
    "name", [NAME, "a_b_c_d_e_f_g_h_i_j_k_l", "x" * MAX_NAME_LENGTH, "north2shire"]
)
def test_the_generated_code_is_ruff_clean_whatever_the_name(tmp_path: Path, name: str) -> None:
    result = plugin_new(name, "--out", "plugin", cwd=tmp_path)
    assert result.returncode == 0, describe(result)
    ruff = str(BIN / "ruff")
    for args in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        linted = subprocess.run(
            [ruff, *args],
            cwd=tmp_path / "plugin",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert linted.returncode == 0, describe(linted)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Northshire", "is not a plugin name"),
        ("2fast", "is not a plugin name"),
        ("north-shire", "is not a plugin name"),
        ("north__shire", "is not a plugin name"),
        ("northshire_", "is not a plugin name"),
        ("class", "is not a plugin name"),
        ("x" * (MAX_NAME_LENGTH + 1), f"at most {MAX_NAME_LENGTH}"),
        ("care_leavers", "a plugin named 'care_leavers' is already installed"),
        ("json", "a Python module named 'json' is already installed"),
    ],
)
def test_refuses_a_bad_or_taken_name_in_one_sentence(tmp_path: Path, name: str, said: str) -> None:
    result = plugin_new(name, cwd=tmp_path)
    assert result.returncode == 2, describe(result)
    assert said in result.stderr
    assert result.stderr.startswith("scrutiny: ") and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_refuses_a_bad_domain(tmp_path: Path) -> None:
    result = plugin_new(NAME, "--domain", "Looked-After", cwd=tmp_path)
    assert result.returncode == 2, describe(result)
    assert "'Looked-After' is not a domain" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_refuses_a_folder_that_exists_and_leaves_it_alone(tmp_path: Path) -> None:
    folder = tmp_path / "northshire-staying-close"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = plugin_new(NAME, cwd=tmp_path)
    assert result.returncode == 2, describe(result)
    assert "northshire-staying-close already exists" in result.stderr
    assert written(folder) == {"notes.txt"}
