"""What the hostile-input properties found, each pinned by a test of its own.

Every case: one sentence naming the file (and the row where there is one), and the
database exactly as it was.
"""

from __future__ import annotations

import codecs
import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.importing.errors import InputError
from scrutiny.importing.runner import import_paths
from scrutiny.plugin_host import PluginHost
from tests.hostile.samples import Sample, options, row_counts


@pytest.fixture
def loaded(loaded_template: Path, tmp_path: Path) -> Iterator[Engine]:
    database = tmp_path / "loaded.db"
    shutil.copyfile(loaded_template, database)
    engine = create_scrutiny_engine(f"sqlite:///{database}")
    yield engine
    engine.dispose()


def refused(engine: Engine, host: PluginHost, path: Path) -> str:
    before = row_counts(engine)
    with pytest.raises(InputError) as caught:
        import_paths(engine, [path], host.importers(), options())
    assert row_counts(engine) == before
    message = str(caught.value)
    assert "\n" not in message
    return message


def corrupt_member(data: bytes, member: str) -> bytes:
    """The workbook with ``member``'s compressed stream made invalid (its first deflate
    block given the reserved block type), as a disk or download error leaves one."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    head = info.header_offset
    name_length = int.from_bytes(data[head + 26 : head + 28], "little")
    extra_length = int.from_bytes(data[head + 28 : head + 30], "little")
    start = head + 30 + name_length + extra_length
    return data[:start] + b"\xff" + data[start + 1 :]


@pytest.mark.parametrize("sample_id", ["template/looked_after", "demo/annex_a/Annex_A"])
def test_a_workbook_with_a_corrupt_sheet_is_refused_as_unreadable(
    sample_id: str, samples: dict[str, Sample], loaded: Engine, host: PluginHost, tmp_path: Path
) -> None:
    """Found by the properties: openpyxl reads a read-only workbook's sheets lazily, and
    a corrupt deflate stream raised zlib.error, a traceback, from deep in the read (and
    from Annex A's full read); any failure of openpyxl to read the file is now the file's."""
    data = corrupt_member(samples[sample_id].data, "xl/worksheets/sheet1.xml")
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(data)

    assert refused(loaded, host, path) == (
        "damaged.xlsx: is not a readable XLSX workbook (error); is the file complete?"
    )


def test_a_truncated_workbook_says_it_is_unreadable_not_unrecognised(
    samples: dict[str, Sample], loaded: Engine, host: PluginHost, tmp_path: Path
) -> None:
    """Found by the properties: a cut-short Annex A was 'an XLSX file that no importer
    recognises', which sends the user looking for the wrong problem."""
    data = samples["demo/annex_a/Annex_A"].data
    path = tmp_path / "Annex_A.xlsx"
    path.write_bytes(data[: len(data) // 2])

    assert refused(loaded, host, path) == (
        "Annex_A.xlsx: is not a readable XLSX workbook (BadZipFile); is the file complete?"
    )


def test_an_annex_a_list_without_its_child_id_column_is_refused_at_its_header(
    samples: dict[str, Sample], loaded: Engine, host: PluginHost, tmp_path: Path
) -> None:
    """Found by the properties: with the Child Unique ID header overwritten (here by a
    formula), List 8 still matched on its other headers, its rows were read with no
    child, and the database refused them (NOT NULL) with an unlocated 'could not be
    stored (IntegrityError)'. Ofsted Annex A: every list row is about one child."""
    book = load_workbook(io.BytesIO(samples["demo/annex_a/Annex_A"].data))
    sheet = book["List 8"]
    [cell] = [c for c in sheet[1] if c.value == "Child Unique ID"]
    cell.value = '=HYPERLINK("http://x","y")'
    path = tmp_path / "Annex_A.xlsx"
    book.save(path)

    assert refused(loaded, host, path) == (
        "Annex_A.xlsx (sheet List 8), row 1: has no Child Unique ID column (no header in"
        " row 1 matches it); every row needs one"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_csv_is_named_as_such(
    encoding: str, samples: dict[str, Sample], loaded: Engine, host: PluginHost, tmp_path: Path
) -> None:
    """Found by the properties: Excel's "Unicode" save (UTF-16) was called 'empty, or
    binary'; the user is now told what the file is and how to save it instead."""
    text = samples["demo/looked_after/visits"].data.decode("utf-8")
    bom = codecs.BOM_UTF16_BE if encoding.endswith("be") else b""
    path = tmp_path / "visits.csv"
    path.write_bytes(bom + text.encode(encoding))

    assert refused(loaded, host, path) == (
        "visits.csv: is UTF-16 text, which Scrutiny does not read; save it as CSV UTF-8"
    )
