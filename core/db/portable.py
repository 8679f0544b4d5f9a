"""SQL date arithmetic and JSON that mean the same on SQLite and PostgreSQL.

Rules are set-based queries, so date arithmetic happens in SQL. The two backends
disagree on month arithmetic (SQLite rolls 31 January + 1 month over to 3 March,
PostgreSQL clamps to 29 February), so ``add_months`` is written out to give
PostgreSQL's and python-dateutil's answer everywhere: the last day of a shorter month.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Date, Integer, String, case, null, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement, FunctionElement, literal


def _expr(value: Any) -> ColumnElement[Any]:
    """A column, an ORM attribute (``Model.column``) or a plain Python value, as SQL."""
    if isinstance(value, ColumnElement):
        return value
    if hasattr(value, "__clause_element__"):
        element = value.__clause_element__()
        assert isinstance(element, ColumnElement)
        return element
    return literal(value)


class add_days(FunctionElement[Any]):
    """``date + n days`` (n may be negative or a column)."""

    type = Date()
    inherit_cache = True
    name = "add_days"

    def __init__(self, date: Any, days: Any) -> None:
        super().__init__(_expr(date), _expr(days))


class add_months(FunctionElement[Any]):
    """``date + n calendar months``, clamped to the end of a shorter month."""

    type = Date()
    inherit_cache = True
    name = "add_months"

    def __init__(self, date: Any, months: Any) -> None:
        super().__init__(_expr(date), _expr(months))


class days_between(FunctionElement[Any]):
    """Whole days from the first date to the second (negative if the second is earlier)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"

    def __init__(self, start: Any, end: Any) -> None:
        super().__init__(_expr(start), _expr(end))


class minutes_between(FunctionElement[Any]):
    """Whole minutes from the first timestamp to the second, part minutes dropped
    (negative if the second is earlier)."""

    type = Integer()
    inherit_cache = True
    name = "minutes_between"

    def __init__(self, start: Any, end: Any) -> None:
        super().__init__(_expr(start), _expr(end))


class utc_minute(FunctionElement[str]):
    """A UTC timestamp as the text "YYYY-MM-DD HH:MM UTC", the same on SQLite (stored
    naive in UTC) and PostgreSQL (whatever the session's time zone)."""

    type = String()
    inherit_cache = True
    name = "utc_minute"


class json_object(FunctionElement[Any]):
    """A JSON object from alternating keys and values."""

    type = JSON()
    inherit_cache = True
    name = "json_object"


def _args(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> list[str]:
    return [compiler.process(arg, **kw) for arg in element.clauses]


@compiles(add_days, "sqlite")
def _add_days_sqlite(element: add_days, compiler: SQLCompiler, **kw: Any) -> str:
    date, days = _args(element, compiler, **kw)
    return f"date({date}, printf('%+d days', {days}))"


@compiles(add_days, "postgresql")
def _add_days_pg(element: add_days, compiler: SQLCompiler, **kw: Any) -> str:
    date, days = _args(element, compiler, **kw)
    return f"(CAST({date} AS DATE) + CAST({days} AS INTEGER))"


@compiles(add_months, "sqlite")
def _add_months_sqlite(element: add_months, compiler: SQLCompiler, **kw: Any) -> str:
    date, months = _args(element, compiler, **kw)
    first = f"date({date}, 'start of month', printf('%+d months', {months}))"
    last = f"date({first}, '+1 month', '-1 day')"
    candidate = f"date({first}, printf('%+d days', CAST(strftime('%d', {date}) AS INTEGER) - 1))"
    return f"min({candidate}, {last})"


@compiles(add_months, "postgresql")
def _add_months_pg(element: add_months, compiler: SQLCompiler, **kw: Any) -> str:
    date, months = _args(element, compiler, **kw)
    interval = f"make_interval(months => CAST({months} AS INTEGER))"
    return f"CAST(CAST({date} AS DATE) + {interval} AS DATE)"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _args(element, compiler, **kw)
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_between_pg(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _args(element, compiler, **kw)
    return f"(CAST({end} AS DATE) - CAST({start} AS DATE))"


@compiles(minutes_between, "sqlite")
def _minutes_between_sqlite(element: minutes_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _args(element, compiler, **kw)
    return (
        f"((CAST(strftime('%s', {end}) AS INTEGER)"
        f" - CAST(strftime('%s', {start}) AS INTEGER)) / 60)"
    )


@compiles(minutes_between, "postgresql")
def _minutes_between_pg(element: minutes_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _args(element, compiler, **kw)
    # Subtracting the values as they are: casting timestamptz to TIMESTAMP would read
    # them in the session's time zone and count a change of the clocks as an hour.
    return f"CAST(TRUNC(EXTRACT(EPOCH FROM ({end} - {start})) / 60) AS INTEGER)"


@compiles(utc_minute, "sqlite")
def _utc_minute_sqlite(element: utc_minute, compiler: SQLCompiler, **kw: Any) -> str:
    (timestamp,) = _args(element, compiler, **kw)
    return f"(strftime('%Y-%m-%d %H:%M', {timestamp}) || ' UTC')"


@compiles(utc_minute, "postgresql")
def _utc_minute_pg(element: utc_minute, compiler: SQLCompiler, **kw: Any) -> str:
    (timestamp,) = _args(element, compiler, **kw)
    return f"(to_char({timestamp} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC')"


@compiles(json_object, "sqlite")
def _json_object_sqlite(element: json_object, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_object({', '.join(_args(element, compiler, **kw))})"


@compiles(json_object, "postgresql")
def _json_object_pg(element: json_object, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_build_object({', '.join(_args(element, compiler, **kw))})"


def least(*values: Any) -> ColumnElement[Any]:
    """The smallest of ``values``; NULL (nothing known) if any is NULL, on every database
    (PostgreSQL's LEAST ignores NULLs, SQLite's min() does not)."""
    result: ColumnElement[Any] = values[0]
    for value in values[1:]:
        result = case(
            (or_(result.is_(None), value.is_(None)), null()),
            (result <= value, result),
            else_=value,
        )
    return result


def greatest(*values: Any) -> ColumnElement[Any]:
    """The largest of ``values``; NULL (nothing known) if any is NULL."""
    result: ColumnElement[Any] = values[0]
    for value in values[1:]:
        result = case(
            (or_(result.is_(None), value.is_(None)), null()),
            (result >= value, result),
            else_=value,
        )
    return result


def earliest(*values: Any) -> ColumnElement[Any]:
    """The earliest of ``values`` that is known: NULLs are skipped (NULL only if all are)."""
    result: ColumnElement[Any] = values[0]
    for value in values[1:]:
        result = case(
            (result.is_(None), value),
            (value.is_(None), result),
            (result <= value, result),
            else_=value,
        )
    return result
