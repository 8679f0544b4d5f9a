"""Reading CSV strictly: every row complete, every problem located."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import NamedTuple

from scrutiny.importing.errors import InputError
from scrutiny.importing.source import SourceFile

MAX_FIELD_CHARS = 100_000
# The csv module's own limit (128 KiB) would stop an oversized field with an unlocated
# "field larger than field limit"; lift it so the check below names the row and column.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


class Row(NamedTuple):
    """One data row. ``number`` is the spreadsheet row number (the header is row 1)."""

    number: int
    values: dict[str, str]


def read_csv_rows(source: SourceFile, expected: tuple[str, ...]) -> Iterator[Row]:
    """Yield the rows of ``source``, whose header must be ``expected`` in any order.

    A row with more or fewer fields than the header (a half-written file, a stray
    delimiter) stops the read with its row number; so does a field over the size limit.
    Rows are numbered as a spreadsheet shows them (a field spanning lines is one row).
    """
    header = source.csv_header
    repeated = sorted({c for c in header if header.count(c) > 1}) if header else []
    if repeated:
        raise InputError(
            f"the column {', '.join(repeated)} appears more than once", file=source.name, row=1
        )
    if header is None or set(header) != set(expected) or len(header) != len(expected):
        raise InputError(f"expected the columns {', '.join(expected)}", file=source.name, row=1)
    reader = csv.reader(io.StringIO(source.text, newline=""), strict=True)
    number = 0  # the spreadsheet row last read
    try:
        next(reader)
        number = 1
        width = len(header)
        for raw in reader:
            number += 1
            if not "".join(raw).strip():
                continue  # a blank line, or a row of empty cells
            cells = raw
            while len(cells) > width and not cells[-1].strip():
                cells = cells[:-1]
            if len(cells) != width:
                raise InputError(
                    f"has {len(cells)} fields but the header has {width} (is the file complete?)",
                    file=source.name,
                    row=number,
                )
            if max(map(len, cells)) > MAX_FIELD_CHARS:
                column, cell = next(
                    (c, v) for c, v in zip(header, cells, strict=True) if len(v) > MAX_FIELD_CHARS
                )
                raise InputError(
                    f"the value is {len(cell):,} characters long, over the limit of"
                    f" {MAX_FIELD_CHARS:,}",
                    file=source.name,
                    row=number,
                    column=column,
                )
            yield Row(number, dict(zip(header, map(str.strip, cells), strict=True)))
    except csv.Error as exc:
        raise InputError(
            f"is not well-formed CSV ({exc})", file=source.name, row=number + 1
        ) from exc
