"""The Annex A rules at their boundaries: what the latest dates prove, and no more.

Every workbook here reaches 30 Jun 2024 (a List 1 contact that day), the as-of date,
so a due date before it is overdue and one on it is due soon."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.plugin_host import PluginHost
from scrutiny.testing import run_rule
from tests.annex_a_cases import build, import_workbook

AS_OF = dt.date(2024, 6, 30)
D = dt.date
REACH = {1: [{"Child Unique ID": "X", "Date of Contact": AS_OF}]}


def judge(
    engine: Engine,
    host: PluginHost,
    tmp_path: Path,
    rule_id: str,
    lists: dict[int, list[dict[str, Any]]],
    as_of: dt.date = AS_OF,
    config: Config | None = None,
    extra_columns: dict[int, list[str]] | None = None,
) -> dict[str, tuple[str, dt.date]]:
    import_workbook(engine, host, build(tmp_path, REACH | lists, extra_columns=extra_columns))
    result = run_rule(engine, host, rule_id, as_of, config)
    assert not result.errors, result.errors
    return {f.subject_ref: (f.status, f.due_date) for f in result.findings}


def l8(ref: str, **dates: Any) -> dict[str, Any]:
    names = {
        "started": "Date Started to be Looked After",
        "review": "Date of Latest Statutory Review",
        "visit": "Date of Last Social Work Visit",
        "health": "Date of Last Health Assessment",
        "placed": "Start Date of Most Recent Placement",
        "type": "Placement Type",
        "dob": "Date of Birth",
        "ceased": "Date Ceased to be Looked After",
    }
    return {"Child Unique ID": ref} | {names[k]: v for k, v in dates.items()}


def test_lac_visit_six_weeks_after_the_last_and_a_week_after_a_new_placement(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    found = judge(
        sqlite_engine,
        host,
        tmp_path,
        "AA-LAC-VISIT",
        {
            8: [
                l8("ON-TIME", started=D(2022, 1, 1), placed=D(2022, 1, 1), visit=D(2024, 5, 19)),
                l8("LATE", started=D(2022, 1, 1), placed=D(2022, 1, 1), visit=D(2024, 5, 18)),
                l8("NEW", started=D(2022, 1, 1), placed=D(2024, 6, 20), visit=D(2024, 5, 30)),
                l8(
                    "LONG",
                    started=D(2022, 1, 1),
                    placed=D(2022, 1, 1),
                    visit=D(2024, 4, 1),
                    type="d) U4: Foster placement - long term",
                ),
                l8(
                    "NOT-LONG",
                    started=D(2022, 1, 1),
                    placed=D(2022, 1, 1),
                    visit=D(2024, 4, 1),
                    type="f) U6: Foster placement - not FFA",
                ),
                l8(
                    "CEASED",
                    started=D(2022, 1, 1),
                    placed=D(2022, 1, 1),
                    visit=D(2023, 1, 1),
                    ceased=D(2024, 6, 30),
                ),
            ]
        },
    )
    assert found == {
        "ON-TIME": ("due-soon", D(2024, 6, 30)),  # 42 days: due on the as-of date
        "LATE": ("breach", D(2024, 6, 29)),
        "NEW": ("breach", D(2024, 6, 27)),  # the May visit was before this placement
        "LONG": ("due-soon", D(2024, 7, 1)),  # 3 months: U4 and over a year in
        "NOT-LONG": ("breach", D(2024, 5, 13)),
    }  # CEASED on the as-of date is not judged; ON-TIME and LONG are due soon


def test_lac_review_first_second_and_later(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    found = judge(
        sqlite_engine,
        host,
        tmp_path,
        "AA-LAC-REVIEW",
        {
            8: [
                # 20 working days after 2 Jan 2024 is 30 Jan: a review by then is the first
                l8("SECOND-LATE", started=D(2024, 1, 2), review=D(2024, 1, 30)),
                l8("LATER", started=D(2024, 1, 2), review=D(2024, 1, 31)),
                l8("FIRST-LATE", started=D(2024, 6, 1)),  # 20 working days: 28 Jun
                l8("SIX-ON-TIME", started=D(2020, 1, 1), review=D(2023, 12, 30)),
                l8("SIX-LATE", started=D(2020, 1, 1), review=D(2023, 12, 29)),
            ]
        },
    )
    assert found == {
        "SECOND-LATE": ("breach", D(2024, 4, 30)),
        "FIRST-LATE": ("breach", D(2024, 6, 28)),
        "SIX-ON-TIME": ("due-soon", D(2024, 6, 30)),
        "SIX-LATE": ("breach", D(2024, 6, 29)),
    }  # LATER: 6 months from 31 Jan, not yet due


def test_lac_health_six_months_under_five_twelve_from_five_initial_by_first_review(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    found = judge(
        sqlite_engine,
        host,
        tmp_path,
        "AA-LAC-HEALTH",
        {
            8: [
                l8("UNDER5-LATE", dob=D(2021, 1, 1), started=D(2023, 1, 1), health=D(2023, 12, 29)),
                l8("TURNS5", dob=D(2019, 6, 1), started=D(2023, 1, 1), health=D(2023, 12, 29)),
                l8("OVER5-LATE", dob=D(2010, 1, 1), started=D(2020, 1, 1), health=D(2023, 6, 29)),
                l8("NONE", dob=D(2010, 1, 1), started=D(2024, 6, 1)),
                l8("NO-DOB", started=D(2020, 1, 1), health=D(2023, 6, 29)),
            ]
        },
    )
    assert found == {
        "UNDER5-LATE": ("breach", D(2024, 6, 29)),
        "OVER5-LATE": ("breach", D(2024, 6, 29)),
        "NONE": ("breach", D(2024, 6, 28)),
        "NO-DOB": ("data-gap", AS_OF),
    }  # TURNS5: 5 by the six-month date, so 12 months: not yet due


def test_a_date_after_the_workbooks_reach_is_a_gap_and_a_latest_date_after_as_of_too(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    found = judge(
        sqlite_engine,
        host,
        tmp_path,
        "AA-LAC-VISIT",
        {
            8: [
                l8("AFTER-REACH", started=D(2022, 1, 1), placed=D(2022, 1, 1), visit=D(2024, 6, 1)),
                l8("LATE", started=D(2022, 1, 1), placed=D(2022, 1, 1), visit=D(2024, 5, 1)),
            ]
        },
        as_of=D(2024, 8, 31),
    )
    assert found == {
        "AFTER-REACH": ("data-gap", D(2024, 7, 13)),  # due after 30 Jun, all the workbook knows
        "LATE": ("breach", D(2024, 6, 12)),
    }
    earlier = run_rule(sqlite_engine, host, "AA-LAC-VISIT", D(2024, 5, 20))
    assert {f.subject_ref: f.status for f in earlier.findings}["AFTER-REACH"] == "data-gap"


def l7(ref: str, start: dt.date, **dates: Any) -> dict[str, Any]:
    names = {
        "review": "Date of latest review conference",
        "visit": "Date of the Last Statutory Visit",
        "end": "Child Protection Plan End Date",
    }
    return {"Child Unique ID": ref, "Child Protection Plan Start Date": start} | {
        names[k]: v for k, v in dates.items()
    }


def test_cp_review_conferences_three_then_six_months(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    found = judge(
        engine,
        host,
        tmp_path,
        "AA-CP-REVIEW",
        {
            7: [
                l7("FIRST-LATE", D(2024, 3, 29)),
                l7("FIRST-DUE", D(2024, 3, 30)),
                l7("NEXT-DUE", D(2023, 1, 1), review=D(2023, 12, 30)),
                l7("NEXT-LATE", D(2023, 1, 1), review=D(2023, 12, 29)),
                l7("ENDED", D(2023, 1, 1), review=D(2023, 6, 1), end=D(2024, 6, 1)),
            ]
        },
    )
    assert found == {
        "FIRST-LATE": ("breach", D(2024, 6, 29)),
        "FIRST-DUE": ("due-soon", D(2024, 6, 30)),
        "NEXT-DUE": ("due-soon", D(2024, 6, 30)),
        "NEXT-LATE": ("breach", D(2024, 6, 29)),
    }


def test_cp_visits_are_for_a_person_until_the_council_sets_its_standard(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    plans = {
        7: [
            l7("LATE", D(2024, 1, 1), visit=D(2024, 6, 14)),  # 10 working days: 28 Jun
            l7("DUE", D(2024, 1, 1), visit=D(2024, 6, 17)),  # 10 working days: 1 Jul
        ]
    }
    found = judge(sqlite_engine, host, tmp_path, "AA-CP-VISIT", plans)
    assert {r: s for r, (s, _) in found.items()} == {"LATE": "manual", "DUE": "manual"}

    ten = Config(local_policy={"AA-CP-VISIT": {"visit_working_days": 10}})
    judged = run_rule(sqlite_engine, host, "AA-CP-VISIT", AS_OF, ten)
    assert {f.subject_ref: (f.status, f.due_date, f.standard) for f in judged.findings} == {
        "LATE": ("breach", D(2024, 6, 28), "local-policy"),
        "DUE": ("due-soon", D(2024, 7, 1), "local-policy"),
    }


def l9(ref: str, **values: Any) -> dict[str, Any]:
    names = {
        "review": "Latest Pathway Plan Review Date",
        "contact": "Latest Date of Contact",
        "adviser": "Allocated Personal Advisor",
    }
    return {"Child Unique ID": ref} | {names[k]: v for k, v in values.items()}


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        (
            "AA-CL-PP-REVIEW",
            {
                "A": ("breach", D(2024, 6, 29)),
                "B": ("due-soon", D(2024, 6, 30)),
                "C": ("data-gap", AS_OF),
            },
        ),
        ("AA-CL-CONTACT", {"A": ("manual", D(2024, 6, 29)), "C": ("data-gap", AS_OF)}),
        ("AA-CL-ADVISER", {"B": ("manual", AS_OF)}),
    ],
)
def test_care_leavers_2024_layout(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path, rule_id: str, expected: Any
) -> None:
    found = judge(
        sqlite_engine,
        host,
        tmp_path,
        rule_id,
        {
            9: [
                l9("A", review=D(2023, 12, 29), contact=D(2024, 4, 29), adviser="Jo Bloggs"),
                l9("B", review=D(2023, 12, 30), contact=D(2024, 4, 30), adviser=""),
                l9("C", adviser="#N/A"),
            ]
        },
    )
    if rule_id == "AA-CL-ADVISER":
        expected = expected | {"C": ("manual", AS_OF)}
    assert found == expected


def test_without_the_2024_columns_care_leavers_are_gaps_and_advisers_not_judged(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    import_workbook(sqlite_engine, host, build(tmp_path, REACH | {9: [{"Child Unique ID": "A"}]}))
    # build() writes every template column; a pre-2024 workbook lacks these three
    assert run_rule(sqlite_engine, host, "AA-CL-PP-REVIEW", AS_OF).only().status == "data-gap"


def test_adopter_stages_are_judged_exactly(
    sqlite_engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    def l11(ref: str, **dates: Any) -> dict[str, Any]:
        names = {
            "s1": "Date Stage 1 started",
            "e1": "Date Stage 1 ended",
            "left": "Date of leaving adoption process",
        }
        return {"Individual adopter identifier": ref} | {names[k]: v for k, v in dates.items()}

    found = judge(
        sqlite_engine,
        host,
        tmp_path,
        "AA-ADO-STAGE1",
        {
            11: [
                l11("MET", s1=D(2024, 1, 10), e1=D(2024, 3, 10)),
                l11("LATE", s1=D(2024, 1, 10), e1=D(2024, 3, 11)),
                l11("OPEN", s1=D(2024, 4, 29)),
                l11("LEFT", s1=D(2024, 1, 10), left=D(2024, 2, 1)),
            ]
        },
    )
    assert found == {"LATE": ("breach", D(2024, 3, 10)), "OPEN": ("breach", D(2024, 6, 29))}
