"""Each hook, exercised through the real plugin host, with built-in plugins and with a
third-party plugin found through the ``scrutiny`` entry-point group."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import click
import pytest
from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.demo.histories import make_council
from scrutiny.engine.check import run_check
from scrutiny.engine.runs import load_findings
from scrutiny.pack.data import load_pack_data
from scrutiny.plugin_host import PluginHost
from scrutiny.testing import CaseData
from tests.plugins.packages import RULE_TOML

PLUGIN = "northshire_extra"


@pytest.fixture
def third_party(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plugin package on sys.path with an entry point, as `pip install` would leave it."""
    package = tmp_path / PLUGIN
    package.mkdir()
    (package / "__init__.py").write_text(
        textwrap.dedent("""
        from sqlalchemy import literal, select

        from scrutiny import hookimpl, rule
        from scrutiny.models.child import Child
        from scrutiny.register.types import DeviationType
        from scrutiny.rules.registry import load_rules
        import click
        import sys


        @rule("NS-CHILD-KNOWN")
        def child_known(ctx):
            return select(
                literal("child").label("subject_type"), Child.child_ref.label("subject_ref"),
                ctx.as_of_value.label("due_date"), literal(None).label("event_date"),
                literal("manual").label("outcome"), literal("local-policy").label("standard"),
            )


        @hookimpl
        def scrutiny_rules():
            return load_rules(__name__, sys.modules[__name__])


        @hookimpl
        def scrutiny_deviation_types():
            return [DeviationType("ns-local", "NS-CHILD-KNOWN", "Local check waived", "Know")]


        @hookimpl
        def scrutiny_register_commands(cli):
            @cli.command("northshire-hello")
            def hello():
                click.echo("hello from Northshire")
    """),
        encoding="utf-8",
    )
    (package / "rules.toml").write_text(
        RULE_TOML.format(rule_id="NS-CHILD-KNOWN", extra=""), encoding="utf-8"
    )
    dist = tmp_path / f"{PLUGIN}-0.3.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {PLUGIN}\nVersion: 0.3\n")
    (dist / "entry_points.txt").write_text(f"[scrutiny]\nnorthshire = {PLUGIN}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_hook_scrutiny_rules(third_party, sqlite_engine: Engine):
    host = PluginHost()
    plugins = {r.id: r.plugin for r in host.rules}
    assert plugins["NS-CHILD-KNOWN"] == "northshire"
    assert {plugin for plugin in plugins.values()} == {
        "looked_after",
        "adoption",
        "fostering",
        "care_leavers",
        "residential",
        "safeguarding",
        "annex_a",
        "northshire",
    }
    assert (
        plugins["LAC-REVIEW"],
        plugins["FOS-USUAL-LIMIT"],
        plugins["ADO-STAGE1"],
        plugins["CL-PA-VISITS"],
        plugins["CH-REG44"],
        plugins["LAC-UNREG-U16"],
        plugins["CP-ICPC"],
        plugins["LAC-HEALTH"],
    ) == (
        "looked_after",
        "fostering",
        "adoption",
        "care_leavers",
        "residential",
        "residential",
        "safeguarding",
        "looked_after",
    )
    # The third party's rule runs in a check with no change to Scrutiny.
    CaseData(sqlite_engine).child("C000001")
    summary = run_check(
        sqlite_engine,
        [host.rules.get("NS-CHILD-KNOWN")],
        Config(),
        as_of=dt.date(2022, 1, 1),
        domains=None,
        plugins=host.enabled_versions(),
    )
    with sqlite_engine.connect() as conn:
        findings = load_findings(conn, summary.run_id)
    assert [(f.rule_id, f.subject_ref, f.status, f.standard) for f in findings] == [
        ("NS-CHILD-KNOWN", "C000001", "manual", "local-policy")
    ]


def test_hook_scrutiny_importers():
    names = [importer.name for importer in PluginHost().importers()]
    assert names == [
        "ssda903",
        "register",
        "looked_after",
        "adoption",
        "fostering",
        "care_leavers",
        "residential",
        "cin_census",
        "safeguarding",
        "annex_a",
    ]


def test_hook_scrutiny_migration_dirs():
    enabled = PluginHost().migration_dirs()
    disabled = PluginHost(disabled=["looked_after", "fostering"]).migration_dirs()
    assert sorted(enabled) == sorted(disabled)  # the schema is shared: disabled or not
    assert any((d / "0001_lac_tables.py").is_file() for d in enabled)
    assert any((d / "0001_fostering_tables.py").is_file() for d in enabled)
    assert any((d / "0001_safeguarding_tables.py").is_file() for d in enabled)


def test_hook_scrutiny_deviation_types(third_party):
    types = {t.id: t.rule_id for t in PluginHost().deviation_types()}
    assert types["lac-visit-remote-covid"] == "LAC-SW-VISITS"
    assert types["ns-local"] == "NS-CHILD-KNOWN"


def test_hook_scrutiny_register_commands(third_party):
    group = click.Group("scrutiny")
    PluginHost().register_commands(group)
    assert "northshire-hello" in group.commands


def test_hook_scrutiny_pack_sections(sqlite_engine: Engine):
    host = PluginHost()
    case = CaseData(sqlite_engine)
    case.episode("C1", dt.date(2021, 6, 7))
    summary = run_check(
        sqlite_engine,
        list(host.rules),
        Config(),
        as_of=dt.date(2021, 8, 1),
        domains=None,
        plugins=host.enabled_versions(),
    )
    data = load_pack_data(sqlite_engine, host.rules, Config(), summary.run_id)
    sections = host.pack_sections(data)
    assert [(s.id, s.domain, s.package) for s in sections if s.domain != "adoption"] == [
        ("looked-after", "looked_after", "scrutiny.plugins.looked_after"),
        ("fostering", "fostering", "scrutiny.plugins.fostering"),
        ("care_leavers", "care_leavers", "scrutiny.plugins.care_leavers"),
        ("residential", "residential", "scrutiny.plugins.residential"),
        ("safeguarding", "safeguarding", "scrutiny.plugins.safeguarding"),
        ("annex_a", "annex_a", "scrutiny.plugins.annex_a"),
    ]


def test_hook_scrutiny_demo(tmp_path: Path):
    PluginHost().demo(make_council(tmp_path, children=12, seed=7))
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.csv"))
    assert "looked_after/visits.csv" in written
    assert "fostering/approvals.csv" in written
    assert "care_leavers/young_people.csv" in written
    assert "residential/homes.csv" in written
    assert "safeguarding/referral_decisions.csv" in written
    censuses = sorted(p.name for p in (tmp_path / "safeguarding").glob("*.xml"))
    assert len(censuses) == 3, censuses
    assert "ssda903/2021-22/episodes.csv" in written


def test_plugins_can_be_disabled_by_config_or_environment(monkeypatch):
    assert "LAC-REVIEW" not in PluginHost(disabled=["looked_after"]).rules
    monkeypatch.setenv(
        "SCRUTINY_DISABLE_PLUGINS",
        "looked_after, adoption,fostering,care_leavers, residential,safeguarding,annex_a",
    )
    host = PluginHost()
    assert len(host.rules) == 0
    info = {i.name: i.enabled for i in host.plugins()}
    assert info == {
        "ssda903": True,
        "register": True,
        "looked_after": False,
        "adoption": False,
        "fostering": False,
        "care_leavers": False,
        "residential": False,
        "safeguarding": False,
        "annex_a": False,
    }


def test_a_broken_plugin_is_reported_and_skipped(tmp_path, monkeypatch):
    (tmp_path / "broken_plugin.py").write_text("raise RuntimeError('no such table')\n")
    dist = tmp_path / "broken_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken_plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[scrutiny]\nbroken = broken_plugin\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    host = PluginHost()
    broken = {i.name: i for i in host.plugins()}["broken"]
    assert not broken.enabled
    assert broken.problem == "could not be loaded: RuntimeError: no such table"
    assert "LAC-REVIEW" in host.rules


def test_hook_calls_are_traced_when_asked(monkeypatch, capsys):
    monkeypatch.setenv("SCRUTINY_TRACE_HOOKS", "1")
    PluginHost().deviation_types()
    assert "[scrutiny hook] scrutiny_deviation_types looked_after:" in capsys.readouterr().err
