"""Placements without the registration the law requires: CH-DEF (Care Standards Act 2000
s1), LAC-UNREG-U16 (CPPCR reg 27A, inserted by SI 2021/161, from 9 Sep 2021) and SA-2023
(CPPCR reg 27C, inserted by SI 2023/416 reg 36, from 28 Oct 2023)."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.testing import run_rule

D = dt.date
AS_OF = D(2024, 3, 31)
U16 = "LAC-UNREG-U16"
SA = "SA-2023"


# CH-DEF ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("care", "urn", "setting", "outcomes"),
    [
        (True, None, "other", {"manual": 1}),
        (True, "SC123456", "childrens-home", {"met": 1}),
        (False, None, "supported-accommodation", {}),
        (True, None, "hospital", {}),
    ],
    ids=["care-without-urn", "registered-home", "no-care", "hospital-excluded"],
)
def test_care_without_registration_is_a_possible_unregistered_home(
    engine, host, res, care, urn, setting, outcomes
):
    """CSA 2000 s1: care and accommodation for children makes a children's home."""
    res.placement("C1", D(2021, 5, 1), setting, care=care, urn=urn, other_arrangements=False)
    result = run_rule(engine, host, "CH-DEF", AS_OF)
    assert result.outcomes == outcomes
    if outcomes == {"manual": 1}:
        finding = result.only()
        assert (finding.subject_ref, finding.evidence["provider"]) == ("C1", "P1")


def test_ch_def_judges_placements_from_april_2015(engine, host, res):
    res.placement("C1", D(2014, 6, 1), "other", care=True, ended=D(2015, 3, 31))
    res.placement("C2", D(2014, 6, 1), "other", care=True)
    result = run_rule(engine, host, "CH-DEF", AS_OF)
    assert [(f.subject_ref, f.due_date) for f in result.findings] == [("C2", D(2015, 4, 1))]


# LAC-UNREG-U16 -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("started", "ended", "status"),
    [
        (D(2021, 9, 8), D(2021, 9, 8), None),
        (D(2021, 9, 9), D(2021, 9, 9), "breach"),
        (D(2021, 8, 1), None, "breach"),
    ],
    ids=["ended-8-sep-2021", "placed-9-sep-2021", "in-progress-on-9-sep-2021"],
)
def test_reg_27a_in_force_from_9_september_2021(engine, host, res, started, ended, status):
    """SI 2021/161: reg 27A in force 9 Sep 2021; earlier days are not judged by it."""
    res.placement("C1", started, dob=D(2007, 1, 1), ended=ended)
    result = run_rule(engine, host, U16, AS_OF)
    assert result.status_on(max(started, D(2021, 9, 9))) == status


@pytest.mark.parametrize(
    ("dob", "status"),
    [(D(2006, 5, 11), "breach"), (D(2006, 5, 10), None)],
    ids=["day-before-16th-birthday", "on-16th-birthday"],
)
def test_reg_27a_applies_to_children_under_16(engine, host, res, dob, status):
    res.placement("C1", D(2022, 5, 10), "independent-living", dob=dob, ended=D(2022, 5, 20))
    assert run_rule(engine, host, U16, AS_OF).status_on(D(2022, 5, 10)) == status


@pytest.mark.parametrize(
    ("setting", "urn", "outcome"),
    [
        ("supported-accommodation", None, "not-met"),
        ("independent-living", None, "not-met"),
        ("school", None, "met"),
        ("residential-family-centre", None, "met"),
        ("childrens-home", "SC123456", "met"),
        ("childrens-home", None, "not-met"),
        ("further-education-college", None, "manual"),
        ("other", None, "manual"),
    ],
)
def test_reg_27a_listed_settings(engine, host, res, setting, urn, outcome):
    """Reg 27A's list was read as far as care home, hospital, RFC, school, holiday scheme."""
    res.placement("C1", D(2022, 1, 10), setting, dob=D(2008, 1, 1), urn=urn)
    assert run_rule(engine, host, U16, AS_OF).outcomes == {outcome: 1}


def test_placement_not_under_other_arrangements_is_not_judged_by_27a(engine, host, res):
    res.placement("C1", D(2022, 1, 10), dob=D(2008, 1, 1), other_arrangements=False)
    assert run_rule(engine, host, U16, AS_OF).outcomes == {}


def test_child_without_date_of_birth_is_a_data_gap(engine, host, res):
    res.placement("C1", D(2022, 1, 10), dob=None)
    assert run_rule(engine, host, U16, AS_OF).only().status == "data-gap"


# SA-2023 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ended", "status"),
    [(D(2023, 10, 27), None), (D(2023, 10, 28), "breach"), (None, "breach")],
    ids=["ended-27-oct-2023", "ended-28-oct-2023", "in-progress"],
)
def test_reg_27c_in_force_from_28_october_2023(engine, host, res, ended, status):
    """SI 2023/416 reg 36: unregistered supported accommodation unlawful from 28 Oct 2023."""
    res.placement("C1", D(2023, 6, 1), dob=D(2006, 6, 1), ended=ended)
    assert run_rule(engine, host, SA, AS_OF).status_on(D(2023, 10, 28)) == status


@pytest.mark.parametrize(
    ("dob", "due", "status"),
    [
        (D(2008, 1, 16), D(2024, 1, 16), "breach"),
        (D(2008, 1, 17), None, None),
        (D(2005, 10, 29), D(2023, 10, 28), "breach"),
        (D(2005, 10, 28), None, None),
    ],
    ids=["16th-birthday", "day-before-16th-birthday", "17-on-in-force-day", "18-on-in-force-day"],
)
def test_reg_27c_applies_to_16_and_17_year_olds(engine, host, res, dob, due, status):
    res.placement("C1", D(2023, 10, 1), dob=dob, ended=D(2024, 1, 16))
    result = run_rule(engine, host, SA, AS_OF)
    assert [(f.due_date, f.status) for f in result.findings] == ([(due, status)] if due else [])


@pytest.mark.parametrize(
    ("setting", "urn", "outcomes"),
    [
        ("supported-accommodation", "2834567", {"met": 1}),
        ("supported-accommodation", None, {"not-met": 1}),
        ("independent-living", None, {"not-met": 1}),
        ("further-education-college", None, {}),
        ("care-home", None, {}),
        ("other", None, {"manual": 1}),
    ],
    ids=[
        "registered",
        "unregistered",
        "independent",
        "college-excepted",
        "care-home-excepted",
        "other",
    ],
)
def test_reg_27c_registration_and_excepted_accommodation(engine, host, res, setting, urn, outcomes):
    res.placement("C1", D(2023, 11, 1), setting, dob=D(2007, 1, 1), urn=urn)
    assert run_rule(engine, host, SA, AS_OF).outcomes == outcomes
