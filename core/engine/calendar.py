"""Materialising the working-day calendar so rules can count working days in SQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Table, delete, func, select

from scrutiny.models.calendar import CalendarDay
from scrutiny.working_days import WorkingDayCalendar

CHUNK = 5_000


def ensure_calendar(conn: Connection, calendar: WorkingDayCalendar) -> None:
    """Write ``calendar``'s days unless they are already stored in full."""
    expected = (dt.date(calendar.last_year, 12, 31) - dt.date(calendar.first_year, 1, 1)).days + 1
    stored = conn.execute(
        select(func.count()).where(CalendarDay.calendar_key == calendar.key)
    ).scalar_one()
    if stored == expected:
        return
    table = CalendarDay.__table__
    assert isinstance(table, Table)
    conn.execute(delete(CalendarDay).where(CalendarDay.calendar_key == calendar.key))
    rows = [
        {
            "calendar_key": calendar.key,
            "day": day,
            "is_working": working,
            "working_ordinal": ordinal,
            "holiday_name": name,
        }
        for day, working, ordinal, name in calendar.days()
    ]
    for start in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[start : start + CHUNK])
