"""A plugin's large files are read and written in chunks: what is kept of the rows already
written is a count, two dates and a hash of each key, never the rows themselves.

``CHUNK_ROWS`` is made small here so that a file of a few dozen rows crosses several
chunk boundaries: a bad row or a repeated key in a later chunk must still leave nothing
stored, although earlier chunks were already written in the import's transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
import signal
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, func, select

from scrutiny.importing import aside, table_files
from scrutiny.importing.aside import Aside, ReadingFailed
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.errors import InputError, InputErrors
from scrutiny.importing.runner import import_paths
from scrutiny.importing.table_files import TableFile, TableFileImporter
from scrutiny.models.imports import ImportBatch
from scrutiny.plugins.looked_after.models import StatutoryVisit
from tests.importing.returns import VISIT_COLUMNS, csv_text, run_import, snapshot, write_file

CHUNK = 7


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_files, "CHUNK_ROWS", CHUNK)


@pytest.fixture(autouse=True, params=["here", "aside"])
def read_where(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test twice: every file read here, and every file read aside by a forked
    process while this one stores it (as a file of ``ASIDE_FROM_ROWS`` rows is)."""
    forked: list[str] = []

    class Counted(Aside):  # type: ignore[type-arg]
        def __iter__(self) -> Iterator[Any]:
            forked.append(self.label)
            return super().__iter__()

    monkeypatch.setattr(table_files, "Aside", Counted)
    monkeypatch.setattr(aside, "ASIDE_FROM_ROWS", 0 if request.param == "aside" else 10**9)
    yield request.param
    assert bool(forked) == (request.param == "aside")


def _visit(number: int) -> tuple[str, ...]:
    """A distinct in-person visit: child C0000nn on a day of 2024."""
    day = dt.date(2024, 1, 1) + dt.timedelta(days=number)
    return (f"C{number % 5:06d}", f"{day:%d/%m/%Y}", "in-person", "yes", "", "")


def _visits_file(folder: Path, rows: Sequence[Sequence[str]]) -> Path:
    return write_file(folder / "visits.csv", csv_text(VISIT_COLUMNS, rows))


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(StatutoryVisit)).scalar_one())


