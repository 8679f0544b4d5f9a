"""Importing deviations recorded elsewhere (``deviations.csv``, or a sheet of a workbook).

During COVID many councils kept their deviations in spreadsheets. Each row of such a
file becomes a deviation in the register, checked exactly as ``scrutiny deviation
record`` checks its options: the same defaults from the deviation type and the rule
(:mod:`scrutiny.register.catalogue`), the same validation of the terms
(:func:`scrutiny.register.service.validate_terms`). Every bad row is reported with its
row and column, and one bad row refuses the whole file.

A row naming AUTHORISED_BY is recorded, then authorised by that person, as the
register's own ``authorise`` would (never by the recorder; only once the rationale,
risk assessment and review date are filled in). AUTHORISED_ON is the day the
authorisation was given outside Scrutiny: it is kept in the note of the authorising
version, whose ``authorised_at`` (like every version's ``at``) is when the register
learned of it, so the register never records a time it did not witness.

The rows are appended to the hash chain in the import's own transaction
(:func:`scrutiny.importing.runner.import_paths` writes a file in one), so a file is in
the register whole or not at all. Attachments cannot be imported: attach the documents
with ``scrutiny deviation amend REF --attach FILE`` afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Connection, select

from scrutiny.importing.errors import InputError, InputErrors
from scrutiny.importing.table_files import RowFields, Rows, TableFile, TableFileImporter
from scrutiny.register.catalogue import RegisterCatalogue, missing_to_record
from scrutiny.register.legal_basis import legal_bases
from scrutiny.register.models import DeviationVersion
from scrutiny.register.service import Register, RegisterError, TermProblem, validate_terms
from scrutiny.register.terms import (
    COVID_REASONS,
    MAX_LABEL,
    MAX_NAME,
    MAX_TEXT,
    SUBJECT_TYPES,
    DeviationTerms,
)

T = TypeVar("T")

KIND = "register.deviations"

COLUMN_OF: Mapping[str, str] = {
    "deviation_type": "TYPE",
    "rule_id": "RULE",
    "subject_type": "SUBJECT_TYPE",
    "subject_ref": "SUBJECT_REF",
    "requirement": "REQUIREMENT",
    "covers_requirement": "COVERS_REQUIREMENT",
    "done_instead": "DONE_INSTEAD",
    "period_start": "FROM",
    "period_end": "TO",
    "legal_basis": "LEGAL_BASIS",
    "covid_reason": "COVID_REASON",
    "rationale": "RATIONALE",
    "principles": "PRINCIPLES",
    "risk_likelihood": "LIKELIHOOD",
    "risk_impact": "IMPACT",
    "mitigations": "MITIGATIONS",
    "residual_likelihood": "RESIDUAL_LIKELIHOOD",
    "residual_impact": "RESIDUAL_IMPACT",
    "review_date": "REVIEW_DATE",
    "nominated_officer_recommendation": "NOMINATED_OFFICER",
    # Not columns, but a problem with them is the rule's (its legal source).
    "legal_reference": "RULE",
}
"""The column holding each term."""

COLUMNS = (
    *dict.fromkeys(c for f, c in COLUMN_OF.items() if f != "legal_reference"),
    "RECORDED_BY",
    "AUTHORISED_BY",
    "AUTHORISED_ON",
    "NOTE",
)

TYPE_LENGTH = 80
RULE_LENGTH = 40
SUBJECT_REF_LENGTH = 40
BASIS_LENGTH = 40
PRINCIPLES_LENGTH = 1_000
NOTE_LENGTH = MAX_TEXT - 400
"""A note's limit, leaving room in the register's for where the row was imported from."""
PRINCIPLE_SEPARATOR = ";"

_FIELD_NAME = re.compile(r"\b(" + "|".join(sorted(COLUMN_OF, key=len, reverse=True)) + r")\b")
_MENTION = re.compile(  # a term, named as a field ("subject_type") or in words ("subject type")
    r"\b("
    + "|".join(f.replace("_", "[ _]") for f in sorted(COLUMN_OF, key=len, reverse=True))
    + r")\b"
)

_IDENTITY = ("rule_id", "subject_type", "subject_ref", "covers_requirement", "period_start")
"""What identifies a deviation in a file and in the register: a second one is refused."""

Catalogue = Callable[[], RegisterCatalogue]
"""The enabled plugins' rules and deviation types, asked for when a file is read."""


