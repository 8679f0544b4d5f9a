"""CP-CORE-GROUP: the first core group within 10 working days of the initial conference.

UNVERIFIED for England (RULES.md section 7): the 10 working days come from Guernsey
(hscchildcareprocedures.gov.gg), Wales (safeguarding.wales) and NYAS only; the English
figure is believed to be in Working Together 2018, not read. So it is a local-policy
default (``unverified_default``) the council may replace with any whole number from 1,
and every finding shows which threshold applied.
"""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.config import Config
from tests.safeguarding_cases import SafeguardingCases, run

D = dt.date
RULE = "CP-CORE-GROUP"
AS_OF = D(2022, 3, 31)
DEFAULT = "10 working days (local-policy default; English source unverified)"


@pytest.mark.parametrize(
    ("held", "status"),
    [(D(2022, 1, 6), "met"), (D(2022, 1, 7), "breach")],
    ids=["10th-working-day", "day-after"],
)
def test_ten_working_days_across_christmas_2021(engine, host, sg, held, status):
    """Plan from Mon 20 Dec 2021: 27 and 28 Dec (Christmas and Boxing Day substitutes)
    and 3 Jan 2022 (New Year substitute) do not count, so day 10 is Thu 6 Jan."""
    sg.plan("N1", D(2021, 12, 20))
    sg.core_group("N1", D(2021, 12, 20), held, held + dt.timedelta(days=28))
    result = run(engine, host, RULE, AS_OF)
    if status == "met":
        assert result.findings == [] and result.outcomes == {"met": 1}
    else:
        finding = result.only()
        assert (finding.status, finding.due_date, finding.event_date) == (
            "breach",
            D(2022, 1, 6),
            held,
        )
        assert finding.standard == "local-policy"
        assert finding.evidence["threshold"] == DEFAULT


def test_every_finding_shows_the_default_threshold(engine, host, sg):
    sg.plan("N1", D(2021, 6, 1))
    finding = run(engine, host, RULE, AS_OF).only()
    assert (finding.status, finding.evidence["threshold"]) == ("breach", DEFAULT)


@pytest.mark.parametrize("days", [10, 15, 5])
def test_the_council_may_confirm_or_replace_the_default(engine, host, sg, days):
    """No verified English figure, so a longer local figure is accepted as well as a
    shorter one; the finding says the council's own policy applied."""
    sg.plan("N1", D(2021, 6, 1))
    config = Config.model_validate(
        {"local_policy": {RULE: {"first_core_group_working_days": days}}}
    )
    finding = run(engine, host, RULE, AS_OF, config).only()
    assert finding.evidence["threshold"] == f"{days} working days (the council's local policy)"
    assert finding.standard == "local-policy"


def test_a_core_group_on_the_day_of_the_conference_counts(engine, host, sg):
    sg.plan("N1", D(2021, 6, 1))
    sg.core_group("N1", D(2021, 6, 1), D(2021, 6, 1))
    assert run(engine, host, RULE, AS_OF).outcomes == {"met": 1}


def test_only_the_plans_own_core_groups_count(engine, host, sg):
    sg.plan("N1", D(2020, 1, 6), D(2020, 12, 1))
    sg.plan("N1", D(2021, 6, 1))
    sg.core_group("N1", D(2020, 1, 6), D(2020, 1, 10))
    result = run(engine, host, RULE, AS_OF)
    assert result.statuses() == [("breach", D(2021, 6, 15), None)]


def test_a_plan_ended_before_the_due_date_owes_no_core_group(engine, host, sg):
    sg.plan("N1", D(2021, 6, 1), D(2021, 6, 10))
    assert run(engine, host, RULE, AS_OF).outcomes == {}


def test_a_plan_older_than_the_core_groups_file_is_a_data_gap(engine, host):
    sg = SafeguardingCases(engine, covers=None)
    sg.batch("safeguarding.cin_census", D(2019, 4, 1), D(2022, 3, 31))
    sg.batch("safeguarding.core_groups", D(2020, 4, 1), D(2022, 3, 31))
    sg.plan("N1", D(2020, 3, 23))
    sg.plan("N2", D(2020, 3, 23))
    sg.core_group("N2", D(2020, 3, 23), D(2020, 4, 2))  # seen, and on time
    result = run(engine, host, RULE, AS_OF)
    finding = result.only()
    assert (finding.subject_ref, finding.status) == ("N1", "data-gap")
    assert finding.evidence["plan_before_core_groups_file"] == "yes"
    assert result.outcomes == {"met": 1, "data-gap": 1}


def test_without_any_core_groups_file_it_is_a_data_gap(engine, host):
    sg = SafeguardingCases(engine, kinds=("safeguarding.cin_census",))
    sg.plan("N1", D(2021, 6, 1))
    assert run(engine, host, RULE, AS_OF).only().status == "data-gap"
