"""Blank workbooks for the project's own input files (``scrutiny template``).

A template holds one sheet per file: the exact header in row 1, a row under it saying
what each column takes ("required · date dd/mm/yyyy · not in the future"), and columns
formatted for their values (dates as dates, references as text so leading zeros
survive). Filled in, it imports as it is: :func:`is_description_row` lets the importer
skip that row, and only that row.

The descriptions are not a second copy of each plugin's schema. Each file's own
``read_row`` is watched while it reads made-up rows through :class:`_Probe`, a
``RowFields`` that records which parser each column went through, with its arguments,
instead of parsing. Rows are read several ways (optional columns blank, then given;
each choice in turn) because a file's rules tie columns together: "END_REASON is
required once ENDED is given" shows only when ENDED is.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from scrutiny.importing.errors import InputError
from scrutiny.importing.table_files import (
    MAX_DETAIL,
    REF_LENGTH,
    RowFields,
    TableFile,
    TableFileImporter,
)
from scrutiny.importing.tabular import Row
from scrutiny.models.child import CHILD_REF_LENGTH

SEPARATOR = " · "
DATE_FORMAT = "dd/mm/yyyy"
DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm"
TEXT_FORMAT = "@"
WHOLE_FORMAT = "0"

SINGLE_FILE_TEMPLATES = {"visits": "looked_after.visits", "deviations": "register.deviations"}
"""Templates of one file from a larger importer, by the file's kind."""

# Made-up values the probe answers with. Fixed, so a description never depends on the
# day it is written: the row a template wrote last year is still recognised.
_PROBE_TODAY = dt.date(2030, 12, 31)
_FIRST_YEAR = 2020
# For a column a plugin parses itself (through ``row.values``): values tried in turn
# until one is accepted, so the rest of the row is still read.
_RAW_SAMPLES = ("1", "01/01/2020", "yes", "y", "A1", "other", "X")
# Excel's limits on a validation rule's list (and message) and on its message's title;
# a workbook over them is one Excel offers to "repair".
_MAX_LIST_VALIDATION = 255
_MAX_ERROR_TITLE = 32


