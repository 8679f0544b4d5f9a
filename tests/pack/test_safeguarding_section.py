"""The safeguarding pack section bounded whatever the caseload (issue 7): at most
``PLANS_SHOWN`` open child protection plans and ``INCIDENTS_SHOWN`` serious incidents,
those needing attention first, every one counted, and a sentence saying truthfully what
was left out. Built as PackData directly, so lists of the caps' size cost nothing; the
section from a real stored run is tested in tests/rules/safeguarding/test_pack_section.py.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from scrutiny.pack.render import render_pack
from scrutiny.pack.sections import FindingRow
from scrutiny.pack.summaries import is_finding
from scrutiny.plugins.safeguarding.pack import (
    INCIDENTS_SHOWN,
    PLANS_SHOWN,
    incidents,
    open_plans,
    safeguarding_section,
)

from . import factories

DAY = factories.AS_OF


def _row(
    rule_id: str,
    child: str,
    status: str,
    due: dt.date,
    event: dt.date | None = None,
    **evidence: Any,
) -> FindingRow:
    return factories.row("safeguarding", "child", rule_id, child, status, due, event, **evidence)


def _pack(rows):
    """Met and not-yet-due items are tracked; the rest are findings, as a run stores them."""
    return factories.pack_data(
        findings=[f for f in rows if is_finding(f.status)],
        tracked=[f for f in rows if not is_finding(f.status)],
    )


def _html(pack, tmp_path: Path) -> str:
    out = render_pack(pack, [safeguarding_section(pack)], tmp_path / "pack.html", fmt="html")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", out.path.read_text(encoding="utf-8")))


def _plan(child: str, status: str, due_in_days: int) -> FindingRow:
    """A plan open on the as-of date, owing its review conference."""
    return _row(
        "CP-RCPC-N",
        child,
        status,
        DAY + dt.timedelta(days=due_in_days),
        plan_start=(DAY - dt.timedelta(days=300)).isoformat(),
        previous_review=(DAY - dt.timedelta(days=100)).isoformat(),
    )


def test_open_plans_of_exactly_the_cap_are_all_listed(tmp_path):
    pack = _pack([_plan(f"N{i:03d}", "not-yet-due", 10 + i) for i in range(PLANS_SHOWN)])
    plans = open_plans(pack)
    assert (len(plans.shown), plans.total, plans.left_out) == (PLANS_SHOWN, PLANS_SHOWN, 0)
    text = _html(pack, tmp_path)
    assert f"{PLANS_SHOWN} plans open" in text and "not listed here" not in text


def test_one_plan_over_the_cap_leaves_out_the_review_due_last(tmp_path):
    """Working Together 2018: review conferences at most 6 months apart. The overdue
    come first; of those not yet due, the one due last is left out, and it is no finding
    (the sentence must not send the reader to findings.csv for it)."""
    running = [_plan(f"N{i:03d}", "not-yet-due", 10 + i) for i in range(PLANS_SHOWN - 1)]
    overdue = _plan("Z-OVERDUE", "breach", -20)
    pack = _pack([*running, _plan("A-LAST", "not-yet-due", 500), overdue])
    plans = open_plans(pack)
    assert (plans.total, plans.overdue) == (PLANS_SHOWN + 1, 1)
    assert plans.shown[0].child == "Z-OVERDUE"
    assert "A-LAST" not in {p.child for p in plans.shown}
    assert (plans.left_out, plans.left_out_with_findings) == (1, 0)
    text = _html(pack, tmp_path)
    assert f"{PLANS_SHOWN + 1} plans open; 1 with a review conference overdue" in text
    assert (
        "… and 1 more open plan, not listed here: with no finding (all met or not yet due), "
        "so not in the attached findings.csv."
    ) in text
    assert "every one is in the attached findings file" not in text


def _incident(n: int, panel_status: str, aware_days_ago: int) -> list[FindingRow]:
    aware = DAY - dt.timedelta(days=aware_days_ago)
    evidence = {"incident_ref": f"SI-{n:03d}", "harm": "serious-harm", "aware_on": aware}
    return [
        _row(
            "CP-SIN",
            f"N{n:03d}",
            panel_status,
            aware + dt.timedelta(days=7),
            aware + dt.timedelta(days=3) if panel_status == "met" else None,
            recipient="panel",
            **evidence,
        )
    ]


def test_incidents_of_exactly_the_cap_are_all_listed():
    rows = [r for n in range(INCIDENTS_SHOWN) for r in _incident(n, "met", 300 - n)]
    listed = incidents(_pack(rows))
    assert (len(listed.shown), listed.total, listed.left_out) == (INCIDENTS_SHOWN,) * 2 + (0,)


def test_incidents_not_met_come_first_and_the_rest_are_counted(tmp_path):
    """Children Act 2004 s16C(1): the Panel notified within 5 working days. An incident
    notified late comes first, whenever the council became aware of it; of those met,
    the latest is left out, and it is no finding."""
    rows = [r for n in range(INCIDENTS_SHOWN) for r in _incident(n, "met", 300 - n)]
    rows += _incident(900, "breach", 1)
    pack = _pack(rows)
    listed = incidents(pack)
    assert listed.total == INCIDENTS_SHOWN + 1
    assert listed.shown[0].incident == "SI-900"
    assert f"SI-{INCIDENTS_SHOWN - 1:03d}" not in {i.incident for i in listed.shown}
    assert (listed.left_out, listed.left_out_with_findings) == (1, 0)
    text = _html(pack, tmp_path)
    assert f"{INCIDENTS_SHOWN + 1} serious incidents judged" in text
    assert (
        "… and 1 more serious incident, not listed here: with no finding (all met or not yet "
        "due), so not in the attached findings.csv."
    ) in text


def test_left_out_incidents_with_a_finding_are_said_to_be_in_the_attachment():
    rows = [r for n in range(INCIDENTS_SHOWN + 2) for r in _incident(n, "breach", 300 - n)]
    listed = incidents(_pack(rows))
    # All equally urgent: the two the council knew of last are left out.
    assert {i.incident for i in listed.shown}.isdisjoint(
        {f"SI-{INCIDENTS_SHOWN:03d}", f"SI-{INCIDENTS_SHOWN + 1:03d}"}
    )
    assert (listed.left_out, listed.left_out_with_findings) == (2, 2)
