"""Bad input: one message naming file, row and column; the database exactly as before.

Each case imports a good return first, so that there is something to lose, then
imports the bad file(s) from another folder and compares every row of every table
the importers write.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from scrutiny.importing.errors import InputError
from scrutiny.ssda903.tables import BY_NAME
from tests.importing.returns import (
    VISIT_COLUMNS,
    Rows,
    csv_text,
    good_return,
    run_import,
    snapshot,
    write_csv_set,
    write_file,
    xml_return,
)

Files = dict[str, str | bytes]
LS_2024 = "C1, C2, D1, E1, J1, J2, J3, L1, L2, L3, V2, V3, V4"


def table(name: str, edit: Callable[[Rows], object] | None = None) -> str:
    """The good return's ``name`` table as CSV text, after ``edit`` changed its rows."""
    rows = good_return()[name]
    if edit is not None:
        edit(rows)
    return csv_text(BY_NAME[name].columns, rows)


def cell(name: str, index: int, column: str, value: str) -> str:
    """The table with one value changed: data row ``index`` is spreadsheet row index + 2."""
    return table(name, lambda rows: rows[index].update({column: value}))


def episodes(index: int, column: str, value: str) -> Files:
    return {"episodes.csv": cell("Episodes", index, column, value)}


# Files without dates of their own travel with an episodes file, as in a return.
EPISODES = {"episodes.csv": cell("Episodes", 0, "URN", "SC000001")}


def _cut_last_row(text: str) -> str:
    body = text.rstrip("\r\n")
    last = body.rindex("\n") + 1
    return body[: last + len("C000004,01/06/2021,S,C2")]


