"""The fostering pack section, built from a real stored run and rendered to a real PDF.

Case data goes into a real database (SQLite and PostgreSQL), every fostering rule runs
through the engine, and the section is built from what the run stored, as the pack is.
"""

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
from scrutiny.plugins.fostering.pack import (
    CLOCKS_SHOWN,
    EXTENSIONS_SHOWN,
    REVIEWS_SHOWN,
    SPELLS_SHOWN,
    clocks,
    extension_exceptions,
    fostering_section,
    reviews_overdue,
    spells,
)
from scrutiny.testing.fostering import FosteringCases

from . import factories

D = dt.date
AS_OF = D(2021, 12, 31)


def stored_run(engine, host) -> int:
    fos = FosteringCases(engine)
    fos.approval("T1", D(2021, 11, 1), child="C1")  # running: 16 weeks to 21 Feb 2022
    fos.approval("T2", D(2021, 3, 1), child="C2", ended=D(2021, 7, 1))  # 10 days over
    fos.approval("T3", D(2020, 9, 28), "temporary-any", child="C3", ended=D(2020, 12, 1))
    fos.approval("T4", D(2021, 3, 1), child="C4", ended=D(2021, 8, 1))
    fos.extension("T4", D(2021, 3, 1), D(2021, 6, 14), steps=None)
    for child in ("C5", "C6", "C7", "C8"):
        fos.living("F1", child, D(2021, 5, 3), siblings="S1")
    for child in ("C9", "C10", "C11"):
        fos.living("F2", child, D(2021, 1, 4))
    fos.living("F2", "C12", D(2021, 2, 1), D(2021, 2, 14))
    fos.approval("F3", D(2019, 6, 3), "full")
    fos.carer_review("F3", D(2020, 5, 20), D(2021, 7, 1))
    rules = [r for r in host.rules if r.meta.domain == "fostering"]
    summary = run_check(
        engine, rules, Config(), as_of=AS_OF, domains=None, plugins=host.enabled_versions()
    )
    return summary.run_id


def test_section_lists_every_temporary_approval_with_its_clock(engine, host):
    run_id = stored_run(engine, host)
    section = fostering_section(load_pack_data(engine, host.rules, Config(), run_id))
    listed = section.context["clocks"]
    by_carer = {c.carer: c for c in listed.shown}
    assert set(by_carer) == {"T1", "T2", "T3", "T4"}
    assert (by_carer["T1"].status, by_carer["T1"].days, by_carer["T1"].stopped_on) == (
        "not-yet-due",
        52,  # 21 Feb 2022 less 31 Dec 2021
        None,
    )
    assert (by_carer["T2"].status, by_carer["T2"].days) == ("breach", 10)
    assert by_carer["T3"].who_status == "breach"  # not connected, after SI 2020/445
    assert by_carer["T4"].how == "extended"
    # The exceptions first (on the time limit or on who was approved), then those
    # running, then those stopped in time.
    assert [c.carer for c in listed.shown] == ["T3", "T2", "T1", "T4"]
    [extension] = section.context["extensions"].shown
    assert (extension.carer, extension.status) == ("T4", "breach")
    assert extension.requirement.startswith("panel's views sought")


def test_section_lists_spells_over_the_limit_and_reviews_overdue(engine, host):
    run_id = stored_run(engine, host)
    section = fostering_section(load_pack_data(engine, host.rules, Config(), run_id))
    listed = [
        (s.household, s.kind, s.began, s.ended, s.status) for s in section.context["spells"].shown
    ]
    assert listed == [
        ("H-F2", "over", D(2021, 2, 1), D(2021, 2, 15), "breach"),
        ("H-F1", "siblings", D(2021, 5, 3), None, "met"),
    ]
    overdue = [
        (i.subject_ref, i.due_date, i.days_late) for i in section.context["reviews_overdue"].shown
    ]
    assert overdue == [("F3", D(2021, 5, 20), 42)]


