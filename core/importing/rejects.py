"""The reject report: every problem that stopped an import, one row each, as CSV.

Columns: file, row, column, value, reason. The value is what the file held (cut to
``MAX_VALUE`` characters); cells are written safe against formula injection, since the
report is meant to be opened in a spreadsheet next to the file being fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scrutiny.export.spreadsheet_safe import csv_text
from scrutiny.importing.errors import InputError

HEADER = ("file", "row", "column", "value", "reason")
MAX_VALUE = 200


def reject_rows(problems: Sequence[InputError]) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for problem in problems:
        value = problem.value or ""
        if len(value) > MAX_VALUE:
            value = value[:MAX_VALUE] + "…"
        row = "" if problem.row is None else f"{problem.row_label} {problem.row}"
        rows.append((problem.file or "", row, problem.column or "", value, problem.message))
    return rows


def write_reject_report(path: Path, problems: Sequence[InputError]) -> None:
    """Write the report whole (a temporary file renamed into place)."""
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_text(csv_text(HEADER, reject_rows(problems)), encoding="utf-8")
    temporary.replace(path)


class ImportRefused(InputError):
    """An import refused, its problems written to the reject report: shown as the first
    problem (and how many more) and where the report is, on one line."""

    def __init__(self, cause: InputError, report: Path) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.report = report

    @property
    def problems(self) -> Sequence[InputError]:
        return self.cause.problems

    def __str__(self) -> str:
        return f"{self.cause}; nothing was imported [reject report: {self.report}]"
