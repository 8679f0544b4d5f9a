"""FOS-EMERGENCY-PLACEMENT at its boundaries: CPPCR 2010 reg 23 (6 working days) and
SI 2020/445 (24 weeks for placements made 24 Apr to 25 Sep 2020, saved by regs 18, 19).

The 6 working days are counted from the day after the placement.
"""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.config import Config
from scrutiny.testing import run_rule

D = dt.date
RULE = "FOS-EMERGENCY-PLACEMENT"


@pytest.mark.parametrize(
    ("amended", "status"),
    [(D(2021, 6, 14), None), (D(2021, 6, 15), None), (D(2021, 6, 16), "breach")],
    ids=["day-before-deadline", "on-deadline", "day-after-deadline"],
)
def test_reg23_six_working_days(engine, host, fos, amended, status):
    # Placed Monday 7 June 2021: the 6th working day after is Tuesday 15 June.
    fos.emergency("F1", "C1", D(2021, 6, 7), amended=amended)
    result = run_rule(engine, host, RULE, D(2021, 12, 31))
    if status is None:
        assert result.findings == [] and result.outcomes == {"met": 1}
    else:
        finding = result.only()
        assert (finding.status, finding.due_date, finding.subject_ref) == (
            status,
            D(2021, 6, 15),
            "C1",
        )
        assert finding.evidence["carer"] == "F1"


def test_bank_holiday_inside_the_count(engine, host, fos):
    # Placed Thursday 27 May 2021: Monday 31 May is a bank holiday, so the 6th working
    # day is Monday 7 June, not Friday 4 June.
    fos.emergency("F1", "C1", D(2021, 5, 27), ended=D(2021, 6, 7))
    assert run_rule(engine, host, RULE, D(2021, 12, 31)).findings == []
    fos.emergency("F2", "C2", D(2021, 5, 27), ended=D(2021, 6, 8))
    finding = run_rule(engine, host, RULE, D(2021, 12, 31)).only()
    assert (finding.subject_ref, finding.due_date) == ("C2", D(2021, 6, 7))


def test_council_closure_day_extends_the_count(engine, host, fos):
    fos.emergency("F1", "C1", D(2021, 6, 7), ended=D(2021, 6, 16))
    config = Config.model_validate({"calendar": {"closure_days": ["2021-06-09"]}})
    assert run_rule(engine, host, RULE, D(2021, 12, 31), config).findings == []


@pytest.mark.parametrize(
    ("placed", "due"),
    [
        (D(2020, 4, 23), D(2020, 5, 1)),  # day before SI 2020/445: 6 working days
        (D(2020, 4, 24), D(2020, 10, 9)),  # first day: 24 weeks
        (D(2020, 9, 25), D(2021, 3, 12)),  # last day: 24 weeks, saved into 2021
        (D(2020, 9, 28), D(2020, 10, 6)),  # after: 6 working days again
    ],
    ids=["day-before-window", "first-day", "last-day-savings", "after-window"],
)
def test_si_2020_445_24_weeks_by_day_of_placement(engine, host, fos, placed, due):
    fos.emergency("F1", "C1", placed)
    finding = run_rule(engine, host, RULE, D(2021, 6, 30)).only()
    assert (finding.status, finding.due_date) == ("breach", due)


def test_savings_case_placed_in_window_still_there_in_october(engine, host, fos):
    fos.emergency("F1", "C1", D(2020, 9, 25), ended=D(2020, 10, 30))
    result = run_rule(engine, host, RULE, D(2021, 6, 30))
    assert result.findings == [] and result.outcomes == {"met": 1}


def test_placement_still_open_before_its_deadline_is_due_soon(engine, host, fos):
    fos.emergency("F1", "C1", D(2021, 6, 7))
    assert run_rule(engine, host, RULE, D(2021, 6, 10)).only().status == "due-soon"
