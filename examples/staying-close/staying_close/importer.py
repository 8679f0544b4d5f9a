"""Importing the staying close file: a CSV such as ``examples/staying_close_cases.csv``,
or a sheet of an XLSX workbook, with the columns CHILD_REF, DOB, FORMER_RELEVANT_FROM,
ASSESSED_ON, SUPPORT_REQUIRED, SUPPORT_FROM (any order, any case).

One row for each former relevant child the council has or had duties towards under
Children Act 1989 s23C: the day they became one, the day the council assessed whether
staying close support is required in the interests of their welfare (s23CZAA(2)), what
it decided (yes / no) and the day the support began (s23CZAA(3)). Blank where not yet
done. Scrutiny recognises the file by its header, whatever it is called; each bad value
is reported with its file, row and column, and nothing is written unless every row is
good. The file is a list of what is open on the day it is imported, so it speaks for
the days up to the import day.
"""

from __future__ import annotations

from typing import Any

from scrutiny.db.base import table_of
from scrutiny.importing.table_files import RowFields, TableFile, TableFileImporter
from scrutiny.importing.upsert import RefColumn, rows_writer
from scrutiny.models.child import Child

from staying_close.models import CASES, StayingCloseCase

CHILD = RefColumn("child_ref", table_of(Child), "child_ref", "child_id")


def _case(row: RowFields) -> dict[str, Any]:
    dob = row.required_date("DOB")
    former_relevant = row.required_date("FORMER_RELEVANT_FROM")
    row.not_before("FORMER_RELEVANT_FROM", former_relevant, "DOB", dob)
    assessed = row.date("ASSESSED_ON")
    required = row.yes_no("SUPPORT_REQUIRED")
    support = row.date("SUPPORT_FROM")
    if assessed is None and required is not None:
        raise row.error("SUPPORT_REQUIRED", "a decision needs the day of the assessment")
    if support is not None and required is not True:
        raise row.error("SUPPORT_FROM", "support is recorded only where it was found required")
    return {
        "child_ref": row.child("CHILD_REF"),
        "dob": dob,
        "former_relevant_from": former_relevant,
        "assessed_on": assessed,
        "support_required": required,
        "support_from": support,
    }


CASES_FILE = TableFile(
    kind=CASES,
    name="staying_close_cases",
    description="Staying close cases (staying_close_cases.csv)",
    columns=(
        "CHILD_REF",
        "DOB",
        "FORMER_RELEVANT_FROM",
        "ASSESSED_ON",
        "SUPPORT_REQUIRED",
        "SUPPORT_FROM",
    ),
    read_row=_case,
    write=rows_writer(table_of(StayingCloseCase), ("child_id",), (CHILD,)),
    unique=("child_ref",),
    unique_label="same child",
    dated=("former_relevant_from", "assessed_on", "support_from"),
    current=True,
)


def cases_importer() -> TableFileImporter:
    return TableFileImporter("staying_close", "Staying close: cases", [CASES_FILE])
