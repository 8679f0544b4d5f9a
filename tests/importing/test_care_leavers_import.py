"""The care leavers plugin's files: stored all or nothing, bad values named by file, row
and column; and the demo council's files import and agree with the episodes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from scrutiny.config import Config
from scrutiny.demo.histories import make_council
from scrutiny.engine.check import run_check
from scrutiny.engine.runs import load_outcomes
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.errors import InputError
from scrutiny.importing.runner import import_paths
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.care_leavers.demo import write_demo_files
from scrutiny.plugins.care_leavers.importer import FILES
from scrutiny.plugins.care_leavers.models import PlanReview, StayingPut, YoungPerson
from scrutiny.ssda903.demo import write_returns
from tests.importing.returns import csv_text, snapshot, write_file

D = dt.date
TODAY = D(2022, 4, 1)
COLUMNS = {f.name: f.columns for f in FILES}
GOOD = {
    "young_people": [("C1", "10/05/2003", "relevant", "10/05/2019", "", "")],
    "advisers": [("C1", "PA1", "12/05/2019", "")],
    "needs_assessments": [("C1", "01/07/2019")],
    "pathway_plans": [("C1", "15/07/2019")],
    "pathway_plan_reviews": [("C1", "15/07/2019", "10/01/2020", "young-person", "02/01/2020")],
    "contacts": [("C1", "03/02/2020", "visit-at-home", "adviser")],
    "accommodation": [("C1", "01/02/2020", "", "semi-independent", "yes")],
    "staying_put": [("C1", "F9", "10/05/2021", "", "yes", "", "01/06/2021")],
    "support_requests": [("C1", "01/03/2022", "")],
}


def run(engine: Engine, *paths: Path):
    return import_paths(engine, list(paths), PluginHost().importers(), ImportOptions(today=TODAY))


def write_csvs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_file(folder / f"{name}.csv", csv_text(COLUMNS[name], rows))
        for name, rows in GOOD.items()
    ]


def test_every_file_is_stored(engine: Engine, tmp_path: Path) -> None:
    results = run(engine, *write_csvs(tmp_path))
    assert len(results) == len(FILES)
    with engine.connect() as conn:
        assert conn.execute(select(YoungPerson.status, YoungPerson.dob)).all() == [
            ("relevant", D(2003, 5, 10))
        ]
        assert conn.execute(select(PlanReview.requested_by, PlanReview.requested_on)).all() == [
            ("young-person", D(2020, 1, 2))
        ]
        assert conn.execute(select(StayingPut.financial_support)).scalars().all() == [True]


@pytest.mark.parametrize(
    ("name", "row", "column", "message"),
    [
        (
            "pathway_plan_reviews",
            ("C1", "15/07/2019", "14/07/2019", "", ""),
            "REVIEWED",
            "14/07/2019 is before PLAN_DATE (15/07/2019)",
        ),
        (
            "contacts",
            ("C1", "02/04/2022", "phone", "adviser"),
            "CONTACT_DATE",
            "02/04/2022 is in the future",
        ),
        (
            "young_people",
            ("C2", "10/05/2003", "qualifying", "10/05/2019", "", ""),
            "ELIGIBLE_FROM",
            "a qualifying young person was never an eligible child",
        ),
        (
            "pathway_plan_reviews",
            ("C1", "15/07/2019", "10/02/2020", "young-person", ""),
            "REQUESTED",
            "REQUESTED_BY is given, so the date of the request is needed",
        ),
        (
            "accommodation",
            ("C1", "01/03/2020", "", "hostel", "yes"),
            "TYPE",
            "'hostel' is not one of staying-put, supported-lodgings, semi-independent,"
            " independent-tenancy, with-family, custody, other",
        ),
    ],
    ids=["review-before-plan", "future-contact", "qualifying-eligible", "request-undated", "type"],
)
def test_bad_value_is_named_and_nothing_is_stored(
    engine: Engine, tmp_path: Path, name, row, column, message
) -> None:
    before = snapshot(engine)
    path = write_file(tmp_path / f"{name}.csv", csv_text(COLUMNS[name], [GOOD[name][0], row]))
    with pytest.raises(InputError) as caught:
        run(engine, path)
    assert str(caught.value) == f"{name}.csv, row 3, column {column}: {message}"
    assert snapshot(engine) == before


def test_demo_files_import_and_show_the_deliberate_exceptions(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    council = make_council(tmp_path, 200, 1)
    write_returns(council)
    write_demo_files(council)
    paths = sorted(p for p in tmp_path.rglob("*.csv"))
    import_paths(engine, paths, host.importers(), ImportOptions(today=D(2022, 4, 1)))
    rules = [r for r in host.rules if r.meta.domain == "care_leavers"]
    summary = run_check(
        engine, rules, Config(), as_of=council.as_of, domains=None, plugins=host.enabled_versions()
    )
    assert summary.rule_errors == {}
    with engine.connect() as conn:
        outcomes = load_outcomes(conn, summary.run_id)
    # One eligible child left unrecorded; the rest agree with the episodes.
    assert outcomes["CL-ELIGIBLE"].get("not-met") == 1
    assert outcomes["CL-ELIGIBLE"]["met"] >= 10
    assert outcomes["CL-NEEDS-ASSESS"].get("not-met", 0) >= 1
    assert outcomes["CL-PP-REVIEW"].get("not-met", 0) >= 1
    assert outcomes["CL-PA-VISITS"].get("not-met", 0) >= 1
    assert outcomes["CL-PA-TO-25"].get("manual", 0) >= 1
    # Staying put: one arrangement without financial support to the carer.
    assert outcomes["CL-STAYING-PUT"].get("not-met") == 1
    assert outcomes["CL-STAYING-PUT"].get("met", 0) >= 1
