"""Deviations recorded elsewhere during COVID (a council's spreadsheet), imported into the
register: each row checked as ``scrutiny deviation record`` checks it, the whole file
refused for one bad row, and every row a version in the hash chain (DfE COVID-19
guidance: clear records of rationale and risk assessment, with senior-manager oversight)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select

from scrutiny.db.engine import writer
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.errors import InputError
from scrutiny.importing.runner import import_paths
from scrutiny.models.imports import ImportBatch
from scrutiny.plugin_host import PluginHost
from scrutiny.register.bulk import COLUMNS, KIND, NOTE_LENGTH
from scrutiny.register.chain import verify_chain
from scrutiny.register.models import DeviationVersion, RegisterHead
from scrutiny.register.service import Register, version_from_row
from tests.register.test_lifecycle import terms

D = dt.date
TODAY = D(2021, 6, 30)

VISIT = {
    "RULE": "LAC-SW-VISITS",
    "SUBJECT_TYPE": "child",
    "SUBJECT_REF": "C000001",
    "DONE_INSTEAD": "Video call with the child alone",
    "FROM": "04/01/2021",
    "TO": "28/02/2021",
    "LEGAL_BASIS": "SI-2020/909",
    "COVID_REASON": "guidance-contrary",
    "RATIONALE": "Household self-isolating after a positive test.",
    "PRINCIPLES": "child-centred; risk-based",
    "LIKELIHOOD": "2",
    "IMPACT": "4",
    "MITIGATIONS": "Daily phone contact; school welfare checks.",
    "RESIDUAL_LIKELIHOOD": "1",
    "RESIDUAL_IMPACT": "4",
    "REVIEW_DATE": "01/02/2021",
    "RECORDED_BY": "Sam Worker",
    "AUTHORISED_BY": "Alex Manager",
    "AUTHORISED_ON": "05/01/2021",
    "NOTE": "From the COVID decision log, page 3",
}


def row(**changes: str) -> dict[str, str]:
    """An authorised LAC-SW-VISITS deviation, as a spreadsheet row (every column given)."""
    values = dict.fromkeys(COLUMNS, "") | VISIT
    for column, value in changes.items():
        assert column in values, column
        values[column] = value
    return values


def draft(**changes: str) -> dict[str, str]:
    """A bare draft: only what ``deviation record`` requires."""
    values = dict.fromkeys(COLUMNS, "") | {
        "RULE": "LAC-REVIEW",
        "SUBJECT_TYPE": "child",
        "SUBJECT_REF": "C000002",
        "DONE_INSTEAD": "Review held by video",
        "FROM": "2021-01-10",
        "RECORDED_BY": "Sam Worker",
    }
    return values | changes


def write_csv(path: Path, *rows: Mapping[str, str], columns: tuple[str, ...] = COLUMNS) -> Path:
    out = io.StringIO()
    table = csv.writer(out, lineterminator="\r\n")
    table.writerow(columns)
    for values in rows:
        table.writerow([values[c] for c in columns])
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


def run(engine: Engine, host: PluginHost, *paths: Path) -> list[Any]:
    return import_paths(engine, list(paths), host.importers(), ImportOptions(today=TODAY))


def refused(engine: Engine, host: PluginHost, path: Path) -> InputError:
    """The import's refusal, having checked it left the database as it was."""
    before = state(engine)
    with pytest.raises(InputError) as caught:
        run(engine, host, path)
    assert state(engine) == before
    return caught.value


def state(engine: Engine) -> tuple[Any, ...]:
    """The register head, every version and every import batch."""
    with engine.connect() as conn:
        head = tuple(conn.execute(select(RegisterHead)).one())
        versions = conn.execute(select(func.count()).select_from(DeviationVersion)).scalar_one()
        batches = conn.execute(select(func.count()).select_from(ImportBatch)).scalar_one()
    return head, versions, batches


