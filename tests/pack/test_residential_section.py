"""The children's homes pack section, built from a real stored run and rendered to a
real PDF (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re

from pypdf import PdfReader

from scrutiny.config import Config
from scrutiny.engine.check import run_check
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.plugins.residential.pack import residential_section
from tests.residential_cases import ResidentialCases, local

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
    homes = {h.home: h for h in section.context["homes"]}
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
    notes = [(n.recipient, n.hours, n.status) for n in section.context["notifications"]]
    assert notes == [("placing authority", None, "breach"), ("ofsted", 30.0, "manual")]
    [closure] = section.context["closures"]
    assert (closure.home, closure.notified_on, closure.notice_status) == ("H2", None, "breach")
    placements = [(p.rule_id, p.child, p.status) for p in section.context["placements"]]
    assert placements == [("CH-DEF", "C2", "manual"), ("LAC-UNREG-U16", "C1", "breach")]


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