def test_section_renders_into_the_pdf(engine, host, tmp_path):
    run_id = stored_run(engine, host)
    data = load_pack_data(engine, host.rules, Config(), run_id)
    result = render_pack(data, [fostering_section(data)], tmp_path / "pack.pdf")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(result.path).pages))
    assert "Fostering: approvals, placements and reviews" in text
    assert "Temporary approvals and their clocks" in text
    assert "52 left" in text and "10 over" in text
    assert "all siblings" in text and "not allowed" in text
    assert "FOS-USUAL-LIMIT: No more than three fostered children" in text


# Bounded whatever the caseload (issue 7): each list shows at most its cap, the
# exceptions first, says what it left out, and its count counts everything. Built as
# PackData directly, so lists of the caps' size cost nothing.

DAY = factories.AS_OF


def _row(
    rule_id: str, ref: str, status: str, due: dt.date, event: dt.date | None = None, **evidence: Any
) -> FindingRow:
    return factories.row("fostering", "carer", rule_id, ref, status, due, event, **evidence)


def _pack(rows):
    """Met and not-yet-due items are tracked; the rest are findings, as a run stores them."""
    return factories.pack_data(
        findings=[f for f in rows if is_finding(f.status)],
        tracked=[f for f in rows if not is_finding(f.status)],
    )


def _clock(ref: str, status: str, expires: dt.date, stopped=None):
    return _row(
        "FOS-TEMP-APPROVAL",
        ref,
        status,
        expires,
        stopped,
        requirement="time limit",
        approval_type="temporary-connected",
        approved_on=(expires - dt.timedelta(weeks=16)).isoformat(),
        limit_weeks=16,
        end_reason="placement-ended",
    )


def _stopped_in_time(n: int) -> list[FindingRow]:
    """``n`` approvals stopped in time, expiring a day apart: the last the least urgent."""
    start = DAY - dt.timedelta(days=400)
    return [
        _clock(f"Q{i:03d}", "met", start + dt.timedelta(days=i), start + dt.timedelta(days=i - 3))
        for i in range(n)
    ]


def _html(pack, tmp_path: Path) -> str:
    out = render_pack(pack, [fostering_section(pack)], tmp_path / "pack.html", fmt="html")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", out.path.read_text(encoding="utf-8")))


def test_clocks_of_exactly_the_cap_are_all_listed(tmp_path):
    pack = _pack(_stopped_in_time(CLOCKS_SHOWN))
    listed = clocks(pack)
    assert (len(listed.shown), listed.total, listed.left_out) == (CLOCKS_SHOWN,) * 2 + (0,)
    text = _html(pack, tmp_path)
    assert f"{CLOCKS_SHOWN} temporary approvals judged" in text
    assert "not listed here" not in text


def test_one_clock_over_the_cap_leaves_out_the_least_urgent(tmp_path):
    """CPPCR 2010 regs 24 and 25: a breach and a running clock come before those
    stopped in time, whatever their dates; the latest stopped in time is left out."""
    quiet = _stopped_in_time(CLOCKS_SHOWN - 1)
    late = _clock("Z-OVER", "breach", DAY - dt.timedelta(days=30), DAY - dt.timedelta(days=20))
    running = _clock("Z-RUNNING", "not-yet-due", DAY + dt.timedelta(days=9))
    pack = _pack([*quiet, late, running])
    listed = clocks(pack)
    assert listed.total == CLOCKS_SHOWN + 1
    assert [c.carer for c in listed.shown[:2]] == ["Z-OVER", "Z-RUNNING"]
    assert quiet[-1].subject_ref not in {c.carer for c in listed.shown}
    assert (listed.left_out, listed.left_out_with_findings) == (1, 0)
    text = _html(pack, tmp_path)
    assert f"{CLOCKS_SHOWN + 1} temporary approvals judged" in text
    assert (
        "… and 1 more temporary approval, not listed here: with no finding (all met or not "
        "yet due), so not in the attached findings.csv."
    ) in text


