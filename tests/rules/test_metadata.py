"""Rule metadata is validated data: bad rules files are refused with a clear reason, and
every built-in rule is documented and cites its source."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest

from scrutiny.plugin_host import PluginHost
from scrutiny.rules.metadata import RuleMetadata
from scrutiny.rules.registry import RuleDefinitionError, load_rules

ROOT = Path(__file__).resolve().parents[2]
RULES_CATALOGUE = Path("/work/shared/RULES.md")


def entry(**changes):
    base = {
        "id": "LAC-TEST",
        "version": "1.0",
        "title": "A test rule",
        "domain": "looked_after",
        "severity": "high",
        "kind": "regulation",
        "legal_source": "SI 2010/959 reg 33",
        "verification": "VERIFIED-P",
        "automation": "automated",
        "subject_type": "child",
        "description": "Something must happen on time.",
        "remediation": "Make it happen.",
        "periods": [
            {
                "start": dt.date(2011, 4, 1),
                "instrument": "SI 2010/959",
                "verification": "VERIFIED-P",
                "params": {"days": 20},
            }
        ],
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": "lac review"}, "String should match pattern"),
        ({"severity": "urgent"}, "severity"),
        ({"kind": "law"}, "kind"),
        ({"verification": "probably"}, "verification"),
        ({"periods": []}, "at least 1 item"),
        (
            {
                "periods": [
                    {
                        "start": dt.date(2020, 1, 1),
                        "end": dt.date(2020, 6, 30),
                        "instrument": "SI A",
                        "verification": "VERIFIED-P",
                        "params": {"days": 20},
                    },
                    {
                        "start": dt.date(2020, 6, 30),
                        "instrument": "SI B",
                        "verification": "VERIFIED-P",
                        "params": {"days": 10},
                    },
                ]
            },
            "periods overlap",
        ),
        (
            {
                "periods": [
                    {
                        "start": dt.date(2020, 1, 1),
                        "end": dt.date(2020, 6, 29),
                        "instrument": "SI A",
                        "verification": "VERIFIED-P",
                        "params": {"days": 20},
                    },
                    {
                        "start": dt.date(2020, 6, 30),
                        "instrument": "SI B",
                        "verification": "VERIFIED-P",
                        "params": {"weeks": 3},
                    },
                ]
            },
            "same parameters",
        ),
        ({"local_policy": {"weeks": {"description": "x"}}}, "unknown parameters"),
        (
            {"local_policy": {"days": {"description": "x", "no_statutory_value": True}}},
            "has no statutory value, so every period's value must be 0",
        ),
        (
            {
                "local_policy": {
                    "days": {
                        "description": "x",
                        "no_statutory_value": True,
                        "unverified_default": True,
                    }
                }
            },
            "exclude each other",
        ),
        (
            {
                "local_policy": {"days": {"description": "x", "unverified_default": True}},
                "periods": [
                    {
                        "start": dt.date(2011, 4, 1),
                        "instrument": "SI 2010/959",
                        "verification": "UNVERIFIED",
                        "params": {"days": 0},
                    }
                ],
            },
            "an unverified default must be a whole number from 1",
        ),
    ],
    ids=[
        "bad-id",
        "severity",
        "kind",
        "verification",
        "no-periods",
        "overlap",
        "different-params",
        "unknown-local-policy",
        "no-statutory-value-but-a-number",
        "no-statutory-value-and-a-default",
        "unverified-default-not-set",
    ],
)
def test_invalid_rule_metadata_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        RuleMetadata.model_validate(entry(**changes))


def test_a_rules_file_entry_without_a_function_is_kept_to_fail_when_run(tmp_path, monkeypatch):
    package = tmp_path / "orphan_rules"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "rules.toml").write_text(
        textwrap.dedent("""
        [[rule]]
        id = "ORPHAN-RULE"
        version = "1.0"
        title = "No function for me"
        domain = "orphan"
        severity = "low"
        kind = "local-policy"
        legal_source = "Local policy 1"
        verification = "VERIFIED-P"
        automation = "automated"
        subject_type = "child"
        description = "Nothing evaluates this rule."
        remediation = "Write the function."
        [[rule.period]]
        start = 2020-01-01
        instrument = "Policy 1"
        verification = "VERIFIED-P"
    """)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import orphan_rules

    (rule,) = load_rules("orphan_rules", orphan_rules)
    # Kept, so that each run records an error for it rather than silently skipping it.
    assert rule.problem == "orphan_rules/rules.toml: rule ORPHAN-RULE has no @rule function"
    with pytest.raises(RuleDefinitionError, match="ORPHAN-RULE has no @rule function"):
        rule.evaluate(None)  # type: ignore[arg-type]


OFFICIAL_SOURCES = (
    "https://www.legislation.gov.uk/",
    "https://api.parliament.uk/historic-hansard/",  # an Act as enacted, read in Hansard
    "https://www.gov.uk/",  # statutory guidance
)


@pytest.mark.parametrize("rule", list(PluginHost().rules), ids=lambda r: r.id)
def test_every_built_in_rule_is_documented_with_its_source(rule):
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert f"### {rule.id} " in docs
    provision = re.search(r"reg \d+|Sch(?:edule)? \d+|s\d+[A-Z]*|para \d+", rule.meta.legal_source)
    assert provision and provision.group(0) in docs
    assert rule.meta.source_url.startswith(OFFICIAL_SOURCES)


@pytest.mark.skipif(not RULES_CATALOGUE.exists(), reason="the shared catalogue is not here")
@pytest.mark.parametrize("rule", list(PluginHost().rules), ids=lambda r: r.id)
def test_every_built_in_rule_id_is_the_catalogues(rule):
    """The id heads an entry, alone or first of a combined one ("### CH-REG48/49 —"),
    or opens a row of a catalogue table (the child protection timescales are a table:
    "| CP-ICPC | Initial child protection conference | …")."""
    catalogue = RULES_CATALOGUE.read_text(encoding="utf-8")
    # A rule judging another source's data (Annex A's latest dates) cites the entry of the
    # duty it judges ("RULES.md LAC-REVIEW"); one whose duty has no entry says so and is
    # UNVERIFIED.
    cited = re.findall(r"RULES\.md ([A-Z]{2,3}-[A-Z0-9-]*[A-Z0-9])", rule.meta.verification_note)
    if rule.id.startswith("AA-") and not cited:
        assert rule.meta.verification.value == "UNVERIFIED", rule.id
        assert "RULES.md" in rule.meta.verification_note
        return
    for rule_id in cited if rule.id.startswith("AA-") else [rule.id]:
        entry = re.compile(
            rf"^(?:### {re.escape(rule_id)}(?: |/\d+ )|\| {re.escape(rule_id)} \|)", re.MULTILINE
        )
        assert entry.search(catalogue), rule_id


def _context_with(local_policy):
    from scrutiny.rules.context import RuleContext
    from scrutiny.working_days import WorkingDayCalendar

    metadata = RuleMetadata.model_validate(
        entry(local_policy={"days": {"description": "x", "unverified_default": True}})
    )
    return RuleContext(
        metadata, dt.date(2022, 3, 31), WorkingDayCalendar(), local_policy=local_policy
    )


def test_a_council_may_replace_an_unverified_default_with_a_looser_figure():
    """The default (20 here) has no verified source, so nothing statutory to be
    stricter than: 25 is accepted, as is 5."""
    assert _context_with({"days": 25}).local_policy == {"days": 25}
    assert _context_with({"days": 5}).local_policy == {"days": 5}


@pytest.mark.parametrize("value", [0, -3, "ten", True])
def test_an_unverified_default_can_only_be_replaced_by_a_whole_number_from_1(value):
    from scrutiny.rules.context import LocalPolicyError

    with pytest.raises(LocalPolicyError, match="leave it out to apply the default"):
        _context_with({"days": value})
