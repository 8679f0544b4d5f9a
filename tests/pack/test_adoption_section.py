"""The adoption pack section: stages against timescales, deferred checks, panels.

Built from a real stored run (the four adoption rules keep every item they judge), so
these tests go through the engine, the register and ``load_pack_data`` as the CLI does.
The section must read only the run: changing the tables afterwards changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete

from scrutiny.config import Config
from scrutiny.db.base import table_of
from scrutiny.engine.check import run_check
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.pack.sections import FindingRow, PackData, RuleView
from scrutiny.pack.summaries import is_finding
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.adoption.checks import BOTH_AT_APPROVAL, MEDICAL_AT_STAGE1
from scrutiny.plugins.adoption.models import AdopterApplication
from scrutiny.plugins.adoption.pack import (
    APPROVALS_SHOWN,
    DEFERRED_SHOWN,
    LATE_LISTED,
    PANEL_SHOWN,
    adoption_section,
)
from tests.adoption_cases import RULES, AdoptionCases, record_deviation

from . import factories

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
    late = adoption_section(pack).context["late"].shown
    assert [(i.stage, i.subject_ref, i.days_late, i.open) for i in late] == [
        ("Stage 1", "A4", (AS_OF - D(2021, 8, 1)).days, True),
        ("Stage 1", "A6", (D(2021, 6, 1) - D(2021, 5, 1)).days, False),
        ("Stage 1", "A5", (D(2021, 5, 1) - D(2021, 4, 1)).days, False),
        ("Stage 1", "A2", (D(2021, 4, 1) - D(2021, 3, 4)).days, False),
        ("Stage 2", "A2", (D(2021, 9, 1) - D(2021, 8, 10)).days, False),
    ]
    assert late[2].status == "deviation" and late[2].deviation_ref


def test_checks_deferred_with_their_window_and_record(pack: PackData) -> None:
    deferred = adoption_section(pack).context["deferred"].shown
    # Those not met first, then the lawful deferral.
    assert [
        (d.subject_ref, d.check, d.received, d.window, d.record_ref, d.record_date, d.status)
        for d in deferred
    ] == [
        (HOSTILE_REF, "DBS", None, "SI 2020/909", None, None, "breach"),
        ("A2", "medical", D(2021, 5, 1), "SI 2020/909", None, None, "breach"),
        ("A1", "medical", D(2021, 4, 1), "SI 2020/909", "CN-1", D(2021, 2, 20), "met"),
    ]


def test_approvals_without_both_checks(pack: PackData) -> None:
    [approval] = adoption_section(pack).context["approvals"].shown
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
    assert [(p.subject_ref, p.route, p.status) for p in context["panel_items"].shown] == [
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


# Bounded whatever the caseload (issue 7): each list shows at most its cap, those needing
# attention first, says what it left out, and its count counts everything. Built as
# PackData directly from the real rules' metadata, so lists of the caps' size cost nothing.


def _row(
    rule_id: str, ref: str, status: str, due: dt.date, event: dt.date | None = None, **evidence: Any
) -> FindingRow:
    return factories.row("adoption", "application", rule_id, ref, status, due, event, **evidence)


def _synthetic(host: PluginHost, rows: list[FindingRow]) -> PackData:
    """Met and not-yet-due items are tracked; the rest are findings, as a run stores them."""
    rules = [RuleView(r.meta, "adoption", {}) for r in host.rules if r.id in RULES]
    return factories.pack_data(
        findings=[f for f in rows if is_finding(f.status)],
        tracked=[f for f in rows if not is_finding(f.status)],
        rules=rules,
    )


def _text(pack: PackData, tmp_path: Path) -> str:
    out = tmp_path / "pack.html"
    render_pack(pack, [adoption_section(pack)], out, fmt="html")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")))


def _stage1_late(ref: str, days_late: int) -> FindingRow:
    due = AS_OF - dt.timedelta(days=300)
    return _row(
        "ADO-STAGE1",
        ref,
        "breach",
        due,
        due + dt.timedelta(days=days_late),
        roi_accepted=(due - dt.timedelta(days=61)).isoformat(),
    )


def test_late_stages_of_exactly_the_cap_are_all_listed(host: PluginHost, tmp_path: Path) -> None:
    rows = [_stage1_late(f"L{i:03d}", 100 - i) for i in range(LATE_LISTED)]
    pack = _synthetic(host, rows)
    late = adoption_section(pack).context["late"]
    assert (len(late.shown), late.total, late.left_out) == (LATE_LISTED, LATE_LISTED, 0)
    assert "not listed here" not in _text(pack, tmp_path)


def test_one_late_stage_over_the_cap_leaves_out_the_fewest_days_late(
    host: PluginHost, tmp_path: Path
) -> None:
    """Statutory guidance on the two-stage process: stage 1 in 2 months. Every late
    stage is counted by stage; the one fewest days late is left out, as a finding."""
    rows = [_stage1_late(f"L{i:03d}", 100 - i) for i in range(LATE_LISTED)]
    pack = _synthetic(host, [*rows, _stage1_late("L-LEAST", 1)])
    context = adoption_section(pack).context
    late = context["late"]
    assert late.total == LATE_LISTED + 1
    assert [i.subject_ref for i in late.shown] == [r.subject_ref for r in rows]
    assert (late.left_out, late.left_out_with_findings) == (1, 1)
    stage1 = next(s for s in context["stages"] if s.rule_id == "ADO-STAGE1")
    assert stage1.late == LATE_LISTED + 1  # the count counts everyone
    assert (
        "… and 1 more stage late or overdue, not listed here: with a finding, given in full "
        "in the attached findings.csv."
    ) in _text(pack, tmp_path)


def _medical_deferred(ref: str, status: str, days_ago: int) -> FindingRow:
    decision = AS_OF - dt.timedelta(days=days_ago)
    return _row(
        "ADO-CHECKS-AT-STAGE1",
        ref,
        status,
        decision,
        decision + dt.timedelta(days=20),
        requirement=MEDICAL_AT_STAGE1,
        covid_window="SI-2020/909",
    )


def test_deferred_checks_are_bounded_lawful_deferrals_last(
    host: PluginHost, tmp_path: Path
) -> None:
    """Adoption Agencies Regulations 2005 reg 26 (SI 2020/909): a deferral without the
    record comes before the lawful ones; of those, the latest is left out, and it is no
    finding."""
    lawful = [_medical_deferred(f"M{i:03d}", "met", 400 - i) for i in range(DEFERRED_SHOWN)]
    pack = _synthetic(host, lawful)
    assert adoption_section(pack).context["deferred"].left_out == 0
    pack = _synthetic(host, [*lawful, _medical_deferred("B-UNRECORDED", "breach", 1)])
    deferred = adoption_section(pack).context["deferred"]
    assert (deferred.shown[0].subject_ref, deferred.total) == ("B-UNRECORDED", DEFERRED_SHOWN + 1)
    assert lawful[-1].subject_ref not in {d.subject_ref for d in deferred.shown}
    assert (deferred.left_out, deferred.left_out_with_findings) == (1, 0)
    assert (
        "… and 1 more check not in hand, not listed here: with no finding (all met or not "
        "yet due), so not in the attached findings.csv."
    ) in _text(pack, tmp_path)


def test_approvals_without_both_checks_are_bounded(host: PluginHost) -> None:
    """Adoption Agencies Regulations 2005 regs 25 and 26: an approval without both checks
    in hand; each listed one is a finding, and so is the one left out."""

    def approval(ref: str, status: str, days_ago: int) -> FindingRow:
        decision = AS_OF - dt.timedelta(days=days_ago)
        return _row(
            "ADO-CHECKS-AT-STAGE1",
            ref,
            status,
            decision,
            requirement=BOTH_AT_APPROVAL,
            judged="DBS certificate missing at approval",
        )

    manual = [approval(f"A{i:03d}", "manual", 500 - i) for i in range(APPROVALS_SHOWN)]
    assert adoption_section(_synthetic(host, manual)).context["approvals"].left_out == 0
    pack = _synthetic(host, [*manual, approval("B-NO-DBS", "breach", 1)])
    approvals = adoption_section(pack).context["approvals"]
    assert (approvals.shown[0].subject_ref, approvals.total) == ("B-NO-DBS", APPROVALS_SHOWN + 1)
    assert manual[-1].subject_ref not in {a.subject_ref for a in approvals.shown}
    assert (approvals.left_out, approvals.left_out_with_findings) == (1, 1)


def test_panel_exceptions_are_bounded_those_not_met_first(host: PluginHost) -> None:
    """Adoption Agencies Regulations 2005 reg 30 (SI 2020/445): a decision without a
    panel and its reason recorded was lawful in the window; one without is not."""

    def approval(ref: str, status: str, days_ago: int, route: str) -> FindingRow:
        decision = AS_OF - dt.timedelta(days=days_ago)
        return _row("ADO-PANEL", ref, status, decision, panel_route=route)

    reduced = [
        approval(f"P{i:03d}", "met", 600 - i, "no panel, reason recorded")
        for i in range(PANEL_SHOWN)
    ]
    assert adoption_section(_synthetic(host, reduced)).context["panel_items"].left_out == 0
    pack = _synthetic(host, [*reduced, approval("B-NO-PANEL", "breach", 1, "no panel")])
    context = adoption_section(pack).context
    items = context["panel_items"]
    assert (items.shown[0].subject_ref, items.total) == ("B-NO-PANEL", PANEL_SHOWN + 1)
    assert reduced[-1].subject_ref not in {p.subject_ref for p in items.shown}
    assert (items.left_out, items.left_out_with_findings) == (1, 0)
    assert dict(context["panel_counts"])["met"] == PANEL_SHOWN  # counts count everyone
