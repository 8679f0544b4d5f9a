"""The SSDA903 tables: their columns, how each field is read, and where rows go.

Tables are recognised by their set of columns, never by file name (DATA.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sqlalchemy import Table

from scrutiny.db.base import table_of
from scrutiny.models.child import CHILD_REF_LENGTH, Child
from scrutiny.ssda903 import models


class Kind(Enum):
    CHILD = "child"
    DATE = "date"
    CODE = "code"
    INT = "int"
    TEXT = "text"


@dataclass(frozen=True)
class Field:
    column: str
    kind: Kind
    required: bool = False
    max_length: int = 0
    minimum: int | None = None
    maximum: int | None = None
    stored_as: str | None = None  # the model attribute, where it is not the column in lower case

    @property
    def attribute(self) -> str:
        return self.stored_as or self.column.lower()


@dataclass(frozen=True)
class TableSpec:
    name: str
    fields: tuple[Field, ...]
    table: Table
    key: tuple[str, ...]
    event_dates: tuple[str, ...] = ()
    first_year: str = "2019-20"
    per_year: bool = False  # rows are one per child per collection year

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.column for f in self.fields)

    @property
    def kind(self) -> str:
        return f"ssda903.{self.name.lower()}"

    @property
    def is_header(self) -> bool:
        return self.name == "Header"


CHILD = Field("CHILD", Kind.CHILD, required=True, max_length=CHILD_REF_LENGTH)
DOB = Field("DOB", Kind.DATE)


def _date(column: str, required: bool = False) -> Field:
    return Field(column, Kind.DATE, required=required)


def _code(column: str, required: bool = False) -> Field:
    return Field(column, Kind.CODE, required=required)


def _text(column: str, max_length: int, required: bool = False) -> Field:
    return Field(column, Kind.TEXT, required=required, max_length=max_length)


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "Header",
        (
            CHILD,
            _code("SEX", True),
            Field("DOB", Kind.DATE, required=True),
            _code("ETHNIC", True),
            _text("UPN", 13),
            _code("MOTHER"),
            _date("MC_DOB"),
        ),
        table_of(Child),
        key=("child_ref",),
    ),
    TableSpec(
        "Episodes",
        (
            CHILD,
            _date("DECOM", True),
            _code("RNE", True),
            _code("LS", True),
            _code("CIN", True),
            _code("PLACE", True),
            _code("PLACE_PROVIDER"),
            _date("DEC"),
            _code("REC"),
            _code("REASON_PLACE_CHANGE"),
            _text("HOME_POST", 8),
            _text("PL_POST", 8),
            _text("URN", 10),
        ),
        table_of(models.Episode),
        key=("child_id", "decom"),
        event_dates=("DECOM", "DEC"),
    ),
    TableSpec(
        "Reviews",
        (CHILD, DOB, _date("REVIEW", True), _code("REVIEW_CODE")),
        table_of(models.Review),
        key=("child_id", "review"),
        event_dates=("REVIEW",),
    ),
    TableSpec(
        "UASC",
        (CHILD, _code("SEX"), DOB, _date("DUC")),
        table_of(models.UASC),
        key=("child_id",),
    ),
    TableSpec(
        "OC2",
        (
            CHILD,
            DOB,
            Field("SDQ_SCORE", Kind.INT, minimum=0, maximum=40),
            _code("SDQ_REASON"),
            _code("CONVICTED"),
            _code("HEALTH_CHECK"),
            _code("IMMUNISATIONS"),
            _code("TEETH_CHECK"),
            _code("HEALTH_ASSESSMENT"),
            _code("SUBSTANCE_MISUSE"),
            _code("INTERVENTION_RECEIVED"),
            _code("INTERVENTION_OFFERED"),
        ),
        table_of(models.OC2),
        key=("child_id", "collection_year"),
        per_year=True,
    ),
    TableSpec(
        "OC3",
        (CHILD, DOB, _code("IN_TOUCH"), _code("ACTIV"), _code("ACCOM")),
        table_of(models.OC3),
        key=("child_id", "collection_year"),
        per_year=True,
    ),
    TableSpec(
        "AD1",
        (
            CHILD,
            DOB,
            _date("DATE_INT"),
            _date("DATE_MATCH"),
            _code("FOSTER_CARE"),
            _code("NB_ADOPTR"),
            _code("SEX_ADOPTR"),
            _code("LS_ADOPTR"),
        ),
        table_of(models.AD1),
        key=("child_id",),
    ),
    TableSpec(
        "PlacedAdoption",
        (
            CHILD,
            DOB,
            _date("DATE_PLACED", True),
            _date("DATE_PLACED_CEASED"),
            _code("REASON_PLACED_CEASED"),
        ),
        table_of(models.PlacedAdoption),
        key=("child_id", "date_placed"),
        event_dates=("DATE_PLACED", "DATE_PLACED_CEASED"),
    ),
    TableSpec(
        "PrevPerm",
        (CHILD, DOB, _code("PREV_PERM"), _text("LA_PERM", 3), _text("DATE_PERM", 10)),
        table_of(models.PreviousPermanence),
        key=("child_id", "collection_year"),
        per_year=True,
    ),
    TableSpec(
        "Missing",
        (CHILD, DOB, _code("MISSING", True), _date("MIS_START", True), _date("MIS_END")),
        table_of(models.MissingEpisode),
        key=("child_id", "mis_start", "missing"),
        event_dates=("MIS_START", "MIS_END"),
    ),
    TableSpec(
        "SWEpisodes",
        (
            CHILD,
            DOB,
            _text("SW_ID", 20, True),
            _date("SW_DECOM", True),
            _date("SW_DEC"),
            _code("SW_REASON"),
        ),
        table_of(models.SocialWorkerEpisode),
        key=("child_id", "sw_decom", "sw_id"),
        event_dates=("SW_DECOM", "SW_DEC"),
        first_year="2023-24",
    ),
    TableSpec(
        "DoLo",
        (CHILD, DOB, _date("DOLO_START", True), _date("DOLO_END")),
        table_of(models.DeprivationOfLiberty),
        key=("child_id", "dolo_start"),
        event_dates=("DOLO_START", "DOLO_END"),
        first_year="2026-27",
    ),
)

BY_COLUMNS = {frozenset(spec.columns): spec for spec in TABLES}
BY_NAME = {spec.name: spec for spec in TABLES}
