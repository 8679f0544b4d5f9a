"""Hostile and broken versions of a valid input file, as hypothesis strategies.

Each strategy starts from the bytes of a file an importer reads and damages it the ways
real files arrive damaged (cut short, re-saved in another encoding, a stray byte) or
the ways a hostile file is built (a formula in a cell, a megabyte in a field, dates
Excel or Python cannot hold). CSV, XML and XLSX are each damaged at the level of their
own structure (cells, elements, sheets) as well as byte by byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable

from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULAS = (
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "=1+1",
    '=WEBSERVICE("http://127.0.0.1:9/")',
    "\t=1+1",
    "\r=1+1",
    "=" + "A" * 300,
)
BAD_DATES = (
    "00/00/0000",
    "31/02/2021",
    "29/02/2100",
    "01/01/0001",
    "31/12/9999",
    "0001-01-01",
    "9999-12-31",
    "1",
    "59",
    "60",
    "0",
    "-1",
    "99999",
    "2958466",
    "1e308",
    "NaN",
    "inf",
    "45000.5",
    "12/25/2021",
    "01/01/21",
    "1 Smarch 2021",
    "01/01/2021 25:61",
    "2021-01-01T00:00:00+25:00",
    "٠١/٠١/٢٠٢١",
)
ODD_VALUES = (
    "",
    " ",
    "ZZ9",
    "UNKNOWN",
    "Zoë Brontë-Núñez",
    "O'Brien; DROP TABLE child;--",
    "<script>alert(1)</script>",
    "\u202egnp.exe",
    "\x00",
    "\x1b[31m",
    "9" * 5_000,
    "-0",
    "１２",
    "yes\nno",
    '"',
)
NAME = "Zoë Brontë-Núñez"
HUGE = "A" * 1_048_576


class Mutated:
    """A damaged file: what was done to it (shown when a property fails) and its bytes.

    Not a dataclass, so that hypothesis shows the ``repr`` (what was done), not the bytes.
    """

    __slots__ = ("data", "how")

    def __init__(self, how: str, data: bytes) -> None:
        self.how = how
        self.data = data

    def __repr__(self) -> str:
        return f"Mutated({self.how!r}, {len(self.data):,} bytes)"


def values() -> st.SearchStrategy[str]:
    """A value for one cell: hostile, out of range, odd, or anything at all."""
    return st.one_of(
        st.sampled_from(FORMULAS),
        st.sampled_from(BAD_DATES),
        st.sampled_from(ODD_VALUES),
        st.just(HUGE),
        st.text(max_size=30),
    )


# Byte-level damage, for every format -------------------------------------------------


@st.composite
def byte_damage(draw: st.DrawFn, data: bytes) -> Mutated:
    kind = draw(st.sampled_from(("truncate", "overwrite", "insert", "delete", "empty")))
    if kind == "empty":
        return Mutated("empty", b"")
    at = draw(st.integers(0, max(0, len(data) - 1)))
    if kind == "truncate":
        return Mutated(f"truncated at {at}", data[:at])
    if kind == "delete":
        length = draw(st.integers(1, 64))
        return Mutated(f"deleted {length} at {at}", data[:at] + data[at + length :])
    junk = draw(st.binary(min_size=1, max_size=32))
    if kind == "insert":
        return Mutated(f"inserted {junk!r} at {at}", data[:at] + junk + data[at:])
    return Mutated(f"overwrote {junk!r} at {at}", data[:at] + junk + data[at + len(junk) :])


# CSV ---------------------------------------------------------------------------------


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


@st.composite
def csv_damage(draw: st.DrawFn, data: bytes) -> Mutated:
    rows = _csv_rows(data)
    header, body = rows[0], rows[1:]
    width = len(header)
    kind = draw(
        st.sampled_from(
            (
                "cell",
                "reencode",
                "duplicate-row",
                "header-only",
                "missing-column",
                "extra-column",
                "short-row",
                "swap-columns",
            )
        )
    )
    if kind == "header-only":
        return Mutated("header only", _csv_bytes([header]))
    if kind == "missing-column":
        drop = draw(st.integers(0, width - 1))
        kept = [[c for i, c in enumerate(r) if i != drop] for r in rows]
        return Mutated(f"without column {header[drop]}", _csv_bytes(kept))
    if kind == "extra-column":
        value = draw(values())
        return Mutated(
            f"with an extra column holding {value[:40]!r}",
            _csv_bytes([[*header, "EXTRA"]] + [[*r, value] for r in body]),
        )
    if kind == "swap-columns":
        order = draw(st.permutations(range(width)))
        return Mutated(
            f"columns in order {order}", _csv_bytes([[r[i] for i in order] for r in rows])
        )
    if not body:
        return Mutated("header only", _csv_bytes([header]))
    index = draw(st.integers(0, len(body) - 1))
    if kind == "duplicate-row":
        return Mutated(f"row {index + 2} repeated", _csv_bytes([header, *body, body[index]]))
    if kind == "short-row":
        cut = draw(st.integers(0, width - 1))
        changed = [list(r) for r in body]
        changed[index] = changed[index][:cut]
        return Mutated(f"row {index + 2} cut to {cut} fields", _csv_bytes([header, *changed]))
    column = draw(st.integers(0, width - 1))
    changed = [list(r) for r in body]
    if kind == "reencode":
        encoding = draw(st.sampled_from(("utf-8-sig", "cp1252", "utf-16", "utf-16-le", "latin-1")))
        changed[index][column] = NAME
        return Mutated(
            f"{NAME!r} in row {index + 2} column {header[column]}, saved as {encoding}",
            _csv_bytes([header, *changed], encoding),
        )
    value = draw(values())
    changed[index][column] = value
    return Mutated(
        f"row {index + 2} column {header[column]} = {value[:40]!r}", _csv_bytes([header, *changed])
    )


# XML ---------------------------------------------------------------------------------

_LEAF = re.compile(rb"<(\w+)>([^<]*)</\1>")


def _xml_escape(value: str) -> bytes:
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.encode("utf-8", "surrogatepass")


@st.composite
def xml_damage(draw: st.DrawFn, data: bytes, record: bytes) -> Mutated:
    """``record`` is the tag of one repeated record (``CHILD``, ``Child``)."""
    leaves = list(_LEAF.finditer(data))
    kind = draw(
        st.sampled_from(
            ("leaf", "drop-leaf", "unknown-element", "duplicate-record", "reencode", "entity")
        )
    )
    if kind == "reencode":
        encoding = draw(st.sampled_from(("utf-16", "cp1252", "utf-8-sig")))
        leaf = draw(st.sampled_from(leaves))
        named = data[: leaf.start(2)] + NAME.encode() + data[leaf.end(2) :]
        return Mutated(
            f"{NAME!r} in <{leaf.group(1).decode()}>, saved as {encoding}",
            named.decode("utf-8").encode(encoding),
        )
    if kind == "entity":
        bomb = (
            b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        )
        body = data.split(b"?>", 1)[-1]
        return Mutated("with a DTD declaring entities", bomb + body.replace(b">", b">&b;", 3))
    if kind == "duplicate-record":
        start = data.find(b"<" + record + b">")
        end = data.find(b"</" + record + b">", start)
        if start < 0 or end < 0:
            return Mutated("unchanged", data)
        block = data[start : end + len(record) + 3]
        return Mutated(f"first {record.decode()} repeated", data[:end] + block + data[end:])
    leaf = draw(st.sampled_from(leaves))
    tag = leaf.group(1)
    if kind == "drop-leaf":
        return Mutated(
            f"without <{tag.decode()}> at {leaf.start()}",
            data[: leaf.start()] + data[leaf.end() :],
        )
    if kind == "unknown-element":
        return Mutated(
            f"<NOT_IN_SPEC> after <{tag.decode()}>",
            data[: leaf.end()] + b"<NOT_IN_SPEC>x</NOT_IN_SPEC>" + data[leaf.end() :],
        )
    value = draw(values())
    return Mutated(
        f"<{tag.decode()}> at {leaf.start()} = {value[:40]!r}",
        data[: leaf.start(2)] + _xml_escape(value) + data[leaf.end(2) :],
    )


# XLSX --------------------------------------------------------------------------------

CellValue = str | int | float | dt.datetime | dt.date | None

XLSX_VALUES: tuple[CellValue, ...] = (
    dt.datetime(1, 1, 1),
    dt.datetime(9999, 12, 31, 23, 59, 59),
    dt.date(1899, 12, 31),
    dt.datetime(1900, 2, 28),
    0,
    60,
    -5,
    2_958_466,
    1e308,
    float("nan"),
    45_000.25,
    True,
)


def _storable(value: str) -> str:
    """``value`` without the control characters an XLSX cell cannot hold at all."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", value))


