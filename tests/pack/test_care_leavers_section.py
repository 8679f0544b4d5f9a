"""The care leavers pack section, built from a real stored run and rendered to HTML and
a real PDF (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re

from pypdf import PdfReader

from scrutiny.config import Config
from scrutiny.engine.check import run_check
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.plugins.care_leavers.pack import care_leavers_section
from tests.care_leavers_cases import CareLeaverCases

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
    bands = {b.name: b.people for b in section.context["bands"]}
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
    assert "Aged 18-20: 1 young people" in text
    assert "SSDA903 OC3 2020-21: in touch (YES)" in text
    assert "not allocated" in text
    assert "CL-PA-VISITS: Personal adviser visits" in text
