"""The residential plugin's files, as CSV and as sheets of one XLSX workbook."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, select

from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.errors import InputError
from scrutiny.importing.runner import import_paths
from scrutiny.models.imports import ImportBatch
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.residential.importer import FILES
from scrutiny.plugins.residential.models import (
    EventNotification,
    Home,
    IndependentVisit,
    NotifiableEvent,
    ResidentialPlacement,
)
from tests.importing.returns import csv_text, snapshot, write_file

D = dt.date
TODAY = D(2022, 4, 1)
COLUMNS = {f.name: f.columns for f in FILES}
GOOD = {
    "homes": [("H1", "SC123456", "01/04/2016", "", "no"), ("H2", "XXXXXXX", "", "", "")],
    "events": [
        (
            "E1",
            "H1",
            "police-incident",
            "30/10/2021 10:00",
            "C1",
            "31/10/2021 09:30",
            "",
            "",
            "",
            "",
            "",
        ),
    ],
    "reg44_visits": [("H1", "10/01/2022", "in-person", "yes", "20/01/2022")],
    "reg44_endeavours": [("H1", "01/05/2020", "Visitor shielding; phoned staff weekly")],
    "reg45_reviews": [("H1", "01/12/2021", "05/12/2021")],
    "manager_absences": [("H1", "01/03/2021", "", "01/05/2021", "yes", "01/02/2021", "03/05/2021")],
    "change_notices": [("H1", "new-manager", "01/06/2021", "02/06/2021")],
    "closures": [("H2", "30/06/2022", "01/03/2022", "", "", "", "")],
    "placements": [
        ("C2", "01/02/2022", "", "P9", "XXXXXXX", "supported-accommodation", "no", "yes"),
    ],
}


def write_csvs(folder: Path, data=GOOD) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_file(folder / f"{name}.csv", csv_text(COLUMNS[name], rows))
        for name, rows in data.items()
    ]


def write_workbook(path: Path, data=GOOD) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for n, (name, rows) in enumerate(data.items()):
        sheet = book.create_sheet(f"Sheet {n}")  # titles do not matter
        sheet.append(list(COLUMNS[name]))
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def run(engine: Engine, *paths: Path):
    return import_paths(engine, list(paths), PluginHost().importers(), ImportOptions(today=TODAY))


def stored(engine: Engine) -> dict[str, object]:
    with engine.connect() as conn:
        return {
            "homes": sorted(conn.execute(select(Home.home_ref, Home.urn, Home.secure)).all()),
            "event": conn.execute(
                select(NotifiableEvent.event_ref, NotifiableEvent.occurred_on)
            ).all(),
            "told": [
                (r, at.astimezone(dt.UTC).replace(tzinfo=None), on)
                for r, at, on in conn.execute(
                    select(
                        EventNotification.recipient,
                        EventNotification.notified_at,
                        EventNotification.notified_on,
                    )
                )
            ],
            "visits": conn.execute(
                select(IndependentVisit.visited_on, IndependentVisit.mode)
            ).all(),
            "placements": conn.execute(
                select(ResidentialPlacement.setting, ResidentialPlacement.urn)
            ).all(),
        }


EXPECTED = {
    "homes": [("H1", "SC123456", False), ("H2", None, None)],
    "event": [("E1", D(2021, 10, 30))],
    # 09:30 GMT on 31 Oct 2021 (the clocks went back at 02:00 that day) is 09:30 UTC.
    "told": [("ofsted", dt.datetime(2021, 10, 31, 9, 30), D(2021, 10, 31))],
    "visits": [(D(2022, 1, 10), "in-person")],
    "placements": [("supported-accommodation", None)],  # "XXXXXXX" is SSDA903's "no URN"
}


def test_every_csv_file_is_stored(engine: Engine, tmp_path: Path) -> None:
    results = run(engine, *write_csvs(tmp_path))
    assert len(results) == len(FILES)
    assert stored(engine) == EXPECTED


def test_event_time_is_stored_in_utc_from_local_time(engine: Engine, tmp_path: Path) -> None:
    run(engine, *write_csvs(tmp_path))
    with engine.connect() as conn:
        occurred = conn.execute(select(NotifiableEvent.occurred_at)).scalar_one()
    assert occurred == dt.datetime(2021, 10, 30, 9, 0, tzinfo=dt.UTC)  # 10:00 BST


def test_one_workbook_with_a_sheet_per_file_stores_the_same(engine: Engine, tmp_path: Path):
    (result,) = run(engine, write_workbook(tmp_path / "residential.xlsx"))
    assert stored(engine) == EXPECTED
    assert re.search(
        r"regulation 44 independent visits \(reg44_visits\.csv\), XLSX sheet [\w ]+: 1 row dated ",
        result.summary,
    )


def test_files_can_come_in_any_order(engine: Engine, tmp_path: Path) -> None:
    for path in reversed(write_csvs(tmp_path)):
        run(engine, path)
    assert stored(engine) == EXPECTED


def test_files_speak_up_to_the_import_day(engine: Engine, tmp_path: Path) -> None:
    run(engine, *write_csvs(tmp_path))
    with engine.connect() as conn:
        covers = dict(conn.execute(select(ImportBatch.kind, ImportBatch.covers_to)).all())
    assert covers["residential.reg44_visits"] == TODAY
    assert covers["residential.events"] == TODAY


EVENT = GOOD["events"][0]


def _event(**changes: str) -> tuple[str, ...]:
    columns = COLUMNS["events"]
    return tuple(changes.get(c, v) for c, v in zip(columns, EVENT, strict=True))


@pytest.mark.parametrize(
    ("name", "row", "column", "message"),
    [
        (
            "events",
            _event(OFSTED="30/10/2021 09:59"),
            "OFSTED",
            "30/10/2021 09:59 is before the event (OCCURRED 30/10/2021 10:00)",
        ),
        (
            "events",
            _event(TYPE="restraint"),
            "TYPE",
            "'restraint' is not one of death, dbs-referral, sexual-exploitation,"
            " police-incident, allegation-of-abuse, child-protection-enquiry",
        ),
        (
            "events",
            _event(OCCURRED="30/10/2021"),
            "OCCURRED",
            "'30/10/2021' is not a date and time in the form dd/mm/YYYY HH:MM",
        ),
        (
            "reg44_visits",
            ("H1", "02/04/2022", "in-person", "yes", ""),
            "VISITED",
            "02/04/2022 is in the future",
        ),
        (
            "reg44_visits",
            ("H1", "10/02/2022", "phone", "yes", ""),
            "MODE",
            "'phone' is not one of in-person, virtual",
        ),
        (
            "reg44_endeavours",
            ("H1", "15/06/2020", "Visitor ill"),
            "MONTH",
            "15/06/2020 is not the first day of a month",
        ),
        (
            "homes",
            ("H3", "SC1", "01/04/2016", "01/03/2016", ""),
            "CEASED",
            "01/03/2016 is before REGISTERED (01/04/2016)",
        ),
        (
            "closures",
            ("H2", "30/06/2022", "", "", "", "01/02/2022", ""),
            "PROPOSAL_DROPPED",
            "no PROPOSAL_NOTICE is given for Ofsted to drop",
        ),
        (
            "placements",
            ("C2", "01/03/2022", "", "P9", "", "flat", "no", "yes"),
            "SETTING",
            None,
        ),
    ],
    ids=[
        "told-before-event",
        "unknown-event-type",
        "time-missing",
        "visit-in-future",
        "unknown-mode",
        "month-not-first-day",
        "ceased-before-registered",
        "dropped-without-proposal",
        "unknown-setting",
    ],
)
def test_bad_value_is_named_by_file_row_and_column(
    engine: Engine, tmp_path: Path, name, row, column, message
) -> None:
    run(engine, *write_csvs(tmp_path / "first"))
    before = snapshot(engine)
    path = write_file(tmp_path / f"{name}.csv", csv_text(COLUMNS[name], [GOOD[name][0], row]))
    with pytest.raises(InputError) as caught:
        run(engine, path)
    prefix = f"{name}.csv, row 3, column {column}: "
    assert str(caught.value).startswith(prefix)
    if message is not None:
        assert str(caught.value) == prefix + message
    assert snapshot(engine) == before


def test_bad_sheet_is_named_and_nothing_of_the_workbook_is_stored(engine: Engine, tmp_path: Path):
    data = dict(GOOD)
    data["reg45_reviews"] = [("H1", "01/12/2021", ""), ("H1", "01/12/2021", "")]
    before = snapshot(engine)
    with pytest.raises(InputError) as caught:
        run(engine, write_workbook(tmp_path / "residential.xlsx", data))
    assert "row 3: repeats row 2 (same home and day)" in str(caught.value)
    assert snapshot(engine) == before
