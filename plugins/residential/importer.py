"""Importing the residential plugin's files (documented in docs/domains/residential.md).

Each file is a CSV, or a sheet of an XLSX workbook, with these columns:

- ``homes.csv``: HOME, URN, REGISTERED, CEASED, SECURE
- ``events.csv`` (regulation 40): EVENT, HOME, TYPE, OCCURRED, CHILD, and the date and
  time each recipient was told: OFSTED, PLACING_AUTHORITY, SECRETARY_OF_STATE,
  HOST_AUTHORITY, ICB, PPO (blank: not told)
- ``reg44_visits.csv``: HOME, VISITED, MODE, INDEPENDENT, REPORT_TO_OFSTED
- ``reg44_endeavours.csv``: HOME, MONTH, NOTE
- ``reg45_reviews.csv``: HOME, REVIEWED, REPORT_TO_OFSTED
- ``manager_absences.csv`` (regulation 48): HOME, STARTED, EXPECTED_END, ENDED, PLANNED,
  NOTICE_GIVEN, RETURN_NOTIFIED
- ``change_notices.csv`` (regulation 49): HOME, CHANGE, CHANGED, NOTIFIED
- ``closures.csv``: HOME, CLOSES, NOTIFIED, APPLIED, PROPOSAL_NOTICE, PROPOSAL_DROPPED,
  DECISION_NOTICE
- ``placements.csv``: CHILD, STARTED, ENDED, PROVIDER, URN, SETTING, CARE_PROVIDED,
  OTHER_ARRANGEMENTS

Every file is the council's record as it stands on the day it is imported, so each
speaks for the days up to the import day: a visit, review or notification not in it
had not happened by then. Times are local (England) times, ``dd/mm/YYYY HH:MM``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, select

from scrutiny.db.base import table_of
from scrutiny.importing.fields import england_to_utc
from scrutiny.importing.table_files import RowFields, TableFile, TableFileImporter
from scrutiny.importing.upsert import RefColumn, rows_writer, upsert
from scrutiny.models.child import Child
from scrutiny.plugins.residential.models import (
    CHANGES,
    EVENT_TYPES,
    RECIPIENTS,
    SETTINGS,
    URN,
    VISIT_MODES,
    ChangeNotice,
    Closure,
    EventNotification,
    Home,
    IndependentVisit,
    ManagerAbsence,
    NotifiableEvent,
    QualityReview,
    ResidentialPlacement,
    VisitEndeavour,
)

NO_URN = "XXXXXXX"  # SSDA903's "no URN", accepted here too
HOME = RefColumn("home_ref", table_of(Home), "home_ref", "home_id")
CHILD = RefColumn("child_ref", table_of(Child), "child_ref", "child_id")
RECIPIENT_COLUMNS = dict(
    zip(
        RECIPIENTS,
        ("OFSTED", "PLACING_AUTHORITY", "SECRETARY_OF_STATE", "HOST_AUTHORITY", "ICB", "PPO"),
        strict=True,
    )
)


def _urn(row: RowFields, column: str = "URN") -> str | None:
    value = row.optional_ref(column, max_length=URN)
    return None if value is None or value.upper() == NO_URN else value


def _home(row: RowFields) -> dict[str, Any]:
    registered = row.date("REGISTERED")
    ceased = row.date("CEASED")
    row.not_before("CEASED", ceased, "REGISTERED", registered)
    return {
        "home_ref": row.ref("HOME"),
        "urn": _urn(row),
        "registered_on": registered,
        "ceased_on": ceased,
        "secure": row.yes_no("SECURE"),
    }


def _event(row: RowFields) -> dict[str, Any]:
    occurred = row.datetime("OCCURRED", required=True)
    assert occurred is not None
    notified: dict[str, dt.datetime] = {}
    for recipient, column in RECIPIENT_COLUMNS.items():
        told = row.datetime(column)
        if told is None:
            continue
        if told < occurred:
            raise row.error(
                column,
                f"{told:%d/%m/%Y %H:%M} is before the event (OCCURRED {occurred:%d/%m/%Y %H:%M})",
            )
        notified[recipient] = told
    return {
        "event_ref": row.ref("EVENT"),
        "home_ref": row.ref("HOME"),
        "event_type": row.choice("TYPE", EVENT_TYPES),
        "occurred_at": england_to_utc(occurred),
        "occurred_on": occurred.date(),
        "child_ref": row.optional_ref("CHILD"),
        "notified": notified,
    }


_write_event_rows = rows_writer(table_of(NotifiableEvent), ("event_ref",), (HOME, CHILD))


def _write_events(conn: Connection, rows: Sequence[Mapping[str, Any]], batch_id: int) -> None:
    _write_event_rows(
        conn, [{k: v for k, v in r.items() if k != "notified"} for r in rows], batch_id
    )
    events = table_of(NotifiableEvent)
    refs = [r["event_ref"] for r in rows]
    ids = dict(
        conn.execute(
            select(events.c.event_ref, events.c.id).where(events.c.event_ref.in_(refs))
        ).all()
    )
    upsert(
        conn,
        table_of(EventNotification),
        [
            {
                "event_id": ids[r["event_ref"]],
                "recipient": recipient,
                "notified_at": england_to_utc(told),
                "notified_on": told.date(),
                "import_batch_id": batch_id,
            }
            for r in rows
            for recipient, told in r["notified"].items()
        ],
        key=("event_id", "recipient"),
    )


def _visit(row: RowFields) -> dict[str, Any]:
    visited = row.required_date("VISITED")
    report = row.date("REPORT_TO_OFSTED")
    row.not_before("REPORT_TO_OFSTED", report, "VISITED", visited)
    independent = row.yes_no("INDEPENDENT", required=True)
    return {
        "home_ref": row.ref("HOME"),
        "visited_on": visited,
        "mode": row.choice("MODE", VISIT_MODES),
        "independent": independent,
        "report_to_ofsted_on": report,
    }


def _endeavour(row: RowFields) -> dict[str, Any]:
    month = row.required_date("MONTH")
    if month.day != 1:
        raise row.error("MONTH", f"{month:%d/%m/%Y} is not the first day of a month")
    note = row.text("NOTE")
    if not note:
        raise row.error("NOTE", "a value is required here")
    return {"home_ref": row.ref("HOME"), "month_start": month, "note": note}


def _review(row: RowFields) -> dict[str, Any]:
    reviewed = row.required_date("REVIEWED")
    report = row.date("REPORT_TO_OFSTED")
    row.not_before("REPORT_TO_OFSTED", report, "REVIEWED", reviewed)
    return {"home_ref": row.ref("HOME"), "reviewed_on": reviewed, "report_to_ofsted_on": report}


def _absence(row: RowFields) -> dict[str, Any]:
    started = row.required_date("STARTED", future=True)
    expected = row.date("EXPECTED_END", future=True)
    ended = row.date("ENDED")
    row.not_before("EXPECTED_END", expected, "STARTED", started)
    row.not_before("ENDED", ended, "STARTED", started)
    returned = row.date("RETURN_NOTIFIED")
    if returned is not None and ended is None:
        raise row.error(
            "RETURN_NOTIFIED", "the return is notified, so ENDED (the return) is needed"
        )
    if ended is None and expected is None and started > row.today:
        raise row.error("EXPECTED_END", "a planned absence needs the day it is expected to end")
    return {
        "home_ref": row.ref("HOME"),
        "started_on": started,
        "expected_end": expected,
        "ended_on": ended,
        "planned": row.yes_no("PLANNED", required=True),
        "notice_given_on": row.date("NOTICE_GIVEN"),
        "return_notified_on": returned,
    }


def _change(row: RowFields) -> dict[str, Any]:
    return {
        "home_ref": row.ref("HOME"),
        "change": row.choice("CHANGE", CHANGES),
        "changed_on": row.required_date("CHANGED"),
        "notified_on": row.date("NOTIFIED"),
    }


def _closure(row: RowFields) -> dict[str, Any]:
    proposal = row.date("PROPOSAL_NOTICE")
    dropped = row.date("PROPOSAL_DROPPED")
    if dropped is not None and proposal is None:
        raise row.error("PROPOSAL_DROPPED", "no PROPOSAL_NOTICE is given for Ofsted to drop")
    row.not_before("PROPOSAL_DROPPED", dropped, "PROPOSAL_NOTICE", proposal)
    return {
        "home_ref": row.ref("HOME"),
        "closes_on": row.required_date("CLOSES", future=True),
        "notified_on": row.date("NOTIFIED"),
        "applied_on": row.date("APPLIED"),
        "proposal_notice_on": proposal,
        "proposal_dropped_on": dropped,
        "decision_notice_on": row.date("DECISION_NOTICE"),
    }


def _placement(row: RowFields) -> dict[str, Any]:
    started = row.required_date("STARTED")
    ended = row.date("ENDED")
    row.not_before("ENDED", ended, "STARTED", started)
    return {
        "child_ref": row.child(),
        "started_on": started,
        "ended_on": ended,
        "provider_ref": row.ref("PROVIDER"),
        "urn": _urn(row),
        "setting": row.choice("SETTING", SETTINGS),
        "care_provided": row.yes_no("CARE_PROVIDED", required=True),
        "other_arrangements": row.yes_no("OTHER_ARRANGEMENTS", required=True),
    }


FILES = (
    TableFile(
        kind="residential.homes",
        name="homes",
        description="children's homes (homes.csv)",
        columns=("HOME", "URN", "REGISTERED", "CEASED", "SECURE"),
        read_row=_home,
        write=rows_writer(table_of(Home), ("home_ref",)),
        unique=("home_ref",),
        unique_label="same home",
        dated=("registered_on",),
        current=True,
    ),
    TableFile(
        kind="residential.events",
        name="events",
        description="regulation 40 notifiable events (events.csv)",
        columns=("EVENT", "HOME", "TYPE", "OCCURRED", "CHILD", *RECIPIENT_COLUMNS.values()),
        read_row=_event,
        write=_write_events,
        tables=(table_of(NotifiableEvent), table_of(EventNotification)),
        unique=("event_ref",),
        unique_label="same event",
        dated=("occurred_on",),
        current=True,
        may_be_empty=True,
    ),
    TableFile(
        kind="residential.reg44_visits",
        name="reg44_visits",
        description="regulation 44 independent visits (reg44_visits.csv)",
        columns=("HOME", "VISITED", "MODE", "INDEPENDENT", "REPORT_TO_OFSTED"),
        read_row=_visit,
        write=rows_writer(table_of(IndependentVisit), ("home_id", "visited_on"), (HOME,)),
        unique=("home_ref", "visited_on"),
        unique_label="same home and day",
        dated=("visited_on",),
        current=True,
    ),
    TableFile(
        kind="residential.reg44_endeavours",
        name="reg44_endeavours",
        description="months without a regulation 44 visit (reg44_endeavours.csv)",
        columns=("HOME", "MONTH", "NOTE"),
        read_row=_endeavour,
        write=rows_writer(table_of(VisitEndeavour), ("home_id", "month_start"), (HOME,)),
        unique=("home_ref", "month_start"),
        unique_label="same home and month",
        dated=("month_start",),
        may_be_empty=True,
    ),
    TableFile(
        kind="residential.reg45_reviews",
        name="reg45_reviews",
        description="regulation 45 quality-of-care reviews (reg45_reviews.csv)",
        columns=("HOME", "REVIEWED", "REPORT_TO_OFSTED"),
        read_row=_review,
        write=rows_writer(table_of(QualityReview), ("home_id", "reviewed_on"), (HOME,)),
        unique=("home_ref", "reviewed_on"),
        unique_label="same home and day",
        dated=("reviewed_on",),
        current=True,
    ),
    TableFile(
        kind="residential.manager_absences",
        name="manager_absences",
        description="regulation 48 manager absences (manager_absences.csv)",
        columns=(
            "HOME",
            "STARTED",
            "EXPECTED_END",
            "ENDED",
            "PLANNED",
            "NOTICE_GIVEN",
            "RETURN_NOTIFIED",
        ),
        read_row=_absence,
        write=rows_writer(table_of(ManagerAbsence), ("home_id", "started_on"), (HOME,)),
        unique=("home_ref", "started_on"),
        unique_label="same home and start",
        dated=("started_on",),
        current=True,
        may_be_empty=True,
    ),
    TableFile(
        kind="residential.change_notices",
        name="change_notices",
        description="regulation 49 changes and notices (change_notices.csv)",
        columns=("HOME", "CHANGE", "CHANGED", "NOTIFIED"),
        read_row=_change,
        write=rows_writer(table_of(ChangeNotice), ("home_id", "change", "changed_on"), (HOME,)),
        unique=("home_ref", "change", "changed_on"),
        unique_label="same home, change and day",
        dated=("changed_on",),
        current=True,
        may_be_empty=True,
    ),
    TableFile(
        kind="residential.closures",
        name="closures",
        description="home closures and cancellations (closures.csv)",
        columns=(
            "HOME",
            "CLOSES",
            "NOTIFIED",
            "APPLIED",
            "PROPOSAL_NOTICE",
            "PROPOSAL_DROPPED",
            "DECISION_NOTICE",
        ),
        read_row=_closure,
        write=rows_writer(table_of(Closure), ("home_id", "closes_on"), (HOME,)),
        unique=("home_ref", "closes_on"),
        unique_label="same home and closing day",
        dated=("closes_on",),
        current=True,
        may_be_empty=True,
    ),
    TableFile(
        kind="residential.placements",
        name="placements",
        description="placements in residential provision (placements.csv)",
        columns=(
            "CHILD",
            "STARTED",
            "ENDED",
            "PROVIDER",
            "URN",
            "SETTING",
            "CARE_PROVIDED",
            "OTHER_ARRANGEMENTS",
        ),
        read_row=_placement,
        write=rows_writer(table_of(ResidentialPlacement), ("child_id", "started_on"), (CHILD,)),
        unique=("child_ref", "started_on"),
        unique_label="same child and start date",
        dated=("started_on",),
        current=True,
        may_be_empty=True,
    ),
)


def residential_importer() -> TableFileImporter:
    return TableFileImporter(
        "residential", "Children's homes: notifications, visits, reviews and placements", FILES
    )
