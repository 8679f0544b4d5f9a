"""Annex A workbooks for tests: the real-format sample, altered, or built from rows.

Built workbooks use the headers of Ofsted's template (the first spelling of each column
in ``scrutiny.plugins.annex_a.lists``) and real date cells, as a council's export has.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine

from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.runner import ImportResult, import_paths
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.annex_a.lists import BY_NUMBER

SAMPLE = Path(__file__).resolve().parent / "data" / "annex_a" / "Annex_A.xlsx"
TODAY = dt.date(2024, 6, 30)

Rows = Sequence[Mapping[str, Any]]  # column title -> value


def sample_copy(folder: Path, change: Callable[[Any], None] | None = None) -> Path:
    """The sample workbook, copied into ``folder``, after ``change`` (given the workbook)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "Annex_A.xlsx"
    shutil.copy(SAMPLE, path)
    if change is not None:
        # formulas as the values Excel last calculated: openpyxl saves formulas without
        # their values, as a workbook never opened in Excel would be
        book = load_workbook(path, data_only=True)
        change(book)
        book.save(path)
    return path


def build(
    folder: Path,
    lists: Mapping[int, Rows],
    name: str = "annex_a.xlsx",
    extra_columns: Mapping[int, Sequence[str]] | None = None,
) -> Path:
    """A workbook with one sheet per list in ``lists``: every column of the list's
    template as header (plus ``extra_columns``), the given values in their columns."""
    folder.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    book.remove(book.active)
    for number, rows in lists.items():
        sheet = book.create_sheet(f"List {number}")
        titles = dict.fromkeys(c.title for c in BY_NUMBER[number].columns)
        headers = list(titles) + list((extra_columns or {}).get(number, ()))
        sheet.append(headers)
        for row in rows:
            unknown = set(row) - set(headers)
            assert not unknown, unknown
            sheet.append([row.get(h) for h in headers])
    path = folder / name
    book.save(path)
    return path


def import_workbook(
    engine: Engine, host: PluginHost, path: Path, today: dt.date = TODAY
) -> list[ImportResult]:
    return import_paths(engine, [path], host.importers(), ImportOptions(today=today))