# What read_row did ---------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    """How ``read_row`` read one column: the parser and its arguments.

    ``parser`` is one of ``date``, ``datetime``, ``reference``, ``child``, ``text``,
    ``choice``, ``whole``, ``other`` (a plugin's own parser, through ``row.values``) or
    ``unread`` (no way of reading a row reached the column).
    """

    parser: str
    required: bool = False
    future: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


UNREAD = Read("unread")
UNREAD_DESCRIPTION = "see the file's documentation"


@dataclass
class _Plan:
    """How the probe answers: optional columns blank (``full`` False) or given."""

    full: bool
    pins: dict[str, str] = field(default_factory=dict)  # choice column -> option given
    given: set[str] = field(default_factory=set)  # optional, but given
    blank: set[str] = field(default_factory=set)  # optional, but left blank
    raw_tries: dict[str, int] = field(default_factory=dict)


@dataclass
class _Run:
    """One reading of a made-up row."""

    plan: _Plan
    reads: dict[str, Read]
    answered: dict[str, bool]  # column -> answered with a value (the last time asked)
    not_before: dict[str, list[str]]
    needed: set[str]  # optional columns the row was refused without (when all else blank)

    def required(self, column: str) -> bool | None:
        """Whether ``column`` had to be given in this reading (None: not reached)."""
        read = self.reads.get(column)
        if read is None:
            return None
        return read.required or column in self.needed


class _RawValues(dict[str, str]):
    """``row.values`` for the probe: a column read straight from it is recorded."""

    def __init__(self, probe: _Probe, columns: Iterable[str]) -> None:
        super().__init__(dict.fromkeys(columns, ""))
        self._probe = probe

    def __getitem__(self, column: str) -> str:
        return self._probe.raw(column)

    def get(self, column: str, default: Any = None) -> Any:
        return self._probe.raw(column) if column in self else default


class _Probe(RowFields):
    """A row whose every value is made up, recording how each column is read."""

    def __init__(self, spec: TableFile, plan: _Plan) -> None:
        super().__init__(spec.name, Row(2, _RawValues(self, spec.columns)), _PROBE_TODAY)
        self.plan = plan
        self.reads: dict[str, Read] = {}
        self.answered: dict[str, bool] = {}
        self.not_before_columns: dict[str, list[str]] = {}
        self._count = 0

    def _gives(self, column: str, read: Read) -> bool:
        self.reads.setdefault(column, read)
        plan = self.plan
        if column in plan.pins or read.required or column in plan.given:
            given = True
        elif column in plan.blank:
            given = False
        else:
            given = plan.full
        self.answered[column] = given
        return given

    def _next(self) -> int:
        # Each value is a month after the last, so "not before" checks between
        # columns read in order hold, and a date is the first of its month.
        self._count += 1
        return self._count

    def raw(self, column: str) -> str:
        if not self._gives(column, Read("other")):
            return ""
        tries = self.plan.raw_tries.get(column, 0)
        return _RAW_SAMPLES[tries % len(_RAW_SAMPLES)]

    def date(self, column: str, *, required: bool = False, future: bool = False) -> dt.date | None:
        if not self._gives(column, Read("date", required, future=future)):
            return None
        n = self._next()
        return dt.date(_FIRST_YEAR + n // 12, 1 + n % 12, 1)

    def datetime(self, column: str, *, required: bool = False) -> dt.datetime | None:
        if not self._gives(column, Read("datetime", required)):
            return None
        n = self._next()
        return dt.datetime(_FIRST_YEAR + n // 12, 1 + n % 12, 1, 9, 30)

    def ref(self, column: str, *, required: bool = True, max_length: int = REF_LENGTH) -> str:
        if not self._gives(column, Read("reference", required, max_length=max_length)):
            return ""
        return f"R{self._next()}"

    def child(self, column: str = "CHILD") -> str:
        self._gives(column, Read("child", True, max_length=CHILD_REF_LENGTH))
        return f"C{self._next()}"

    def text(self, column: str, *, max_length: int = MAX_DETAIL) -> str | None:
        return "text" if self._gives(column, Read("text", max_length=max_length)) else None

    def choice(self, column: str, choices: tuple[str, ...], *, required: bool = True) -> str | None:
        if not self._gives(column, Read("choice", required, choices=choices)):
            return None
        pinned = self.plan.pins.get(column)
        return pinned if pinned in choices else choices[0]

    def whole(
        self, column: str, *, required: bool = False, minimum: int = 0, maximum: int = 10_000
    ) -> int | None:
        read = Read("whole", required, minimum=minimum, maximum=maximum)
        return minimum if self._gives(column, read) else None

    def not_before(
        self, later: str, later_value: dt.date | None, earlier: str, earlier_value: dt.date | None
    ) -> None:
        earlier_columns = self.not_before_columns.setdefault(later, [])
        if earlier not in earlier_columns:
            earlier_columns.append(earlier)


def _read(spec: TableFile, plan: _Plan) -> _Run:
    """Read a made-up row, adjusting the plan until the row is accepted (or cannot be).

    When the row is refused at a column left blank, the column is needed: it is given
    next time. At a column given although optional (in a ``full`` plan), it clashes
    with another: it is left blank next time. At a column a plugin parses itself, the
    next sample value is tried. Every column a refusal names is adjusted at once, so
    the order a plugin reports its problems in does not matter. The plan only grows,
    so this ends.
    """
    needed: set[str] = set()
    probe = _Probe(spec, plan)
    for _attempt in range(4 * len(spec.columns) + len(_RAW_SAMPLES)):
        probe = _Probe(spec, plan)
        try:
            spec.read_row(probe)
            break
        except InputError as refused:
            columns = dict.fromkeys(p.column for p in refused.problems if p.column is not None)
        except Exception:  # made-up values may break a plugin's own logic
            break
        adjusted = [column for column in columns if _adjust(plan, probe, column, needed)]
        if not adjusted:
            break
    return _Run(plan, probe.reads, probe.answered, probe.not_before_columns, needed)


def _adjust(plan: _Plan, probe: _Probe, column: str, needed: set[str]) -> bool:
    """Change ``plan`` so that ``column`` may be accepted next time; False if it cannot."""
    if column not in probe.answered:
        return False
    read, given = probe.reads[column], probe.answered[column]
    if not given and column not in plan.blank:
        plan.given.add(column)
        if not plan.full:
            needed.add(column)
        return True
    tries = plan.raw_tries.get(column, 0)
    if given and read.parser == "other" and tries < len(_RAW_SAMPLES) - 1:
        plan.raw_tries[column] = tries + 1
        return True
    if (
        plan.full
        and given
        and not read.required
        and column not in plan.pins
        and column not in plan.given
    ):
        plan.blank.add(column)
        return True
    return False


# Describing each column ----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a template: what it takes, in words and as a cell format."""

    name: str
    read: Read
    requirement: str  # "required", "optional", "required when ...", "unknown" (unread)
    description: str
    number_format: str


@dataclass(frozen=True)
class _Readings:
    """Every way a file's made-up row was read."""

    sparse: _Run  # optional columns blank
    full: _Run  # optional columns given
    choices: dict[str, tuple[str, ...]]
    pinned: dict[tuple[str, str], _Run]  # sparse, but one choice given as one option
    given: dict[str, _Run]  # sparse, but one optional column given
    blanked: dict[str, _Run]  # full, but one optional column blank

    @classmethod
    def of(cls, spec: TableFile) -> _Readings:
        sparse = _read(spec, _Plan(full=False))
        full = _read(spec, _Plan(full=True))
        choices: dict[str, tuple[str, ...]] = {}
        for run in (sparse, full):
            for column, read in run.reads.items():
                if read.parser == "choice":
                    choices.setdefault(column, read.choices)
        return cls(
            sparse=sparse,
            full=full,
            choices=choices,
            pinned={
                (column, option): _read(spec, _Plan(full=False, pins={column: option}))
                for column in spec.columns
                for option in choices.get(column, ())
            },
            given={
                column: _read(spec, _Plan(full=False, given={column}))
                for column in spec.columns
                if sparse.answered.get(column) is False
            },
            blanked={
                column: _read(spec, _Plan(full=True, blank={column}))
                for column in spec.columns
                if full.answered.get(column) and not full.reads[column].required
            },
        )

    @property
    def runs(self) -> list[_Run]:
        return [
            self.sparse,
            *self.pinned.values(),
            *self.given.values(),
            self.full,
            *self.blanked.values(),
        ]

    def read(self, column: str) -> Read:
        return next((run.reads[column] for run in self.runs if column in run.reads), UNREAD)

    def not_before(self, column: str) -> list[str]:
        earlier: list[str] = []
        for run in self.runs:
            earlier.extend(c for c in run.not_before.get(column, ()) if c not in earlier)
        return earlier

    def requirement(self, column: str) -> str:
        """``required`` if no way of filling a row leaves it blank, ``optional`` if every
        way may, else when it is required, as far as the made-up rows show."""
        sparse = [self.sparse, *self.pinned.values(), *self.given.values()]
        in_sparse = [needed for run in sparse if (needed := run.required(column)) is not None]
        if in_sparse and all(in_sparse):
            return "required"
        if not any(run.required(column) for run in self.runs):
            return "optional"
        conditions: list[str] = []
        for choice, choices in self.choices.items():
            options = [
                option
                for option in choices
                if choice != column and self.pinned[choice, option].required(column)
            ]
            # Any value of an optional choice: that is "when it is given", found below.
            if options and len(options) < len(choices):
                conditions.append(f"{choice} is {' or '.join(options)}")
        # A column given on its own, with all else blank, that makes this one needed.
        enough = [
            other
            for other, run in self.given.items()
            if other != column and run.required(column) and not self.sparse.required(column)
        ]
        if enough:
            conditions.append(f"{' or '.join(enough)} is given")
        elif self.full.required(column):
            # With all else given, the columns without which this one is not needed;
            # leaving one blank may force others blank (a date that needs an earlier
            # one), so the column that did it alone is the condition.
            needs = [other for other, run in self.blanked.items() if run.required(column) is False]
            alone = [
                other
                for other in needs
                if self.blanked[other].plan.blank - self.full.plan.blank - {column} == {other}
            ]
            needs = alone or needs
            if needs:
                verb = "is" if len(needs) == 1 else "are"
                conditions.append(f"{' and '.join(needs)} {verb} given")
        if not conditions:
            return "required in some cases"
        return "required when " + ", or when ".join(conditions)


@lru_cache(maxsize=256)
def describe(spec: TableFile) -> tuple[Column, ...]:
    """Every column of ``spec``, described from what its ``read_row`` does."""
    readings = _Readings.of(spec)
    described = []
    for column in spec.columns:
        read = readings.read(column)
        parts: tuple[str, ...]
        if read is UNREAD:
            # Past a value no made-up row got through: nothing is known of it.
            requirement, parts = "unknown", (UNREAD_DESCRIPTION,)
        else:
            requirement = readings.requirement(column)
            parts = (requirement, *_what(read), *_limits(read, readings.not_before(column)))
        described.append(
            Column(
                name=column,
                read=read,
                requirement=requirement,
                description=SEPARATOR.join(parts),
                number_format=_number_format(read),
            )
        )
    return tuple(described)


def _what(read: Read) -> tuple[str, ...]:
    match read.parser:
        case "date":
            return (f"date {DATE_FORMAT}",)
        case "datetime":
            return (f"date and time {DATE_TIME_FORMAT}",)
        case "reference":
            return (f"reference, no spaces, up to {read.max_length:,} characters",)
        case "child":
            return (f"child's reference, no spaces, up to {read.max_length:,} characters",)
        case "text":
            return (f"text up to {read.max_length:,} characters",)
        case "choice":
            return (f"one of: {', '.join(read.choices)}",)
        case "whole":
            return (f"whole number from {read.minimum:,} to {read.maximum:,}",)
        case _:
            return ("as the file's documentation says",)


def _limits(read: Read, earlier: Sequence[str]) -> tuple[str, ...]:
    limits = []
    if read.parser == "datetime" or (read.parser == "date" and not read.future):
        limits.append("not in the future")
    if earlier:
        limits.append(f"not before {', '.join(earlier)}")
    return tuple(limits)


def _number_format(read: Read) -> str:
    return {"date": DATE_FORMAT, "datetime": DATE_TIME_FORMAT, "whole": WHOLE_FORMAT}.get(
        read.parser, TEXT_FORMAT
    )


def is_description_row(spec: TableFile, row: Row) -> bool:
    """Whether ``row`` is the description row a template writes under the header.

    Only a row holding, in every column, exactly the description the template wrote
    there: a data row that merely resembles it is data (and refused as such).
    """
    return all(row.values.get(c.name) == c.description for c in describe(spec))


# Which templates there are -----------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """A kind of template: a name for ``scrutiny template`` and the files it holds."""

    name: str
    title: str
    files: tuple[TableFile, ...]


def templates(importers: Iterable[object]) -> dict[str, Template]:
    """Every template the given importers allow, by name.

    One per importer built from ``TableFile``s (an importer of other formats, such as
    the CIN census XML, has none), named as the importer is, and one for each of
    :data:`SINGLE_FILE_TEMPLATES` whose file an importer reads (named so instead of
    its importer when that importer reads nothing else).
    """
    table_importers = [i for i in importers if isinstance(i, TableFileImporter)]
    found = {i.name: Template(i.name, i.title, i.files) for i in table_importers}
    for name, kind in SINGLE_FILE_TEMPLATES.items():
        owner = next((i for i in table_importers if any(f.kind == kind for f in i.files)), None)
        if owner is None or name in found:
            continue
        spec = next(f for f in owner.files if f.kind == kind)
        if owner.files == (spec,):
            # The importer reads only this file: one template, under the file's name.
            del found[owner.name]
            found[name] = Template(name, owner.title, owner.files)
        else:
            found[name] = Template(name, _capitalised(spec.description), (spec,))
    return dict(sorted(found.items()))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# Writing the workbook -----------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_DESCRIPTION_FONT = Font(italic=True, color="595959")
_DESCRIPTION_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
_MAX_DESCRIPTION_WIDTH = 36
_LINE_HEIGHT = 15


def template_workbook(template: Template) -> bytes:
    """The blank XLSX workbook for ``template``."""
    book = Workbook()
    book.remove(book.active)
    for spec in template.files:
        _add_sheet(book, spec)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _add_sheet(book: Workbook, spec: TableFile) -> None:
    sheet = book.create_sheet(_sheet_title(spec.name, book.sheetnames))
    lines = 1
    for index, column in enumerate(describe(spec), start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=column.name)
        header.font = _HEADER_FONT
        header.number_format = TEXT_FORMAT
        description = sheet.cell(row=2, column=index, value=column.description)
        description.font = _DESCRIPTION_FONT
        description.alignment = _DESCRIPTION_ALIGNMENT
        description.number_format = TEXT_FORMAT
        width = max(len(column.name) + 4, min(len(column.description), _MAX_DESCRIPTION_WIDTH))
        dimension = sheet.column_dimensions[letter]
        dimension.width = width + 2
        dimension.number_format = column.number_format  # the column's cells, as typed
        lines = max(lines, -(-len(column.description) // width))
        _add_choice_list(sheet, column, letter)
    sheet.row_dimensions[2].height = lines * _LINE_HEIGHT
    sheet.freeze_panes = "A3"


def _sheet_title(name: str, taken: Sequence[str]) -> str:
    title = name[:31]
    number = 2
    while title in taken:
        suffix = f" {number}"
        title = name[: 31 - len(suffix)] + suffix
        number += 1
    return title


def _add_choice_list(sheet: Any, column: Column, letter: str) -> None:
    """A drop-down of the allowed values (a warning, not a refusal: case may differ)."""
    choices = column.read.choices
    listed = ",".join(choices)
    if (
        not choices
        or len(listed) + 2 > _MAX_LIST_VALIDATION  # with its quotes
        or any("," in c or '"' in c for c in choices)
    ):
        return
    validation = DataValidation(
        type="list",
        formula1=f'"{listed}"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=column.name[:_MAX_ERROR_TITLE],
        error=f"{column.name} takes one of: {', '.join(choices)}"[:_MAX_LIST_VALIDATION],
    )
    validation.add(f"{letter}3:{letter}1048576")
    sheet.add_data_validation(validation)