CASES = [
    pytest.param(
        {"episodes.csv": table("Episodes").replace(",AB1 2CD,AB5", ',"AB1 2CD,AB5')},
        "episodes.csv, row 3: is not well-formed CSV (unexpected end of data)",
        id="unbalanced-quote",
    ),
    pytest.param(
        {"episodes.csv": table("Episodes").replace(",AB1 2CD,AB5", ',"AB1 2CD"X,AB5')},
        "episodes.csv, row 3: is not well-formed CSV (',' expected after '\"')",
        id="text-after-closing-quote",
    ),
    pytest.param(
        {"episodes.csv": _cut_last_row(table("Episodes"))},
        "episodes.csv, row 5: has 4 fields but the header has 13 (is the file complete?)",
        id="half-written-file",
    ),
    pytest.param(
        {"episodes.csv": table("Episodes") + "C000009,01/05/2024,S,C2,N1,U6,PR1,,,,,,,EXTRA\r\n"},
        "episodes.csv, row 6: has 14 fields but the header has 13 (is the file complete?)",
        id="stray-delimiter",
    ),
    pytest.param(
        episodes(0, "LS", "ZZ"),
        f"episodes.csv, row 2, column LS: 'ZZ' is not a known code in 2024-25; allowed: {LS_2024}",
        id="unknown-code",
    ),
    pytest.param(
        episodes(2, "RNE", ""),
        "episodes.csv, row 4, column RNE: a code is required here",
        id="required-code-blank",
    ),
    pytest.param(
        episodes(0, "DECOM", "31/02/2021"),
        "episodes.csv, row 2, column DECOM: '31/02/2021' is not a real date",
        id="impossible-date",
    ),
    pytest.param(
        episodes(1, "DECOM", "06/25/2024"),
        "episodes.csv, row 3, column DECOM: '06/25/2024' is not a real date read day first"
        " (dd/mm/yyyy); it would be one read month first, and Scrutiny does not guess: export"
        " the dates as dd/mm/yyyy or yyyy-mm-dd",
        id="month-first-date-refused",
    ),
    pytest.param(
        episodes(1, "DECOM", "10/06/1850"),
        "episodes.csv, row 3, column DECOM: '10/06/1850' is outside the years 1900 to 2100",
        id="date-out-of-range",
    ),
    pytest.param(
        episodes(2, "DEC", "01/09/2025"),
        "episodes.csv, row 4, column DEC: 01/09/2025 is in the future",
        id="date-in-future",
    ),
    pytest.param(
        {"reviews.csv": cell("Reviews", 0, "REVIEW", "01/01/2015")},
        "reviews.csv, row 2, column REVIEW: 01/01/2015 is before the date of birth 12/03/2015",
        id="event-before-dob-same-row",
    ),
    pytest.param(
        {"header.csv": table("Header"), **episodes(0, "DECOM", "15/05/2014")},
        "episodes.csv, row 2, column DECOM: 15/05/2014 is before the date of birth 12/03/2015",
        id="episode-before-dob-in-header",
    ),
    pytest.param(
        {"header.csv": cell("Header", 0, "DOB", "01/01/2026"), **EPISODES},
        "header.csv, row 2, column DOB: 01/01/2026 is in the future",
        id="dob-in-future",
    ),
    pytest.param(
        episodes(0, "REC", ""),
        "episodes.csv, row 2, column REC: DEC and REC must both be given (episode ended)"
        " or both be blank",
        id="dec-without-rec",
    ),
    pytest.param(
        episodes(2, "DEC", ""),
        "episodes.csv, row 4, column DEC: DEC and REC must both be given (episode ended)"
        " or both be blank",
        id="rec-without-dec",
    ),
    pytest.param(
        episodes(2, "DEC", "01/07/2024"),
        "episodes.csv, row 4, column DEC: 01/07/2024 is before DECOM 01/08/2024",
        id="dec-before-decom",
    ),
    pytest.param(
        {"missing.csv": cell("Missing", 0, "MIS_END", "04/10/2024")},
        "missing.csv, row 2, column MIS_END: 04/10/2024 is before MIS_START 05/10/2024",
        id="missing-end-before-start",
    ),
    pytest.param(
        {"episodes.csv": table("Episodes", lambda rows: rows.append(dict(rows[0])))},
        "episodes.csv, row 6: repeats Episodes row 2 (same CHILD, DECOM)",
        id="duplicate-row",
    ),
    pytest.param(
        {"header.csv": table("Header", lambda rows: rows.insert(2, dict(rows[0]))), **EPISODES},
        "header.csv, row 4: repeats Header row 2 (same CHILD)",
        id="duplicate-child-in-header",
    ),
    pytest.param(
        episodes(0, "HOME_POST", "AB1 2CDXYZ"),
        "episodes.csv, row 2, column HOME_POST: the value is 10 characters long; the limit is 8",
        id="over-column-length",
    ),
    pytest.param(
        episodes(3, "CHILD", "C" * 21),
        "episodes.csv, row 5, column CHILD: the value is 21 characters long; the limit is 20",
        id="child-ref-too-long",
    ),
    pytest.param(
        episodes(0, "HOME_POST", "A" * 200_000),
        "episodes.csv, row 2, column HOME_POST: the value is 200,000 characters long,"
        " over the limit of 100,000",
        id="200k-field",
    ),
    pytest.param(
        episodes(0, "LS", "Z" * 90_000),
        f"episodes.csv, row 2, column LS: '{'Z' * 40}…' is not a known code in 2024-25;"
        f" allowed: {LS_2024}",
        id="huge-code-is-not-echoed-whole",
    ),
    pytest.param(
        episodes(1, "CHILD", "C00\x1b[31m0002"),
        "episodes.csv, row 3, column CHILD: the value contains control characters",
        id="control-characters-in-text",
    ),
    pytest.param(
        {"episodes.csv": table("Episodes").encode().replace(b"C000002", b"C\x00\x00\x002")},
        "episodes.csv: is not a CSV, XML or XLSX file Scrutiny can read (empty, or binary)",
        id="nul-bytes",
    ),
    pytest.param(
        {"reviews.csv": table("Reviews") + "x" * 5_000 + "\x00\r\n"},
        "reviews.csv: the file contains NUL bytes: it is binary or corrupt",
        id="nul-bytes-after-4k",
    ),
    pytest.param(
        {"junk.csv": bytes(range(0x80, 0x100)) * 20},
        "junk.csv: the file is neither UTF-8 nor Windows-1252 text; save it as UTF-8 CSV",
        id="binary-junk",
    ),
    pytest.param(
        {"junk.bin": b"PK\x03\x04" + bytes(range(256))},
        "junk.bin: is not a readable XLSX workbook (BadZipFile); is the file complete?",
        id="zip-not-a-workbook-we-read",
    ),
    pytest.param(
        {"episodes.csv": b""},
        "episodes.csv: is not a CSV, XML or XLSX file Scrutiny can read (empty, or binary)",
        id="empty-file",
    ),
    pytest.param(
        {"episodes.csv": "\r\n  \r\n"},
        "episodes.csv: is not a CSV, XML or XLSX file Scrutiny can read (empty, or binary)",
        id="blank-file",
    ),
    pytest.param(
        {"episodes.csv": "CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC,NOTES\r\n"},
        "episodes.csv: looks like the SSDA903 Episodes table but its columns differ (missing"
        " PLACE_PROVIDER, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN; unexpected NOTES)",
        id="columns-near-episodes",
    ),
    pytest.param(
        {"visits.csv": "CHILD,VISIT_DATE,MODE,SEEN_ALONE,REMOTE_REASON\r\n"},
        "visits.csv: looks like statutory visits (visits.csv) but its columns differ (missing"
        " REASON_DETAIL)",
        id="columns-near-visits",
    ),
    pytest.param(
        {"people.csv": "NAME,AGE\r\nAnn,7\r\n"},
        "people.csv: has columns (NAME, AGE) that match no file Scrutiny reads",
        id="columns-match-nothing",
    ),
    pytest.param(
        {"reviews.csv": "CHILD,DOB,REVIEW,REVIEW_CODE,REVIEW\r\nC000001,,01/07/2024,PN1,\r\n"},
        "reviews.csv, row 1: the column REVIEW appears more than once",
        id="repeated-column",
    ),
]


