"""A council's stricter local version of a rule, in a plugin of its own, supersedes the
built-in rule without editing it: the original is not run, and `rules show`, `rules
list` and the pack's methodology say which applied."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.engine.check import run_check
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.plugin_host import PluginHost
from scrutiny.rules.metadata import RuleMetadata
from scrutiny.testing import CaseData
from tests.plugins.packages import RULES_HOOK, install, rule_function

SCRUTINY = Path(sys.executable).with_name("scrutiny")
STRICTER = 'supersedes = "LAC-REVIEW"'


def _stricter(site: Path, package: str = "ns_reviews", rule_id: str = "NS-LAC-REVIEW") -> None:
    install(
        site, package, RULES_HOOK + rule_function(rule_id), rule_ids=(rule_id,),
        rules_extra=STRICTER,
    )  # fmt: skip


def test_the_local_rule_runs_in_place_of_the_one_it_supersedes(
    site: Path, sqlite_engine: Engine, tmp_path: Path
) -> None:
    _stricter(site)
    host = PluginHost()
    running = [r.id for r in host.rules]
    assert "NS-LAC-REVIEW" in running and "LAC-REVIEW" not in running
    assert host.rules.get("LAC-REVIEW") is not None  # known, not run
    assert host.rules.superseded_by("LAC-REVIEW").id == "NS-LAC-REVIEW"  # type: ignore[union-attr]
    assert host.problems() == []
    CaseData(sqlite_engine).episode("C1", dt.date(2021, 6, 7))
    summary = run_check(
        sqlite_engine, list(host.rules), Config(), as_of=dt.date(2021, 7, 30),
        domains=None, plugins=host.enabled_versions(),
    )  # fmt: skip
    data = load_pack_data(sqlite_engine, host.rules, Config(), summary.run_id)
    assert "LAC-REVIEW" not in data.run.rules and "NS-LAC-REVIEW" in data.run.rules
    out = render_pack(data, [], tmp_path / "pack.html", fmt="html").path
    html = " ".join(out.read_text(encoding="utf-8").split())
    assert (
        '<th scope="row">Supersedes</th><td>LAC-REVIEW (plugin looked_after): this rule'
        " applied in its place, and LAC-REVIEW was not run</td>"
    ) in html


def test_rules_show_and_list_say_which_applies(site: Path, tmp_path: Path) -> None:
    _stricter(site)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}
    env["PYTHONPATH"] = str(site)
    database = f"sqlite:///{tmp_path / 's.db'}"

    def scrutiny(*args: str) -> str:
        return subprocess.run(
            [str(SCRUTINY), "--database", database, *args], cwd=tmp_path, env=env,
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout  # fmt: skip

    original = scrutiny("rules", "show", "LAC-REVIEW")
    assert (
        "Superseded by: NS-LAC-REVIEW (plugin ns_reviews), which runs in its place:"
        " this rule is not run"
    ) in original
    assert "Supersedes:    LAC-REVIEW (plugin looked_after)" in scrutiny(
        "rules", "show", "NS-LAC-REVIEW"
    )
    listed = scrutiny("rules", "list")
    assert "(supersedes LAC-REVIEW)" in listed
    assert not [line for line in listed.splitlines() if line.startswith("LAC-REVIEW ")]


def test_two_rules_superseding_one_the_second_is_left_out(site: Path) -> None:
    _stricter(site)
    _stricter(site, "ns_other", "NS-OTHER-REVIEW")
    host = PluginHost()
    assert host.rules.superseded_by("LAC-REVIEW").id == "NS-LAC-REVIEW"  # type: ignore[union-attr]
    assert "NS-OTHER-REVIEW" not in [r.id for r in host.rules]
    assert host.problems() == [
        (
            "ns_other",
            "rule NS-OTHER-REVIEW and rule NS-LAC-REVIEW (ns_reviews) both supersede"
            " LAC-REVIEW: NS-OTHER-REVIEW was left out",
        )
    ]


def test_superseding_a_rule_not_installed_runs_on_its_own(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCRUTINY_DISABLE_PLUGINS", "looked_after")
    _stricter(site)
    host = PluginHost()
    assert "NS-LAC-REVIEW" in [r.id for r in host.rules]
    assert host.problems() == [
        (
            "ns_reviews",
            "rule NS-LAC-REVIEW supersedes LAC-REVIEW, which is not installed or not"
            " enabled: it runs on its own",
        )
    ]


def test_a_rule_cannot_supersede_itself() -> None:
    meta = PluginHost().rules.get("LAC-REVIEW").meta  # type: ignore[union-attr]
    data = meta.model_dump() | {"supersedes": "LAC-REVIEW"}
    with pytest.raises(ValidationError, match="a rule cannot supersede itself"):
        RuleMetadata.model_validate(data)
