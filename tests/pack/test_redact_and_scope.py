"""A redacted pack names nobody and shows no free text; a narrowed pack shows only what
was asked for. Both through the real renderer."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from scrutiny.pack.redact import WITHHELD, Pseudonyms, redact
from scrutiny.pack.render import render_pack
from scrutiny.pack.scope import narrowed
from scrutiny.plugins.looked_after.pack import looked_after_section

from . import factories

KEY = bytes(range(32))


def test_every_subject_and_member_of_staff_becomes_a_stable_pseudonym() -> None:
    data = factories.pack_data()
    once, again = redact(data, KEY), redact(data, KEY)
    other = redact(data, bytes(32))

    refs = {f.subject_ref for f in data.findings}
    shown = {f.subject_ref for f in once.findings}
    assert not refs & shown
    assert all(ref.startswith("CHILD-") and len(ref) == 14 for ref in shown)
    assert [f.subject_ref for f in once.findings] == [f.subject_ref for f in again.findings]
    assert {f.subject_ref for f in other.findings}.isdisjoint(shown)  # another database
    # the same child under two rules is the same pseudonym
    names = Pseudonyms(KEY)
    assert names.of("child", "C000001") == names.of("child", "C000001")
    assert names.staff("Priya Shah") == names.staff(" priya shah ")
    assert once.redacted and not data.redacted


def test_free_text_is_withheld_and_dates_and_codes_kept() -> None:
    data = factories.pack_data()
    first = redact(data, KEY).deviations[0]
    original = data.deviations[0]
    assert (first.rationale, first.mitigations, first.done_instead) == (WITHHELD,) * 3
    assert first.recorded_by != original.recorded_by
    assert (first.period_start, first.legal_basis, first.risk_rating) == (
        original.period_start,
        original.legal_basis,
        original.risk_rating,
    )
    evidence = Pseudonyms(KEY).evidence(
        {"visited_on": "2024-01-02", "mode": "video", "carer_ref": "FC123", "n": 3}
    )
    assert evidence["visited_on"] == "2024-01-02"
    assert evidence["mode"] == "video"
    assert evidence["carer_ref"] == "REF-" + Pseudonyms(KEY).of("carer", "FC123").split("-")[1]
    assert evidence["n"] == 3


def test_a_redacted_pdf_holds_no_reference_name_or_rationale_in_pages_or_files(
    tmp_path: Path,
) -> None:
    data = factories.pack_data()
    out = tmp_path / "redacted.pdf"
    hidden = redact(data, KEY)
    render_pack(hidden, [looked_after_section(hidden)], out)
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    files = b"\n".join(c[0] for c in reader.attachments.values()).decode("utf-8")

    assert "REDACTED COPY" in text
    for secret in (
        *{f.subject_ref for f in data.findings},
        *{d.recorded_by for d in data.deviations},
        "ENDOFRATIONALE-7f3a",
    ):
        assert secret not in text, secret
        assert secret not in files, secret


def test_a_pack_narrowed_to_a_period_counts_only_the_findings_due_in_it() -> None:
    data = factories.pack_data()
    dues = sorted(f.due_date for f in data.findings)
    middle = dues[len(dues) // 2]
    narrow = narrowed(data, start=middle)

    assert narrow.findings and all(f.due_date >= middle for f in narrow.findings)
    kept = sum(narrow.run.counts[s] for s in ("breach", "deviation", "manual", "data-gap"))
    assert kept <= len(narrow.findings)
    assert narrow.run.counts["breach"] == sum(f.status == "breach" for f in narrow.findings)
    assert narrow.scope == f"findings due from {middle:%d/%m/%Y}"


def test_a_pack_narrowed_to_a_domain_drops_the_others_findings_rules_and_deviations() -> None:
    data = factories.pack_data()
    elsewhere = dataclasses.replace(next(iter(data.findings)), domain="fostering", rule_id="FOS-X")
    data = dataclasses.replace(data, findings=[*data.findings, elsewhere])
    narrow = narrowed(data, domains=["looked_after"], end=dt.date(2030, 1, 1))

    assert {f.domain for f in narrow.findings} == {"looked_after"}
    assert len(narrow.findings) == len(data.findings) - 1
    assert narrow.scope == "domains looked after; findings due to 01/01/2030"
    assert narrowed(data) is data
