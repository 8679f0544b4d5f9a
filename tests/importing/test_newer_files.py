"""A newer file from the same source replaces the earlier one's data (issue 6, point 5).

Yearly returns are replaced by the same year's; other files by a file whose dates span
theirs, undated lists by the next list; an empty file replaces nothing. A register's row
(a carer) goes only once no other row points at it; the children's register stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from scrutiny.db.base import Base
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.runner import ImportResult, import_paths
from scrutiny.importing.supersede import is_register
from scrutiny.models.child import Child
from scrutiny.models.imports import ImportBatch
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.fostering.importer import FILES as FOSTERING_FILES
from scrutiny.plugins.fostering.models import Approval, Carer
from scrutiny.plugins.looked_after.models import StatutoryVisit
from scrutiny.plugins.safeguarding.models import CinEpisode
from scrutiny.ssda903.models import Episode, Review
from scrutiny.ssda903.tables import BY_NAME
from tests.importing.returns import FILE_NAMES, VISIT_COLUMNS, csv_text, good_return, write_file
from tests.importing.test_cin_census_import import good_children
from tests.importing.test_cin_census_import import write as write_census_file

D = dt.date
TODAY = D(2025, 6, 30)


def run(engine: Engine, *paths: Path, year: str | None = None) -> list[ImportResult]:
    options = ImportOptions(collection_year=year, today=TODAY)
    return import_paths(engine, list(paths), PluginHost().importers(), options)


def batches(engine: Engine) -> list[tuple[int, str, int | None]]:
    with engine.connect() as conn:
        query = select(ImportBatch.id, ImportBatch.kind, ImportBatch.superseded_by)
        return [tuple(r) for r in conn.execute(query.order_by(ImportBatch.id))]  # type: ignore[misc]


def refs_and_dates(engine: Engine, table: type[Base], column: str) -> list[tuple[str, dt.date]]:
    mapped = table.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        query = (
            select(Child.child_ref, mapped.c[column])
            .join(Child, Child.id == mapped.c.child_id)
            .order_by(Child.child_ref, mapped.c[column])
        )
        return [tuple(r) for r in conn.execute(query)]  # type: ignore[misc]


def episodes_file(folder: Path, rows: Sequence[dict[str, str]]) -> Path:
    return write_file(folder / FILE_NAMES["Episodes"], csv_text(BY_NAME["Episodes"].columns, rows))


def test_a_corrected_return_for_the_same_year_replaces_the_episodes_it_no_longer_holds(
    engine: Engine, tmp_path: Path
) -> None:
    episodes = good_return()["Episodes"]
    run(engine, episodes_file(tmp_path / "first", episodes), year="2024-25")
    # the corrected return drops C000004's episode (entered in error)
    corrected = [r for r in episodes if r["CHILD"] != "C000004"]
    [result] = run(engine, episodes_file(tmp_path / "corrected", corrected), year="2024-25")

    assert "C000004" not in {ref for ref, _ in refs_and_dates(engine, Episode, "decom")}
    assert len(refs_and_dates(engine, Episode, "decom")) == 3
    assert batches(engine) == [(1, "ssda903.episodes", 2), (2, "ssda903.episodes", None)]
    assert result.summary.endswith(
        "replaces batch 1 (episodes.csv); 1 row held only by the earlier file removed"
    )
    # the child stays in the register: other files (the Header, reviews) may name them
    with engine.connect() as conn:
        assert conn.scalar(select(Child.id).where(Child.child_ref == "C000004")) is not None


def test_another_years_return_adds_to_what_is_held_and_replaces_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    reviews = good_return()["Reviews"]
    first = write_file(
        tmp_path / "2024" / "reviews.csv", csv_text(BY_NAME["Reviews"].columns, reviews)
    )
    run(engine, first, year="2024-25")
    later = [{**reviews[0], "REVIEW": "15/06/2025"}]
    path = tmp_path / "2025" / "reviews.csv"
    [result] = run(
        engine, write_file(path, csv_text(BY_NAME["Reviews"].columns, later)), year="2025-26"
    )

    assert "replaces" not in result.summary
    assert len(refs_and_dates(engine, Review, "review")) == 4
    assert [b[2] for b in batches(engine)] == [None, None]


def test_an_episode_the_next_year_repeats_survives_a_correction_of_the_earlier_year(
    engine: Engine, tmp_path: Path
) -> None:
    """An episode open across 31 March is in both years' returns; correcting the earlier
    year's return without it must not delete what the later return still says."""
    episodes = good_return()["Episodes"]
    spanning = episodes[0]  # C000001 15/05/2023 to 10/06/2024: in 2023-24 and 2024-25
    run(engine, episodes_file(tmp_path / "2023", [spanning]), year="2023-24")
    run(engine, episodes_file(tmp_path / "2024", episodes), year="2024-25")
    other = {**spanning, "CHILD": "C000009"}
    [result] = run(engine, episodes_file(tmp_path / "fixed", [other]), year="2023-24")

    held = refs_and_dates(engine, Episode, "decom")
    assert ("C000001", D(2023, 5, 15)) in held
    assert ("C000009", D(2023, 5, 15)) in held
    assert result.summary.endswith("replaces batch 1 (episodes.csv); no rows removed")


