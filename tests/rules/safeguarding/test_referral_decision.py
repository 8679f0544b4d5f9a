"""CP-REFERRAL-DECISION: Working Together to Safeguard Children 2018 (statutory guidance,
VERIFIED-S: wflack.com quoting WT 2013 p26; speakcase.app): within 1 working day of a
referral, decide the type of response and tell the referrer (not an anonymous one).

Two counts per referral (``requirement``), due on the first working day after the England
local day the referral was received.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.safeguarding_cases import SafeguardingCases, run, utc

D = dt.date
RULE = "CP-REFERRAL-DECISION"
AS_OF = D(2022, 3, 31)


def by_count(result):
    found = {f.evidence["requirement"]: f for f in result.findings}
    assert len(found) == len(result.findings), result.findings
    return found


@pytest.mark.parametrize(
    ("decided", "status"),
    [(D(2020, 5, 11), None), (D(2020, 5, 12), "breach")],
    ids=["next-working-day-after-ve-day", "day-after"],
)
def test_one_working_day_across_the_8_may_2020_bank_holiday(engine, host, sg, decided, status):
    """Received Thu 7 May 2020; Fri 8 May was the VE Day bank holiday (moved from 4 May),
    so the 1 working day ends on Mon 11 May."""
    sg.referral("N1", utc(D(2020, 5, 7), 16), utc(decided, 10), informed=D(2020, 5, 11))
    result = run(engine, host, RULE, AS_OF)
    found = by_count(result)
    if status is None:
        assert found == {}
        assert result.outcomes == {"met": 2}
    else:
        finding = found["decision"]
        assert (finding.status, finding.due_date, finding.event_date) == (
            status,
            D(2020, 5, 11),
            decided,
        )
        assert finding.standard == "statutory-guidance"
        assert "referrer-informed" not in found


def test_referral_received_at_the_weekend_is_due_on_the_first_working_day(engine, host, sg):
    """The day of receipt never counts: Saturday 9 May 2020 is due Monday 11 May."""
    sg.referral("N1", utc(D(2020, 5, 9), 11), utc(D(2020, 5, 12), 9), informed=D(2020, 5, 12))
    found = by_count(run(engine, host, RULE, AS_OF))
    assert {r: (f.status, f.due_date) for r, f in found.items()} == {
        "decision": ("breach", D(2020, 5, 11)),
        "referrer-informed": ("breach", D(2020, 5, 11)),
    }


def test_the_local_day_decides_not_the_utc_day(engine, host, sg):
    """00:30 BST on Tue 2 Jun 2020 is 23:30 UTC on Mon 1 Jun: received on the 2nd, due
    Wed 3 Jun, so a decision on the 3rd is in time."""
    received = utc(D(2020, 6, 2), 0, 30)
    assert received.date() == D(2020, 6, 1)
    sg.referral("N1", received, utc(D(2020, 6, 3), 17), informed=D(2020, 6, 3))
    assert run(engine, host, RULE, AS_OF).outcomes == {"met": 2}


def test_evidence_gives_the_times_and_hours_taken(engine, host, sg):
    sg.referral("N1", utc(D(2021, 6, 1), 9, 15), utc(D(2021, 6, 3), 11, 45), response="nfa")
    found = by_count(run(engine, host, RULE, AS_OF))
    decision = found["decision"]
    assert decision.evidence["received_at"] == "2021-06-01 08:15 UTC"
    assert decision.evidence["decided_at"] == "2021-06-03 10:45 UTC"
    assert decision.evidence["minutes_taken"] == 2 * 24 * 60 + 150
    assert decision.evidence["whole_hours_taken"] == 50
    assert decision.evidence["response"] == "nfa"
    # The referrer was never told.
    informed = found["referrer-informed"]
    assert (informed.status, informed.event_date) == ("breach", None)


def test_an_anonymous_referrer_is_not_owed_the_decision(engine, host, sg):
    sg.referral("N1", utc(D(2021, 6, 1)), utc(D(2021, 6, 2)), anonymous=True)
    assert run(engine, host, RULE, AS_OF).outcomes == {"met": 1}


def test_undecided_referral_is_a_data_gap_past_the_files_cover(engine, host):
    sg = SafeguardingCases(engine, covers=None)
    sg.batch("safeguarding.referral_decisions", D(2021, 4, 1), D(2021, 6, 1))
    sg.referral("N1", utc(D(2021, 6, 1)))
    result = run(engine, host, RULE, AS_OF)
    assert {f.status for f in result.findings} == {"data-gap"}


def test_referral_received_on_the_as_of_day_is_due_soon(engine, host, sg):
    sg.referral("N1", utc(AS_OF, 10))
    result = run(engine, host, RULE, AS_OF)
    assert [f.status for f in result.findings] == ["due-soon", "due-soon"]


def test_a_decision_after_the_as_of_date_has_not_happened_yet(engine, host, sg):
    sg.referral("N1", utc(D(2022, 3, 28)), utc(D(2022, 4, 4)), informed=D(2022, 4, 4))
    found = by_count(run(engine, host, RULE, AS_OF))
    assert (found["decision"].status, found["decision"].event_date) == ("breach", None)
    assert found["decision"].evidence["decided_at"] is None


def test_two_referrals_on_one_day_are_findings_of_their_own(engine, host, sg):
    sg.referral("N1", utc(D(2021, 6, 1), 9))
    sg.referral("N1", utc(D(2021, 6, 1), 14))
    found = by_count(run(engine, host, RULE, AS_OF))
    assert sorted(found) == [
        "decision",
        "decision (referral 2 that day)",
        "referrer-informed",
        "referrer-informed (referral 2 that day)",
    ]


def test_referrals_before_working_together_2018_are_not_judged(engine, host, sg):
    sg.referral("N1", utc(D(2018, 6, 28)))
    assert run(engine, host, RULE, AS_OF).outcomes == {}


def test_a_late_decision_covered_by_a_guidance_departure_is_a_deviation(engine, host, sg):
    from tests.safeguarding_cases import record_deviation

    sg.referral("N1", utc(D(2021, 6, 1)), utc(D(2021, 6, 4)), informed=D(2021, 6, 2))
    ref = record_deviation(
        engine,
        RULE,
        "N1",
        D(2021, 6, 2),
        D(2021, 6, 2),
        "guidance-departure",
        deviation_type="cp-referral-decision-late",
        covers_requirement="decision",
    )
    finding = run(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.deviation_ref) == ("deviation", ref)