def history(engine: Engine) -> list[DeviationVersion]:
    with engine.connect() as conn:
        rows = conn.execute(select(DeviationVersion).order_by(DeviationVersion.seq)).all()
    return [version_from_row(r) for r in rows]


def verified(engine: Engine) -> bool:
    with engine.connect() as conn:
        return verify_chain(conn).ok


# A file that is right ----------------------------------------------------------------


def test_a_csv_of_deviations_is_recorded_and_authorised_as_the_register_would(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "deviations.csv",
        row(),
        draft(),
        row(
            RULE="",
            TYPE="ado-medical-deferred-909",
            SUBJECT_TYPE="application",
            SUBJECT_REF="A0001",
            DONE_INSTEAD="Medical obtained at stage 2",
            LEGAL_BASIS="",
            AUTHORISED_BY="Jo Head",
            NOTE="",
        ),
        row(
            SUBJECT_TYPE="authority",
            SUBJECT_REF="*",
            TO="",
            PRINCIPLES="",
            COVID_REASON="",
            REVIEW_DATE="15/03/2021",
            NOTE="",
        ),
    )

    [result] = run(engine, host, path)

    assert result.summary == "deviations recorded elsewhere (deviations.csv), CSV: 4 rows"
    register = Register(engine)
    current = {v.deviation_ref: v for v in register.current_versions()}
    assert [(v.status, v.rule_id, v.subject_ref) for v in current.values()] == [
        ("authorised", "LAC-SW-VISITS", "C000001"),
        ("draft", "LAC-REVIEW", "C000002"),
        ("authorised", "ADO-CHECKS-AT-STAGE1", "A0001"),
        ("authorised", "LAC-SW-VISITS", "*"),
    ]
    first = current["DEV-000001"]
    assert (first.period_start, first.period_end, first.review_date) == (
        D(2021, 1, 4),
        D(2021, 2, 28),
        D(2021, 2, 1),
    )
    assert (first.legal_basis, first.covid_reason, first.principles) == (
        "SI-2020/909",
        "guidance-contrary",
        ["child-centred", "risk-based"],
    )
    assert (first.risk_likelihood, first.risk_impact) == (2, 4)
    assert (first.residual_likelihood, first.residual_impact) == (1, 4)
    assert (first.recorded_by, first.authorised_by) == ("Sam Worker", "Alex Manager")
    # What `deviation record` fills in from the rule: its title and legal source.
    rule = host.rules.get("LAC-SW-VISITS")
    assert rule is not None
    assert (first.requirement, first.legal_reference) == (rule.meta.title, rule.meta.legal_source)
    # …and from the type: the rule, the requirement, the basis, the one count it covers.
    typed = current["DEV-000003"]
    assert (typed.deviation_type, typed.legal_basis, typed.covers_requirement) == (
        "ado-medical-deferred-909",
        "SI-2020/909",
        "medical report by the stage 1 decision",
    )
    assert current["DEV-000002"].legal_basis == "none"
    assert current["DEV-000004"].subject_type == "authority"

    versions = history(engine)
    assert [(v.deviation_ref, v.version, v.action, v.actor) for v in versions] == [
        ("DEV-000001", 1, "record", "Sam Worker"),
        ("DEV-000001", 2, "authorise", "Alex Manager"),
        ("DEV-000002", 1, "record", "Sam Worker"),
        ("DEV-000003", 1, "record", "Sam Worker"),
        ("DEV-000003", 2, "authorise", "Jo Head"),
        ("DEV-000004", 1, "record", "Sam Worker"),
        ("DEV-000004", 2, "authorise", "Alex Manager"),
    ]
    batch = result.batch_ids[KIND]
    assert versions[0].note == (
        f"Imported from deviations.csv, row 2 (import batch {batch}):"
        " From the COVID decision log, page 3"
    )
    assert versions[1].note == (
        "Authorised on 2021-01-05 outside Scrutiny;"
        f" imported from deviations.csv, row 2 (import batch {batch})."
    )
    assert versions[2].note == f"Imported from deviations.csv, row 3 (import batch {batch})."
    assert verified(engine)
    with engine.connect() as conn:
        stored = conn.execute(select(ImportBatch)).one()
    assert (stored.kind, stored.row_count, stored.source_name) == (KIND, 4, "deviations.csv")