def _visits(folder: Path, *rows: tuple[str, str]) -> Path:
    lines = [(child, day, "in-person", "yes", "", "") for child, day in rows]
    return write_file(folder / "visits.csv", csv_text(VISIT_COLUMNS, lines))


def test_history_extracts_for_other_periods_add_up_and_one_spanning_both_replaces_them(
    engine: Engine, tmp_path: Path
) -> None:
    run(engine, _visits(tmp_path / "q4", ("C1", "10/01/2025"), ("C1", "20/02/2025")))
    [second] = run(engine, _visits(tmp_path / "q1", ("C1", "05/04/2025"), ("C2", "06/05/2025")))
    assert "replaces" not in second.summary
    assert len(refs_and_dates(engine, StatutoryVisit, "visit_date")) == 4

    # a full extract for January to June, without the February visit (recorded in error)
    spanning = _visits(
        tmp_path / "full",
        ("C1", "10/01/2025"),
        ("C1", "05/04/2025"),
        ("C2", "06/05/2025"),
        ("C2", "20/06/2025"),
    )
    [third] = run(engine, spanning)

    assert refs_and_dates(engine, StatutoryVisit, "visit_date") == [
        ("C1", D(2025, 1, 10)),
        ("C1", D(2025, 4, 5)),
        ("C2", D(2025, 5, 6)),
        ("C2", D(2025, 6, 20)),
    ]
    assert batches(engine) == [
        (1, "looked_after.visits", 3),
        (2, "looked_after.visits", 3),
        (3, "looked_after.visits", None),
    ]
    assert third.summary.endswith(
        "replaces batch 1 (visits.csv), batch 2 (visits.csv);"
        " 1 row held only by the earlier files removed"
    )


def test_a_history_extract_inside_an_earlier_ones_dates_only_corrects_it(
    engine: Engine, tmp_path: Path
) -> None:
    run(engine, _visits(tmp_path / "year", ("C1", "10/01/2025"), ("C1", "20/02/2025")))
    [result] = run(engine, _visits(tmp_path / "feb", ("C1", "20/02/2025"), ("C1", "21/02/2025")))

    assert "replaces" not in result.summary
    assert len(refs_and_dates(engine, StatutoryVisit, "visit_date")) == 3
    assert [b[2] for b in batches(engine)] == [None, None]


APPROVAL_COLUMNS = next(f.columns for f in FOSTERING_FILES if f.name == "approvals")


def _approvals(folder: Path, *carers: str) -> list[Path]:
    carer_rows = [(c, f"H-{c}", "") for c in carers]
    approvals = [(c, "full", "01/04/2024", "", "", "2", "", "") for c in carers]
    return [
        write_file(
            folder / "carers.csv", csv_text(("CARER", "HOUSEHOLD", "RESIDENCE_LA"), carer_rows)
        ),
        write_file(folder / "approvals.csv", csv_text(APPROVAL_COLUMNS, approvals)),
    ]


