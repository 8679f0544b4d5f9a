"""The adoption pack section: stages against timescales, deferred checks, panels.

Built from a real stored run (the four adoption rules keep every item they judge), so
these tests go through the engine, the register and ``load_pack_data`` as the CLI does.
The section must read only the run: changing the tables afterwards changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete

from scrutiny.config import Config
from scrutiny.db.base import table_of
from scrutiny.engine.check import run_check
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.pack.sections import PackData
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.adoption.models import AdopterApplication
from scrutiny.plugins.adoption.pack import adoption_section
from tests.adoption_cases import RULES, AdoptionCases, record_deviation

D = dt.date
AS_OF = D(2021, 12, 31)
HOSTILE_REF = "<b>A9</b>"


def _cases(engine: Engine) -> None:
    ado = AdoptionCases(engine)
    # Stage 1 and 2 on time; medical deferred under SI 2020/909 with the record; panel held.
    ado.panel("P1", D(2021, 6, 15))
    ado.application(
        "A1",
        D(2021, 1, 4),
        stage1_decision=D(2021, 2, 20),
        dbs_certificate=D(2021, 2, 1),
        medical_report=D(2021, 4, 1),
        medical_deferral_recorded=D(2021, 2, 20),
        medical_deferral_ref="CN-1",
        notice_to_proceed=D(2021, 3, 1),
        panel="P1",
        agency_decision=D(2021, 6, 20),
    )
    # Both stages late; medical deferred with no record; approved without a panel.
    ado.application(
        "A2",
        D(2021, 1, 4),
        stage1_decision=D(2021, 4, 1),
        dbs_certificate=D(2021, 3, 1),
        medical_report=D(2021, 5, 1),
        notice_to_proceed=D(2021, 4, 10),
        agency_decision=D(2021, 9, 1),
    )
    ado.application("A3", D(2021, 11, 15))  # stage 1 open, within time
    ado.application("A4", D(2021, 6, 1))  # stage 1 open, overdue since 1 Aug
    ado.application(
        "A5",  # stage 1 late, with an exceptional reason recorded
        D(2021, 2, 1),
        stage1_decision=D(2021, 5, 1),
        stage1_outcome="not-suitable",
    )
    ado.application("A6", D(2021, 3, 1), closed=D(2021, 6, 1))  # ended after its deadline
    ado.application(
        HOSTILE_REF,  # approved without a DBS certificate: critical
        D(2020, 11, 2),
        stage1_decision=D(2020, 12, 20),
        medical_report=D(2020, 12, 1),
        notice_to_proceed=D(2021, 1, 4),
        no_panel_reason="<script>alert(1)</script>",
        agency_decision=D(2021, 4, 30),
    )
    record_deviation(
        engine, "ADO-STAGE1", "A5", D(2021, 4, 1), D(2021, 4, 30), "guidance-departure"
    )


def _pack(engine: Engine, host: PluginHost) -> PackData:
    summary = run_check(
        engine,
        [r for r in host.rules if r.id in RULES],
        Config(),
        as_of=AS_OF,
        domains=None,
        plugins=host.enabled_versions(),
    )
    assert summary.rule_errors == {}
    return load_pack_data(engine, host.rules, Config(), summary.run_id)


@pytest.fixture
def pack(engine: Engine, host: PluginHost) -> PackData:
    _cases(engine)
    data = _pack(engine, host)
    with engine.begin() as conn:  # the section must not read the live tables
        conn.execute(delete(table_of(AdopterApplication)))
    return data


def test_section_names_its_template_in_its_own_package(pack: PackData) -> None:
    section = adoption_section(pack)
    assert (section.id, section.title, section.domain) == (
        "adoption",
        "Adoption: prospective adopters",
        "adoption",
    )
    assert (section.package, section.template) == (
        "scrutiny.plugins.adoption",
        "adoption_section.html.j2",
    )


def test_applications_by_stage_against_timescales(pack: PackData) -> None:
    stages = {s.rule_id: s for s in adoption_section(pack).context["stages"]}
    one, two = stages["ADO-STAGE1"], stages["ADO-STAGE2"]
    assert one.timescale == "2 months from the registration of interest accepted"
    assert (one.on_time, one.late, one.open_in_time, one.open_overdue, one.data_gap) == (
        2,  # A1, and the hostile ref's
        3,  # A2, A5 (covered), A6 (ended undecided after its deadline)
        1,  # A3
        1,  # A4
        0,
    )
    assert one.covered == 1
    assert (two.on_time, two.late, two.open_in_time, two.open_overdue) == (2, 1, 0, 0)
    assert two.timescale == "4 months from the notice to proceed"


def test_late_and_overdue_listed_most_days_late_first(pack: PackData) -> None:
    late = adoption_section(pack).context["late"]
    assert [(i.stage, i.subject_ref, i.days_late, i.open) for i in late] == [
        ("Stage 1", "A4", (AS_OF - D(2021, 8, 1)).days, True),
        ("Stage 1", "A6", (D(2021, 6, 1) - D(2021, 5, 1)).days, False),
        ("Stage 1", "A5", (D(2021, 5, 1) - D(2021, 4, 1)).days, False),
        ("Stage 1", "A2", (D(2021, 4, 1) - D(2021, 3, 4)).days, False),
        ("Stage 2", "A2", (D(2021, 9, 1) - D(2021, 8, 10)).days, False),
    ]
    assert late[2].status == "deviation" and late[2].deviation_ref


def test_checks_deferred_with_their_window_and_record(pack: PackData) -> None:
    deferred = adoption_section(pack).context["deferred"]
    assert [
        (d.subject_ref, d.check, d.received, d.window, d.record_ref, d.record_date, d.status)
        for d in deferred
    ] == [
        (HOSTILE_REF, "DBS", None, "SI 2020/909", None, None, "breach"),
        ("A1", "medical", D(2021, 4, 1), "SI 2020/909", "CN-1", D(2021, 2, 20), "met"),
        ("A2", "medical", D(2021, 5, 1), "SI 2020/909", None, None, "breach"),
    ]


def test_approvals_without_both_checks(pack: PackData) -> None:
    [approval] = adoption_section(pack).context["approvals"]
    assert (approval.subject_ref, approval.decision, approval.judged, approval.status) == (
        HOSTILE_REF,
        D(2021, 4, 30),
        "medical report before the approval; DBS certificate missing at approval",
        "breach",
    )


def test_panel_counts_and_exceptions(pack: PackData) -> None:
    context = adoption_section(pack).context
    assert dict(context["panel_counts"]) == {
        "met": 0,
        "breach": 2,
        "deviation": 0,
        "deviation-lapsed": 0,
        "manual": 1,
        "data-gap": 0,
    }
    assert [(p.subject_ref, p.route, p.status) for p in context["panel_items"]] == [
        (HOSTILE_REF, "no panel", "breach"),
        ("A2", "no panel", "breach"),
    ]


def test_a_run_without_the_adoption_rules_says_so(pack: PackData) -> None:
    data = dataclasses.replace(pack, rules=[r for r in pack.rules if r.meta.domain != "adoption"])
    context = adoption_section(data).context
    assert (context["stages"], context["checks_run"], context["panel_run"]) == ([], False, False)


def test_the_section_renders_escaped_in_the_pack(pack: PackData, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    render_pack(pack, [adoption_section(pack)], out, fmt="html")
    html = out.read_text(encoding="utf-8")
    assert "Applications by stage against timescales" in html
    assert "Checks not in hand at the stage 1 decision" in html
    assert "CN-1<br>20 Feb 2021" in html
    assert "&lt;b&gt;A9&lt;/b&gt;" in html
    assert "<b>A9</b>" not in html
    assert "<script>alert(1)</script>" not in html
