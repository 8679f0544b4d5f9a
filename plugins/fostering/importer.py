"""Importing the fostering plugin's files (documented in docs/domains/fostering.md).

Each file is a CSV, or a sheet of an XLSX workbook, with these columns:

- ``carers.csv``: CARER, HOUSEHOLD, RESIDENCE_LA
- ``approvals.csv``: CARER, TYPE, APPROVED, CHILD, ASSESSED, MAX_CHILDREN, ENDED, END_REASON
- ``extensions.csv``: CARER, APPROVED, EXTENDED, WEEKS, PANEL_VIEWS_SOUGHT, IRO_INFORMED,
  NOMINATED_OFFICER_APPROVED, IRM_REVIEW_REQUESTED, IRM_OUTCOME
- ``emergency_placements.csv``: CARER, CHILD, PLACED, TERMS_AMENDED, ENDED
- ``household_children.csv``: CARER, CHILD, ARRANGEMENT, STARTED, ENDED, SIBLING_GROUP
- ``exemptions.csv``: EXEMPTION, CARER, CHILD, VALID_FROM, VALID_UNTIL, GRANTED_BY_LA,
  CONDITIONS (one row per child the exemption names)
- ``short_breaks.csv``: CHILD, CARER, STARTED, ENDED
- ``carer_reviews.csv``: CARER, REVIEWED, PANEL

Lists of what is open (approvals, placements, exemptions, short breaks) speak for the
days up to the day they are imported: a blank end date means "still open then".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection

from scrutiny.db.base import table_of
from scrutiny.importing.errors import InputError
from scrutiny.importing.table_files import RowFields, TableFile, TableFileImporter
from scrutiny.importing.upsert import RefColumn, ref_ids, rows_writer, upsert
from scrutiny.models.child import Child
from scrutiny.plugins.fostering.models import (
    APPROVAL_TYPES,
    ARRANGEMENTS,
    END_REASONS,
    TEMPORARY_TYPES,
    Approval,
    Carer,
    CarerReview,
    EmergencyPlacement,
    Exemption,
    ExemptionChild,
    Extension,
    Household,
    HouseholdChild,
    ShortBreak,
)

LA_CODE = 10
CHILD = RefColumn("child_ref", table_of(Child), "child_ref", "child_id")
CARER = RefColumn("carer_ref", table_of(Carer), "carer_ref", "carer_id")
MAX_EXTENSION_WEEKS = 52


def _carer(row: RowFields) -> dict[str, Any]:
    return {
        "carer_ref": row.ref("CARER"),
        "household_ref": row.ref("HOUSEHOLD"),
        "residence_la": row.optional_ref("RESIDENCE_LA", max_length=LA_CODE),
    }


def _write_carers(conn: Connection, rows: Sequence[Mapping[str, Any]], batch_id: int) -> None:
    households = {r["household_ref"]: r["residence_la"] for r in rows}
    upsert(
        conn,
        table_of(Household),
        [
            {"household_ref": ref, "residence_la": la, "import_batch_id": batch_id}
            for ref, la in sorted(households.items())
        ],
        key=("household_ref",),
    )
    ids = ref_ids(conn, table_of(Household), "household_ref", set(households), batch_id)
    upsert(
        conn,
        table_of(Carer),
        [
            {
                "carer_ref": r["carer_ref"],
                "household_id": ids[r["household_ref"]],
                "import_batch_id": batch_id,
            }
            for r in rows
        ],
        key=("carer_ref",),
    )


def _approval(row: RowFields) -> dict[str, Any]:
    kind = row.choice("TYPE", APPROVAL_TYPES)
    approved = row.required_date("APPROVED")
    child = row.ref("CHILD", required=kind in TEMPORARY_TYPES)
    if kind == "full" and child:
        raise row.error("CHILD", "a full approval is not for a named child; leave CHILD blank")
    assessed = row.date("ASSESSED")
    ended = row.date("ENDED")
    reason = row.choice("END_REASON", END_REASONS, required=ended is not None)
    if reason is not None and ended is None:
        raise row.error("ENDED", "END_REASON is given, so the date the approval ended is needed")
    row.not_before("ENDED", ended, "APPROVED", approved)
    return {
        "carer_ref": row.ref("CARER"),
        "approval_type": kind,
        "approved_on": approved,
        "child_ref": child or None,
        "assessed_on": assessed,
        "max_children": row.whole("MAX_CHILDREN", minimum=1, maximum=20),
        "ended_on": ended,
        "end_reason": reason,
    }


def _extension(row: RowFields) -> dict[str, Any]:
    approved = row.required_date("APPROVED")
    extended = row.required_date("EXTENDED")
    row.not_before("EXTENDED", extended, "APPROVED", approved)
    requested = row.yes_no("IRM_REVIEW_REQUESTED")
    outcome = row.date("IRM_OUTCOME")
    if outcome is not None and not requested:
        raise row.error("IRM_OUTCOME", "an IRM outcome is given but no IRM review was requested")
    return {
        "carer_ref": row.ref("CARER"),
        "approved_on": approved,
        "extended_on": extended,
        "weeks": row.whole("WEEKS", minimum=1, maximum=MAX_EXTENSION_WEEKS),
        "panel_views_sought_on": row.date("PANEL_VIEWS_SOUGHT"),
        "iro_informed_on": row.date("IRO_INFORMED"),
        "nominated_officer_on": row.date("NOMINATED_OFFICER_APPROVED"),
        "irm_review_requested": requested,
        "irm_outcome_on": outcome,
    }


def _emergency(row: RowFields) -> dict[str, Any]:
    placed = row.required_date("PLACED")
    amended = row.date("TERMS_AMENDED")
    ended = row.date("ENDED")
    row.not_before("TERMS_AMENDED", amended, "PLACED", placed)
    row.not_before("ENDED", ended, "PLACED", placed)
    return {
        "carer_ref": row.ref("CARER"),
        "child_ref": row.child(),
        "placed_on": placed,
        "terms_amended_on": amended,
        "ended_on": ended,
    }


def _household_child(row: RowFields) -> dict[str, Any]:
    started = row.required_date("STARTED")
    ended = row.date("ENDED")
    row.not_before("ENDED", ended, "STARTED", started)
    return {
        "carer_ref": row.ref("CARER"),
        "child_ref": row.child(),
        "arrangement": row.choice("ARRANGEMENT", ARRANGEMENTS),
        "started_on": started,
        "ended_on": ended,
        "sibling_group": row.optional_ref("SIBLING_GROUP"),
    }


EXEMPTION_TERMS = ("carer_ref", "valid_from", "valid_until", "granted_by_la", "conditions")
EXEMPTION_COLUMNS = dict(
    zip(
        EXEMPTION_TERMS,
        ("CARER", "VALID_FROM", "VALID_UNTIL", "GRANTED_BY_LA", "CONDITIONS"),
        strict=True,
    )
)


def _exemption(row: RowFields) -> dict[str, Any]:
    valid_from = row.required_date("VALID_FROM")
    valid_until = row.date("VALID_UNTIL", future=True)
    row.not_before("VALID_UNTIL", valid_until, "VALID_FROM", valid_from)
    return {
        "exemption_ref": row.ref("EXEMPTION"),
        "carer_ref": row.ref("CARER"),
        "child_ref": row.child(),
        "valid_from": valid_from,
        "valid_until": valid_until,
        "granted_by_la": row.optional_ref("GRANTED_BY_LA", max_length=LA_CODE),
        "conditions": row.text("CONDITIONS"),
    }


def _exemption_rows_agree(label: str, rows: Sequence[tuple[int, Mapping[str, Any]]]) -> None:
    """Every row of one exemption repeats its terms; only the named child differs."""
    first: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for number, values in rows:
        ref = values["exemption_ref"]
        if ref not in first:
            first[ref] = (number, values)
            continue
        earlier_number, earlier = first[ref]
        for term in EXEMPTION_TERMS:
            if values[term] != earlier[term]:
                raise InputError(
                    f"differs from row {earlier_number}, another row of exemption {ref}"
                    " (only CHILD may differ between the rows of one exemption)",
                    file=label,
                    row=number,
                    column=EXEMPTION_COLUMNS[term],
                )


def _write_exemptions(conn: Connection, rows: Sequence[Mapping[str, Any]], batch_id: int) -> None:
    carers = ref_ids(conn, table_of(Carer), "carer_ref", {r["carer_ref"] for r in rows}, batch_id)
    terms = {r["exemption_ref"]: r for r in rows}
    upsert(
        conn,
        table_of(Exemption),
        [
            {
                "exemption_ref": ref,
                "carer_id": carers[r["carer_ref"]],
                "valid_from": r["valid_from"],
                "valid_until": r["valid_until"],
                "granted_by_la": r["granted_by_la"],
                "conditions": r["conditions"],
                "import_batch_id": batch_id,
            }
            for ref, r in sorted(terms.items())
        ],
        key=("exemption_ref",),
    )
    exemptions = ref_ids(conn, table_of(Exemption), "exemption_ref", set(terms), batch_id)
    write_children = rows_writer(table_of(ExemptionChild), ("exemption_id", "child_id"), (CHILD,))
    write_children(
        conn,
        [
            {"exemption_id": exemptions[r["exemption_ref"]], "child_ref": r["child_ref"]}
            for r in rows
        ],
        batch_id,
    )


def _short_break(row: RowFields) -> dict[str, Any]:
    started = row.required_date("STARTED")
    ended = row.date("ENDED")
    row.not_before("ENDED", ended, "STARTED", started)
    return {
        "child_ref": row.child(),
        "carer_ref": row.optional_ref("CARER"),
        "started_on": started,
        "ended_on": ended,
    }


def _review(row: RowFields) -> dict[str, Any]:
    return {
        "carer_ref": row.ref("CARER"),
        "reviewed_on": row.required_date("REVIEWED"),
        "to_panel": row.yes_no("PANEL"),
    }


FILES = (
    TableFile(
        kind="fostering.carers",
        name="carers",
        description="foster carers and their households (carers.csv)",
        columns=("CARER", "HOUSEHOLD", "RESIDENCE_LA"),
        read_row=_carer,
        write=_write_carers,
        tables=(table_of(Household), table_of(Carer)),
        unique=("carer_ref",),
        unique_label="same carer",
        current=True,
    ),
    TableFile(
        kind="fostering.approvals",
        name="approvals",
        description="foster carer approvals (approvals.csv)",
        columns=(
            "CARER",
            "TYPE",
            "APPROVED",
            "CHILD",
            "ASSESSED",
            "MAX_CHILDREN",
            "ENDED",
            "END_REASON",
        ),
        read_row=_approval,
        write=rows_writer(
            table_of(Approval), ("carer_id", "approved_on", "approval_type"), (CARER, CHILD)
        ),
        unique=("carer_ref", "approved_on", "approval_type"),
        unique_label="same carer, type and date of approval",
        dated=("approved_on",),
        current=True,
    ),
    TableFile(
        kind="fostering.extensions",
        name="extensions",
        description="extensions of temporary approvals (extensions.csv)",
        columns=(
            "CARER",
            "APPROVED",
            "EXTENDED",
            "WEEKS",
            "PANEL_VIEWS_SOUGHT",
            "IRO_INFORMED",
            "NOMINATED_OFFICER_APPROVED",
            "IRM_REVIEW_REQUESTED",
            "IRM_OUTCOME",
        ),
        read_row=_extension,
        write=rows_writer(
            table_of(Extension), ("carer_id", "approved_on", "extended_on"), (CARER,)
        ),
        unique=("carer_ref", "approved_on", "extended_on"),
        unique_label="same carer, approval and extension date",
        dated=("extended_on",),
        current=True,
        may_be_empty=True,
    ),
    TableFile(
        kind="fostering.emergency_placements",
        name="emergency_placements",
        description="emergency placements outside terms of approval (emergency_placements.csv)",
        columns=("CARER", "CHILD", "PLACED", "TERMS_AMENDED", "ENDED"),
        read_row=_emergency,
        write=rows_writer(
            table_of(EmergencyPlacement), ("carer_id", "child_id", "placed_on"), (CARER, CHILD)
        ),
        unique=("carer_ref", "child_ref", "placed_on"),
        unique_label="same carer, child and date",
        dated=("placed_on",),
        current=True,
        may_be_empty=True,
    ),
    TableFile(
        kind="fostering.household_children",
        name="household_children",
        description="children living in foster households (household_children.csv)",
        columns=("CARER", "CHILD", "ARRANGEMENT", "STARTED", "ENDED", "SIBLING_GROUP"),
        read_row=_household_child,
        write=rows_writer(
            table_of(HouseholdChild), ("carer_id", "child_id", "started_on"), (CARER, CHILD)
        ),
        unique=("carer_ref", "child_ref", "started_on"),
        unique_label="same carer, child and start date",
        dated=("started_on",),
        current=True,
    ),
    TableFile(
        kind="fostering.exemptions",
        name="exemptions",
        description="usual fostering limit exemptions (exemptions.csv)",
        columns=(
            "EXEMPTION",
            "CARER",
            "CHILD",
            "VALID_FROM",
            "VALID_UNTIL",
            "GRANTED_BY_LA",
            "CONDITIONS",
        ),
        read_row=_exemption,
        write=_write_exemptions,
        tables=(table_of(Exemption), table_of(ExemptionChild)),
        unique=("exemption_ref", "child_ref"),
        unique_label="same exemption and child",
        dated=("valid_from",),
        current=True,
        may_be_empty=True,
        check_rows=_exemption_rows_agree,
    ),
    TableFile(
        kind="fostering.short_breaks",
        name="short_breaks",
        description="short-break stays (short_breaks.csv)",
        columns=("CHILD", "CARER", "STARTED", "ENDED"),
        read_row=_short_break,
        write=rows_writer(table_of(ShortBreak), ("child_id", "started_on"), (CHILD, CARER)),
        unique=("child_ref", "started_on"),
        unique_label="same child and start date",
        dated=("started_on",),
        current=True,
        may_be_empty=True,
    ),
    TableFile(
        kind="fostering.reviews",
        name="carer_reviews",
        description="foster carer reviews (carer_reviews.csv)",
        columns=("CARER", "REVIEWED", "PANEL"),
        read_row=_review,
        write=rows_writer(table_of(CarerReview), ("carer_id", "reviewed_on"), (CARER,)),
        unique=("carer_ref", "reviewed_on"),
        unique_label="same carer and date",
        dated=("reviewed_on",),
        may_be_empty=True,
    ),
)


def fostering_importer() -> TableFileImporter:
    return TableFileImporter("fostering", "Fostering: carers, approvals and placements", FILES)