@pytest.fixture
def loaded(sqlite_engine: Engine, tmp_path: Path) -> Engine:
    """A database holding a 2024-25 return and a visits file."""
    visits = write_file(
        tmp_path / "earlier" / "visits.csv",
        csv_text(VISIT_COLUMNS, [("C000001", "01/08/2024", "in-person", "yes", "", "")]),
    )
    run_import(sqlite_engine, *write_csv_set(tmp_path / "earlier", good_return()), visits)
    return sqlite_engine


def _refused(engine: Engine, paths: list[Path], year: str | None = None) -> str:
    before = snapshot(engine)
    assert all(before[name] for name in ("child", "import_batch", "ssda903_episode"))
    with pytest.raises(InputError) as caught:
        run_import(engine, *paths, year=year)
    assert snapshot(engine) == before
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(("files", "message"), CASES)
def test_bad_file_is_refused_and_changes_nothing(
    loaded: Engine, tmp_path: Path, files: Files, message: str
) -> None:
    paths = [write_file(tmp_path / "new" / name, content) for name, content in files.items()]

    assert _refused(loaded, paths) == message


def test_rows_are_numbered_as_a_spreadsheet_shows_them(loaded: Engine, tmp_path: Path) -> None:
    """A quoted field spanning lines is one row; blank lines still count as rows."""
    text = csv_text(
        VISIT_COLUMNS,
        [
            ("C000001", "01/09/2024", "phone", "no", "other", "line one\nline two\nline three"),
            ("", "", "", "", "", ""),
            ("C000001", "01/10/2024", "in-person", "maybe", "", ""),
        ],
    )
    path = write_file(tmp_path / "new" / "visits.csv", text)

    assert _refused(loaded, [path]) == (
        "visits.csv, row 4, column SEEN_ALONE: 'maybe' is not one of yes, no"
    )


def test_the_same_file_again_is_refused_naming_the_earlier_batch(
    loaded: Engine, tmp_path: Path
) -> None:
    again = tmp_path / "again" / "episodes-copy.csv"
    again.parent.mkdir()
    shutil.copyfile(tmp_path / "earlier" / "episodes.csv", again)

    message = _refused(loaded, [again])

    assert re.fullmatch(
        r"episodes-copy\.csv: was already imported \(as episodes\.csv, batch \d+, on"
        r" \d\d \w{3} \d{4} \d\d:\d\d UTC\); nothing was imported again",
        message,
    ), message


def test_the_same_content_twice_in_one_import_is_refused(loaded: Engine, tmp_path: Path) -> None:
    text = cell("Episodes", 0, "URN", "SC000001")
    first = write_file(tmp_path / "a" / "episodes.csv", text)
    second = write_file(tmp_path / "b" / "episodes.csv", text)

    assert _refused(loaded, [first, second]) == (
        "episodes.csv: has the same content as episodes.csv, given in the same import"
    )