def deviations_importer(catalogue: Catalogue) -> TableFileImporter:
    """The importer of deviation files, checking rows against ``catalogue``."""
    return TableFileImporter(
        "register",
        "The deviation register: deviations recorded elsewhere",
        [deviations_file(catalogue)],
    )


def deviations_file(catalogue: Catalogue) -> TableFile:
    known = cache(catalogue)
    return TableFile(
        kind=KIND,
        name="deviations",
        description="deviations recorded elsewhere (deviations.csv)",
        columns=COLUMNS,
        read_row=lambda row: read_deviation(row, known()),
        write=lambda conn, rows, batch_id: write_deviations(conn, rows, batch_id, known()),
        unique=_IDENTITY,
        unique_label="same RULE, SUBJECT_TYPE, SUBJECT_REF, COVERS_REQUIREMENT and FROM",
        adds_only=True,  # the register is append-only: a later file never replaces one
    )


# Reading ---------------------------------------------------------------------------


class _Cells:
    """Reads a row's cells through :class:`RowFields`, keeping every problem, not just
    the first, so a row is reported with all that is wrong in it."""

    def __init__(self) -> None:
        self.problems: list[InputError] = []
        self.refused: set[str] = set()

    def read(self, parse: Callable[..., T], column: str, *args: Any, **options: Any) -> T | None:
        """``parse(column, …)``, or None (the problem kept) if the value is refused."""
        try:
            return parse(column, *args, **options)
        except InputError as exc:
            self.problems.extend(exc.problems)
            self.refused.add(column)
            return None

    def blank(self, column: str, value: object) -> bool:
        """Whether a value read as None was left blank (rather than refused)."""
        return value is None and column not in self.refused

    def add(self, problem: InputError) -> None:
        self.problems.append(problem)

    def raise_any(self) -> None:
        if len(self.problems) == 1:
            raise self.problems[0]
        if self.problems:
            raise InputErrors(self.problems)