def test_a_clock_met_on_time_but_approving_any_person_unlawfully_comes_first():
    expires = DAY - dt.timedelta(days=100)
    time_limit = _clock("A-ANY", "met", expires, expires - dt.timedelta(days=5))
    time_limit.evidence["approval_type"] = "temporary-any"
    who = _row(  # judged on the day of the approval
        "FOS-TEMP-APPROVAL",
        "A-ANY",
        "breach",
        expires - dt.timedelta(weeks=16),
        requirement="only a connected person approved temporarily",
    )
    pack = _pack([*_stopped_in_time(3), time_limit, who])
    listed = clocks(pack, limit=1)
    assert [(c.carer, c.status, c.who_status) for c in listed.shown] == [("A-ANY", "met", "breach")]
    assert (listed.left_out, listed.left_out_with_findings) == (3, 0)


def test_extensions_not_plainly_met_are_bounded_breaches_first():
    def extension(ref: str, status: str, days: int):
        return _row(
            "FOS-TEMP-EXTENSION",
            ref,
            status,
            DAY - dt.timedelta(days=days),
            requirement="panel's views sought before the extension",
        )

    manual = [extension(f"M{i:03d}", "manual", 200 - i) for i in range(EXTENSIONS_SHOWN)]
    assert extension_exceptions(_pack(manual)).left_out == 0
    listed = extension_exceptions(_pack([*manual, extension("B", "breach", 1)]))
    assert listed.shown[0].carer == "B"
    assert listed.total == EXTENSIONS_SHOWN + 1
    # The manual count due last is the least urgent, and a finding all the same.
    assert manual[-1].subject_ref not in {e.carer for e in listed.shown}
    assert (listed.left_out, listed.left_out_with_findings) == (1, 1)


def test_spells_over_the_usual_limit_are_bounded_breaches_first():
    """Children Act 1989 Schedule 7: a spell over the limit (a breach) before those
    allowed as siblings or by exemption."""

    def spell(ref: str, status: str, kind: str, began_days_ago: int):
        began = DAY - dt.timedelta(days=began_days_ago)
        return _row("FOS-USUAL-LIMIT", ref, status, began, spell=kind, most_children=4)

    allowed = [spell(f"H{i:03d}", "met", "siblings", 300 - i) for i in range(SPELLS_SHOWN)]
    assert spells(_pack(allowed)).left_out == 0
    listed = spells(_pack([*allowed, spell("H-OVER", "breach", "over", 1)]))
    assert (listed.shown[0].household, listed.total) == ("H-OVER", SPELLS_SHOWN + 1)
    assert allowed[-1].subject_ref not in {s.household for s in listed.shown}
    assert (listed.left_out, listed.left_out_with_findings) == (1, 0)


def test_carer_reviews_overdue_are_bounded_most_days_late_first(tmp_path):
    """Fostering Services (England) Regulations 2011 reg 28: every review late is
    counted; the fewest days late is the one left out, and it is in findings.csv."""

    def review(ref: str, late: int):
        due = DAY - dt.timedelta(days=200)
        return _row("FOS-ANNUAL-REVIEW", ref, "breach", due, due + dt.timedelta(days=late))

    reviews = [review(f"F{i:03d}", 100 - i) for i in range(REVIEWS_SHOWN)]
    assert reviews_overdue(_pack(reviews)).left_out == 0
    pack = _pack([*reviews, review("F-LEAST", 1), review("F-MOST", 150)])
    listed = reviews_overdue(pack)
    assert listed.total == REVIEWS_SHOWN + 2
    assert (listed.shown[0].subject_ref, listed.shown[0].days_late) == ("F-MOST", 150)
    assert listed.shown[-1].subject_ref == reviews[-2].subject_ref
    assert {"F-LEAST", reviews[-1].subject_ref}.isdisjoint(i.subject_ref for i in listed.shown)
    assert (listed.left_out, listed.left_out_with_findings) == (2, 2)
    text = _html(pack, tmp_path)
    assert f"{REVIEWS_SHOWN + 2} carer reviews held late or not yet held" in text
    assert (
        "… and 2 more carer reviews overdue, not listed here: each with a finding, given in "
        "full in the attached findings.csv."
    ) in text
