"""FOS-USUAL-LIMIT: Children Act 1989 Sch 7 (VERIFIED-P, as enacted).

A household may foster at most three children, unless they are all siblings of each
other (para 3) or every child is named in a written exemption from the authority where
the carer lives (para 4). One finding per spell over the limit.
"""

from __future__ import annotations

import datetime as dt

import pytest

from scrutiny.testing import run_rule

D = dt.date
RULE = "FOS-USUAL-LIMIT"
AS_OF = D(2021, 12, 31)


def over(result):
    return [f for f in result.findings if f.evidence["spell"] == "over"]


def spells(result):
    return sorted(
        (f.evidence["spell"], f.due_date, f.event_date)
        for f in result.findings
        if f.evidence["requirement"] == "spell above the usual limit"
    )


def three_children(fos, carer="F1"):
    for child in ("C1", "C2", "C3"):
        fos.living(carer, child, D(2021, 1, 4))


def test_three_children_is_within_the_limit(engine, host, fos):
    three_children(fos)
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.findings == [] and result.outcomes == {"met": 1}


def test_fourth_child_for_one_day_is_a_spell_over_the_limit(engine, host, fos):
    three_children(fos)
    fos.living("F1", "C4", D(2021, 3, 1), D(2021, 3, 1))
    result = run_rule(engine, host, RULE, AS_OF)
    (finding,) = over(result)
    assert (finding.status, finding.due_date, finding.event_date) == (
        "breach",
        D(2021, 3, 1),
        D(2021, 3, 2),
    )
    assert finding.subject_type == "household" and finding.subject_ref == "H-F1"
    assert finding.evidence["most_children"] == 4


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (D(2021, 2, 28), []),
        (D(2021, 3, 1), [("over", D(2021, 3, 1), D(2021, 3, 2))]),
    ],
    ids=["left-the-day-before", "left-the-same-day"],
)
def test_a_child_counts_on_the_day_they_leave(engine, host, fos, left, expected):
    fos.living("F1", "C1", D(2021, 1, 4))
    fos.living("F1", "C2", D(2021, 1, 4))
    fos.living("F1", "C0", D(2021, 1, 4), left)
    fos.living("F1", "C4", D(2021, 3, 1))
    assert spells(run_rule(engine, host, RULE, AS_OF)) == expected


def test_carers_own_children_are_not_counted(engine, host, fos):
    three_children(fos)
    fos.living("F1", "C9", D(2010, 5, 1), arrangement="own-child")
    assert run_rule(engine, host, RULE, AS_OF).findings == []


def test_privately_fostered_children_are_counted(engine, host, fos):
    three_children(fos)
    fos.living("F1", "C9", D(2021, 6, 1), arrangement="private-fostering")
    assert [f.due_date for f in over(run_rule(engine, host, RULE, AS_OF))] == [D(2021, 6, 1)]


def test_counted_per_household_across_carers(engine, host, fos):
    fos.carer("F1", household="H1")
    fos.carer("F2", household="H1")
    fos.living("F1", "C1", D(2021, 1, 4))
    fos.living("F1", "C2", D(2021, 1, 4))
    fos.living("F2", "C3", D(2021, 1, 4))
    fos.living("F2", "C4", D(2021, 2, 1))
    (finding,) = over(run_rule(engine, host, RULE, AS_OF))
    assert (finding.subject_ref, finding.due_date) == ("H1", D(2021, 2, 1))


def test_all_siblings_are_excepted(engine, host, fos):
    for child in ("C1", "C2", "C3", "C4"):
        fos.living("F1", child, D(2021, 1, 4), siblings="S1")
    result = run_rule(engine, host, RULE, AS_OF)
    assert result.findings == []
    assert spells(result) == []  # met items are not listed as findings
    assert result.outcomes == {"met": 1}


def test_siblings_and_one_other_child_is_over(engine, host, fos):
    for child in ("C1", "C2", "C3"):
        fos.living("F1", child, D(2021, 1, 4), siblings="S1")
    fos.living("F1", "C4", D(2021, 2, 1))
    assert [f.due_date for f in over(run_rule(engine, host, RULE, AS_OF))] == [D(2021, 2, 1)]


def test_exemption_naming_every_child_covers_the_spell_from_its_first_day(engine, host, fos):
    three_children(fos)
    fos.living("F1", "C4", D(2021, 3, 1))
    fos.exemption("E1", "F1", ("C1", "C2", "C3", "C4"), D(2021, 3, 8))
    (finding,) = over(run_rule(engine, host, RULE, AS_OF))
    # over from 1 March until the exemption took effect on 8 March
    assert (finding.due_date, finding.event_date) == (D(2021, 3, 1), D(2021, 3, 8))


def test_exemption_must_name_each_child(engine, host, fos):
    three_children(fos)
    fos.living("F1", "C4", D(2021, 3, 1))
    fos.exemption("E1", "F1", ("C4",), D(2021, 3, 1))
    (finding,) = over(run_rule(engine, host, RULE, AS_OF))
    assert (finding.due_date, finding.event_date) == (D(2021, 3, 1), None)


def test_exemption_ends_the_day_after_valid_until(engine, host, fos):
    three_children(fos)
    fos.living("F1", "C4", D(2021, 3, 1))
    fos.exemption("E1", "F1", ("C1", "C2", "C3", "C4"), D(2021, 3, 1), D(2021, 6, 30))
    (finding,) = over(run_rule(engine, host, RULE, AS_OF))
    assert (finding.due_date, finding.event_date) == (D(2021, 7, 1), None)


def test_exemption_from_another_authority_does_not_count(engine, host, fos):
    fos.carer("F1", residence_la="931")
    three_children(fos)
    fos.living("F1", "C4", D(2021, 3, 1))
    fos.exemption("E1", "F1", ("C1", "C2", "C3", "C4"), D(2021, 3, 1), granted_by="932")
    assert [f.due_date for f in over(run_rule(engine, host, RULE, AS_OF))] == [D(2021, 3, 1)]
    fos.exemption("E2", "F1", ("C1", "C2", "C3", "C4"), D(2021, 3, 1), granted_by="931")
    assert over(run_rule(engine, host, RULE, AS_OF)) == []


def test_spell_after_the_as_of_date_is_not_judged(engine, host, fos):
    three_children(fos)
    fos.living("F1", "C4", D(2022, 3, 1))
    assert run_rule(engine, host, RULE, AS_OF).findings == []
