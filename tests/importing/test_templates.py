"""What a template says about each column, read from the files' own ``read_row``.

The descriptions are found by watching each plugin's ``read_row`` read made-up rows, so
these tests hold them to what the import really accepts: every column of every file is
described, a column refused when blank is "required" even when its parser alone would
let it be blank, and a column needed only with another says which.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from scrutiny.importing.fields import parse_code
from scrutiny.importing.table_files import RowFields, TableFile, TableFileImporter
from scrutiny.importing.tabular import Row
from scrutiny.importing.templates import (
    Column,
    describe,
    is_description_row,
    template_workbook,
    templates,
)
from scrutiny.plugin_host import PluginHost

TEMPLATE_KINDS = (
    "adoption",
    "care_leavers",
    "fostering",
    "looked_after",
    "residential",
    "safeguarding",
    "visits",
)


def _files(host: PluginHost) -> dict[str, TableFile]:
    return {
        spec.kind: spec
        for importer in host.importers()
        if isinstance(importer, TableFileImporter)
        for spec in importer.files
    }


def _described(host: PluginHost, kind: str) -> dict[str, str]:
    return {c.name: c.description for c in describe(_files(host)[kind])}


def test_every_column_of_every_file_of_every_importer_is_described(host: PluginHost) -> None:
    """Every TableFile any plugin offers, including ones added after this test was written."""
    importers = [i for i in host.importers() if isinstance(i, TableFileImporter)]
    assert {i.name for i in importers} >= set(TEMPLATE_KINDS) - {"visits"}
    undescribed = []
    for importer in importers:
        for spec in importer.files:
            columns = describe(spec)
            assert [c.name for c in columns] == list(spec.columns), spec.kind
            undescribed.extend(
                f"{spec.kind} {c.name}"
                for c in columns
                if c.read.parser == "unread"
                or not c.description.startswith(("required", "optional"))
            )
    assert undescribed == []


def test_visits_columns_say_type_requirement_and_values(host: PluginHost) -> None:
    assert _described(host, "looked_after.visits") == {
        "CHILD": "required · child's reference, no spaces, up to 20 characters",
        "VISIT_DATE": "required · date dd/mm/yyyy · not in the future",
        "MODE": "required · one of: in-person, phone, video",
        "SEEN_ALONE": "optional · one of: yes, no",
        "REMOTE_REASON": "optional · one of: covid-guidance, covid-not-practicable, other",
        "REASON_DETAIL": "optional · text up to 2,000 characters",
    }


def test_a_placement_start_may_be_in_the_future(host: PluginHost) -> None:
    """A placement arranged for a later day may already have its plan (reg 9(1))."""
    described = _described(host, "looked_after.placement_plans")

    assert described["DECOM"] == "required · date dd/mm/yyyy"
    assert described["PLAN_DATE"] == "required · date dd/mm/yyyy · not in the future"


def test_a_column_refused_when_blank_is_required_whatever_its_parser(host: PluginHost) -> None:
    """AREA_AUTHORITY and NOTE are read as free text but refused blank by the plugin."""
    assert _described(host, "looked_after.out_of_area")["AREA_AUTHORITY"] == (
        "required · text up to 80 characters"
    )
    assert _described(host, "residential.reg44_endeavours")["NOTE"] == (
        "required · text up to 2,000 characters"
    )


def test_a_column_needed_with_another_says_which(host: PluginHost) -> None:
    approvals = _described(host, "fostering.approvals")
    referrals = _described(host, "safeguarding.referral_decisions")
    applications = _described(host, "adoption.applications")
    reviews = _described(host, "care_leavers.plan_reviews")

    assert approvals["CHILD"] == (
        "required when TYPE is temporary-connected or temporary-any"
        " · reference, no spaces, up to 40 characters"
    )
    assert approvals["END_REASON"].startswith("required when ENDED is given · one of: ")
    assert approvals["ENDED"] == (
        "required when END_REASON is given · date dd/mm/yyyy · not in the future"
        " · not before APPROVED"
    )
    assert referrals["RESPONSE"].startswith("required when DECIDED is given · one of: nfa, ")
    assert referrals["DECIDED"] == (
        "required when RESPONSE is given · date and time dd/mm/yyyy hh:mm · not in the future"
    )
    # AGENCY_DECISION needs NOTICE_TO_PROCEED, which needs STAGE1_DECISION: the outcome
    # is needed with the decision, not with each column that decision needs.
    assert applications["AGENCY_DECISION_OUTCOME"] == (
        "required when AGENCY_DECISION is given · one of: approve, not-approve"
    )
    assert reviews["REQUESTED_BY"] == (
        "required when REQUESTED is given · one of: young-person, adviser"
    )


def test_numbers_and_orders_of_dates_are_described(host: PluginHost) -> None:
    panels = _described(host, "adoption.panels")
    reviews = _described(host, "care_leavers.plan_reviews")

    assert panels["MEMBERS_PRESENT"] == "required · whole number from 1 to 50"
    assert panels["INDEPENDENT_MEMBERS"] == "required · whole number from 0 to 50"
    assert reviews["REVIEWED"] == (
        "required · date dd/mm/yyyy · not in the future · not before PLAN_DATE, REQUESTED"
    )


def test_column_formats_follow_the_values(host: PluginHost) -> None:
    formats = {c.name: c.number_format for c in describe(_files(host)["residential.events"])}
    panels = {c.name: c.number_format for c in describe(_files(host)["adoption.panels"])}

    assert formats["OCCURRED"] == "dd/mm/yyyy hh:mm"
    assert formats["EVENT"] == formats["TYPE"] == "@"
    assert panels["PANEL_DATE"] == "dd/mm/yyyy"
    assert panels["MEMBERS_PRESENT"] == "0"


# A plugin's own parser, through row.values -----------------------------------------

LEGAL_STATUS = {"C1": "interim care order", "C2": "full care order", "V2": "section 20"}


def _coded(row: RowFields) -> dict[str, Any]:
    child, since = row.child(), row.required_date("SINCE")
    status = parse_code(row.row.values["LS"], row.cell("LS"), LEGAL_STATUS, required=True)
    return {"child_ref": child, "since": since, "status": status, "note": row.text("NOTE")}


CODED = TableFile(
    kind="test.coded",
    name="coded",
    description="a file with a plugin's own codes (coded.csv)",
    columns=("CHILD", "SINCE", "LS", "NOTE"),
    read_row=_coded,
    write=lambda conn, rows, batch_id: None,
    unique=("child_ref",),
)


def test_a_column_read_through_a_plugins_own_parser_is_found_and_described_generically() -> None:
    columns = {c.name: c for c in describe(CODED)}

    assert columns["LS"].read.parser == "other"
    assert columns["LS"].description == "required · as the file's documentation says"
    assert columns["LS"].number_format == "@"
    assert columns["CHILD"].description.startswith("required · child's reference")
    assert columns["SINCE"].description == "required · date dd/mm/yyyy · not in the future"


def test_a_column_no_made_up_row_reaches_claims_nothing() -> None:
    """No sample gets through the code list, so NOTE, read after it, is never reached:
    the test above over every plugin's files makes sure none of theirs is like this."""
    note = describe(CODED)[-1]

    assert (note.read.parser, note.description) == ("unread", "see the file's documentation")