def test_the_next_list_of_current_approvals_replaces_the_last_but_keeps_the_carers(
    engine: Engine, tmp_path: Path
) -> None:
    run(engine, *_approvals(tmp_path / "may", "FC1", "FC2"))
    results = run(engine, *_approvals(tmp_path / "june", "FC1"))

    with engine.connect() as conn:
        approved = conn.execute(
            select(Carer.carer_ref).join(Approval, Approval.carer_id == Carer.id)
        ).scalars()
        assert list(approved) == ["FC1"]
        # the carers file is a register (approvals point at its rows): updated, not emptied
        assert sorted(conn.execute(select(Carer.carer_ref)).scalars()) == ["FC1", "FC2"]
    carers, approvals = results
    assert carers.summary.endswith("replaces batch 1 (carers.csv); no rows removed")
    assert approvals.summary.endswith(
        "replaces batch 2 (approvals.csv); 1 row held only by the earlier file removed"
    )
    assert [b[2] for b in batches(engine)] == [3, 4, None, None]


def test_a_corrected_census_for_the_same_year_replaces_the_children_it_no_longer_holds(
    engine: Engine, tmp_path: Path
) -> None:
    children = good_children()
    run(engine, write_census_file(tmp_path / "first" / "cin.xml", children))
    assert "SG0003" in {ref for ref, _ in refs_and_dates(engine, CinEpisode, "referral_date")}
    [result] = run(engine, write_census_file(tmp_path / "fixed" / "cin.xml", children[:2]))

    held = {ref for ref, _ in refs_and_dates(engine, CinEpisode, "referral_date")}
    assert held == {"SG0001", "SG0002"}
    assert "replaces batch 1 (cin.xml)" in result.summary
    assert batches(engine) == [
        (1, "safeguarding.cin_census", 2),
        (2, "safeguarding.cin_census", None),
    ]


@pytest.mark.parametrize(
    ("table", "register"),
    [
        ("child", True),
        ("fos_carer", True),
        ("fos_household", True),
        ("ch_home", True),
        ("ado_panel_meeting", True),
        ("ssda903_episode", False),
        ("lac_statutory_visit", False),
        ("fos_approval", False),
    ],
)
def test_tables_other_rows_point_at_are_registers(table: str, register: bool) -> None:
    assert is_register(Base.metadata.tables[table]) is register


def test_a_register_row_the_newer_list_omits_goes_once_nothing_points_at_it(
    engine: Engine, tmp_path: Path
) -> None:
    columns = ("CARER", "HOUSEHOLD", "RESIDENCE_LA")
    first = [("FC1", "H1", ""), ("FC2", "H2", "")]
    run(engine, write_file(tmp_path / "may" / "carers.csv", csv_text(columns, first)))
    later = [("FC1", "H1", "")]
    [result] = run(engine, write_file(tmp_path / "june" / "carers.csv", csv_text(columns, later)))

    with engine.connect() as conn:
        assert list(conn.execute(select(Carer.carer_ref)).scalars()) == ["FC1"]
    # FC2 first, then their household H2, which only FC2 pointed at
    assert result.summary.endswith(
        "replaces batch 1 (carers.csv); 2 rows held only by the earlier file removed"
    )


def test_an_empty_file_replaces_nothing(engine: Engine, tmp_path: Path) -> None:
    columns = ("CHILD", "DECOM", "AREA_AUTHORITY", "EMERGENCY", "NOTIFIED")
    rows = [("C1", "01/02/2025", "E09000001", "no", "02/02/2025")]
    run(engine, write_file(tmp_path / "one" / "out_of_area.csv", csv_text(columns, rows)))
    [result] = run(engine, write_file(tmp_path / "none" / "out_of_area.csv", csv_text(columns, [])))

    assert "replaces" not in result.summary
    assert [b[2] for b in batches(engine)] == [None, None]
