"""The looked-after plugin's own files: visits.csv and placement_details.csv."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from scrutiny.importing.errors import InputError
from scrutiny.models.child import Child
from scrutiny.models.imports import ImportBatch
from scrutiny.plugins.looked_after.models import PlacementDetail, StatutoryVisit
from tests.importing.returns import (
    PLACEMENT_COLUMNS,
    VISIT_COLUMNS,
    csv_text,
    run_import,
    snapshot,
    write_file,
)

D = dt.date


def _visits(folder: Path, *rows: Sequence[str]) -> Path:
    return write_file(folder / "visits.csv", csv_text(VISIT_COLUMNS, rows))


def _stored_visits(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(
                    Child.child_ref,
                    StatutoryVisit.visit_date,
                    StatutoryVisit.mode,
                    StatutoryVisit.seen_alone,
                    StatutoryVisit.remote_reason,
                    StatutoryVisit.reason_detail,
                )
                .join(Child, Child.id == StatutoryVisit.child_id)
                .order_by(StatutoryVisit.visit_date)
            )
        ]


def test_visits_of_every_mode_and_reason_are_stored(engine: Engine, tmp_path: Path) -> None:
    path = _visits(
        tmp_path,
        ("C000001", "05/04/2024", "in-person", "yes", "", ""),
        ("C000001", "1/5/2024", "In-Person", "No", "", "Seen with carer"),
        ("C000002", "10/05/2024", "phone", "", "covid-guidance", ""),
        ("C000002", "10/06/2024", "video", "YES", "covid-not-practicable", ""),
        ("C000003", "20/06/2024", "phone", "no", "other", 'Child unwell; "call" agreed'),
        ("C000003", "21/06/2024", "video", "", "", ""),
    )

    [result] = run_import(engine, path)

    assert result.summary == (
        "statutory visits (visits.csv), CSV: 6 rows dated 05/04/2024 to 21/06/2024"
    )
    assert _stored_visits(engine) == [
        ("C000001", D(2024, 4, 5), "in-person", True, None, None),
        ("C000001", D(2024, 5, 1), "in-person", False, None, "Seen with carer"),
        ("C000002", D(2024, 5, 10), "phone", None, "covid-guidance", None),
        ("C000002", D(2024, 6, 10), "video", True, "covid-not-practicable", None),
        ("C000003", D(2024, 6, 20), "phone", False, "other", 'Child unwell; "call" agreed'),
        ("C000003", D(2024, 6, 21), "video", None, None, None),
    ]
    with engine.connect() as conn:
        batch = conn.execute(select(ImportBatch)).one()
    assert (batch.kind, batch.row_count, batch.covers_from, batch.covers_to) == (
        "looked_after.visits",
        6,
        D(2024, 4, 5),
        D(2024, 6, 21),
    )
    assert batch.collection_year is None


@pytest.mark.parametrize(
    "detail",
    [
        '=HYPERLINK("http://x.invalid/","click")',
        "+SUM(A1:A9)",
        "-2+3",
        "@cmd|' /C calc'!A0",
        "<script>alert('x')</script>",
        "'; DROP TABLE lac_statutory_visit; --",
        "Tab\tand\nnewline kept",
        "\u202eRTL override and emoji 🙂",
    ],
)
def test_hostile_text_is_stored_verbatim(sqlite_engine: Engine, tmp_path: Path, detail: str):
    path = _visits(tmp_path, ("C000001", "05/04/2024", "phone", "", "other", detail))

    run_import(sqlite_engine, path)

    assert _stored_visits(sqlite_engine)[0][5] == detail


@pytest.mark.parametrize(
    ("row", "message"),
    [
        pytest.param(
            ("C000001", "05/04/2024", "phone", "", "other", "bell\x07"),
            "visits.csv, row 3, column REASON_DETAIL: the value contains control characters",
            id="control-character",
        ),
        pytest.param(
            ("C000001", "05/04/2024", "phone", "", "other", "\x1b[2J"),
            "visits.csv, row 3, column REASON_DETAIL: the value contains control characters",
            id="escape-sequence",
        ),
        pytest.param(
            ("C000001", "05/04/2024", "phone", "", "other", "x" * 2_001),
            "visits.csv, row 3, column REASON_DETAIL: the value is 2,001 characters long;"
            " the limit is 2,000",
            id="detail-too-long",
        ),
        pytest.param(
            ("C000001", "05/04/2024", "in-person", "yes", "other", ""),
            "visits.csv, row 3, column REMOTE_REASON: a remote reason is given for an"
            " in-person visit",
            id="remote-reason-on-in-person-visit",
        ),
        pytest.param(
            ("C000001", "05/04/2024", "text message", "", "", ""),
            "visits.csv, row 3, column MODE: 'text message' is not one of in-person, phone, video",
            id="unknown-mode",
        ),
        pytest.param(
            ("C000001", "05/04/2024", "", "", "", ""),
            "visits.csv, row 3, column MODE: one of in-person, phone, video is required here",
            id="mode-blank",
        ),
        pytest.param(
            ("C000001", "05/04/2024", "phone", "", "covid", ""),
            "visits.csv, row 3, column REMOTE_REASON: 'covid' is not one of covid-guidance,"
            " covid-not-practicable, other",
            id="unknown-remote-reason",
        ),
        pytest.param(
            ("C000001", "05/04/2024", "video", "y", "", ""),
            "visits.csv, row 3, column SEEN_ALONE: 'y' is not one of yes, no",
            id="seen-alone-not-yes-or-no",
        ),
        pytest.param(
            ("C000001", "31/04/2024", "video", "", "", ""),
            "visits.csv, row 3, column VISIT_DATE: '31/04/2024' is not a real date",
            id="impossible-date",
        ),
        pytest.param(
            ("C000001", "01/07/2025", "video", "", "", ""),
            "visits.csv, row 3, column VISIT_DATE: 01/07/2025 is in the future",
            id="future-date",
        ),
        pytest.param(
            ("C000001", "01/04/2024", "video", "", "", ""),
            "visits.csv, row 3: repeats row 2 (same child and date)",
            id="duplicate-child-and-date",
        ),
    ],
)
def test_bad_visit_row_is_refused_and_nothing_is_stored(
    sqlite_engine: Engine, tmp_path: Path, row: Sequence[str], message: str
) -> None:
    run_import(sqlite_engine, _visits(tmp_path, ("C000009", "01/03/2024", "video", "", "", "")))
    before = snapshot(sqlite_engine)
    path = _visits(tmp_path / "later", ("C000001", "01/04/2024", "phone", "", "", ""), row)

    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, path)

    assert str(caught.value) == message
    assert snapshot(sqlite_engine) == before


def test_a_header_without_rows_is_refused(sqlite_engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, _visits(tmp_path))

    assert str(caught.value) == "visits.csv: has a header but no rows"


def test_placement_details_import_and_refuse_duplicates(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    rows = [
        ("C000001", "10/06/2024", "standard", "yes"),
        ("C000002", "01/08/2024", "reg24-connected", ""),
    ]
    good = write_file(tmp_path / "placement_details.csv", csv_text(PLACEMENT_COLUMNS, rows))
    bad = write_file(
        tmp_path / "later" / "placement_details.csv",
        csv_text(PLACEMENT_COLUMNS, [*rows[:1], ("C000001", "10/06/2024", "reg19-parent", "no")]),
    )

    [result] = run_import(sqlite_engine, good)
    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, bad)

    assert result.summary == "placement details (placement_details.csv), CSV: 2 rows"
    assert str(caught.value) == "placement_details.csv, row 3: repeats row 2 (same child and date)"
    with sqlite_engine.connect() as conn:
        stored = conn.execute(
            select(
                PlacementDetail.placement_start, PlacementDetail.regime, PlacementDetail.long_term
            ).order_by(PlacementDetail.placement_start)
        ).all()
        batch = conn.execute(select(ImportBatch)).one()
    assert [tuple(r) for r in stored] == [
        (D(2024, 6, 10), "standard", True),
        (D(2024, 8, 1), "reg24-connected", None),
    ]
    assert (batch.covers_from, batch.covers_to) == (None, None)
