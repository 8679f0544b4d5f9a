"""The looked-after pack section: counts, the latest items, remote visits (regs 28, 33)."""

from __future__ import annotations

import dataclasses

from scrutiny.plugins.looked_after.pack import looked_after_section

from . import factories


def test_section_names_its_template_in_its_own_package() -> None:
    section = looked_after_section(factories.pack_data())
    assert section.title == "Looked-after children: reviews and visits"
    assert section.package == "scrutiny.plugins.looked_after"
    assert section.template == "looked_after_section.html.j2"
    assert [r.rule_id for r in section.context["rules"]] == ["LAC-REVIEW", "LAC-SW-VISITS"]


def test_outcomes_come_from_the_rule_counts() -> None:
    section = looked_after_section(factories.pack_data())
    review = section.context["rules"][0]
    assert dict(review.outcomes) == {
        "Met": 412,
        "Not met": 23,
        "Due soon": 7,
        "Not yet due": 130,
        "Data gap": 2,
        "Manual": 1,
    }


def test_latest_ten_are_breaches_and_lapsed_deviations_by_days_late() -> None:
    findings = [factories.finding(n, late=n) for n in range(1, 30)]
    findings += [
        factories.finding(500, status="deviation", late=400),
        factories.finding(501, status="deviation-lapsed", late=None),
    ]
    section = looked_after_section(factories.pack_data(findings=findings))
    worst = section.context["rules"][0].worst
    assert len(worst) == 10
    # Never held: late to the as-of date (31 Mar 2024), which beats every held review here.
    assert worst[0].subject_ref == "C000501"
    assert worst[0].days_late == (factories.AS_OF - findings[-1].due_date).days
    assert [w.days_late for w in worst[1:]] == list(range(29, 20, -1))
    assert "C000500" not in {w.subject_ref for w in worst}  # covered by a deviation


def test_remote_visits_counted_by_status_and_mode() -> None:
    findings = [
        factories.finding(1, rule_id="LAC-SW-VISITS", mode="phone"),
        factories.finding(2, rule_id="LAC-SW-VISITS", mode="video"),
        factories.finding(3, rule_id="LAC-SW-VISITS", mode="video", status="manual"),
        factories.finding(4, rule_id="LAC-SW-VISITS", mode="in-person"),
        factories.finding(5, rule_id="LAC-REVIEW"),
    ]
    section = looked_after_section(factories.pack_data(findings=findings))
    assert section.context["remote_visits"] == [
        ("breach", {"phone": 1, "video": 1}),
        ("manual", {"phone": 0, "video": 1}),
    ]


def test_a_run_without_the_visits_rule_shows_only_reviews() -> None:
    data = factories.pack_data()
    data = dataclasses.replace(data, rules=[r for r in data.rules if r.meta.id == "LAC-REVIEW"])
    section = looked_after_section(data)
    assert [r.rule_id for r in section.context["rules"]] == ["LAC-REVIEW"]
