"""A plugin that does not fit this Scrutiny, or is broken, is reported by name with the
reason and skipped; the rest still runs, and a rule that cannot run is an ``error``
outcome in the run, never a crash of the whole check.

Each plugin here is a real package with a real ``.dist-info`` on ``sys.path``, found
through the ``scrutiny`` entry-point group as ``pip install`` would leave it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from scrutiny import __version__
from scrutiny.config import Config
from scrutiny.engine.check import run_check
from scrutiny.plugin_host import PluginHost, PluginInfo, scrutiny_requirement
from scrutiny.testing import CaseData
from tests.plugins.packages import RULES_HOOK, install, rule_function

SCRUTINY = Path(sys.executable).with_name("scrutiny")


def _info(host: PluginHost, name: str) -> PluginInfo:
    return {i.name: i for i in host.plugins()}[name]


def test_a_plugin_for_another_scrutiny_is_skipped_without_being_imported(site: Path) -> None:
    install(site, "ns_future", "raise RuntimeError('imported')\n", requires="scrutiny>=99")
    host = PluginHost()
    info = _info(host, "ns_future")
    assert not info.enabled
    assert info.requires == ">=99"
    assert info.problem == (
        f"works with Scrutiny >=99, and this is Scrutiny {__version__}: skipped"
    )
    assert "ns_future" not in sys.modules
    assert "LAC-REVIEW" in host.rules  # the rest still runs


def test_a_plugin_for_this_scrutiny_loads(site: Path) -> None:
    install(
        site,
        "ns_current",
        RULES_HOOK + rule_function("NS-CURRENT"),
        rule_ids=("NS-CURRENT",),
        requires=f"scrutiny>=0.1,<={__version__}",
    )
    host = PluginHost()
    info = _info(host, "ns_current")
    assert info.enabled and info.problem is None
    assert host.rules.get("NS-CURRENT") is not None


def test_a_plugin_whose_rules_cannot_be_read_is_reported_and_left_out(site: Path) -> None:
    install(site, "ns_badfile", RULES_HOOK)
    (site / "ns_badfile" / "rules.toml").write_text("[[rule]\nid = ", encoding="utf-8")
    host = PluginHost()
    assert [plugin for plugin, _ in host.problems()] == ["ns_badfile"]
    info = _info(host, "ns_badfile")
    assert info.problem is not None
    assert info.problem.startswith("scrutiny_rules failed, so it was left out:")
    assert "ns_badfile/rules.toml" in info.problem
    assert "LAC-REVIEW" in host.rules
    assert not [r for r in host.rules if r.plugin == "ns_badfile"]


def test_a_second_plugins_rule_of_the_same_id_is_left_out(site: Path) -> None:
    install(site, "ns_copy", RULES_HOOK + rule_function("LAC-REVIEW"), rule_ids=("LAC-REVIEW",))
    host = PluginHost()
    assert host.rules.get("LAC-REVIEW").plugin == "looked_after"  # type: ignore[union-attr]
    assert _info(host, "ns_copy").problem == (
        "rule LAC-REVIEW is defined by both looked_after and ns_copy: this plugin's was left out"
    )


def test_a_rule_without_its_function_is_an_error_in_the_run_not_a_crash(
    site: Path, sqlite_engine: Engine
) -> None:
    install(
        site,
        "ns_missing",
        RULES_HOOK + rule_function("NS-PRESENT"),
        rule_ids=("NS-PRESENT", "NS-ABSENT"),
    )
    host = PluginHost()
    assert ("ns_missing", "ns_missing/rules.toml: rule NS-ABSENT has no @rule function:"
            " each run records an error for it") in host.problems()  # fmt: skip
    CaseData(sqlite_engine).child("C000001")
    summary = run_check(
        sqlite_engine,
        [host.rules.get("NS-PRESENT"), host.rules.get("NS-ABSENT"), host.rules.get("LAC-REVIEW")],
        Config(),
        as_of=dt.date(2022, 1, 1),
        domains=None,
        plugins=host.enabled_versions(),
    )
    assert summary.rule_errors == {
        "NS-ABSENT": "RuleDefinitionError: ns_missing/rules.toml: rule NS-ABSENT has no"
        " @rule function"
    }
    assert summary.counts.get("manual") == 1  # NS-PRESENT still judged the child


def test_rules_show_says_a_rule_cannot_run(site: Path, tmp_path: Path) -> None:
    install(site, "ns_missing", RULES_HOOK, rule_ids=("NS-ABSENT",))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}
    env["PYTHONPATH"] = str(site)
    shown = subprocess.run(
        [str(SCRUTINY), "--database", f"sqlite:///{tmp_path / 's.db'}", "rules", "show",
         "NS-ABSENT"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert (
        "Problem:       ns_missing/rules.toml: rule NS-ABSENT has no @rule function;"
        " each run records an error for it"
    ) in shown


def test_check_warns_of_each_plugin_problem_and_still_runs(site: Path, tmp_path: Path) -> None:
    install(site, "ns_future", "raise RuntimeError('imported')\n", requires="scrutiny>=99")
    install(site, "ns_broken", "raise ImportError('no module named northshire_db')\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}
    env["PYTHONPATH"] = str(site)
    database = f"sqlite:///{tmp_path / 'scrutiny.db'}"
    result = subprocess.run(
        [str(SCRUTINY), "--database", database, "check", "--as-of", "2022-03-31"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    future = f"works with Scrutiny >=99, and this is Scrutiny {__version__}: skipped"
    assert f"warning: plugin ns_future: {future}" in result.stderr
    assert (
        "warning: plugin ns_broken: could not be loaded: ImportError: no module named"
        " northshire_db" in result.stderr
    )
    listing = subprocess.run(
        [str(SCRUTINY), "--database", database, "plugins", "list"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    assert "ns_future 1.0 (ns_future, disabled)" in listing
    assert "  works with Scrutiny >=99\n  problem: works with Scrutiny >=99" in listing


@pytest.mark.parametrize(
    ("requires", "expected"),
    [
        (None, None),
        ([], None),
        (["scrutiny>=0.1,<0.2"], "<0.2,>=0.1"),
        (["Scrutiny (>=0.1)"], ">=0.1"),
        (["sqlalchemy>=2", "scrutiny"], None),
        (['scrutiny>=9; extra == "docs"'], None),
        (["pikepdf", 'scrutiny<1; python_version >= "3.8"'], "<1"),
    ],
)
def test_the_scrutiny_requirement_is_read_from_the_distribution(
    requires: list[str] | None, expected: str | None
) -> None:
    assert scrutiny_requirement(requires) == expected