def read_deviation(row: RowFields, catalogue: RegisterCatalogue) -> dict[str, Any]:
    """One row: the validated terms, who recorded and authorised it, and its note."""
    cells = _Cells()
    given: dict[str, Any] = {
        "deviation_type": cells.read(row.text, "TYPE", max_length=TYPE_LENGTH),
        "rule_id": cells.read(row.text, "RULE", max_length=RULE_LENGTH),
        "subject_type": cells.read(row.choice, "SUBJECT_TYPE", SUBJECT_TYPES),
        "subject_ref": cells.read(row.ref, "SUBJECT_REF", max_length=SUBJECT_REF_LENGTH),
        "requirement": cells.read(row.text, "REQUIREMENT", max_length=MAX_TEXT),
        "covers_requirement": cells.read(row.text, "COVERS_REQUIREMENT", max_length=MAX_LABEL),
        "done_instead": cells.read(row.text, "DONE_INSTEAD", max_length=MAX_TEXT),
        "period_start": cells.read(row.date, "FROM", required=True, future=True),
        "period_end": cells.read(row.date, "TO", future=True),
        "legal_basis": cells.read(row.text, "LEGAL_BASIS", max_length=BASIS_LENGTH),
        "covid_reason": cells.read(row.choice, "COVID_REASON", COVID_REASONS, required=False),
        "rationale": cells.read(row.text, "RATIONALE", max_length=MAX_TEXT),
        "principles": cells.read(row.text, "PRINCIPLES", max_length=PRINCIPLES_LENGTH),
        "risk_likelihood": cells.read(row.whole, "LIKELIHOOD", minimum=1, maximum=5),
        "risk_impact": cells.read(row.whole, "IMPACT", minimum=1, maximum=5),
        "mitigations": cells.read(row.text, "MITIGATIONS", max_length=MAX_TEXT),
        "residual_likelihood": cells.read(row.whole, "RESIDUAL_LIKELIHOOD", minimum=1, maximum=5),
        "residual_impact": cells.read(row.whole, "RESIDUAL_IMPACT", minimum=1, maximum=5),
        "review_date": cells.read(row.date, "REVIEW_DATE", future=True),
        "nominated_officer_recommendation": cells.read(
            row.text, "NOMINATED_OFFICER", max_length=MAX_TEXT
        ),
    }
    recorder = cells.read(row.text, "RECORDED_BY", max_length=MAX_NAME)
    authoriser = cells.read(row.text, "AUTHORISED_BY", max_length=MAX_NAME)
    authorised_on = cells.read(row.date, "AUTHORISED_ON")
    note = cells.read(row.text, "NOTE", max_length=NOTE_LENGTH)
    if cells.blank("DONE_INSTEAD", given["done_instead"]):
        cells.add(row.error("DONE_INSTEAD", "a value is required here"))
    for problem in _people_problems(row, cells, recorder, authoriser, authorised_on):
        cells.add(problem)
    cells.raise_any()

    terms = _completed(row, _as_given(given, catalogue), catalogue)
    validated = _validated(row, terms, catalogue)
    if authoriser is not None:
        missing = validated.missing_for_authorisation()
        if missing:
            raise _all(
                _error(
                    row,
                    COLUMN_OF[name],
                    "a value is needed here before the deviation can be authorised"
                    " (AUTHORISED_BY is given); leave AUTHORISED_BY and AUTHORISED_ON blank"
                    " to import a draft",
                )
                for name in missing
            )
    values = validated.model_dump(mode="python")
    return {
        "terms": values,
        **{key: values[key] for key in _IDENTITY},
        "recorded_by": recorder,
        "authorised_by": authoriser,
        "authorised_on": authorised_on,
        "note": note,
        "file": row.file,
        "row": row.row.number,
    }


def _people_problems(
    row: RowFields,
    cells: _Cells,
    recorder: str | None,
    authoriser: str | None,
    authorised_on: dt.date | None,
) -> list[InputError]:
    """Who recorded and who authorised: named, and (four eyes) never the same person."""
    problems: list[InputError] = []
    if cells.blank("RECORDED_BY", recorder):
        problems.append(row.error("RECORDED_BY", "say who recorded the deviation"))
    if authoriser is not None and cells.blank("AUTHORISED_ON", authorised_on):
        problems.append(
            row.error("AUTHORISED_ON", "say on which day AUTHORISED_BY authorised the deviation")
        )
    if authorised_on is not None and cells.blank("AUTHORISED_BY", authoriser):
        problems.append(row.error("AUTHORISED_BY", "say who authorised the deviation"))
    if (
        recorder is not None
        and authoriser is not None
        and recorder.strip().casefold() == authoriser.strip().casefold()
    ):
        problems.append(
            row.cell("AUTHORISED_BY").error(
                f"{authoriser} recorded the deviation (RECORDED_BY), so cannot authorise it;"
                " another manager must",
                value=authoriser,
            )
        )
    return problems


def _as_given(given: Mapping[str, Any], catalogue: RegisterCatalogue) -> dict[str, Any]:
    """The values given, as the register takes them (ids matched without regard to case)."""
    terms = {name: value for name, value in given.items() if value is not None}
    if "principles" in terms:
        named = (p.strip().lower() for p in terms["principles"].split(PRINCIPLE_SEPARATOR))
        terms["principles"] = [p for p in named if p]
    for name, known in (
        ("deviation_type", catalogue.types),
        ("rule_id", catalogue.rules),
        ("legal_basis", legal_bases()),
    ):
        if name in terms:
            terms[name] = _known_id(terms[name], known)
    return terms


def _known_id(value: str, known: Mapping[str, Any]) -> str:
    if value in known:
        return value
    folded = {key.casefold(): key for key in known}
    return folded.get(value.casefold(), value)