def test_a_missing_path_is_refused(loaded: Engine, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "episodes.csv"

    assert _refused(loaded, [missing]) == f"{missing}: no such file"


def test_one_bad_file_in_a_set_writes_nothing_from_any(engine: Engine, tmp_path: Path) -> None:
    """Runs on SQLite and PostgreSQL: good files before and after the bad one are not kept."""
    run_import(engine, *write_csv_set(tmp_path / "earlier", good_return()))
    data = good_return()
    data["Header"].append(
        {"CHILD": "C000009", "SEX": "F", "DOB": "01/01/2012", "ETHNIC": "WBRI", "UPN": "",
         "MOTHER": "", "MC_DOB": ""}
    )  # fmt: skip
    data["Episodes"].append(data["Episodes"][0] | {"CHILD": "C000009", "URN": "SC999999"})
    data["Missing"][0]["MISSING"] = "X"
    data["Reviews"].append(
        {"CHILD": "C000009", "DOB": "", "REVIEW": "01/02/2025", "REVIEW_CODE": ""}
    )
    paths = write_csv_set(tmp_path / "later", data)
    visits = write_file(
        tmp_path / "later" / "visits.csv",
        csv_text(VISIT_COLUMNS, [("C000009", "02/02/2025", "video", "", "other", "")]),
    )

    message = _refused(engine, [*paths, visits])

    assert message == (
        "missing.csv, row 2, column MISSING: 'X' is not a known code in 2024-25; allowed: A, M"
    )


def test_a_database_failure_mid_write_rolls_back_that_file(engine: Engine, tmp_path: Path) -> None:
    """A file that passes every check but that the database refuses leaves nothing of itself:
    the Header part of the XML, written before the Missing part that fails, is rolled back."""
    run_import(engine, *write_csv_set(tmp_path / "earlier", good_return()))
    with engine.begin() as conn:  # a constraint the checks know nothing about
        conn.exec_driver_sql("CREATE UNIQUE INDEX test_one_per_code ON ssda903_missing (missing)")
    before = snapshot(engine)
    data = good_return()
    data["Header"][0]["UPN"] = "Z999999999999"
    data["Missing"].append(
        {"CHILD": "C000001", "DOB": "", "MISSING": "M", "MIS_START": "01/03/2025", "MIS_END": ""}
    )
    path = write_file(tmp_path / "later" / "return.xml", xml_return(data))

    with pytest.raises(InputError) as caught:
        run_import(engine, path)

    assert re.fullmatch(
        r"return\.xml: could not be stored \((IntegrityError|UniqueViolation)\);"
        r" nothing was imported",
        str(caught.value),
    ), caught.value
    assert snapshot(engine) == before


def test_year_given_for_a_file_without_dates(loaded: Engine, tmp_path: Path) -> None:
    path = write_file(tmp_path / "new" / "oc2.csv", cell("OC2", 0, "SDQ_SCORE", "41"))

    message = _refused(loaded, [path], year="2024-25")

    assert message == "oc2.csv, row 2, column SDQ_SCORE: 41 is outside the range 0 to 40"


def test_every_bad_row_of_every_table_and_file_is_reported_not_just_the_first(
    loaded: Engine, tmp_path: Path
) -> None:
    def two_bad(rows: Rows) -> None:
        rows[0]["DECOM"] = "31/02/2024"
        rows[2]["LS"] = "ZZ"

    folder = tmp_path / "new"
    paths = [
        write_file(folder / "episodes.csv", table("Episodes", two_bad)),
        write_file(folder / "reviews.csv", cell("Reviews", 1, "REVIEW", "2024-13-01")),
    ]
    before = snapshot(loaded)
    with pytest.raises(InputError) as caught:
        run_import(loaded, *paths)

    assert snapshot(loaded) == before
    assert [(p.file, p.row, p.column) for p in caught.value.problems] == [
        ("episodes.csv", 2, "DECOM"),
        ("episodes.csv", 4, "LS"),
        ("reviews.csv", 3, "REVIEW"),
    ]
    assert str(caught.value).endswith("(and 2 more problems in 2 files)")


def test_every_bad_child_in_an_xml_return_is_reported(loaded: Engine, tmp_path: Path) -> None:
    data = good_return()
    data["Episodes"][0]["RNE"] = "Q"
    data["Reviews"][1]["REVIEW"] = "not a date"
    path = write_file(tmp_path / "new" / "return.xml", xml_return(data))

    with pytest.raises(InputError) as caught:
        run_import(loaded, path)

    assert [(p.column, p.row_label) for p in caught.value.problems] == [
        ("RNE", "CHILD element"),
        ("REVIEW", "CHILD element"),
    ]
