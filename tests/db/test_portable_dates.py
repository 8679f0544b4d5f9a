"""SQL date arithmetic gives python-dateutil's answers on SQLite and PostgreSQL alike.

Rules count months and days in SQL; the two backends disagree natively (SQLite rolls
31 January + 1 month over to 3 March), so Scrutiny's constructs are checked here
against the library the rest of the code uses.
"""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Date, DateTime, Engine, literal, select

from scrutiny.db.portable import add_days, add_months, days_between, minutes_between
from scrutiny.engine.calendar import ensure_calendar
from scrutiny.plugin_host import PluginHost
from scrutiny.rules.context import RuleContext
from scrutiny.working_days import WorkingDayCalendar

DATES = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2045, 12, 31))
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def scalar(engine: Engine, expression) -> object:
    with engine.connect() as conn:
        value = conn.execute(select(expression)).scalar_one()
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2021, 1, 31), 1, dt.date(2021, 2, 28)),
        (dt.date(2020, 1, 31), 1, dt.date(2020, 2, 29)),
        (dt.date(2021, 8, 31), 6, dt.date(2022, 2, 28)),
        (dt.date(2021, 11, 30), 3, dt.date(2022, 2, 28)),
        (dt.date(2021, 3, 31), -1, dt.date(2021, 2, 28)),
        (dt.date(2021, 5, 15), 12, dt.date(2022, 5, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(engine, day, months, expected):
    assert scalar(engine, add_months(literal(day, Date), months)) == expected


@SETTINGS
@given(day=DATES, months=st.integers(min_value=-24, max_value=24))
def test_add_months_matches_dateutil(engine, day, months):
    assert scalar(engine, add_months(literal(day, Date), months)) == day + relativedelta(
        months=months
    )


@SETTINGS
@given(day=DATES, days=st.integers(min_value=-400, max_value=400))
def test_add_days_and_days_between(engine, day, days):
    later = day + dt.timedelta(days=days)
    assert scalar(engine, add_days(literal(day, Date), days)) == later
    assert scalar(engine, days_between(literal(day, Date), literal(later, Date))) == days


@SETTINGS
@given(
    day=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)),
    days=st.integers(min_value=1, max_value=60),
)
def test_sql_working_days_match_the_python_calendar(engine, day, days):
    calendar = WorkingDayCalendar()
    with engine.begin() as conn:
        ensure_calendar(conn, calendar)
    rule = PluginHost().rules.get("LAC-REVIEW")
    context = RuleContext(rule=rule.meta, as_of=day, calendar=calendar)
    got = scalar(engine, context.add_working_days(literal(day, Date), days))
    assert got == calendar.add_working_days(day, days)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.datetime(2024, 3, 1, 9, 30), dt.datetime(2024, 3, 1, 10, 29, 59), 59),
        (dt.datetime(2024, 3, 1, 9, 30), dt.datetime(2024, 3, 1, 10, 30), 60),
        (dt.datetime(2024, 2, 28, 23, 0), dt.datetime(2024, 3, 1, 1, 0), 26 * 60),
        (dt.datetime(2024, 3, 1, 10, 31), dt.datetime(2024, 3, 1, 9, 30), -61),
        (dt.datetime(2024, 3, 31, 0, 30), dt.datetime(2024, 3, 31, 2, 30), 120),
    ],
)
def test_minutes_between_drops_part_minutes(engine, start, end, expected):
    """Local clock times (no time zone; the hour lost to British Summer Time on 31 March 2024
    is not subtracted): whole minutes, part minutes dropped towards zero, alike on both."""
    assert scalar(engine, minutes_between(literal(start, DateTime), literal(end, DateTime))) == (
        expected
    )
