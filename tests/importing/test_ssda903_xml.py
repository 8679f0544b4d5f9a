"""The XML return (root EXPSSDA903) gives the same rows as the CSV set, and bad XML is refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from scrutiny.importing.errors import InputError
from scrutiny.models.imports import ImportBatch
from tests.importing.returns import (
    GOOD_COUNTS,
    contents,
    counts,
    good_return,
    run_import,
    snapshot,
    write_csv_set,
    write_file,
    xml_return,
)


def test_xml_return_gives_the_same_rows_as_the_csv_set(
    sqlite_engine: Engine, new_sqlite: Callable[[str], Engine], tmp_path: Path
) -> None:
    data = good_return()
    run_import(sqlite_engine, *write_csv_set(tmp_path / "csv", data))
    from_xml = new_sqlite("from_xml")
    path = write_file(tmp_path / "xml" / "return.xml", xml_return(data))

    [result] = run_import(from_xml, path)

    assert contents(from_xml) == contents(sqlite_engine)
    assert {k: v for k, v in counts(from_xml).items() if v and k != "import_batch"} == GOOD_COUNTS
    assert result.summary == (
        "SSDA903 2024-25, XML (Header 4 rows, Episodes 4 rows, Reviews 3 rows, UASC 1 row,"
        " OC2 1 row, OC3 1 row, AD1 1 row, PlacedAdoption 1 row, PrevPerm 1 row,"
        " Missing 1 row)"
    )
    with from_xml.connect() as conn:
        batches = conn.execute(
            select(ImportBatch.kind, ImportBatch.source_name, ImportBatch.collection_year)
        ).all()
    assert len(batches) == 10
    assert {(name, year) for _, name, year in batches} == {("return.xml", "2024-25")}


def test_xml_field_error_names_the_child_element_and_column(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    data = good_return()
    data["Episodes"][2]["LS"] = "ZZ"  # C000002, the second CHILD element
    path = write_file(tmp_path / "return.xml", xml_return(data))

    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, path)

    assert str(caught.value).startswith(
        "return.xml, CHILD element 2, column LS: 'ZZ' is not a known code in 2024-25; allowed: C1,"
    )
    assert counts(sqlite_engine)["import_batch"] == 0


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE EXPSSDA903 [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<EXPSSDA903><CHILD><HEADER><CHILDID>&lol4;</CHILDID></HEADER></CHILD></EXPSSDA903>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE EXPSSDA903 [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<EXPSSDA903><CHILD><HEADER><CHILDID>&secret;</CHILDID></HEADER></CHILD></EXPSSDA903>
"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            "<EXPSSDA903><CHILD><HEADER><CHILDID>C000001</HEADER></CHILD></EXPSSDA903>",
            "return.xml: is not well-formed XML (mismatched tag: line 1, column 45)",
            id="mismatched-tag",
        ),
        pytest.param(
            xml_return(good_return())[:-40],
            "return.xml: is not well-formed XML (unclosed token: line 6, column 589)",
            id="cut-short",
        ),
        pytest.param(
            "<RETURN><EXPSSDA903/></RETURN>",
            "return.xml: the root element is <RETURN>, not <EXPSSDA903>",
            id="wrong-root-mentioning-expssda903",
        ),
        pytest.param(
            "<Message><Header/></Message>",
            "return.xml: is an XML file that no importer recognises",
            id="other-xml",
        ),
        pytest.param(
            BILLION_LAUGHS,
            "return.xml: declares a DTD or entities (DTDForbidden), which Scrutiny refuses to read",
            id="billion-laughs",
        ),
        pytest.param(
            EXTERNAL_ENTITY,
            "return.xml: declares a DTD or entities (DTDForbidden), which Scrutiny refuses to read",
            id="external-entity",
        ),
        pytest.param(
            "<EXPSSDA903><CHILD><EPISODE><DECOM>01/05/2024</DECOM></EPISODE></CHILD></EXPSSDA903>",
            "return.xml, CHILD element 1: has no HEADER",
            id="child-without-header",
        ),
        pytest.param(
            "<EXPSSDA903></EXPSSDA903>",
            "return.xml: holds no CHILD records",
            id="no-children",
        ),
    ],
)
def test_bad_xml_is_refused_with_one_message(
    sqlite_engine: Engine, tmp_path: Path, content: str, message: str
) -> None:
    run_import(sqlite_engine, *write_csv_set(tmp_path / "earlier", good_return()))
    before = snapshot(sqlite_engine)
    path = write_file(tmp_path / "new" / "return.xml", content)

    with pytest.raises(InputError) as caught:
        run_import(sqlite_engine, path)

    assert str(caught.value) == message
    assert snapshot(sqlite_engine) == before


def test_xml_elements_scrutiny_does_not_read_are_named_not_dropped_silently(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    xml = xml_return(good_return()).replace(
        "</HEADER>", "<SWEPISODE><SW_ID>SW1</SW_ID></SWEPISODE></HEADER>", 2
    )
    [result] = run_import(sqlite_engine, write_file(tmp_path / "return.xml", xml))
    assert result.summary.endswith("; not read (not a table Scrutiny knows in XML): 2 <SWEPISODE>")
