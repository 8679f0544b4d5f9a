"""What a rule's function is given: the as-of date, its periods, and SQL helpers.

A rule function returns a ``Select`` with these columns (labelled):

- ``subject_type``, ``subject_ref``: whom the requirement is about;
- ``due_date``: when the requirement fell due (part of the finding's fingerprint);
- ``event_date``: when it was met, if it was (may be NULL);
- ``outcome``: one of ``OUTCOMES``, usually from :meth:`RuleContext.timeliness`;
- ``standard``: which standard it was judged against (from :meth:`RuleContext.periods`);
- optionally ``severity``: a finding's own severity where it differs from the rule's
  (NULL keeps the rule's);
- optionally ``requirement``: which count a row judges, where a rule judges one subject
  on several counts with the same due date (part of the fingerprint; kept as evidence);
- any other labelled columns: kept as the finding's evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    CTE,
    Boolean,
    Connection,
    Date,
    Integer,
    Select,
    String,
    Table,
    and_,
    case,
    exists,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import SelectBase

from scrutiny.db.portable import add_days, greatest, least
from scrutiny.db.staging import stage
from scrutiny.models.calendar import CalendarDay
from scrutiny.models.imports import ImportBatch, batch_in_force
from scrutiny.rules.metadata import ParamValue, RuleMetadata, SourceKind
from scrutiny.working_days import WorkingDayCalendar

OUTCOMES = ("met", "not-met", "due-soon", "not-yet-due", "data-gap", "manual")
FAR_FUTURE = dt.date(9999, 12, 31)
STANDARD_COLUMNS = ("subject_type", "subject_ref", "due_date", "event_date", "outcome", "standard")
OPTIONAL_COLUMNS = ("severity",)
SQLColumn = ColumnElement[Any] | InstrumentedAttribute[Any]  # a column, or Model.column


class LocalPolicyError(ValueError):
    """A local-policy threshold that is not stricter than the statutory one."""


@dataclass
class RuleContext:
    """Everything a rule needs to build its query for one run."""

    rule: RuleMetadata
    as_of: dt.date
    calendar: WorkingDayCalendar
    due_soon_days: int = 7
    local_policy: dict[str, ParamValue] = field(default_factory=dict)
    connection: Connection | None = None
    staged: list[str] = field(default_factory=list)
    _periods: CTE | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        for name, value in self.local_policy.items():
            spec = self.rule.local_policy.get(name)
            if spec is None:
                raise LocalPolicyError(
                    f"{self.rule.id} has no local-policy setting {name!r}"
                    f" (it has: {', '.join(self.rule.local_policy) or 'none'})"
                )
            if spec.council_sets_any_value:
                if not _is_number(value) or not isinstance(value, int) or value < 1:
                    leave_out = (
                        "to have a person judge each case"
                        if spec.no_statutory_value
                        else "to apply the default"
                    )
                    raise LocalPolicyError(
                        f"{self.rule.id}.{name} must be a whole number from 1 (there is no"
                        f" statutory value; leave it out {leave_out})"
                    )
                continue
            for period in self.rule.periods:
                statutory = period.params[name]
                if not _is_number(value) or not _is_number(statutory):
                    raise LocalPolicyError(f"{self.rule.id}.{name} must be a whole number")
                assert isinstance(value, int) and isinstance(statutory, int)
                looser = value > statutory if spec.stricter == "lower" else value < statutory
                if looser:
                    raise LocalPolicyError(
                        f"{self.rule.id}.{name} = {value} is less strict than the statutory"
                        f" {statutory} ({period.instrument}); local policy can only be stricter"
                    )

    @property
    def _sql_name(self) -> str:
        """The rule's id as part of an SQL identifier (LAC-REVIEW: lac_review)."""
        return self.rule.id.replace("-", "_").lower()

    # Staging ---------------------------------------------------------------------------

    def stage(self, name: str, query: SelectBase, *indexes: Sequence[str]) -> Table:
        """Materialise a large intermediate result as a temporary table with statistics.

        Use it for sets the rest of the query joins to more than once (placements,
        periods of care): planners estimate CTEs badly and a bad estimate turns a join
        over every child into one that grows with the square of the caseload.
        """
        if self.connection is None:
            raise RuntimeError("stage() needs the check's connection (RuleContext.connection)")
        table = f"scratch_{self._sql_name}_{name}"
        self.staged.append(table)
        return stage(self.connection, table, query, indexes)

    # Dates -----------------------------------------------------------------------------

    @property
    def as_of_value(self) -> ColumnElement[Any]:
        return literal(self.as_of, Date)

    def known(self, day: SQLColumn) -> ColumnElement[Any]:
        """``day`` if it is on or before the as-of date; NULL (not yet happened) if after."""
        return known_by(day, self.as_of_value)

    def _working_ordinal(self, day: SQLColumn) -> Any:
        """The working-day ordinal of ``day`` in the check's calendar, as a scalar subquery.

        Its own alias each time, with correlation made explicit: SQLAlchemy only
        correlates a subquery with its immediate enclosing query, and callers nest it.
        """
        calendar_day = aliased(CalendarDay)
        return (
            select(calendar_day.working_ordinal)
            .where(calendar_day.calendar_key == self.calendar.key, calendar_day.day == day)
            .correlate_except(calendar_day)
            .scalar_subquery()
        )

    def add_working_days(self, day: SQLColumn, days: int | ColumnElement[Any]) -> Any:
        """The ``days``-th working day after ``day`` (the day itself never counts; days >= 1)."""
        target = aliased(CalendarDay)
        return (
            select(target.day)
            .where(
                target.calendar_key == self.calendar.key,
                target.is_working.is_(True),
                target.working_ordinal == self._working_ordinal(day) + days,
            )
            .correlate_except(target)
            .scalar_subquery()
        )

    def working_days_between(self, start: SQLColumn, end: SQLColumn) -> Any:
        """Working days after ``start`` up to and including ``end`` (the difference of
        their ordinals in the check's calendar); NULL if either is NULL."""
        return self._working_ordinal(end) - self._working_ordinal(start)

    def timeliness(
        self,
        due: ColumnElement[Any],
        event: ColumnElement[Any],
        known_until: ColumnElement[Any] | None = None,
    ) -> ColumnElement[str]:
        """Met, not met, due soon or not yet due: the boundary logic, in one place.

        Met on or before the due date; not met the day after. Without an event, a
        requirement is overdue once the as-of date is past its due date, unless the
        data stop before the due date (``known_until``), in which case it is a data gap.
        """
        as_of = self.as_of_value
        known = known_until if known_until is not None else as_of
        soon = literal(self.as_of + dt.timedelta(days=self.due_soon_days), Date)
        return case(
            (and_(event.is_not(None), event <= due), "met"),
            (event.is_not(None), "not-met"),
            (and_(due < as_of, due <= known), "not-met"),
            (due < as_of, "data-gap"),
            (and_(due <= soon, as_of <= known), "due-soon"),
            else_="not-yet-due",
        )

    # Periods and data coverage ------------------------------------------------------------

    def periods(self) -> CTE:
        """The rule's periods as rows: ``period_start``, ``period_end``, ``instrument``,
        ``standard``, ``period_verification`` and one column per parameter (local policy
        applied). Open-ended periods end on 9999-12-31. The same CTE every time it is
        asked for, so helpers and the rule can each join it in one statement."""
        if self._periods is None:
            self._periods = self._build_periods()
        return self._periods

    def _build_periods(self) -> CTE:
        selects: list[Select[Any]] = []
        for period in self.rule.periods:
            standard = self.rule.kind.value
            values: dict[str, ParamValue] = dict(period.params)
            for name, local in self.local_policy.items():
                if local != values[name]:
                    values[name] = local
                    standard = SourceKind.LOCAL_POLICY.value
            columns: list[ColumnElement[Any]] = [
                literal(period.start, Date).label("period_start"),
                literal(period.end or FAR_FUTURE, Date).label("period_end"),
                literal(period.instrument, String).label("instrument"),
                literal(standard, String).label("standard"),
                literal(period.verification.value, String).label("period_verification"),
            ]
            for name, value in values.items():
                sql_type = (
                    Boolean
                    if isinstance(value, bool)
                    else (Integer if isinstance(value, int) else String)
                )
                columns.append(literal(value, sql_type).label(name))
            selects.append(select(*columns))
        query = selects[0] if len(selects) == 1 else union_all(*selects)
        return query.cte(f"periods_{self._sql_name}")

    @staticmethod
    def in_force(periods: Any, day: SQLColumn) -> ColumnElement[bool]:
        """Join condition: the row of :meth:`periods` in force on ``day``."""
        return and_(periods.c.period_start <= day, periods.c.period_end >= day)

    def data_until(self, *kinds: str) -> ColumnElement[Any]:
        """The last day every one of ``kinds`` of data is known for: the earliest of their
        latest covers. NULL if any kind was never imported."""
        latest = [
            select(func.max(ImportBatch.covers_to))
            .where(ImportBatch.kind == kind, batch_in_force())
            .scalar_subquery()
            for kind in kinds
        ]
        if len(latest) == 1:
            return latest[0]
        return least(*latest)

    def data_from(self, *kinds: str) -> ColumnElement[Any]:
        """The first day all of ``kinds`` of data are known from."""
        earliest = [
            select(func.min(ImportBatch.covers_from))
            .where(ImportBatch.kind == kind, batch_in_force())
            .scalar_subquery()
            for kind in kinds
        ]
        return earliest[0] if len(earliest) == 1 else greatest(*earliest)

    def covered(self, kind: str, day: ColumnElement[Any]) -> ColumnElement[bool]:
        """Whether an imported batch of ``kind`` speaks for ``day``."""
        return exists().where(
            ImportBatch.kind == kind,
            batch_in_force(),
            ImportBatch.covers_from <= day,
            ImportBatch.covers_to >= day,
        )

    def days_after(self, day: ColumnElement[Any], days: int | ColumnElement[Any]) -> Any:
        return add_days(day, days)


def known_by(day: SQLColumn, as_of: ColumnElement[Any]) -> ColumnElement[Any]:
    """``day`` if it is on or before ``as_of``; NULL (not yet happened) if after."""
    return case((day <= as_of, day), else_=null())


def _is_number(value: ParamValue) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
