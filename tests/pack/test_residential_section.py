"""The children's homes pack section, built from a real stored run and rendered to a
real PDF (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from scrutiny.config import Config
from scrutiny.engine.check import run_check
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.pack.sections import FindingRow
from scrutiny.pack.summaries import is_finding
from scrutiny.plugins.residential.pack import (
    CLOSURES_SHOWN,
    EXCEPTIONS_SHOWN,
    HOMES_SHOWN,
    closures,
    home_records,
    missed_months,
    notification_exceptions,
    placement_exceptions,
    residential_section,
)
from scrutiny.testing.residential import ResidentialCases, local

from . import factories

D = dt.date
AS_OF = D(2021, 12, 31)


def stored_run(engine, host) -> int:
    res = ResidentialCases(engine)
    res.home("H1", D(2021, 1, 1))
    res.home("H2", D(2021, 1, 1), D(2021, 10, 31), urn="SC000002")
    res.monthly_visits(D(2021, 1, 1), D(2021, 12, 31), home="H1")
    res.monthly_visits(D(2021, 1, 1), D(2021, 10, 31), home="H2")
    res.quality_review(D(2021, 6, 20), home="H1")
    # Ofsted told 30 hours after; the placing authority never told.
    res.event(
        local(D(2021, 5, 1), 10),
        "dbs-referral",
        told={"ofsted": local(D(2021, 5, 2), 16)},
        ref="EV7",
    )
    res.closure(D(2021, 10, 31), "H2")  # no notice to Ofsted
    res.placement("C1", D(2021, 10, 1), dob=D(2007, 3, 1))  # under 16, other arrangements
    res.placement("C2", D(2021, 2, 1), "other", care=True, other_arrangements=False)
    rules = [r for r in host.rules if r.meta.domain == "residential"]
    summary = run_check(
        engine, rules, Config(), as_of=AS_OF, domains=None, plugins=host.enabled_versions()
    )
    return summary.run_id


def test_section_gives_each_homes_record(engine, host):
    run_id = stored_run(engine, host)
    section = residential_section(load_pack_data(engine, host.rules, Config(), run_id))
    homes = {h.home: h for h in section.context["homes"].shown}
    h1 = homes["H1"]
    assert (h1.notifications, h1.notifications_met, h1.notifications_open) == (2, 0, 2)
    assert h1.slowest_hours == 30.0
    assert (h1.months_judged, h1.months_visited, h1.months_missed) == (12, 12, 0)
    assert (h1.last_review, h1.next_review_due) == (D(2021, 6, 20), D(2021, 12, 20))
    assert h1.review_status == "breach"
    assert (homes["H2"].months_judged, homes["H2"].months_visited) == (10, 10)


def test_section_lists_exceptions(engine, host):
    run_id = stored_run(engine, host)
    section = residential_section(load_pack_data(engine, host.rules, Config(), run_id))
    notes = [(n.recipient, n.hours, n.status) for n in section.context["notifications"].shown]
    assert notes == [("placing authority", None, "breach"), ("ofsted", 30.0, "manual")]
    [closure] = section.context["closures"].shown
    assert (closure.home, closure.notified_on, closure.notice_status) == ("H2", None, "breach")
    placements = [(p.rule_id, p.child, p.status) for p in section.context["placements"].shown]
    # The breach first, then what a person has to judge.
    assert placements == [("LAC-UNREG-U16", "C1", "breach"), ("CH-DEF", "C2", "manual")]


def test_section_renders_into_the_pdf(engine, host, tmp_path):
    run_id = stored_run(engine, host)
    data = load_pack_data(engine, host.rules, Config(), run_id)
    result = render_pack(data, [residential_section(data)], tmp_path / "pack.pdf")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(result.path).pages))
    assert "Children's homes: notifications, visits, reviews and registration" in text
    assert "Homes: notifications, visits and reviews" in text
    assert "EV7" in text and "not told" in text
    assert "CH-REG44: An independent person visits each children's home" in text
    assert "LAC-UNREG-U16" in text


# Bounded whatever the caseload (issue 7): each list shows at most its cap, those needing
# attention first, says what it left out, and its count counts everything. Built as
# PackData directly, so lists of the caps' size cost nothing.

DAY = factories.AS_OF


def _row(
    rule_id: str, ref: str, status: str, due: dt.date, event: dt.date | None = None, **evidence: Any
) -> FindingRow:
    subject = "child" if rule_id in ("CH-DEF", "LAC-UNREG-U16", "SA-2023") else "home"
    return factories.row("residential", subject, rule_id, ref, status, due, event, **evidence)


def _pack(rows):
    """Met and not-yet-due items are tracked; the rest are findings, as a run stores them."""
    return factories.pack_data(
        findings=[f for f in rows if is_finding(f.status)],
        tracked=[f for f in rows if not is_finding(f.status)],
    )


def _html(pack, tmp_path: Path) -> str:
    out = render_pack(pack, [residential_section(pack)], tmp_path / "pack.html", fmt="html")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", out.path.read_text(encoding="utf-8")))


def _visited(home: str) -> FindingRow:
    month = DAY - dt.timedelta(days=60)
    return _row("CH-REG44", home, "met", month, month + dt.timedelta(days=3), month=month)


def test_homes_of_exactly_the_cap_are_all_listed(tmp_path):
    pack = _pack([_visited(f"H{i:03d}") for i in range(HOMES_SHOWN)])
    listed = home_records(pack)
    assert (len(listed.shown), listed.total, listed.left_out) == (HOMES_SHOWN, HOMES_SHOWN, 0)
    text = _html(pack, tmp_path)
    assert f"{HOMES_SHOWN} homes judged" in text and "not listed here" not in text


def test_one_home_over_the_cap_leaves_out_the_least_urgent(tmp_path):
    """Children's Homes Regulations 2015 regs 44 and 45: a home with its review overdue
    or a month missed comes first; of the homes with nothing wrong, the last by name is
    left out, and the sentence says it has no finding."""
    quiet = [_visited(f"H{i:03d}") for i in range(HOMES_SHOWN - 1)]
    missed = DAY - dt.timedelta(days=90)
    rows = [
        *quiet,
        _visited("ZZ-LAST"),
        _row("CH-REG44", "Z-MISSED", "breach", missed, month=missed),
        _row("CH-REG45", "Z-REVIEW", "breach", DAY - dt.timedelta(days=10)),
    ]
    pack = _pack(rows)
    listed = home_records(pack)
    assert listed.total == HOMES_SHOWN + 2
    assert [h.home for h in listed.shown[:2]] == ["Z-REVIEW", "Z-MISSED"]
    assert {h.home for h in listed.shown}.isdisjoint({"ZZ-LAST", quiet[-1].subject_ref})
    assert (listed.left_out, listed.left_out_with_findings) == (2, 0)
    text = _html(pack, tmp_path)
    assert f"{HOMES_SHOWN + 2} homes judged" in text
    assert (
        "… and 2 more homes, not listed here: none with a finding (all met or not yet due), "
        "so not in the attached findings.csv."
    ) in text


def _notification(n: int, status: str = "manual", minutes: int | None = 600):
    day = DAY - dt.timedelta(days=100)
    return _row(
        "CH-REG40",
        f"H{n % 7}",
        status,
        day,
        minutes_to_notify=minutes,
        event_ref=f"EV{n:03d}",
        event_type="dbs-referral",
        recipient="ofsted",
    )


def test_notifications_are_bounded_the_never_made_then_the_slowest_first(tmp_path):
    # Forty for a person to judge, 10 to 49 hours; one never made; one the quickest.
    judged = [_notification(n, minutes=(10 + n) * 60) for n in range(EXCEPTIONS_SHOWN)]
    assert notification_exceptions(_pack(judged)).left_out == 0
    rows = [*judged, _notification(98, "breach", None), _notification(99, minutes=60)]
    pack = _pack(rows)
    listed = notification_exceptions(pack)
    assert listed.total == EXCEPTIONS_SHOWN + 2
    assert [n.event for n in listed.shown[:2]] == ["EV098", "EV039"]
    # The quickest two (1 and 10 hours) are left out; both are findings.
    assert {n.event for n in listed.shown}.isdisjoint({"EV099", "EV000"})
    assert (listed.left_out, listed.left_out_with_findings) == (2, 2)
    text = _html(pack, tmp_path)
    assert f"{EXCEPTIONS_SHOWN + 2} notifications not plainly met" in text
    assert (
        "… and 2 more notifications not plainly met, not listed here: each with a finding, "
        "given in full in the attached findings.csv."
    ) in text


def test_months_without_a_visit_are_bounded_the_missed_first():
    """SI 2020/445: a month missed with reasonable endeavours was met, so it is listed
    last, and left out first; it is no finding."""

    def month(home: str, status: str, days_ago: int):
        day = DAY - dt.timedelta(days=days_ago)
        return _row("CH-REG44", home, status, day, month=day)

    missed = [month(f"H{i:03d}", "breach", 500 - i) for i in range(EXCEPTIONS_SHOWN)]
    assert missed_months(_pack(missed)).left_out == 0
    listed = missed_months(_pack([month("H-ENDEAVOURS", "met", 600), *missed]))
    assert listed.total == EXCEPTIONS_SHOWN + 1
    assert "H-ENDEAVOURS" not in {m.home for m in listed.shown}
    assert (listed.left_out, listed.left_out_with_findings) == (1, 0)


def test_closures_are_bounded_the_notice_not_met_first():
    """Care Standards Act 2000 s15: a closure without notice comes before those met."""

    def closure(home: str, status: str, days_ago: int):
        closes = DAY - dt.timedelta(days=days_ago)
        return _row(
            "CH-CLOSURE",
            home,
            status,
            closes,
            closes - dt.timedelta(days=30) if status == "met" else None,
            closes_on=closes.isoformat(),
            requirement="Ofsted told of the closure",
        )

    told = [closure(f"H{i:03d}", "met", 500 - i) for i in range(CLOSURES_SHOWN)]
    assert closures(_pack(told)).left_out == 0
    listed = closures(_pack([*told, closure("H-UNTOLD", "breach", 1)]))
    assert (listed.shown[0].home, listed.total) == ("H-UNTOLD", CLOSURES_SHOWN + 1)
    assert told[-1].subject_ref not in {c.home for c in listed.shown}
    assert (listed.left_out, listed.left_out_with_findings) == (1, 0)


def test_placements_flagged_are_bounded_breaches_first():
    """CPPCR 2010 reg 27A: an under-16 in other arrangements (a breach) comes before a
    possible unregistered home for a person to judge (CH-DEF)."""

    def placement(rule_id: str, child: str, status: str, days_ago: int):
        day = DAY - dt.timedelta(days=days_ago)
        return _row(rule_id, child, status, day, provider="PRV1", setting="other")

    manual = [placement("CH-DEF", f"C{i:03d}", "manual", 300 - i) for i in range(EXCEPTIONS_SHOWN)]
    assert placement_exceptions(_pack(manual)).left_out == 0
    listed = placement_exceptions(
        _pack([*manual, placement("LAC-UNREG-U16", "C-U16", "breach", 1)])
    )
    assert (listed.shown[0].child, listed.total) == ("C-U16", EXCEPTIONS_SHOWN + 1)
    assert manual[-1].subject_ref not in {p.child for p in listed.shown}
    assert (listed.left_out, listed.left_out_with_findings) == (1, 1)