@st.composite
def xlsx_damage(draw: st.DrawFn, data: bytes) -> Mutated:
    book = load_workbook(io.BytesIO(data))
    sheet = draw(st.sampled_from(book.worksheets))
    kind = draw(
        st.sampled_from(
            (
                "cell",
                "typed-cell",
                "date-formatted-number",
                "duplicate-row",
                "header-only",
                "delete-column",
                "extra-column",
                "blank-sheet",
            )
        )
    )
    last_row = max(sheet.max_row, 1)
    last_column = max(sheet.max_column, 1)
    how = f"sheet {sheet.title!r}: "
    if kind == "header-only":
        if last_row > 1:
            sheet.delete_rows(2, last_row - 1)
        how += "header only"
    elif kind == "delete-column":
        column = draw(st.integers(1, last_column))
        sheet.delete_cols(column)
        how += f"column {column} deleted"
    elif kind == "extra-column":
        value = _storable(draw(values()))
        sheet.cell(row=1, column=last_column + 1, value="EXTRA")
        for row in range(2, last_row + 1):
            sheet.cell(row=row, column=last_column + 1, value=value)
        how += f"extra column holding {value[:40]!r}"
    elif kind == "blank-sheet":
        book.create_sheet("Extra")["A1"] = _storable(draw(values()))
        how += "an extra sheet"
    elif kind == "duplicate-row":
        row = draw(st.integers(2, last_row)) if last_row >= 2 else 1
        for column in range(1, last_column + 1):
            sheet.cell(row=last_row + 1, column=column, value=sheet.cell(row, column).value)
        how += f"row {row} repeated"
    else:
        row = draw(st.integers(1, last_row))
        column = draw(st.integers(1, last_column))
        target = sheet.cell(row=row, column=column)
        value: CellValue
        if kind == "cell":
            value = _storable(draw(values()))
        elif kind == "typed-cell":
            value = draw(st.sampled_from(XLSX_VALUES))
        else:
            value = draw(st.sampled_from((2_958_466, 1e12, -1, 0.5, 1e308)))
            target.number_format = "dd/mm/yyyy"
        # openpyxl stores a str starting "=" as a formula: a formula cell, as hostile
        # files hold them, with no cached value.
        target.value = value
        how += f"{target.coordinate} = {str(value)[:40]!r}"
    buffer = io.BytesIO()
    book.save(buffer)
    return Mutated(how, buffer.getvalue())


def damage_for(fmt: str, data: bytes) -> st.SearchStrategy[Mutated]:
    """Every kind of damage that fits a file of format ``fmt`` (csv, xml or xlsx)."""
    structural: dict[str, Callable[[], st.SearchStrategy[Mutated]]] = {
        "csv": lambda: csv_damage(data),
        "xml-ssda903": lambda: xml_damage(data, b"CHILD"),
        "xml-cin": lambda: xml_damage(data, b"Child"),
        "xlsx": lambda: xlsx_damage(data),
    }
    return st.one_of(structural[fmt](), structural[fmt](), byte_damage(data))