def _completed(
    row: RowFields, terms: dict[str, Any], catalogue: RegisterCatalogue
) -> dict[str, Any]:
    """The terms with their type's and rule's defaults, as ``deviation record`` fills
    them in, and everything a new deviation needs said."""
    try:
        terms = catalogue.with_rule_defaults(catalogue.with_type_defaults(terms))
    except RegisterError as exc:
        raise _from_register(row, exc) from None
    missing = missing_to_record(terms)
    if missing:
        raise _all(
            row.error("RULE", "give the rule not met (RULE) or a deviation type (TYPE)")
            if name == "rule_id"
            else row.error(COLUMN_OF[name], "a value is required here")
            for name in missing
        )
    return terms


def _validated(
    row: RowFields, terms: dict[str, Any], catalogue: RegisterCatalogue
) -> DeviationTerms:
    try:
        return validate_terms(terms, catalogue.rules)
    except RegisterError as exc:
        raise _from_register(row, exc) from None


def _from_register(row: RowFields, exc: RegisterError) -> InputError:
    """The register's reasons for refusing terms, each at the column that holds them."""
    problems: Sequence[TermProblem] = exc.problems or [(None, str(exc))]
    return _all(_term_error(row, name, message) for name, message in problems)


def _term_error(row: RowFields, name: str | None, message: str) -> InputError:
    if name is None:
        # A check across terms ("period_end is before period_start"): the first term it
        # names is the one to change; the message names columns, not terms.
        found = _MENTION.search(message)
        name = found.group(0).replace(" ", "_") if found else None
        message = _FIELD_NAME.sub(lambda m: COLUMN_OF[m.group(0)], message)
    column = COLUMN_OF.get(name) if name else None
    if column is None:
        return InputError(message, file=row.file, row=row.row.number)
    return _error(row, column, message)


def _error(row: RowFields, column: str, message: str) -> InputError:
    return row.cell(column).error(message, value=row.row.values[column] or None)


def _all(errors: Iterable[InputError]) -> InputError:
    found = list(errors)
    return found[0] if len(found) == 1 else InputErrors(found)


# Writing ---------------------------------------------------------------------------


def write_deviations(
    conn: Connection, rows: Rows, batch_id: int, catalogue: RegisterCatalogue
) -> None:
    """Append every row to the register, in ``conn``'s transaction (the import's).

    A row repeating a deviation the register already holds (the same rule, subject,
    count and start) is refused, so a re-saved copy of an imported file cannot record
    everything twice.
    """
    _refuse_repeats(conn, rows)
    register = Register(conn.engine, known_rules=catalogue.rules)
    for row in rows:
        source = f"imported from {row['file']}, row {row['row']} (import batch {batch_id})"
        note = f"{source[0].upper()}{source[1:]}" + (f": {row['note']}" if row["note"] else ".")
        try:
            version = register.record_on(conn, dict(row["terms"]), by=row["recorded_by"], note=note)
            if row["authorised_by"] is not None:
                register.authorise_on(
                    conn,
                    version.deviation_ref,
                    by=row["authorised_by"],
                    note=f"Authorised on {row['authorised_on']:%Y-%m-%d} outside Scrutiny;"
                    f" {source}.",
                )
        except RegisterError as exc:
            raise InputError(str(exc), file=row["file"], row=row["row"]) from None


def _refuse_repeats(conn: Connection, rows: Rows) -> None:
    v = DeviationVersion
    held = {
        tuple(found[:-1]): found[-1]
        for found in conn.execute(
            select(
                v.rule_id,
                v.subject_type,
                v.subject_ref,
                v.covers_requirement,
                v.period_start,
                v.deviation_ref,
            )
            .where(v.rule_id.in_({row["rule_id"] for row in rows}))
            .order_by(v.seq)
        )
    }
    repeats = [
        InputError(
            f"the register already holds {held[key]} for the same rule, subject, count and"
            " start (RULE, SUBJECT_TYPE, SUBJECT_REF, COVERS_REQUIREMENT and FROM)",
            file=row["file"],
            row=row["row"],
        )
        for row in rows
        if (key := tuple(row[k] for k in _IDENTITY)) in held
    ]
    if repeats:
        raise _all(repeats)
