"""Streaming the SSDA903 XML return into the same rows the CSV files give.

Layout (as DfE's schema and the public validator read it)::

    <EXPSSDA903><CHILD>
      <HEADER> CHILDID SEX DOB … UASC/DUC, OC3 and AD1 fields
        <AREVIEW/> <AMISSING/> <OC2/> <PERMANENCE/> <AD_PLACED/>
      </HEADER>
      <EPISODE> DECOM RNE LS CIN PL … </EPISODE> …
    </CHILD></EXPSSDA903>

Parsed with defusedxml (no entities, no DTDs), one CHILD at a time, clearing each
element once read, so memory stays flat however large the return.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from scrutiny.importing.contract import Advance
from scrutiny.importing.errors import MAX_REPORTED, InputError, InputErrors
from scrutiny.importing.source import SourceFile
from scrutiny.ssda903.tables import BY_NAME

ROOT = "EXPSSDA903"
RENAMED = {"CHILDID": "CHILD", "PL": "PLACE"}
HEADER_SUBTABLES = {
    "AREVIEW": "Reviews",
    "AMISSING": "Missing",
    "OC2": "OC2",
    "PERMANENCE": "PrevPerm",
    "AD_PLACED": "PlacedAdoption",
}
CHILD_SUBTABLES = {"EPISODE": "Episodes"}


@dataclass
class XmlTables:
    """Rows per SSDA903 table, each row tagged with the ordinal of its CHILD element."""

    rows: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    ignored: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, number: int, values: dict[str, str]) -> None:
        self.rows.setdefault(table, []).append((number, values))


def is_ssda903_xml(source: SourceFile) -> bool:
    if source.format != "xml":
        return False
    head = source.data[:4096]
    return f"<{ROOT}".encode() in head


def _leaves(element: Element) -> dict[str, str]:
    return {
        RENAMED.get(node.tag, node.tag): (node.text or "").strip()
        for node in element
        if len(node) == 0
    }


def read_xml(source: SourceFile, advance: Advance = lambda _count: None) -> XmlTables:
    """Every CHILD's rows; a bad CHILD is reported and reading goes on, so that every
    problem is found in one pass (up to a limit)."""
    tables = XmlTables()
    number = 0
    problems: list[InputError] = []
    try:
        events: Iterator[tuple[str, Element]] = iterparse(
            io.BytesIO(source.data), events=("start", "end"), forbid_dtd=True
        )
        depth = 0
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != ROOT:
                    raise InputError(
                        f"the root element is <{element.tag}>, not <{ROOT}>", file=source.name
                    )
                continue
            depth -= 1
            if depth == 1 and element.tag == "CHILD":
                number += 1
                try:
                    _read_child(element, number, tables)
                except InputError as exc:
                    problems.extend(exc.problems)
                    if len(problems) >= MAX_REPORTED:
                        break
                element.clear()
                advance(1)
        if problems:
            raise InputErrors(problems)
    except InputError as exc:
        raise exc.located(file=source.name) from None
    except DefusedXmlException as exc:
        raise InputError(
            f"declares a DTD or entities ({type(exc).__name__}), which Scrutiny refuses to read",
            file=source.name,
        ) from exc
    except ParseError as exc:
        raise InputError(f"is not well-formed XML ({exc})", file=source.name) from exc
    return tables


def _read_child(child: Element, number: int, tables: XmlTables) -> None:
    header = child.find("HEADER")
    if header is None:
        raise InputError("has no HEADER", row=number, row_label="CHILD element")
    header_values = _leaves(header)
    child_ref = header_values.get("CHILD", "")
    dob = header_values.get("DOB", "")
    common = {"CHILD": child_ref, "DOB": dob}
    tables.add("Header", number, {c: header_values.get(c, "") for c in BY_NAME["Header"].columns})
    if header_values.get("DUC") or header_values.get("UASC") in ("1", "True", "true"):
        tables.add(
            "UASC",
            number,
            {**common, "SEX": header_values.get("SEX", ""), "DUC": header_values.get("DUC", "")},
        )
    for name, marker in (("OC3", "IN_TOUCH"), ("AD1", "DATE_INT")):
        if header_values.get(marker):
            values = {c: header_values.get(c, "") for c in BY_NAME[name].columns}
            tables.add(name, number, {**values, **common})
    for sub in header:
        if len(sub) == 0:
            continue
        table = HEADER_SUBTABLES.get(sub.tag)
        if table is None:
            tables.ignored[sub.tag] = tables.ignored.get(sub.tag, 0) + 1
            continue
        values = _leaves(sub)
        tables.add(
            table, number, {**{c: values.get(c, "") for c in BY_NAME[table].columns}, **common}
        )
    for sub in child:
        if sub.tag == "HEADER":
            continue
        table = CHILD_SUBTABLES.get(sub.tag)
        if table is None:
            tables.ignored[sub.tag] = tables.ignored.get(sub.tag, 0) + 1
            continue
        values = _leaves(sub)
        tables.add(
            table, number, {**{c: values.get(c, "") for c in BY_NAME[table].columns}, **common}
        )
