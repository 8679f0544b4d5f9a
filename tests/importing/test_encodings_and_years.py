"""Encodings councils' tools write, and reading each file with its collection year's codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from scrutiny.importing.errors import InputError
from scrutiny.models.child import Child
from scrutiny.models.imports import ImportBatch
from scrutiny.plugins.looked_after.models import StatutoryVisit
from scrutiny.ssda903.codesets import code_sets
from scrutiny.ssda903.tables import BY_NAME
from tests.importing.returns import (
    VISIT_COLUMNS,
    counts,
    csv_text,
    good_return,
    run_import,
    write_csv_set,
    write_file,
)

D = dt.date
SUPPORTED = ", ".join(code_sets())


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
    ids=["utf-8", "utf-8-with-bom", "windows-1252"],
)
def test_text_is_decoded_whatever_the_encoding(
    sqlite_engine: Engine, tmp_path: Path, encoding: str, bom: bytes
) -> None:
    detail = "Café visit; £12.50 bus fare — “quoted”"
    visits = csv_text(VISIT_COLUMNS, [("C000001", "01/08/2024", "phone", "", "other", detail)])
    header = csv_text(BY_NAME["Header"].columns, good_return()["Header"])
    episodes = csv_text(BY_NAME["Episodes"].columns, good_return()["Episodes"])
    folder = tmp_path / encoding
    paths = [
        write_file(folder / name, bom + text.encode(encoding))
        for name, text in (("visits.csv", visits), ("h.csv", header), ("e.csv", episodes))
    ]

    run_import(sqlite_engine, *paths)

    with sqlite_engine.connect() as conn:
        stored = conn.execute(select(StatutoryVisit.reason_detail)).scalar_one()
        refs = conn.execute(select(Child.child_ref).order_by(Child.child_ref)).scalars().all()
    assert stored == detail
    assert refs == ["C000001", "C000002", "C000003", "C000004"]  # the BOM is not in CHILD


def _header_and_episode(folder: Path, sex: str, decom: str) -> list[Path]:
    header = good_return()["Header"][:1]
    header[0]["SEX"] = sex
    episode = good_return()["Episodes"][:1]
    episode[0] |= {"DECOM": decom, "DEC": "", "REC": ""}
    return write_csv_set(folder, {"Header": header, "Episodes": episode})


@pytest.mark.parametrize(
    ("decom", "sex", "year"),
    [
        ("10/06/2024", "M", "2024-25"),
        ("10/06/2024", "F", "2024-25"),
        ("10/06/2020", "1", "2020-21"),
        ("10/06/2019", "2", "2019-20"),
        ("31/03/2024", "1", "2023-24"),
    ],
)
def test_each_year_is_read_with_its_own_codes(
    sqlite_engine: Engine, tmp_path: Path, decom: str, sex: str, year: str
) -> None:
    results = run_import(sqlite_engine, *_header_and_episode(tmp_path / "r", sex, decom))

    assert [r.summary for r in results] == [
        f"SSDA903 {year}, CSV (Header 1 row)",
        f"SSDA903 {year}, CSV (Episodes 1 row)",
    ]
    with sqlite_engine.connect() as conn:
        assert conn.execute(select(Child.sex)).scalar_one() == sex
        years = conn.execute(select(ImportBatch.collection_year)).scalars().all()
    assert years == [year, year]


@pytest.mark.parametrize(
    ("decom", "sex", "year", "allowed"),
    [
        ("10/06/2024", "1", "2024-25", "F, M, U"),
        ("10/06/2020", "M", "2020-21", "1, 2"),
    ],
)
def test_a_code_from_another_year_is_refused_naming_the_year(
    sqlite_engine: Engine, tmp_path: Path, decom: str, sex: str, year: str, allowed: str
) -> None:
    paths = _header_and_episode(tmp_path / "r", sex, decom)

    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, *paths)

    assert str(caught.value) == (
        f"header.csv, row 2, column SEX: '{sex}' is not a known code in {year}; allowed: {allowed}"
    )
    assert counts(sqlite_engine)["import_batch"] == 0


def test_year_option_overrides_the_dates(sqlite_engine: Engine, tmp_path: Path) -> None:
    paths = _header_and_episode(tmp_path / "r", "1", "10/06/2024")

    results = run_import(sqlite_engine, *paths, year="2020-21")

    assert results[1].summary == "SSDA903 2020-21, CSV (Episodes 1 row)"
    with sqlite_engine.connect() as conn:
        batch = conn.execute(
            select(ImportBatch).where(ImportBatch.kind == "ssda903.episodes")
        ).one()
    assert (batch.collection_year, batch.covers_from, batch.covers_to) == (
        "2020-21",
        D(2020, 4, 1),
        D(2021, 3, 31),
    )


def test_an_unknown_year_option_is_refused(sqlite_engine: Engine, tmp_path: Path) -> None:
    paths = _header_and_episode(tmp_path / "r", "M", "10/06/2024")

    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, *paths, year="2030-31")

    assert str(caught.value) == (
        f"--year 2030-31 is not a collection year Scrutiny reads ({SUPPORTED})"
    )


def test_a_header_alone_needs_the_year(sqlite_engine: Engine, tmp_path: Path) -> None:
    [path] = write_csv_set(tmp_path / "r", {"Header": good_return()["Header"]})

    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, path)

    assert str(caught.value) == (
        "header.csv: no event dates to tell which collection year these files are from;"
        " give --year (e.g. --year 2023-24) or import them with their Episodes file"
    )
    [result] = run_import(sqlite_engine, path, year="2024-25")
    assert result.summary == "SSDA903 2024-25, CSV (Header 4 rows)"


def test_files_take_the_year_of_their_own_folder(sqlite_engine: Engine, tmp_path: Path) -> None:
    """Two returns imported together: each folder is read as its own year."""
    old = _header_and_episode(tmp_path / "2020-21", "1", "10/06/2020")
    data = good_return()
    new = write_csv_set(tmp_path / "2024-25", {"Reviews": data["Reviews"]})

    results = run_import(sqlite_engine, *old, *new)

    assert [r.summary for r in results] == [
        "SSDA903 2020-21, CSV (Header 1 row)",
        "SSDA903 2020-21, CSV (Episodes 1 row)",
        "SSDA903 2024-25, CSV (Reviews 3 rows)",
    ]


def test_a_year_scrutiny_does_not_read_is_refused(sqlite_engine: Engine, tmp_path: Path) -> None:
    paths = _header_and_episode(tmp_path / "r", "1", "10/06/2018")

    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, *paths)

    assert str(caught.value) == (
        f"header.csv: reads as collection year 2018-19, which Scrutiny does not read"
        f" (it reads {SUPPORTED}); give --year to override"
    )


def _sw_episodes(folder: Path, start: str) -> list[Path]:
    rows = [
        {"CHILD": "C000001", "DOB": "12/03/2015", "SW_ID": "SW0001", "SW_DECOM": start,
         "SW_DEC": "", "SW_REASON": ""}
    ]  # fmt: skip
    return write_csv_set(folder, {"SWEpisodes": rows})


def test_social_worker_episodes_import_from_2023_24(sqlite_engine: Engine, tmp_path: Path) -> None:
    [result] = run_import(sqlite_engine, *_sw_episodes(tmp_path / "r", "01/05/2023"))

    assert result.summary == "SSDA903 2023-24, CSV (SWEpisodes 1 row)"
    assert counts(sqlite_engine)["ssda903_sw_episode"] == 1


def test_social_worker_episodes_are_refused_before_2023_24(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    paths = _sw_episodes(tmp_path / "r", "01/05/2022")

    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, *paths)

    assert str(caught.value) == (
        "sw_episodes.csv: holds the SWEpisodes table, collected only from 2023-24,"
        " but reads as 2022-23"
    )
    assert counts(sqlite_engine)["import_batch"] == 0


def test_new_placement_codes_of_2025_26_are_stored(postgres_url: str, tmp_path: Path) -> None:
    from scrutiny.db.engine import create_scrutiny_engine

    engine = create_scrutiny_engine(postgres_url)
    episode = good_return()["Episodes"][1] | {"DECOM": "10/06/2025", "PLACE": "Z11"}
    try:
        run_import(engine, *write_csv_set(tmp_path / "r", {"Episodes": [episode]}))
    finally:
        engine.dispose()
