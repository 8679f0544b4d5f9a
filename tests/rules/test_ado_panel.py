"""ADO-PANEL at its boundaries: an approval made on a quorate adoption panel's
recommendation (AAR 2005 regs 3–6, 30, 30B), with SI 2020/445 reg 4 for 24 Apr to
25 Sep 2020 inclusive: panels optional ("may constitute"), and the chair with one other
independent person quorate. Not re-enacted by SI 2020/909.

The ordinary quorum was not verified, so it is the council's local policy
(``quorum_members``) with no default; without it a person judges (``manual``). Every
test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.engine.check import CheckError
from tests.adoption_cases import AdoptionCases, record_deviation, run

D = dt.date
RULE = "ADO-PANEL"
AS_OF = D(2022, 3, 31)
REASON = "Panel not convened in lockdown; decided on the written assessment."


def quorum(members: int) -> Config:
    return Config.model_validate({"local_policy": {RULE: {"quorum_members": members}}})


@pytest.fixture
def ado(engine: Engine) -> AdoptionCases:
    return AdoptionCases(engine)


def only(engine, host, config: Config | None = None):
    result = run(engine, host, RULE, AS_OF, config)
    return (result.findings[0] if result.findings else None), result


# No panel ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decided", "status"),
    [
        (D(2020, 4, 23), "breach"),
        (D(2020, 4, 24), None),
        (D(2020, 9, 25), None),
        (D(2020, 9, 26), "breach"),
        (D(2021, 6, 1), "breach"),
    ],
    ids=["day-before-445", "445-first-day", "445-last-day", "day-after-445", "909-window"],
)
def test_approval_without_a_panel_is_lawful_only_in_the_si_2020_445_window(
    engine, host, ado, decided, status
):
    ado.approved("A1", decided, no_panel_reason=REASON)
    finding, result = only(engine, host)
    if status is None:
        assert finding is None
        assert result.outcomes == {"met": 1}
    else:
        assert (finding.status, finding.due_date, finding.event_date) == (status, decided, None)
        assert finding.evidence["panel_route"] == "no panel"


def test_no_panel_in_the_window_needs_its_reason_recorded(engine, host, ado):
    ado.approved("A1", D(2020, 6, 1))
    finding, _ = only(engine, host)
    assert (finding.status, finding.evidence["panel_route"]) == (
        "breach",
        "no panel, no reason recorded",
    )


def test_a_445_deviation_records_the_reason_for_no_panel(engine, host, ado):
    ado.approved("A1", D(2020, 6, 1))
    ref = record_deviation(engine, RULE, "A1", D(2020, 6, 1), D(2020, 6, 1), "SI-2020/445")
    finding, _ = only(engine, host)
    assert (finding.status, finding.deviation_ref) == ("deviation", ref)


def test_a_445_deviation_relied_on_after_the_window_has_lapsed(engine, host, ado):
    ado.approved("A1", D(2020, 9, 26))
    record_deviation(engine, RULE, "A1", D(2020, 9, 1), D(2020, 9, 30), "SI-2020/445")
    finding, _ = only(engine, host)
    assert finding.status == "deviation-lapsed"


# The panel and its quorum ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "status"),
    [
        (D(2020, 4, 23), "manual"),
        (D(2020, 4, 24), None),
        (D(2020, 9, 25), None),
        (D(2020, 9, 26), "manual"),
    ],
    ids=["day-before-445", "445-first-day", "445-last-day", "day-after-445"],
)
def test_chair_and_one_independent_person_are_quorate_in_the_window(
    engine, host, ado, meeting, status
):
    ado.panel("P1", meeting, members=2, independent=1)
    ado.approved("A1", D(2020, 10, 5), panel="P1")
    finding, _ = only(engine, host)
    assert (finding.status if finding else None) == status
    if finding is not None:
        assert finding.evidence["panel_route"] == "quorum not configured"


def test_in_the_window_the_chair_must_be_there(engine, host, ado):
    ado.panel("P1", D(2020, 6, 2), chair=False, members=2, independent=2)
    ado.approved("A1", D(2020, 6, 9), panel="P1")
    finding, _ = only(engine, host, quorum(5))
    assert (finding.status, finding.evidence["panel_route"]) == ("breach", "not quorate")


@pytest.mark.parametrize(
    ("members", "status"),
    [(4, "breach"), (5, None), (6, None)],
    ids=["one-short", "exactly-quorate", "above-quorum"],
)
def test_outside_the_window_the_councils_quorum_decides(engine, host, ado, members, status):
    ado.panel("P1", D(2021, 5, 11), members=members, independent=2)
    ado.approved("A1", D(2021, 5, 18), panel="P1")
    finding, result = only(engine, host, quorum(5))
    assert (finding.status if finding else None) == status
    if finding is not None:
        assert finding.standard == "local-policy"
        assert finding.evidence["quorum_members"] == 5
    else:
        assert result.outcomes == {"met": 1}


@pytest.mark.parametrize("members", [0, -1])
def test_a_quorum_below_one_is_refused(engine, host, ado, members):
    """No statutory value was verified, so the council may set any number from 1; 0 is
    "not set" and is never written by hand."""
    ado.approved("A1", D(2021, 5, 18))
    with pytest.raises(CheckError, match="must be a whole number from 1"):
        run(engine, host, RULE, AS_OF, quorum(members))


def test_a_quorum_of_one_is_accepted_as_the_councils_own(engine, host, ado):
    ado.panel("P1", D(2021, 5, 11), members=1, independent=1)
    ado.approved("A1", D(2021, 5, 18), panel="P1")
    _, result = only(engine, host, quorum(1))
    assert result.outcomes == {"met": 1}


def test_without_a_configured_quorum_a_person_judges(engine, host, ado):
    ado.panel("P1", D(2021, 5, 11), members=9, independent=4)
    ado.approved("A1", D(2021, 5, 18), panel="P1")
    finding, _ = only(engine, host)
    assert (finding.status, finding.standard, finding.event_date) == (
        "manual",
        "regulation",
        D(2021, 5, 11),
    )
    assert finding.evidence["quorum_members"] is None


@pytest.mark.parametrize(
    ("meeting", "status"),
    [(D(2021, 5, 18), None), (D(2021, 5, 19), "breach")],
    ids=["panel-on-decision-day", "panel-day-after-decision"],
)
def test_the_panel_must_sit_before_the_decision(engine, host, ado, meeting, status):
    ado.panel("P1", meeting, members=6)
    ado.approved("A1", D(2021, 5, 18), panel="P1")
    finding, _ = only(engine, host, quorum(5))
    assert (finding.status if finding else None) == status


def test_a_decision_against_the_recommendation_is_not_a_breach_of_this_rule(engine, host, ado):
    ado.panel("P1", D(2021, 5, 11), members=6)
    ado.approved("A1", D(2021, 5, 18), panel="P1", panel_recommendation="not-approve")
    finding, result = only(engine, host, quorum(5))
    assert finding is None
    assert result.outcomes == {"met": 1}


def test_a_panel_not_described_in_a_panels_file_is_a_data_gap(engine, host, ado):
    ado.panel("P1", None)
    ado.approved("A1", D(2021, 5, 18), panel="P1")
    finding, _ = only(engine, host, quorum(5))
    assert (finding.status, finding.evidence["panel_route"]) == (
        "data-gap",
        "panel not described in a panels file",
    )


def test_only_approvals_are_judged(engine, host, ado):
    ado.approved("A1", D(2021, 5, 18), agency_decision_outcome="not-approve")
    ado.approved("A2", D(2022, 4, 1))  # after the as-of date
    assert run(engine, host, RULE, AS_OF).outcomes == {}


def test_any_quorum_the_council_sets_is_accepted_there_being_no_statutory_figure(engine, host, ado):
    ado.panel("P1", D(2021, 5, 11), members=1, independent=0)
    ado.approved("A1", D(2021, 5, 18), panel="P1")
    finding, _ = only(engine, host, quorum(1))
    assert finding is None
