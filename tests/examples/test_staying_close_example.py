"""The worked example of docs/writing-a-plugin.md, examples/staying-close, works against
this Scrutiny: its rules file loads and cites its source (fast), and, installed with
``pip install -e`` beside Scrutiny in a brand-new virtualenv, its own tests pass, it is
listed, its sample file imports, and its rule is silent the day before its (placeholder)
commencement and judges from it (slow, as test_fresh_virtualenv.py).

The example is copied before it is installed or tested, so the checkout gets no build
folder or cache.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.scaffold.test_fresh_virtualenv import NOT_COPIED, run, scrutiny_in_a_new_virtualenv
from tests.system.cli import describe, run_python

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "staying-close"
NAME = "staying_close"
RULE = "SC-STAYING-CLOSE"
RULES_TOML = EXAMPLE / NAME / "rules.toml"


def commencement() -> dt.date:
    """The start of the rule's one period: a placeholder until the commencement
    regulations for CWSA 2026 s7 are made."""
    rules = tomllib.loads(RULES_TOML.read_text(encoding="utf-8"))
    start = rules["rule"][0]["period"][0]["start"]
    assert isinstance(start, dt.date)
    return start


def test_the_rules_file_loads_and_cites_its_source() -> None:
    """``load_rules`` pairs rules.toml with the @rule function and validates both, in a
    process of its own so the example's table does not join this one's metadata."""
    script = (
        "from scrutiny.rules.registry import load_rules\n"
        f"from {NAME} import rules\n"
        f"for r in load_rules({NAME!r}, rules):\n"
        "    p = r.meta.periods[0]\n"
        "    print(r.id, r.meta.domain, r.meta.kind.value, r.meta.verification.value,"
        " p.start, p.verification.value, p.params, r.problem)\n"
        "    print(r.meta.legal_source)\n"
        "    print(r.meta.source_url)\n"
        "    print(sorted(n for n, s in r.meta.local_policy.items() if s.no_statutory_value))\n"
    )
    result = run_python(script, EXAMPLE)
    assert result.returncode == 0, describe(result)
    loaded, source, url, unset = result.stdout.splitlines()
    assert loaded == (
        f"{RULE} care_leavers regulation VERIFIED-P {commencement()} UNVERIFIED"
        " {'assess_within_days': 0, 'provide_within_days': 0} None"
    )
    assert "Children Act 1989 s23CZAA" in source
    assert "Children's Wellbeing and Schools Act 2026 s7" in source
    assert url == "https://www.legislation.gov.uk/ukpga/2026/21/section/7"
    assert unset == "['assess_within_days', 'provide_within_days']"


def test_the_placeholder_commencement_says_so() -> None:
    """Until the commencement regulations are made, the period's start is a placeholder
    and the rule's metadata says what to replace it with."""
    rule = tomllib.loads(RULES_TOML.read_text(encoding="utf-8"))["rule"][0]
    period = rule["period"][0]
    assert "PLACEHOLDER" in period["instrument"] and "PLACEHOLDER" in period["note"]
    assert (
        "replace with the date of the commencement regulations when made" in (period["instrument"])
    )
    assert "placeholder" in rule["verification_note"]
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    assert "replace with the date of the commencement regulations when made" in readme


@pytest.mark.slow
def test_the_example_installs_beside_scrutiny_and_its_rule_runs(tmp_path: Path) -> None:
    python, scrutiny = scrutiny_in_a_new_virtualenv(tmp_path)
    plugin = tmp_path / "staying-close"
    shutil.copytree(EXAMPLE, plugin, ignore=shutil.ignore_patterns(*NOT_COPIED))
    run(python, "-m", "pip", "install", "-e", f"{plugin}[test]", cwd=tmp_path)

    tested = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=plugin)
    assert "11 passed" in tested.stdout, describe(tested)

    listed = run(scrutiny, "plugins", "list", cwd=plugin).stdout
    line = next(x for x in listed.splitlines() if x.startswith(f"{NAME} "))
    assert line.startswith(f"{NAME} 0.1.0 (scrutiny-staying-close, enabled): 1 rule(s)")
    assert "problem" not in listed

    shown = run(scrutiny, "rules", "show", RULE, cwd=plugin).stdout
    assert f"{RULE} (version 1.0, plugin {NAME})" in shown
    assert f"{commencement()} to onwards" in shown and "PLACEHOLDER" in shown

    database = f"sqlite:///{tmp_path / 'council.db'}"
    imported = run(scrutiny, "--database", database, "import",
                   "examples/staying_close_cases.csv", cwd=plugin)  # fmt: skip
    assert "5 rows dated 01/07/2022 to 30/09/2026" in imported.stdout

    def findings(as_of: dt.date) -> list[tuple[str, str, str]]:
        checked = run(scrutiny, "--database", database, "check", "--as-of", as_of.isoformat(),
                      "--domain", "care_leavers", "--format", "json", cwd=plugin)  # fmt: skip
        return sorted(
            (f["subject_ref"], f["status"], f["due_date"])
            for f in json.loads(checked.stdout)["findings"]
            if f["rule_id"] == RULE
        )

    start = commencement()
    assert findings(start - dt.timedelta(days=1)) == []
    # SC002 and SC003 were assessed before commencement (a person decides whether that
    # stands); SC001 and SC005 not at all, with no local timescale set; SC004 turned 25
    # before commencement; SC002's support, begun before, is met.
    assert findings(start + dt.timedelta(days=90)) == [
        (ref, "manual", start.isoformat()) for ref in ("SC001", "SC002", "SC003", "SC005")
    ]

    pack = tmp_path / "pack.html"
    run(scrutiny, "--database", database, "pack", "--format", "html", "--out", pack, cwd=plugin)
    assert f"<h2>{RULE}: Former relevant children under 25" in pack.read_text(encoding="utf-8")
