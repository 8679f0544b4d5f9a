"""The looked-after plugin's plan, notification, health and PEP files: care_plans.csv,
placement_plans.csv, out_of_area.csv, health_assessments.csv and peps.csv."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from scrutiny.importing.errors import InputError
from scrutiny.importing.source import SourceFile
from scrutiny.models.child import Child
from scrutiny.models.imports import ImportBatch
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.looked_after.models import (
    CarePlan,
    HealthAssessment,
    OutOfAreaPlacement,
    PersonalEducationPlan,
    PlacementPlan,
)
from tests.importing.returns import csv_text, run_import, snapshot, write_file

D = dt.date
CARE_PLAN_COLUMNS = ("CHILD", "CARE_PLAN_DATE")
PLACEMENT_PLAN_COLUMNS = ("CHILD", "DECOM", "PLAN_DATE")
OUT_OF_AREA_COLUMNS = ("CHILD", "DECOM", "AREA_AUTHORITY", "EMERGENCY", "NOTIFIED")
HEALTH_COLUMNS = ("CHILD", "ASSESSED", "KIND", "PRACTITIONER")
PEP_COLUMNS = ("CHILD", "PEP_DATE")
FILES = {
    "care_plans.csv": CARE_PLAN_COLUMNS,
    "placement_plans.csv": PLACEMENT_PLAN_COLUMNS,
    "out_of_area.csv": OUT_OF_AREA_COLUMNS,
    "health_assessments.csv": HEALTH_COLUMNS,
    "peps.csv": PEP_COLUMNS,
}


def write(folder: Path, name: str, *rows: Sequence[str]) -> Path:
    return write_file(folder / name, csv_text(FILES[name], rows))


def stored(engine: Engine, model: Any, *columns: Any) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        query = select(Child.child_ref, *columns).join(Child, Child.id == model.child_id)
        return sorted(tuple(r) for r in conn.execute(query))


def batches(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [
            (b.kind, b.row_count, b.covers_from, b.covers_to)
            for b in conn.execute(select(ImportBatch).order_by(ImportBatch.id))
        ]


# Good files ----------------------------------------------------------------------------


def test_care_plans_are_stored(engine: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "care_plans.csv",
        ("C000001", "07/06/2024"),
        ("C000001", "3/2/2025"),
        ("C000002", "20/06/2024"),
    )
    [result] = run_import(engine, path)
    assert (
        result.summary == "care plans (care_plans.csv), CSV: 3 rows dated 07/06/2024 to 03/02/2025"
    )
    assert stored(engine, CarePlan, CarePlan.plan_date) == [
        ("C000001", D(2024, 6, 7)),
        ("C000001", D(2025, 2, 3)),
        ("C000002", D(2024, 6, 20)),
    ]
    assert batches(engine) == [("looked_after.care_plans", 3, D(2024, 6, 7), D(2025, 2, 3))]


def test_placement_plans_may_predate_the_placement(engine: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "placement_plans.csv",
        ("C000001", "10/06/2024", "07/06/2024"),
        ("C000002", "01/08/2024", "08/08/2024"),
    )
    run_import(engine, path)
    assert stored(
        engine, PlacementPlan, PlacementPlan.placement_start, PlacementPlan.plan_date
    ) == [
        ("C000001", D(2024, 6, 10), D(2024, 6, 7)),
        ("C000002", D(2024, 8, 1), D(2024, 8, 8)),
    ]
    assert batches(engine) == [("looked_after.placement_plans", 2, D(2024, 6, 7), D(2024, 8, 8))]


def test_out_of_area_placements_with_and_without_a_notice(engine: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "out_of_area.csv",
        ("C000001", "10/06/2024", "Southshire County Council", "N", "05/06/2024"),
        ("C000002", "01/08/2024", "E10000099", "y", ""),
        ("C000003", "02/09/2024", "Eastshire", "Yes", "06/09/2024"),
    )
    [result] = run_import(engine, path)
    assert result.summary == (
        "out-of-area placements (out_of_area.csv), CSV: 3 rows dated 05/06/2024 to 06/09/2024"
    )
    assert stored(
        engine,
        OutOfAreaPlacement,
        OutOfAreaPlacement.placement_start,
        OutOfAreaPlacement.area_authority,
        OutOfAreaPlacement.emergency,
        OutOfAreaPlacement.notified_on,
    ) == [
        ("C000001", D(2024, 6, 10), "Southshire County Council", False, D(2024, 6, 5)),
        ("C000002", D(2024, 8, 1), "E10000099", True, None),
        ("C000003", D(2024, 9, 2), "Eastshire", True, D(2024, 9, 6)),
    ]
    assert batches(engine) == [("looked_after.out_of_area", 3, D(2024, 6, 5), D(2024, 9, 6))]


def test_an_empty_out_of_area_file_says_there_were_none(engine: Engine, tmp_path: Path) -> None:
    [result] = run_import(engine, write(tmp_path, "out_of_area.csv"))
    assert result.summary == "out-of-area placements (out_of_area.csv), CSV: 0 rows"
    assert batches(engine) == [("looked_after.out_of_area", 0, None, None)]


def test_health_assessments_of_every_kind_are_stored(engine: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "health_assessments.csv",
        ("C000001", "12/06/2024", "initial", "doctor"),
        ("C000001", "10/12/2024", "Review", "NURSE"),
        ("C000002", "01/07/2024", "review", "midwife"),
        ("C000003", "02/07/2024", "initial", "other"),
    )
    run_import(engine, path)
    assert stored(
        engine,
        HealthAssessment,
        HealthAssessment.assessed_on,
        HealthAssessment.kind,
        HealthAssessment.practitioner,
    ) == [
        ("C000001", D(2024, 6, 12), "initial", "doctor"),
        ("C000001", D(2024, 12, 10), "review", "nurse"),
        ("C000002", D(2024, 7, 1), "review", "midwife"),
        ("C000003", D(2024, 7, 2), "initial", "other"),
    ]
    assert batches(engine) == [("looked_after.health", 4, D(2024, 6, 12), D(2024, 12, 10))]


def test_peps_are_stored(engine: Engine, tmp_path: Path) -> None:
    run_import(engine, write(tmp_path, "peps.csv", ("C000001", "15/09/2024")))
    assert stored(engine, PersonalEducationPlan, PersonalEducationPlan.pep_date) == [
        ("C000001", D(2024, 9, 15))
    ]
    assert batches(engine) == [("looked_after.peps", 1, D(2024, 9, 15), D(2024, 9, 15))]


def test_care_plans_are_not_mistaken_for_care_leavers_pathway_plans(tmp_path: Path) -> None:
    # CHILD and PLAN_DATE alone are the care leavers' pathway_plans.csv; the care plans
    # file has CARE_PLAN_DATE so that each importer claims only its own.
    importers = PluginHost().importers()
    care = SourceFile.read(write(tmp_path, "care_plans.csv", ("C000001", "07/06/2024")))
    pathway = SourceFile.read(
        write_file(tmp_path / "pathway_plans.csv", csv_text(("CHILD", "PLAN_DATE"), []))
    )
    assert [i.name for i in importers if i.claims(care)] == ["looked_after"]
    assert [i.name for i in importers if i.claims(pathway)] == ["care_leavers"]


# Bad input: one clear error naming file, row and column; nothing stored -----------------


@pytest.mark.parametrize(
    ("name", "rows", "message"),
    [
        pytest.param(
            "care_plans.csv",
            [("C000001", "30/02/2024")],
            "care_plans.csv, row 2, column CARE_PLAN_DATE: '30/02/2024' is not a real date",
            id="care-plan-impossible-date",
        ),
        pytest.param(
            "care_plans.csv",
            [("C000001", "01/07/2025")],
            "care_plans.csv, row 2, column CARE_PLAN_DATE: 01/07/2025 is in the future",
            id="care-plan-future-date",
        ),
        pytest.param(
            "care_plans.csv",
            [("C000001", "07/06/2024"), ("C000001", "7/6/2024")],
            "care_plans.csv, row 3: repeats row 2 (same child and date)",
            id="care-plan-duplicate",
        ),
        pytest.param(
            "placement_plans.csv",
            [("C000001", "31/06/2024", "01/06/2024")],
            "placement_plans.csv, row 2, column DECOM: '31/06/2024' is not a real date",
            id="placement-plan-impossible-date",
        ),
        pytest.param(
            "placement_plans.csv",
            [("C000001", "10/06/2024", "")],
            "placement_plans.csv, row 2, column PLAN_DATE: a date is required here",
            id="placement-plan-no-date",
        ),
        pytest.param(
            "placement_plans.csv",
            [("C000001", "10/06/2024", "10/06/2024"), ("C000001", "10/06/2024", "11/06/2024")],
            "placement_plans.csv, row 3: repeats row 2 (same child and placement)",
            id="placement-plan-duplicate",
        ),
        pytest.param(
            "out_of_area.csv",
            [("C000001", "10/06/2024", "Southshire", "maybe", "")],
            "out_of_area.csv, row 2, column EMERGENCY: 'maybe' is not one of y, n, yes, no",
            id="out-of-area-unknown-code",
        ),
        pytest.param(
            "out_of_area.csv",
            [("C000001", "10/06/2024", "", "N", "")],
            "out_of_area.csv, row 2, column AREA_AUTHORITY: the area authority's name or code"
            " is required here",
            id="out-of-area-no-area",
        ),
        pytest.param(
            "out_of_area.csv",
            [("C000001", "10/06/2024", "Southshire", "N", "05/06/24")],
            "out_of_area.csv, row 2, column NOTIFIED: '05/06/24' has a two-digit year, which could"
            " be either century; write the year in full",
            id="out-of-area-two-digit-year",
        ),
        pytest.param(
            "out_of_area.csv",
            [
                ("C000001", "10/06/2024", "Southshire", "N", ""),
                ("C000001", "10/06/2024", "Eastshire", "N", ""),
            ],
            "out_of_area.csv, row 3: repeats row 2 (same child and placement)",
            id="out-of-area-duplicate",
        ),
        pytest.param(
            "health_assessments.csv",
            [("C000001", "12/06/2024", "annual", "doctor")],
            "health_assessments.csv, row 2, column KIND: 'annual' is not one of initial, review",
            id="health-unknown-kind",
        ),
        pytest.param(
            "health_assessments.csv",
            [("C000001", "12/06/2024", "initial", "GP")],
            "health_assessments.csv, row 2, column PRACTITIONER: 'GP' is not one of doctor,"
            " nurse, midwife, other",
            id="health-unknown-practitioner",
        ),
        pytest.param(
            "health_assessments.csv",
            [("C000001", "29/02/2023", "initial", "doctor")],
            "health_assessments.csv, row 2, column ASSESSED: '29/02/2023' is not a real date",
            id="health-29-february-in-a-common-year",
        ),
        pytest.param(
            "health_assessments.csv",
            [
                ("C000001", "12/06/2024", "initial", "doctor"),
                ("C000001", "12/06/2024", "review", "nurse"),
            ],
            "health_assessments.csv, row 3: repeats row 2 (same child and date)",
            id="health-duplicate",
        ),
        pytest.param(
            "peps.csv",
            [("C 1", "15/09/2024")],
            "peps.csv, row 2, column CHILD: a reference must not contain spaces",
            id="pep-bad-child",
        ),
        pytest.param(
            "peps.csv",
            [("C000001", "15/09/2024"), ("C000001", "15/09/2024")],
            "peps.csv, row 3: repeats row 2 (same child and date)",
            id="pep-duplicate",
        ),
    ],
)
def test_bad_row_is_refused_and_nothing_is_stored(
    sqlite_engine: Engine, tmp_path: Path, name: str, rows: list[Sequence[str]], message: str
) -> None:
    run_import(sqlite_engine, write(tmp_path, "peps.csv", ("C000009", "01/03/2024")))
    before = snapshot(sqlite_engine)

    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, write(tmp_path / "later", name, *rows))

    assert str(caught.value) == message
    assert snapshot(sqlite_engine) == before


@pytest.mark.parametrize(
    "name", ["care_plans.csv", "placement_plans.csv", "health_assessments.csv", "peps.csv"]
)
def test_a_header_without_rows_is_refused(sqlite_engine: Engine, tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, write(tmp_path, name))
    assert str(caught.value) == f"{name}: has a header but no rows"
