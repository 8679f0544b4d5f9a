"""The safeguarding plugin's own files, as CSV and as sheets of one XLSX workbook: what the
CIN census does not carry (referral decisions, strategy discussions, core groups, serious
incidents and rapid reviews).

Every child reference and date here is made up.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, Table, select

from scrutiny.db.base import Base
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.errors import InputError
from scrutiny.importing.runner import ImportResult, import_paths
from scrutiny.models.child import Child
from scrutiny.models.imports import ImportBatch
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.safeguarding.importer import FILES
from scrutiny.plugins.safeguarding.models import (
    CoreGroup,
    RapidReview,
    ReferralDecision,
    SeriousIncident,
    StrategyDiscussion,
)
from tests.importing.returns import csv_text, write_file

D = dt.date


def T(*parts: int) -> dt.datetime:
    """A stored timestamp: UTC, timezone-aware, on both databases."""
    return dt.datetime(*parts, tzinfo=dt.UTC)


TODAY = D(2024, 4, 2)
COLUMNS = {f.name: f.columns for f in FILES}
GOOD: dict[str, list[tuple[str, ...]]] = {
    "referral_decisions": [
        # received 23:30 BST on 31 Mar 2024 (the clocks went forward that morning)
        ("C1", "31/03/2024 23:30", "01/04/2024 10:15", "strategy-discussion", "02/04/2024", "N"),
        ("C2", "15/01/2024 09:00", "", "", "", ""),
        ("C3", "10/01/2024 14:00", "10/01/2024 16:00", "NFA", "11/01/2024", "y"),
    ],
    "strategy_discussions": [("C1", "01/04/2024", "Y"), ("C3", "12/01/2024", "no")],
    "core_groups": [("C4", "05/02/2024", "15/02/2024")],
    "serious_incidents": [
        (
            "SI-1",
            "C4",
            "01/03/2024",
            "02/03/2024",
            "serious-harm",
            "Y",
            "06/03/2024",
            "06/03/2024",
            "07/03/2024",
        ),
        ("SI-2", "C5", "", "20/03/2024", "death", "N", "", "", ""),
    ],
    "rapid_reviews": [
        ("SI-1", "25/03/2024", "26/03/2024", ""),
        ("SI-2", "", "", "Police investigation; <script>alert(1)</script>; 'quoted'"),
    ],
}


def write_csvs(folder: Path, data: dict[str, list[tuple[str, ...]]] = GOOD) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_file(folder / f"{name}.csv", csv_text(COLUMNS[name], rows))
        for name, rows in data.items()
    ]


def write_workbook(path: Path, data: dict[str, list[tuple[str, ...]]] = GOOD) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for n, (name, rows) in enumerate(data.items()):
        sheet = book.create_sheet(f"Sheet {n}")  # titles do not matter
        sheet.append(list(COLUMNS[name]))
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def run(engine: Engine, *paths: Path) -> list[ImportResult]:
    return import_paths(engine, list(paths), PluginHost().importers(), ImportOptions(today=TODAY))


def _tables() -> list[Table]:
    return [
        t
        for t in Base.metadata.sorted_tables
        if t.name.startswith(("child", "import_batch", "sg_"))
    ]


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr) for t in _tables()
        }


def stored(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            "decisions": sorted(
                conn.execute(
                    select(
                        Child.child_ref,
                        ReferralDecision.received_at,
                        ReferralDecision.received_on,
                        ReferralDecision.decided_at,
                        ReferralDecision.decided_on,
                        ReferralDecision.response,
                        ReferralDecision.referrer_informed_on,
                        ReferralDecision.referrer_anonymous,
                    ).join(Child, Child.id == ReferralDecision.child_id)
                ).all()
            ),
            "discussions": sorted(
                conn.execute(
                    select(
                        Child.child_ref, StrategyDiscussion.held_on, StrategyDiscussion.s47_started
                    ).join(Child, Child.id == StrategyDiscussion.child_id)
                ).all()
            ),
            "core_groups": list(
                conn.execute(
                    select(Child.child_ref, CoreGroup.plan_start, CoreGroup.held_on).join(
                        Child, Child.id == CoreGroup.child_id
                    )
                ).all()
            ),
            "incidents": sorted(
                conn.execute(
                    select(
                        SeriousIncident.incident_ref,
                        Child.child_ref,
                        SeriousIncident.incident_date,
                        SeriousIncident.aware_on,
                        SeriousIncident.harm,
                        SeriousIncident.looked_after,
                        SeriousIncident.panel_notified_on,
                        SeriousIncident.ofsted_notified_on,
                        SeriousIncident.sos_notified_on,
                    ).join(Child, Child.id == SeriousIncident.child_id)
                ).all()
            ),
            "rapid_reviews": sorted(
                conn.execute(
                    select(
                        RapidReview.incident_ref,
                        RapidReview.completed_on,
                        RapidReview.sent_to_panel_on,
                        RapidReview.delay_reason,
                    )
                ).all()
            ),
        }


EXPECTED = {
    "decisions": [
        # local times stored as UTC, with the local day beside them
        (
            "C1",
            T(2024, 3, 31, 22, 30),
            D(2024, 3, 31),
            T(2024, 4, 1, 9, 15),
            D(2024, 4, 1),
            "strategy-discussion",
            D(2024, 4, 2),
            False,
        ),
        ("C2", T(2024, 1, 15, 9, 0), D(2024, 1, 15), None, None, None, None, None),
        (
            "C3",
            T(2024, 1, 10, 14, 0),
            D(2024, 1, 10),
            T(2024, 1, 10, 16, 0),
            D(2024, 1, 10),
            "nfa",
            D(2024, 1, 11),
            True,
        ),
    ],
    "discussions": [("C1", D(2024, 4, 1), True), ("C3", D(2024, 1, 12), False)],
    "core_groups": [("C4", D(2024, 2, 5), D(2024, 2, 15))],
    "incidents": [
        (
            "SI-1",
            "C4",
            D(2024, 3, 1),
            D(2024, 3, 2),
            "serious-harm",
            True,
            D(2024, 3, 6),
            D(2024, 3, 6),
            D(2024, 3, 7),
        ),
        ("SI-2", "C5", None, D(2024, 3, 20), "death", False, None, None, None),
    ],
    "rapid_reviews": [
        ("SI-1", D(2024, 3, 25), D(2024, 3, 26), None),
        ("SI-2", None, None, "Police investigation; <script>alert(1)</script>; 'quoted'"),
    ],
}


def test_every_file_is_stored(engine: Engine, tmp_path: Path) -> None:
    results = run(engine, *write_csvs(tmp_path))

    assert [r.summary.split(" dated ")[0] for r in results] == [
        "referrals received and decided (referral_decisions.csv), CSV: 3 rows",
        "strategy discussions (strategy_discussions.csv), CSV: 2 rows",
        "core group meetings (core_groups.csv), CSV: 1 row",
        "serious child safeguarding incidents (serious_incidents.csv), CSV: 2 rows",
        "rapid reviews of serious incidents (rapid_reviews.csv), CSV: 2 rows",
    ]
    assert results[1].summary.endswith(": 2 rows dated 12/01/2024 to 01/04/2024")
    assert stored(engine) == EXPECTED


def test_one_workbook_with_a_sheet_per_file_stores_the_same(engine: Engine, tmp_path: Path) -> None:
    [result] = run(engine, write_workbook(tmp_path / "safeguarding.xlsx"))

    assert stored(engine) == EXPECTED
    assert "strategy discussions (strategy_discussions.csv), XLSX sheet" in result.summary


def test_files_speak_from_their_first_date_to_the_import_day(
    engine: Engine, tmp_path: Path
) -> None:
    run(engine, *write_csvs(tmp_path))
    with engine.connect() as conn:
        covers = {
            kind: (start, end)
            for kind, start, end in conn.execute(
                select(ImportBatch.kind, ImportBatch.covers_from, ImportBatch.covers_to)
            )
        }
    assert covers == {
        "safeguarding.referral_decisions": (D(2024, 1, 10), TODAY),
        "safeguarding.strategy_discussions": (D(2024, 1, 12), TODAY),
        "safeguarding.core_groups": (D(2024, 2, 15), TODAY),
        "safeguarding.serious_incidents": (D(2024, 3, 2), TODAY),
        "safeguarding.rapid_reviews": (D(2024, 3, 25), TODAY),
    }


def test_a_later_extract_updates_the_same_rows(engine: Engine, tmp_path: Path) -> None:
    run(engine, *write_csvs(tmp_path / "first"))
    later: dict[str, list[tuple[str, ...]]] = {
        "referral_decisions": [
            ("C2", "15/01/2024 09:00", "16/01/2024 11:00", "assessment", "", "")
        ],
        "rapid_reviews": [("SI-2", "01/04/2024", "", "Waited for the post-mortem")],
    }

    run(engine, *write_csvs(tmp_path / "later", later))

    now = stored(engine)
    assert now["decisions"][1] == (
        "C2",
        T(2024, 1, 15, 9, 0),
        D(2024, 1, 15),
        T(2024, 1, 16, 11, 0),
        D(2024, 1, 16),
        "assessment",
        None,
        None,
    )
    assert len(now["decisions"]) == 3
    assert now["rapid_reviews"][1] == ("SI-2", D(2024, 4, 1), None, "Waited for the post-mortem")


def test_files_with_no_rows_are_refused_unless_none_is_an_answer(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    empty: dict[str, list[tuple[str, ...]]] = {
        name: [] for name in ("core_groups", "serious_incidents", "rapid_reviews")
    }
    assert len(run(sqlite_engine, *write_csvs(tmp_path / "empty", empty))) == 3

    path = write_file(
        tmp_path / "strategy_discussions.csv", csv_text(COLUMNS["strategy_discussions"], [])
    )
    with pytest.raises(InputError) as caught:
        run(sqlite_engine, path)
    assert str(caught.value) == "strategy_discussions.csv: has a header but no rows"


def _with(name: str, **changes: str) -> tuple[str, ...]:
    row = GOOD[name][0]
    return tuple(changes.get(c, v) for c, v in zip(COLUMNS[name], row, strict=True))


@pytest.mark.parametrize(
    ("name", "row", "column", "message"),
    [
        pytest.param(
            "referral_decisions",
            _with("referral_decisions", DECIDED="31/03/2024 23:29"),
            "DECIDED",
            "31/03/2024 23:29 is before the referral was received (RECEIVED 31/03/2024 23:30)",
            id="decided-before-received",
        ),
        pytest.param(
            "referral_decisions",
            _with("referral_decisions", RESPONSE=""),
            "RESPONSE",
            "one of nfa, early-help, assessment, strategy-discussion, other is required here",
            id="decided-without-response",
        ),
        pytest.param(
            "referral_decisions",
            _with("referral_decisions", DECIDED="", RESPONSE="nfa"),
            "DECIDED",
            "RESPONSE is given, so the time of the decision is needed",
            id="response-without-decision",
        ),
        pytest.param(
            "referral_decisions",
            _with("referral_decisions", RESPONSE="section-17"),
            "RESPONSE",
            "'section-17' is not one of nfa, early-help, assessment, strategy-discussion, other",
            id="unknown-response",
        ),
        pytest.param(
            "referral_decisions",
            _with("referral_decisions", RECEIVED="31/03/2024"),
            "RECEIVED",
            "'31/03/2024' is not a date and time in the form dd/mm/YYYY HH:MM",
            id="time-missing",
        ),
        pytest.param(
            "referral_decisions",
            _with("referral_decisions", RECEIVED="30/02/2024 10:00"),
            "RECEIVED",
            "'30/02/2024 10:00' is not a real date",
            id="impossible-date",
        ),
        pytest.param(
            "referral_decisions",
            _with("referral_decisions", REFERRER_ANONYMOUS="maybe"),
            "REFERRER_ANONYMOUS",
            "'maybe' is not one of y, n, yes, no",
            id="not-y-or-n",
        ),
        pytest.param(
            "referral_decisions",
            _with("referral_decisions", CHILD="C123456789012345678901"),
            "CHILD",
            "the value is 22 characters long; the limit is 20",
            id="over-long-child",
        ),
        pytest.param(
            "strategy_discussions",
            ("C2", "03/04/2024", "Y"),
            "HELD",
            "03/04/2024 is in the future",
            id="held-in-future",
        ),
        pytest.param(
            "strategy_discussions",
            ("C2", "01/04/2024", ""),
            "S47_STARTED",
            "one of y, n, yes, no is required here",
            id="s47-started-required",
        ),
        pytest.param(
            "core_groups",
            ("C4", "05/02/2024", "04/02/2024"),
            "HELD",
            "04/02/2024 is before CPP_START (05/02/2024)",
            id="core-group-before-plan",
        ),
        pytest.param(
            "serious_incidents",
            _with("serious_incidents", OFSTED_NOTIFIED="01/03/2024"),
            "OFSTED_NOTIFIED",
            "01/03/2024 is before AWARE (02/03/2024)",
            id="notified-before-aware",
        ),
        pytest.param(
            "serious_incidents",
            _with("serious_incidents", AWARE="29/02/2024"),
            "AWARE",
            "29/02/2024 is before INCIDENT_DATE (01/03/2024)",
            id="aware-before-incident",
        ),
        pytest.param(
            "serious_incidents",
            _with("serious_incidents", HARM="injury"),
            "HARM",
            "'injury' is not one of death, serious-harm",
            id="unknown-harm",
        ),
        pytest.param(
            "rapid_reviews",
            ("SI-3", "", "", "x" * 2_001),
            "DELAY_REASON",
            "the value is 2,001 characters long; the limit is 2,000",
            id="delay-reason-too-long",
        ),
        pytest.param(
            "rapid_reviews",
            ("SI-3", "", "", "stop\x07here"),
            "DELAY_REASON",
            "the value contains control characters",
            id="control-characters",
        ),
        pytest.param(
            "rapid_reviews",
            ("SI-3", "20/03/2024", "19/03/2024", ""),
            "SENT_TO_PANEL",
            "19/03/2024 is before COMPLETED (20/03/2024)",
            id="sent-before-completed",
        ),
    ],
)
def test_a_bad_value_is_named_by_file_row_and_column_and_nothing_stored(
    engine: Engine, tmp_path: Path, name: str, row: tuple[str, ...], column: str, message: str
) -> None:
    run(engine, *write_csvs(tmp_path / "first"))
    before = snapshot(engine)
    good = [r for r in GOOD[name] if r[0] != row[0]][:1] or GOOD[name][1:2]
    path = write_file(tmp_path / f"{name}.csv", csv_text(COLUMNS[name], [*good, row]))

    with pytest.raises(InputError) as caught:
        run(engine, path)

    assert str(caught.value) == f"{name}.csv, row {len(good) + 2}, column {column}: {message}"
    assert snapshot(engine) == before


def test_a_repeated_row_is_refused(sqlite_engine: Engine, tmp_path: Path) -> None:
    rows = [GOOD["serious_incidents"][0], GOOD["serious_incidents"][0]]
    path = write_file(
        tmp_path / "serious_incidents.csv", csv_text(COLUMNS["serious_incidents"], rows)
    )
    with pytest.raises(InputError) as caught:
        run(sqlite_engine, path)
    assert str(caught.value) == "serious_incidents.csv, row 3: repeats row 2 (same incident)"
