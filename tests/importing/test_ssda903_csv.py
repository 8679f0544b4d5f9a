"""A good SSDA903 CSV set imports whole, says its year, and a later year updates it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, select

from scrutiny.models.child import Child
from scrutiny.models.imports import ImportBatch
from scrutiny.ssda903.models import Episode
from tests.importing.returns import (
    GOOD_COUNTS,
    TODAY,
    counts,
    good_return,
    run_import,
    write_csv_set,
)

D = dt.date


def _batches(engine: Engine) -> dict[str, ImportBatch]:
    with engine.connect() as conn:
        rows = conn.execute(select(ImportBatch).order_by(ImportBatch.id)).all()
    return {r.kind: r for r in rows}


def test_good_csv_set_imports_every_table(engine: Engine, tmp_path: Path) -> None:
    paths = write_csv_set(tmp_path / "2024-25", good_return())

    results = run_import(engine, *paths)

    assert {name: n for name, n in counts(engine).items() if n} == {
        **GOOD_COUNTS,
        "import_batch": 10,
    }
    assert [(r.file, r.summary) for r in results] == [
        ("header.csv", "SSDA903 2024-25, CSV (Header 4 rows)"),
        ("episodes.csv", "SSDA903 2024-25, CSV (Episodes 4 rows)"),
        ("reviews.csv", "SSDA903 2024-25, CSV (Reviews 3 rows)"),
        ("uasc.csv", "SSDA903 2024-25, CSV (UASC 1 row)"),
        ("oc2.csv", "SSDA903 2024-25, CSV (OC2 1 row)"),
        ("oc3.csv", "SSDA903 2024-25, CSV (OC3 1 row)"),
        ("ad1.csv", "SSDA903 2024-25, CSV (AD1 1 row)"),
        ("placed_for_adoption.csv", "SSDA903 2024-25, CSV (PlacedAdoption 1 row)"),
        ("previous_permanence.csv", "SSDA903 2024-25, CSV (PrevPerm 1 row)"),
        ("missing.csv", "SSDA903 2024-25, CSV (Missing 1 row)"),
    ]
    batches = _batches(engine)
    assert {b.collection_year for b in batches.values()} == {"2024-25"}
    # Files with event dates (and the Header) speak for the whole, finished year;
    # the undated tables cover no dates of their own.
    dated = {kind: (b.covers_from, b.covers_to) for kind, b in batches.items() if b.covers_from}
    year = (D(2024, 4, 1), D(2025, 3, 31))
    assert dated == {
        "ssda903.header": year,
        "ssda903.episodes": year,
        "ssda903.reviews": year,
        "ssda903.placedadoption": year,
        "ssda903.missing": year,
    }
    assert batches["ssda903.oc2"].covers_to is None
    assert batches["ssda903.episodes"].row_count == 4
    assert batches["ssda903.episodes"].source_name == "episodes.csv"
    with engine.connect() as conn:
        child = conn.execute(select(Child).where(Child.child_ref == "C000001")).one()
        open_episode = conn.execute(
            select(Episode).where(Episode.child_id == child.id, Episode.decom == D(2024, 6, 10))
        ).one()
    assert (child.sex, child.dob, child.ethnic, child.upn) == (
        "M",
        D(2015, 3, 12),
        "WBRI",
        "A123456789012",
    )
    assert (open_episode.rne, open_episode.place, open_episode.dec, open_episode.rec) == (
        "P",
        "U4",
        None,
        None,
    )
    assert open_episode.reason_place_change == "CARPL"


def test_in_year_file_covers_only_to_its_latest_event(sqlite_engine: Engine, tmp_path: Path):
    data = good_return()
    paths = write_csv_set(tmp_path / "2024-25", {"Episodes": data["Episodes"]})

    run_import(sqlite_engine, *paths, today=D(2025, 3, 1))

    batch = _batches(sqlite_engine)["ssda903.episodes"]
    assert (batch.collection_year, batch.covers_from, batch.covers_to) == (
        "2024-25",
        D(2024, 4, 1),
        D(2025, 2, 20),  # the latest DEC in the file
    )


def test_next_years_return_ends_the_open_episode_without_duplicating_it(
    engine: Engine, tmp_path: Path
) -> None:
    write_csv_set(tmp_path / "2024-25", good_return())
    run_import(engine, *sorted((tmp_path / "2024-25").iterdir()))
    before = counts(engine)
    # 2025-26: the episode open on 31 March 2025 has ended; a new child came into care.
    next_year = good_return()["Episodes"][1] | {"DEC": "01/05/2025", "REC": "E4A"}
    new_child = next_year | {
        "CHILD": "C000005",
        "DECOM": "01/06/2025",
        "RNE": "S",
        "DEC": "",
        "REC": "",
        "REASON_PLACE_CHANGE": "",
    }
    [path] = write_csv_set(tmp_path / "2025-26", {"Episodes": [next_year, new_child]})

    [result] = run_import(engine, path, today=TODAY)

    assert result.summary == "SSDA903 2025-26, CSV (Episodes 2 rows)"
    after = counts(engine)
    assert after["ssda903_episode"] == before["ssda903_episode"] + 1
    assert after["child"] == before["child"] + 1
    with engine.connect() as conn:
        rows = conn.execute(
            select(Episode.decom, Episode.dec, Episode.rec, ImportBatch.collection_year)
            .join(Child, Child.id == Episode.child_id)
            .join(ImportBatch, ImportBatch.id == Episode.import_batch_id)
            .where(Child.child_ref == "C000001")
            .order_by(Episode.decom)
        ).all()
    assert [(r.decom, r.dec, r.rec, r.collection_year) for r in rows] == [
        (D(2023, 5, 15), D(2024, 6, 10), "X1", "2024-25"),
        (D(2024, 6, 10), D(2025, 5, 1), "E4A", "2025-26"),
    ]
    # 2025-26 is still running on TODAY: the file speaks for the year up to its last event.
    batch = _batches(engine)  # the later batch replaces the earlier in this dict
    assert (batch["ssda903.episodes"].covers_from, batch["ssda903.episodes"].covers_to) == (
        D(2025, 4, 1),
        D(2025, 6, 1),
    )
