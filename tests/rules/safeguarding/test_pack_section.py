"""The safeguarding pack section, built from a real stored run and rendered to a real PDF
(SQLite and PostgreSQL): open child protection plans with their next review conference,
serious incidents with each notification and the rapid review (Working Together 2018;
Children Act 2004 s16C(1))."""

from __future__ import annotations

import datetime as dt
import re

from pypdf import PdfReader

from scrutiny.config import Config
from scrutiny.engine.check import run_check
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.plugins.safeguarding.pack import incidents, open_plans, safeguarding_section
from tests.safeguarding_cases import SafeguardingCases

D = dt.date
AS_OF = D(2021, 12, 31)


def stored_run(engine, host) -> int:
    sg = SafeguardingCases(engine)
    sg.plan("N1", D(2021, 1, 4), None, D(2021, 3, 30), D(2021, 9, 20))  # next due 20 Mar 2022
    sg.plan("N2", D(2021, 5, 4), None, D(2021, 7, 30))  # next due 30 Jan 2022
    sg.plan("N3", D(2021, 6, 1))  # first review overdue since 1 Sep 2021
    sg.plan("N4", D(2021, 2, 1), D(2021, 7, 1), D(2021, 4, 30))  # ended: not open
    sg.incident("N5", D(2021, 6, 1), incident="SI-21-1", harm="death", panel=D(2021, 6, 4))
    sg.rapid_review(D(2021, 7, 5), incident="SI-21-1", delay_reason="Awaiting police")
    rules = [r for r in host.rules if r.meta.domain == "safeguarding"]
    summary = run_check(
        engine, rules, Config(), as_of=AS_OF, domains=None, plugins=host.enabled_versions()
    )
    assert summary.rule_errors == {}
    return summary.run_id


def test_open_plans_are_listed_worst_first_with_the_review_owed(engine, host):
    data = load_pack_data(engine, host.rules, Config(), stored_run(engine, host))
    plans = open_plans(data)
    assert [(p.child, p.last_review, p.next_due, p.status) for p in plans.shown] == [
        ("N3", None, D(2021, 9, 1), "breach"),
        ("N2", D(2021, 7, 30), D(2022, 1, 30), "not-yet-due"),
        ("N1", D(2021, 9, 20), D(2022, 3, 20), "not-yet-due"),
    ]
    assert (plans.total, plans.overdue, plans.left_out) == (3, 1, 0)


def test_the_list_of_open_plans_is_bounded_and_says_how_many_were_left_out(engine, host):
    data = load_pack_data(engine, host.rules, Config(), stored_run(engine, host))
    plans = open_plans(data, limit=2)
    assert [p.child for p in plans.shown] == ["N3", "N2"]
    assert plans.left_out == 1


def test_each_incident_shows_its_notifications_and_rapid_review(engine, host):
    data = load_pack_data(engine, host.rules, Config(), stored_run(engine, host))
    [incident] = incidents(data).shown
    assert (incident.incident, incident.child, incident.harm) == ("SI-21-1", "N5", "death")
    assert [(n.recipient, n.notified, n.status) for n in incident.notifications] == [
        ("Review Panel", D(2021, 6, 4), "met"),
        ("Ofsted", None, "breach"),
    ]
    assert (incident.review_due, incident.review_completed, incident.review_status) == (
        D(2021, 6, 25),
        D(2021, 7, 5),
        "breach",
    )
    assert incident.delay_reason_recorded and incident.clock_from == "Panel notified"


def test_section_renders_into_the_pdf(engine, host, tmp_path):
    data = load_pack_data(engine, host.rules, Config(), stored_run(engine, host))
    section = safeguarding_section(data)
    assert [r.rule_id for r in section.context["rules"]][:2] == [
        "CP-REFERRAL-DECISION",
        "CP-ASSESSMENT",
    ]
    result = render_pack(data, [section], tmp_path / "pack.pdf")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(result.path).pages))
    assert "Safeguarding: child protection timescales and serious incidents" in text
    assert "statutory guidance" in text and "not a breach of regulations" in text
    assert "Child protection plans open on 31 December 2021" in text
    assert "SI-21-1" in text and "Ofsted: not notified" in text
    assert "CP-CORE-GROUP: First core group meeting" in text
    assert "Awaiting police" not in text  # the delay reason's text is never shown