# The description row -------------------------------------------------------------


def _row(columns: tuple[Column, ...], **changed: str) -> Row:
    return Row(2, {c.name: changed.get(c.name, c.description) for c in columns})


def test_the_description_row_is_recognised(host: PluginHost) -> None:
    for spec in _files(host).values():
        assert is_description_row(spec, _row(describe(spec))), spec.kind


@pytest.mark.parametrize(
    "changed",
    [
        {"REASON_DETAIL": "optional · text up to 2,000 characters."},
        {"REASON_DETAIL": ""},
        {"CHILD": "C000123"},
        {"MODE": "Required · one of: in-person, phone, video"},
    ],
)
def test_a_row_differing_in_one_cell_is_data(host: PluginHost, changed: dict[str, str]) -> None:
    spec = _files(host)["looked_after.visits"]

    assert not is_description_row(spec, _row(describe(spec), **changed))


def test_a_data_row_is_never_the_description_row(host: PluginHost) -> None:
    spec = _files(host)["looked_after.visits"]
    row = Row(
        2, dict(zip(spec.columns, ("C1", "01/03/2024", "phone", "yes", "other", "x"), strict=True))
    )

    assert not is_description_row(spec, row)


def test_descriptions_do_not_depend_on_the_day(host: PluginHost) -> None:
    """A template written one year is still recognised the next."""
    spec = _files(host)["looked_after.visits"]
    before = [c.description for c in describe(spec)]
    describe.cache_clear()

    assert [c.description for c in describe(spec)] == before
    assert str(dt.date.today().year) not in " ".join(before)


# Which templates there are -------------------------------------------------------


def test_templates_are_the_table_importers_plus_visits(host: PluginHost) -> None:
    found = templates(host.importers())

    assert set(TEMPLATE_KINDS) <= set(found)
    assert [f.kind for f in found["visits"].files] == ["looked_after.visits"]
    assert found["looked_after"].files[0] is found["visits"].files[0]
    # The CIN census is XML, read by an importer of its own: not a template's sheet.
    assert "cin_census" in {i.name for i in host.importers()}
    assert "cin_census" not in found
    assert all(f.kind.startswith("safeguarding.") for f in found["safeguarding"].files)


def test_deviations_template_is_the_register_importers_file(host: PluginHost) -> None:
    found = templates(host.importers())
    if "register.deviations" not in _files(host):
        pytest.skip("no enabled plugin reads register.deviations (the bulk deviations importer)")

    assert [f.kind for f in found["deviations"].files] == ["register.deviations"]
    # Its importer reads nothing else, so it is offered once, under the file's name.
    assert not any(
        t.files == found["deviations"].files for name, t in found.items() if name != "deviations"
    )


def test_a_template_without_its_importer_is_not_offered() -> None:
    found = templates([])

    assert found == {}


def test_the_workbook_is_an_xlsx_file(host: PluginHost) -> None:
    data = template_workbook(templates(host.importers())["visits"])

    assert data.startswith(b"PK\x03\x04")
