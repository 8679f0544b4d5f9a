"""The fostering pack section, built from a real stored run and rendered to a real PDF.

Case data goes into a real database (SQLite and PostgreSQL), every fostering rule runs
through the engine, and the section is built from what the run stored, as the pack is.
"""

from __future__ import annotations

import datetime as dt
import re

from pypdf import PdfReader

from scrutiny.config import Config
from scrutiny.engine.check import run_check
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.plugins.fostering.pack import fostering_section
from tests.fostering_cases import FosteringCases

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
    clocks = {c.carer: c for c in section.context["clocks"]}
    assert set(clocks) == {"T1", "T2", "T3", "T4"}
    assert (clocks["T1"].status, clocks["T1"].days, clocks["T1"].stopped_on) == (
        "not-yet-due",
        52,  # 21 Feb 2022 less 31 Dec 2021
        None,
    )
    assert (clocks["T2"].status, clocks["T2"].days) == ("breach", 10)
    assert clocks["T3"].who_status == "breach"  # not connected, after SI 2020/445
    assert clocks["T4"].how == "extended"
    assert section.context["clocks"][0].carer == "T1"  # running clocks first
    [extension] = section.context["extensions"]
    assert (extension.carer, extension.status) == ("T4", "breach")
    assert extension.requirement.startswith("panel's views sought")


def test_section_lists_spells_over_the_limit_and_reviews_overdue(engine, host):
    run_id = stored_run(engine, host)
    section = fostering_section(load_pack_data(engine, host.rules, Config(), run_id))
    spells = [(s.household, s.kind, s.began, s.ended, s.status) for s in section.context["spells"]]
    assert spells == [
        ("H-F2", "over", D(2021, 2, 1), D(2021, 2, 15), "breach"),
        ("H-F1", "siblings", D(2021, 5, 3), None, "met"),
    ]
    overdue = [(i.subject_ref, i.due_date, i.days_late) for i in section.context["reviews_overdue"]]
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
