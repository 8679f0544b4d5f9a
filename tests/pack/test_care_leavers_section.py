"""The care leavers pack section, built from a real stored run and rendered to HTML and
a real PDF (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from pypdf import PdfReader

from scrutiny.config import Config
from scrutiny.engine.check import run_check
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.pack.sections import FindingRow
from scrutiny.pack.summaries import is_finding
from scrutiny.plugins.care_leavers.pack import (
    PEOPLE_SHOWN,
    Band,
    PlanReviews,
    bands,
    care_leavers_section,
)
from tests.care_leavers_cases import CareLeaverCases

from . import factories

D = dt.date
AS_OF = D(2021, 12, 31)


def stored_run(engine, host) -> int:
    cl = CareLeaverCases(engine)
    cl.young_person("Y17", D(2004, 6, 1), "eligible", D(2020, 6, 1))
    cl.adviser("Y17", D(2020, 6, 10), adviser="PA7")
    cl.plan("Y17", D(2021, 3, 1))
    cl.plan_review("Y17", D(2021, 3, 1), D(2021, 8, 1))
    cl.contact("Y17", D(2021, 12, 1), kind="phone")
    cl.young_person("Y19", D(2002, 6, 1), "former-relevant", D(2018, 6, 1))
    cl.plan("Y19", D(2021, 1, 4))  # review due 4 Jul 2021, never held
    cl.oc3("Y19", "2020-21", "YES")
    cl.young_person("Y23", D(1998, 2, 1), "former-relevant", D(2014, 2, 1))
    rules = [r for r in host.rules if r.meta.domain == "care_leavers"]
    summary = run_check(
        engine, rules, Config(), as_of=AS_OF, domains=None, plugins=host.enabled_versions()
    )
    return summary.run_id


def test_section_lists_care_leavers_by_age_band(engine, host):
    run_id = stored_run(engine, host)
    section = care_leavers_section(load_pack_data(engine, host.rules, Config(), run_id))
    bands = {b.name: b.people.shown for b in section.context["bands"]}
    assert [p.ref for p in bands["16-17"]] == ["Y17"]
    assert [p.ref for p in bands["18-20"]] == ["Y19"]
    assert [p.ref for p in bands["21-24"]] == ["Y23"]
    y17, y19, y23 = bands["16-17"][0], bands["18-20"][0], bands["21-24"][0]
    assert (y17.adviser, y17.last_review, y17.next_review_due, y17.plan_status) == (
        "PA7",
        D(2021, 8, 1),
        D(2022, 2, 1),
        "not-yet-due",
    )
    assert (y17.last_contact, y17.contact) == (D(2021, 12, 1), "phone call")
    assert (y19.next_review_due, y19.plan_status, y19.adviser) == (D(2021, 7, 4), "breach", "")
    # No contact imported: OC3's in-touch answer, named as the source, never a date.
    assert y19.last_contact is None
    assert y19.contact == "no contact recorded; SSDA903 OC3 2020-21: in touch (YES)"
    assert (y23.contact, y23.next_review_due) == ("no contact recorded", None)


def test_section_renders_into_the_pdf(engine, host, tmp_path):
    run_id = stored_run(engine, host)
    data = load_pack_data(engine, host.rules, Config(), run_id)
    result = render_pack(data, [care_leavers_section(data)], tmp_path / "pack.pdf")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(result.path).pages))
    assert "Care leavers: status, pathway plans, advisers and contact" in text
    assert "Aged 18-20: 1 young person" in text
    assert "SSDA903 OC3 2020-21: in touch (YES)" in text
    assert "not allocated" in text
    assert "CL-PA-VISITS: Personal adviser visits" in text


# Bounded whatever the caseload (issue 7): each age band lists at most PEOPLE_SHOWN young
# people, those needing attention first, and counts everyone. Built as PackData directly,
# so a band of the cap's size costs nothing.

SYNTHETIC_AS_OF = factories.AS_OF


def _eligible(ref: str, *, adviser: str = "PA1", status: str = "met", band: str = "16-17"):
    return FindingRow(
        rule_id="CL-ELIGIBLE",
        rule_version="1.0",
        domain="care_leavers",
        subject_type="child",
        subject_ref=ref,
        due_date=SYNTHETIC_AS_OF - dt.timedelta(days=400),
        event_date=None,
        status=status,
        severity="high",
        standard="Eligibility worked out from the episodes",
        deviation_ref=None,
        evidence={"age_band": band, "recorded_status": "eligible", "adviser": adviser or None},
    )


def _review(ref: str, due: dt.date, status: str):
    return dataclasses.replace(
        _eligible(ref),
        rule_id="CL-PP-REVIEW",
        due_date=due,
        status=status,
        standard="Pathway plan reviewed at least every 6 months",
        evidence={},
    )


def _band_pack(eligible, reviews=()):
    """Met and not-yet-due items are tracked; the rest are findings, as a run stores them."""
    rows = [*eligible, *reviews]
    return factories.pack_data(
        findings=[f for f in rows if is_finding(f.status)],
        tracked=[f for f in rows if not is_finding(f.status)],
    )


def _quiet(n: int) -> list[FindingRow]:
    """``n`` young people aged 16-17 with an adviser and nothing overdue: Q0000, Q0001, ..."""
    return [_eligible(f"Q{i:04d}") for i in range(n)]


def _sixteen(pack) -> Band:
    return next(b for b in bands(pack) if b.name == "16-17")


def _html(pack, tmp_path: Path) -> str:
    out = render_pack(pack, [care_leavers_section(pack)], tmp_path / "pack.html", fmt="html")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", out.path.read_text(encoding="utf-8")))


def test_a_band_of_exactly_the_cap_lists_everyone_and_says_nothing_was_left_out(tmp_path):
    pack = _band_pack(_quiet(PEOPLE_SHOWN))
    band = _sixteen(pack)
    assert (len(band.people.shown), band.people.total, band.people.left_out) == (
        PEOPLE_SHOWN,
        PEOPLE_SHOWN,
        0,
    )
    text = _html(pack, tmp_path)
    assert f"Aged 16-17: {PEOPLE_SHOWN} young people" in text
    assert "more young p" not in text and "not listed here" not in text


def test_one_over_the_cap_leaves_out_the_least_urgent_and_still_counts_everyone():
    # The quiet young people sort by reference, so the last one is the least urgent;
    # those needing attention go first whatever their reference.
    quiet = _quiet(PEOPLE_SHOWN - 3)
    urgent = [
        _eligible("Z-NO-PA", adviser=""),
        _eligible("Z-OVERDUE"),
        _eligible("Z-NOT-MET", status="manual"),
    ]
    reviews = [_review("Z-OVERDUE", SYNTHETIC_AS_OF - dt.timedelta(days=30), "breach")]
    pack = _band_pack([*quiet, *urgent, _eligible("Q9999")], reviews)
    band = _sixteen(pack)
    assert band.people.total == PEOPLE_SHOWN + 1
    assert [p.ref for p in band.people.shown[:3]] == ["Z-NO-PA", "Z-OVERDUE", "Z-NOT-MET"]
    assert band.people.shown[-1].ref == quiet[-1].subject_ref
    assert "Q9999" not in {p.ref for p in band.people.shown}
    assert (band.people.left_out, band.people.left_out_with_findings) == (1, 0)
    # The counts count everyone, listed or not.
    assert (band.without_adviser, band.plan_overdue) == (1, 1)
    assert (band.left_out_without_adviser, band.left_out_plan_overdue) == (0, 0)


def test_those_needing_attention_come_first_in_a_fixed_order():
    """No adviser, then a pathway plan review overdue (the longest first; Care Leavers
    (England) Regulations 2010 reg 7), then eligibility not met, then any other finding."""
    day = SYNTHETIC_AS_OF
    people = [
        _eligible("A-QUIET"),
        _eligible("B-OTHER-FINDING"),
        _eligible("C-NOT-MET", status="data-gap"),
        _eligible("D-OVERDUE-LATELY"),
        _eligible("E-OVERDUE-LONG"),
        _eligible("F-NO-PA", adviser=""),
    ]
    reviews = [
        _review("D-OVERDUE-LATELY", day - dt.timedelta(days=10), "breach"),
        _review("E-OVERDUE-LONG", day - dt.timedelta(days=90), "deviation-lapsed"),
        _review("B-OTHER-FINDING", day + dt.timedelta(days=10), "due-soon"),
    ]
    band = _sixteen(_band_pack(people, reviews))
    assert [p.ref for p in band.people.shown] == [
        "F-NO-PA",
        "E-OVERDUE-LONG",
        "D-OVERDUE-LATELY",
        "C-NOT-MET",
        "B-OTHER-FINDING",
        "A-QUIET",
    ]
    # The same data, in another order, gives the same list: the pack is reproducible.
    again = _sixteen(_band_pack(list(reversed(people)), list(reversed(reviews))))
    assert [p.ref for p in again.people.shown] == [p.ref for p in band.people.shown]


def test_the_sentence_says_how_many_left_out_have_a_finding(tmp_path):
    # 41 with findings (eligibility for a person to judge) and 5 quiet: the 40 listed
    # are people with findings, so 1 with a finding and 5 without are left out.
    flagged = [_eligible(f"M{i:03d}", status="manual") for i in range(PEOPLE_SHOWN + 1)]
    pack = _band_pack([*flagged, *_quiet(5)])
    band = _sixteen(pack)
    assert (band.people.left_out, band.people.left_out_with_findings) == (6, 1)
    text = _html(pack, tmp_path)
    assert f"Aged 16-17: {PEOPLE_SHOWN + 6} young people" in text
    assert (
        "… and 6 more young people aged 16-17, not listed here: 1 with a finding, given in "
        "full in the attached findings.csv, and 5 with none (all met or not yet due)."
    ) in text
    assert (
        "None of those not listed is without a personal adviser or has a pathway plan "
        "review overdue."
    ) in text
    assert "Q0004" not in text  # the least urgent, left out


def test_one_left_out_without_a_finding_renders_into_the_pdf(tmp_path):
    pack = _band_pack(_quiet(PEOPLE_SHOWN + 1))
    result = render_pack(pack, [care_leavers_section(pack)], tmp_path / "pack.pdf")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(result.path).pages))
    assert f"Aged 16-17: {PEOPLE_SHOWN + 1} young people" in text
    assert (
        "… and 1 more young person aged 16-17, not listed here: with no finding (all met or "
        "not yet due), so not in the attached findings.csv."
    ) in text
    assert f"Q{PEOPLE_SHOWN - 1:04d}" in text and f"Q{PEOPLE_SHOWN:04d}" not in text


def test_plan_reviews_keep_the_last_held_and_the_earliest_owed_in_any_order():
    """Read one at a time, a person's reviews keep only the last held and the first
    still owed; of two owed the same day, the first read gives the status."""
    day = SYNTHETIC_AS_OF
    held = [
        dataclasses.replace(_review("R", day - dt.timedelta(days=d), "met"), event_date=when)
        for d, when in ((200, day - dt.timedelta(days=190)), (20, day - dt.timedelta(days=15)))
    ]
    owed = [
        _review("R", day + dt.timedelta(days=40), "not-yet-due"),
        _review("R", day - dt.timedelta(days=5), "breach"),
        _review("R", day - dt.timedelta(days=5), "deviation-lapsed"),
    ]
    for order in ([*held, *owed], [*reversed(owed), *reversed(held)]):
        reviews = PlanReviews()
        for r in order:
            reviews.add(r)
        first_owed_today = next(r for r in order if r.due_date == day - dt.timedelta(days=5))
        assert (reviews.last_held, reviews.next_due, reviews.next_status) == (
            day - dt.timedelta(days=15),
            day - dt.timedelta(days=5),
            first_owed_today.status,
        )
    assert (PlanReviews().last_held, PlanReviews().next_due, PlanReviews().next_status) == (
        None,
        None,
        "",
    )
