"""The safeguarding plugin's deviation types and demo files.

Deviation types: Working Together is statutory guidance, so departures suggest the basis
"guidance-departure"; only the rapid review has a coronavirus basis (CSPRP-COVID-2020);
the 5 working days for notifying a serious incident were never relaxed.

Demo: the council's census and files import through the real importers and the rules
find the exceptions placed on purpose.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.demo.histories import make_council
from scrutiny.engine.check import run_check
from scrutiny.engine.runs import load_findings, load_outcomes
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.runner import import_paths
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.safeguarding.demo import write_demo_files
from scrutiny.plugins.safeguarding.deviation_types import DEVIATION_TYPES
from scrutiny.register.legal_basis import legal_bases

D = dt.date


def test_deviation_types_name_the_plugins_rules_and_known_bases(host: PluginHost):
    rules = {r.id for r in host.rules if r.plugin == "safeguarding"}
    assert {t.rule_id for t in DEVIATION_TYPES} == rules
    assert {t.suggested_legal_basis for t in DEVIATION_TYPES} <= set(legal_bases())
    assert len({t.id for t in DEVIATION_TYPES}) == len(DEVIATION_TYPES)
    covid = [t for t in DEVIATION_TYPES if t.suggested_legal_basis == "CSPRP-COVID-2020"]
    assert [t.id for t in covid] == ["cp-rapid-review-covid"]
    sin = [t for t in DEVIATION_TYPES if t.rule_id == "CP-SIN"]
    assert {t.suggested_legal_basis for t in sin} == {"guidance-departure"}
    assert {t.id for t in host.deviation_types()} >= {t.id for t in DEVIATION_TYPES}


def test_deviation_types_naming_a_count_name_one_the_rule_judges():
    assert {t.covers_requirement for t in DEVIATION_TYPES} == {
        None,
        "decision",
        "referrer-informed",
    }


def test_demo_files_are_the_same_for_the_same_seed(tmp_path: Path):
    first, second = tmp_path / "a", tmp_path / "b"
    write_demo_files(make_council(first, 60, 3))
    write_demo_files(make_council(second, 60, 3))
    for path in sorted((first / "safeguarding").glob("*.csv")):
        assert path.read_bytes() == (second / "safeguarding" / path.name).read_bytes()
    names = sorted(p.name for p in (first / "safeguarding").iterdir())
    assert names == [
        "cin_census_2019-20.xml",
        "cin_census_2020-21.xml",
        "cin_census_2021-22.xml",
        "core_groups.csv",
        "rapid_reviews.csv",
        "referral_decisions.csv",
        "serious_incidents.csv",
        "strategy_discussions.csv",
    ]


def test_demo_scales_with_the_council(tmp_path: Path):
    small, large = tmp_path / "small", tmp_path / "large"
    write_demo_files(make_council(small, 40, 1))
    write_demo_files(make_council(large, 400, 1))

    def rows(folder: Path, name: str) -> int:
        return len((folder / "safeguarding" / name).read_text().splitlines()) - 1

    assert rows(large, "referral_decisions.csv") > 5 * rows(small, "referral_decisions.csv")
    assert rows(small, "serious_incidents.csv") == 3
    assert rows(large, "serious_incidents.csv") == 5  # 600 children in need: 3 + 2


def test_demo_files_import_and_show_the_deliberate_exceptions(
    engine: Engine, host: PluginHost, tmp_path: Path
):
    council = make_council(tmp_path, 200, 1)
    write_demo_files(council)
    paths = sorted((tmp_path / "safeguarding").iterdir())
    import_paths(engine, paths, host.importers(), ImportOptions(today=D(2022, 4, 1)))
    rules = [r for r in host.rules if r.meta.domain == "safeguarding"]
    summary = run_check(
        engine, rules, Config(), as_of=council.as_of, domains=None, plugins=host.enabled_versions()
    )
    assert summary.rule_errors == {}
    with engine.connect() as conn:
        outcomes = load_outcomes(conn, summary.run_id)
        findings = load_findings(conn, summary.run_id)
    for rule in ("CP-REFERRAL-DECISION", "CP-ASSESSMENT", "CP-ICPC", "CP-CORE-GROUP"):
        met, late = outcomes[rule].get("met", 0), outcomes[rule].get("not-met", 0)
        assert late >= 1 and met > 4 * late, (rule, outcomes[rule])
    for rule in ("CP-RCPC-1", "CP-RCPC-N"):
        assert outcomes[rule].get("met", 0) > outcomes[rule].get("not-met", 0) >= 1
    assert outcomes["CP-RCPC-N"].get("data-gap", 0) >= 1  # plans older than the census
    assert outcomes["CP-ASSESSMENT"].get("manual") == 1  # closed, never authorised
    by_rule = Counter(f.rule_id for f in findings if f.status == "breach")
    assert by_rule["CP-SIN"] == 1 and by_rule["CP-RAPID-REVIEW"] == 1
    [sin] = [f for f in findings if f.rule_id == "CP-SIN"]
    assert sin.evidence["requirement"] == "SI-2021-02: ofsted"
    [review] = [f for f in findings if f.rule_id == "CP-RAPID-REVIEW"]
    assert (review.evidence["incident_ref"], review.due_date, review.event_date) == (
        "SI-2020-01",
        D(2020, 6, 22),
        D(2020, 7, 3),
    )
    assert review.evidence["delay_reason_recorded"] == "yes"
    assert review.evidence["covid_relaxation"] == "relaxed"
    assert outcomes["CP-SIN"]["met"] == 6  # SI-2021-01: Panel, Ofsted, Secretary of State