def test_a_file_of_many_chunks_is_stored_whole_with_its_batch(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [_visit(n) for n in range(5 * CHUNK + 3)]

    [result] = run_import(engine, _visits_file(tmp_path, rows))

    assert _count(engine) == len(rows) == 38
    assert result.summary == (
        "statutory visits (visits.csv), CSV: 38 rows dated 01/01/2024 to 07/02/2024"
    )
    with engine.connect() as conn:
        batch = conn.execute(
            select(ImportBatch.row_count, ImportBatch.covers_from, ImportBatch.covers_to)
        ).one()
    assert tuple(batch) == (38, dt.date(2024, 1, 1), dt.date(2024, 2, 7))


def test_a_repeated_key_in_a_later_chunk_names_the_first_row_and_stores_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [_visit(n) for n in range(4 * CHUNK)]
    rows.append(rows[1])  # spreadsheet row 3, repeated as row 30, four chunks later
    rows.append(_visit(500))
    before = snapshot(engine)

    with pytest.raises(InputError) as caught:
        run_import(engine, _visits_file(tmp_path, rows))

    assert str(caught.value) == "visits.csv, row 30: repeats row 3 (same child and date)"
    assert snapshot(engine) == before


def test_a_bad_row_after_chunks_were_written_stores_nothing(engine: Engine, tmp_path: Path) -> None:
    rows = [_visit(n) for n in range(3 * CHUNK)]
    rows.append(("C000001", "31/02/2024", "in-person", "yes", "", ""))
    before = snapshot(engine)

    with pytest.raises(InputError) as caught:
        run_import(engine, _visits_file(tmp_path, rows))

    assert str(caught.value).startswith("visits.csv, row 23, column VISIT_DATE:")
    assert snapshot(engine) == before


def test_a_bad_second_file_rolls_back_the_first_already_written(
    engine: Engine, tmp_path: Path
) -> None:
    """The files of one import share a transaction: the first, written in full before
    the second is read, goes too."""
    good = _visits_file(tmp_path / "a", [_visit(n) for n in range(3 * CHUNK)])
    bad = _visits_file(tmp_path / "b", [_visit(300), _visit(300)])
    before = snapshot(engine)

    with pytest.raises(InputError) as caught:
        run_import(engine, good, bad)

    assert str(caught.value) == "visits.csv, row 3: repeats row 2 (same child and date)"
    assert snapshot(engine) == before


def test_every_problem_of_every_file_is_reported_in_row_order(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [_visit(n) for n in range(2 * CHUNK)]
    rows[3] = ("C000001", "01/01/2024", "by pigeon", "", "", "")
    rows.append(rows[0])
    first = _visits_file(tmp_path / "a", rows)
    second = _visits_file(tmp_path / "b", [("C000001", "", "in-person", "", "", "")])

    with pytest.raises(InputErrors) as caught:
        run_import(engine, first, second)

    assert [(p.file, p.row, p.column) for p in caught.value.problems] == [
        ("visits.csv", 5, "MODE"),
        ("visits.csv", 16, None),
        ("visits.csv", 2, "VISIT_DATE"),
    ]
    assert _count(engine) == 0


# Keys whose hashes are equal: CPython hashes -1 and -2 alike -----------------------------

_NUMBERS = TableFile(
    kind="test_numbers",
    name="numbers.csv",
    description="numbers",
    columns=("CHILD", "NUMBER"),
    read_row=lambda f: {  # f: RowFields
        "child": f.child(),
        "number": f.whole("NUMBER", minimum=-5),
    },
    write=lambda conn, rows, batch_id: _WRITTEN.extend(rows),
    unique=("number",),
    unique_label="same number",
)
_WRITTEN: list[object] = []


def _import_numbers(engine: Engine, tmp_path: Path, numbers: Sequence[int]) -> None:
    _WRITTEN.clear()
    path = write_file(
        tmp_path / "numbers.csv",
        csv_text(("CHILD", "NUMBER"), [("C000001", str(n)) for n in numbers]),
    )
    importer = TableFileImporter("numbers", "Numbers", [_NUMBERS])
    import_paths(engine, [path], [importer], ImportOptions(today=dt.date(2025, 1, 1)))


def test_keys_whose_hashes_collide_are_not_taken_for_repeats(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    assert hash((-1,)) == hash((-2,))  # the collision this test relies on

    _import_numbers(sqlite_engine, tmp_path, [-1, 3, -2, 4])

    assert [r["number"] for r in _WRITTEN] == [-1, 3, -2, 4]  # type: ignore[index]


def test_a_true_repeat_among_colliding_hashes_is_still_found(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    with pytest.raises(InputError) as caught:
        _import_numbers(sqlite_engine, tmp_path, [-1, -2, 7, -2])

    assert str(caught.value) == "numbers.csv, row 5: repeats row 3 (same number)"


def test_rows_read_are_not_kept_once_written(
    engine: Engine, tmp_path: Path, read_where: str
) -> None:
    """What a reading holds after a file of many chunks: no row, only a hash per key
    (read aside, not even that: the hashes stayed in the reading process)."""
    spec = next(f for f in _looked_after_files() if f.kind == "looked_after.visits")
    path = _visits_file(tmp_path, [_visit(n) for n in range(6 * CHUNK)])
    reading = table_files._Reading(
        spec, lambda: _rows_of(path, spec), "visits.csv", "CSV", dt.date(2025, 1, 1)
    )
    sizes = []
    with engine.begin() as conn:
        batch_id = _a_batch(conn)
        for chunk in reading.read(lambda _n: None, aside=read_where == "aside"):
            sizes.append(len(chunk))
            spec.write(conn, chunk, batch_id)
        conn.rollback()

    assert sizes == [CHUNK] * 6
    assert reading.count == 6 * CHUNK
    assert reading.dates == (dt.date(2024, 1, 1), dt.date(2024, 2, 11))
    assert len(vars(reading)["_hashes"]) == (6 * CHUNK if read_where == "here" else 0)
    assert not any(isinstance(v, list) and v for v in vars(reading).values())


def _looked_after_files() -> Sequence[TableFile]:
    from scrutiny.plugins.looked_after.importer import FILES

    return FILES


def _rows_of(path: Path, spec: TableFile) -> table_files.Iterator[table_files.Row]:
    from scrutiny.importing.source import SourceFile

    return table_files.read_csv_rows(SourceFile.read(path), spec.columns)


def _a_batch(conn: Connection) -> int:
    from scrutiny.db.base import utcnow

    return int(
        conn.execute(
            ImportBatch.__table__.insert().returning(ImportBatch.id),  # type: ignore[attr-defined]
            {
                "kind": "looked_after.visits",
                "source_name": "visits.csv",
                "sha256": "0" * 64,
                "row_count": 0,
                "imported_at": utcnow(),
            },
        ).scalar_one()
    )


# Read aside: the reading process dies --------------------------------------------------


def _visit_killing_its_reader(fields: Any) -> dict[str, Any]:
    """A visit that kills the process reading it, if that is a reading process (as the
    out-of-memory killer might), after a chunk of rows was stored."""
    if multiprocessing.current_process().name == "scrutiny-reader" and fields.row.number > 9:
        os.kill(os.getpid(), signal.SIGKILL)
    return _visits_spec().read_row(fields)


def _visits_spec() -> TableFile:
    return next(f for f in _looked_after_files() if f.kind == "looked_after.visits")


def test_a_reading_process_that_dies_fails_the_import_and_stores_nothing(
    engine: Engine, tmp_path: Path, read_where: str
) -> None:
    dying = dataclasses.replace(_visits_spec(), read_row=_visit_killing_its_reader)
    importer = TableFileImporter("visits", "Visits", [dying])
    path = _visits_file(tmp_path, [_visit(n) for n in range(3 * CHUNK)])
    before = snapshot(engine)
    options = ImportOptions(today=dt.date(2025, 1, 1))
    if read_where == "here":
        [result] = import_paths(engine, [path], [importer], options)
        assert result.summary.endswith("21 rows dated 01/01/2024 to 21/01/2024")
        return
    with pytest.raises(ReadingFailed, match=r"reading visits\.csv stopped \(exit code -9\)"):
        import_paths(engine, [path], [importer], options)
    assert snapshot(engine) == before
    assert multiprocessing.active_children() == []