def test_an_xlsx_workbook_with_date_and_number_cells_imports_the_same(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "COVID log"
    sheet.append([c.title() if c == "NOTE" else c for c in COLUMNS])  # any case
    for values in (row(), draft(SUBJECT_REF="C000009")):
        typed: dict[str, Any] = dict(values)
        for column in ("FROM", "TO", "REVIEW_DATE", "AUTHORISED_ON"):
            if values[column]:
                text = values[column]
                typed[column] = (
                    D.fromisoformat(text) if "-" in text else dt.datetime.strptime(text, "%d/%m/%Y")
                )
        for column in ("LIKELIHOOD", "IMPACT", "RESIDUAL_LIKELIHOOD", "RESIDUAL_IMPACT"):
            if values[column]:
                typed[column] = int(values[column])
        sheet.append([typed[c] or None for c in COLUMNS])
    # A value that looks like a formula, typed into a text cell: kept as the text it is.
    cell = sheet.cell(row=3, column=COLUMNS.index("DONE_INSTEAD") + 1)
    cell.value = '=HYPERLINK("http://127.0.0.1/x","review by video")'
    cell.data_type = "s"
    path = tmp_path / "deviations.xlsx"
    book.save(path)

    [result] = run(engine, host, path)

    assert result.summary == (
        "deviations recorded elsewhere (deviations.csv), XLSX sheet COVID log: 2 rows"
    )
    first, second = Register(engine).current_versions()
    assert (first.status, first.period_start, first.authorised_by) == (
        "authorised",
        D(2021, 1, 4),
        "Alex Manager",
    )
    assert (first.risk_likelihood, first.residual_impact) == (2, 4)
    assert (second.status, second.subject_ref, second.period_start) == (
        "draft",
        "C000009",
        D(2021, 1, 10),
    )
    assert second.done_instead == '=HYPERLINK("http://127.0.0.1/x","review by video")'
    assert history(engine)[0].note is not None
    assert history(engine)[0].note.startswith(  # type: ignore[union-attr]
        "Imported from deviations.xlsx (sheet COVID log), row 2"
    )
    assert verified(engine)


def test_hostile_and_formula_looking_text_is_stored_exactly_as_typed(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    hostile = {
        "DONE_INSTEAD": '=HYPERLINK("http://evil.example/","click")',
        "RATIONALE": "@SUM(1+1) <script>alert(1)</script>",
        "MITIGATIONS": "+cmd|' /C calc'!A0",
        "NOMINATED_OFFICER": "-2+3 url(file:///etc/passwd)",
        "NOTE": "=1+1",
    }
    path = write_csv(tmp_path / "deviations.csv", row(**hostile))

    run(engine, host, path)

    [stored] = Register(engine).current_versions()
    assert stored.done_instead == hostile["DONE_INSTEAD"]
    assert stored.rationale == hostile["RATIONALE"]
    assert stored.mitigations == hostile["MITIGATIONS"]
    assert stored.nominated_officer_recommendation == hostile["NOMINATED_OFFICER"]
    assert history(engine)[0].note is not None
    assert history(engine)[0].note.endswith(": =1+1")  # type: ignore[union-attr]


def test_ids_are_matched_without_regard_to_case(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "deviations.csv",
        row(RULE="lac-sw-visits", LEGAL_BASIS="si-2020/909", SUBJECT_TYPE="Child"),
        row(RULE="", TYPE="LAC-REVIEW-LATE", SUBJECT_REF="C000002", LEGAL_BASIS="NONE"),
    )

    run(engine, host, path)

    first, second = Register(engine).current_versions()
    assert (first.rule_id, first.legal_basis, first.subject_type) == (
        "LAC-SW-VISITS",
        "SI-2020/909",
        "child",
    )
    assert (second.deviation_type, second.rule_id, second.legal_basis) == (
        "lac-review-late",
        "LAC-REVIEW",
        "none",
    )


def test_imported_deviations_follow_those_already_in_the_register(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    existing = Register(engine, known_rules=["LAC-SW-VISITS"])
    existing.record(terms(subject_ref="C000100"), by="Sam Worker")
    existing.authorise("DEV-000001", by="Alex Manager")
    path = write_csv(tmp_path / "deviations.csv", row(), draft())

    run(engine, host, path)

    refs = [(v.deviation_ref, v.version, v.action) for v in history(engine)]
    assert refs == [
        ("DEV-000001", 1, "record"),
        ("DEV-000001", 2, "authorise"),
        ("DEV-000002", 1, "record"),
        ("DEV-000002", 2, "authorise"),
        ("DEV-000003", 1, "record"),
    ]
    assert verified(engine)
    with engine.connect() as conn:
        assert conn.execute(select(RegisterHead.deviation_count)).scalar_one() == 3


# A file that is wrong: refused whole, the register as it was ----------------------------

INVALID = [
    pytest.param(
        row(RULE="NOPE-1"),
        "RULE",
        "NOPE-1 is not a rule of any enabled plugin (see `scrutiny rules list`)",
        id="unknown-rule",
    ),
    pytest.param(
        row(RULE="", TYPE="no-such-type"),
        "TYPE",
        "unknown deviation type 'no-such-type'; see `scrutiny deviation types`",
        id="unknown-type",
    ),
    pytest.param(
        row(RULE="", TYPE=""),
        "RULE",
        "give the rule not met (RULE) or a deviation type (TYPE)",
        id="no-rule-or-type",
    ),
    pytest.param(
        row(LEGAL_BASIS="SI-2099/1"),
        "LEGAL_BASIS",
        "must be one of SI-2020/445, SI-2020/445-savings, SI-2020/909, CSPRP-COVID-2020,"
        " guidance-departure, none",
        id="unknown-legal-basis",
    ),
    pytest.param(row(TO="03/01/2021"), "TO", "TO is before FROM", id="period-end-before-start"),
    pytest.param(
        row(REVIEW_DATE="01/01/2021"),
        "REVIEW_DATE",
        "REVIEW_DATE is before FROM",
        id="review-before-start",
    ),
    pytest.param(row(LIKELIHOOD="6"), "LIKELIHOOD", "6 is outside the range 1 to 5", id="risk-6"),
    pytest.param(
        row(RESIDUAL_IMPACT="high"),
        "RESIDUAL_IMPACT",
        "'high' is not a whole number",
        id="risk-not-a-number",
    ),
    pytest.param(
        row(AUTHORISED_BY="sam worker"),
        "AUTHORISED_BY",
        "sam worker recorded the deviation (RECORDED_BY), so cannot authorise it;"
        " another manager must",
        id="recorder-authorises",
    ),
    pytest.param(
        row(RATIONALE=""),
        "RATIONALE",
        "a value is needed here before the deviation can be authorised (AUTHORISED_BY is"
        " given); leave AUTHORISED_BY and AUTHORISED_ON blank to import a draft",
        id="authorised-without-rationale",
    ),
    pytest.param(
        row(AUTHORISED_ON=""),
        "AUTHORISED_ON",
        "say on which day AUTHORISED_BY authorised the deviation",
        id="authorised-without-date",
    ),
    pytest.param(
        row(AUTHORISED_BY=""),
        "AUTHORISED_BY",
        "say who authorised the deviation",
        id="date-without-authoriser",
    ),
    pytest.param(
        row(AUTHORISED_ON="01/07/2021"),
        "AUTHORISED_ON",
        "01/07/2021 is in the future",
        id="authorised-in-the-future",
    ),
    pytest.param(
        row(RECORDED_BY=""), "RECORDED_BY", "say who recorded the deviation", id="no-recorder"
    ),
    pytest.param(
        row(RECORDED_BY="x" * 121),
        "RECORDED_BY",
        "the value is 121 characters long; the limit is 120",
        id="oversized-name",
    ),
    pytest.param(
        row(SUBJECT_REF="C 000001"),
        "SUBJECT_REF",
        "a reference must not contain spaces",
        id="reference-with-a-space",
    ),
    pytest.param(
        row(DONE_INSTEAD=""), "DONE_INSTEAD", "a value is required here", id="no-done-instead"
    ),
    pytest.param(row(FROM=""), "FROM", "a date is required here", id="no-start"),
    pytest.param(
        row(FROM="31/02/2021"), "FROM", "'31/02/2021' is not a real date", id="not-a-date"
    ),
    pytest.param(
        row(RATIONALE="x" * 10_001),
        "RATIONALE",
        "the value is 10,001 characters long; the limit is 10,000",
        id="oversized-rationale",
    ),
    pytest.param(
        row(NOTE="x" * (NOTE_LENGTH + 1)),
        "NOTE",
        f"the value is {NOTE_LENGTH + 1:,} characters long; the limit is {NOTE_LENGTH:,}",
        id="oversized-note",
    ),
    pytest.param(
        row(MITIGATIONS="bell\x07"),
        "MITIGATIONS",
        "the value contains control characters",
        id="control-characters",
    ),
    pytest.param(
        row(SUBJECT_TYPE="dog"),
        "SUBJECT_TYPE",
        "'dog' is not one of child, carer, household, home, application, authority",
        id="unknown-subject-type",
    ),
    pytest.param(
        row(SUBJECT_TYPE="authority"),
        "SUBJECT_TYPE",
        "an authority-wide deviation has subject type 'authority' and reference '*'"
        " (and only then)",
        id="authority-with-a-child",
    ),
    pytest.param(
        row(PRINCIPLES="child-centred; speedy"),
        "PRINCIPLES",
        "unknown principle 'speedy'; the DfE principles are child-centred, risk-based,"
        " family-focussed, evidence-informed, collaborative, transparent",
        id="unknown-principle",
    ),
    pytest.param(
        row(COVID_REASON="lockdown"),
        "COVID_REASON",
        "'lockdown' is not one of guidance-contrary, not-reasonably-practicable,"
        " staff-shortage, other",
        id="unknown-covid-reason",
    ),
    pytest.param(
        row(REQUIREMENT="ab"),
        "REQUIREMENT",
        "String should have at least 3 characters",
        id="requirement-too-short",
    ),
]


# RowFields.date's "in the future" and RowFields.ref's "spaces" do not give the value (yet).
WITHOUT_VALUE = ("is in the future", "must not contain spaces")


@pytest.mark.parametrize(("bad", "column", "message"), INVALID)
def test_an_invalid_row_refuses_the_file_naming_row_column_and_reason(
    engine: Engine,
    host: PluginHost,
    tmp_path: Path,
    bad: dict[str, str],
    column: str,
    message: str,
) -> None:
    path = write_csv(tmp_path / "deviations.csv", draft(), bad, draft(SUBJECT_REF="C000003"))

    error = refused(engine, host, path)

    assert [str(p) for p in error.problems] == [
        f"deviations.csv, row 3, column {column}: {message}"
    ]
    assert (error.file, error.row, error.column) == ("deviations.csv", 3, column)
    if not message.endswith(WITHOUT_VALUE):
        assert error.value == (bad[column] or None)


def test_every_bad_row_is_reported_and_nothing_from_the_good_ones_written(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "deviations.csv",
        row(),
        row(SUBJECT_REF="C000002", LIKELIHOOD="0", IMPACT="9"),
        row(SUBJECT_REF="C000003"),
        row(SUBJECT_REF="C000004", RULE="NOPE-1"),
    )

    error = refused(engine, host, path)

    assert [str(p) for p in error.problems] == [
        "deviations.csv, row 3, column LIKELIHOOD: 0 is outside the range 1 to 5",
        "deviations.csv, row 3, column IMPACT: 9 is outside the range 1 to 5",
        "deviations.csv, row 5, column RULE: NOPE-1 is not a rule of any enabled plugin"
        " (see `scrutiny rules list`)",
    ]
    assert str(error).endswith("(and 2 more problems in this file)")


def test_an_invalid_row_in_a_workbook_names_the_sheet(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Deviations"
    sheet.append(list(COLUMNS))
    sheet.append([row()[c] for c in COLUMNS])
    sheet.append([row(SUBJECT_REF="C000002", LIKELIHOOD="6")[c] for c in COLUMNS])
    path = tmp_path / "log.xlsx"
    book.save(path)

    error = refused(engine, host, path)

    assert str(error) == (
        "log.xlsx (sheet Deviations), row 3, column LIKELIHOOD: 6 is outside the range 1 to 5"
    )


def test_the_same_file_twice_is_refused_with_nothing_changed(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "deviations.csv", row(), draft())
    run(engine, host, path)

    error = refused(engine, host, path)

    assert error.message.startswith("was already imported (as deviations.csv, batch ")
    assert len(Register(engine).current_versions()) == 2


def test_a_resaved_copy_cannot_record_the_same_deviations_again(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    run(engine, host, write_csv(tmp_path / "deviations.csv", row(), draft()))
    copy = write_csv(
        tmp_path / "copy.csv",
        draft(SUBJECT_REF="C000050"),
        row(NOTE="re-saved"),
        draft(RATIONALE="Different words, same deviation"),
    )

    error = refused(engine, host, copy)

    assert [str(p) for p in error.problems] == [
        f"copy.csv, row {n}: the register already holds {ref} for the same rule, subject,"
        " count and start (RULE, SUBJECT_TYPE, SUBJECT_REF, COVERS_REQUIREMENT and FROM)"
        for n, ref in ((3, "DEV-000001"), (4, "DEV-000002"))
    ]


def test_a_row_repeating_another_in_the_file_is_refused(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "deviations.csv", draft(), row(), draft(NOTE="again"))

    error = refused(engine, host, path)

    assert str(error) == (
        "deviations.csv, row 4: repeats row 2 (same RULE, SUBJECT_TYPE, SUBJECT_REF,"
        " COVERS_REQUIREMENT and FROM)"
    )


def test_a_file_missing_a_column_is_not_taken_for_a_deviations_file(
    engine: Engine, host: PluginHost, tmp_path: Path
) -> None:
    columns = tuple(c for c in COLUMNS if c != "AUTHORISED_ON")
    path = write_csv(tmp_path / "deviations.csv", row(), columns=columns)

    error = refused(engine, host, path)

    assert error.message == (
        "looks like deviations recorded elsewhere (deviations.csv) but its columns differ"
        " (missing AUTHORISED_ON)"
    )


# The register's side: appending on the import's connection --------------------------


def test_versions_appended_on_a_connection_are_rolled_back_with_it(engine: Engine) -> None:
    register = Register(engine, known_rules=["LAC-SW-VISITS"])
    before = state(engine)

    with pytest.raises(RuntimeError), writer(engine) as conn:
        ref = register.record_on(conn, terms(), by="Sam Worker").deviation_ref
        authorised = register.authorise_on(conn, ref, by="Alex Manager")
        assert (authorised.version, authorised.status) == (2, "authorised")
        raise RuntimeError("the import failed after these were appended")

    assert state(engine) == before
    with writer(engine) as conn:
        again = register.record_on(conn, terms(), by="Sam Worker")
    assert again.deviation_ref == "DEV-000001"
    assert verified(engine)
