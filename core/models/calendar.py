"""The working-day calendar, materialised so rules can count working days in SQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base


class CalendarDay(Base):
    """One day of one working-day calendar.

    ``working_ordinal`` counts the working days up to and including this day, so
    "n working days after D" is the working day whose ordinal is D's ordinal + n.
    """

    __tablename__ = "calendar_day"

    calendar_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    is_working: Mapped[bool]
    working_ordinal: Mapped[int]
    holiday_name: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (
        Index("ix_calendar_day_working", "calendar_key", "working_ordinal", "is_working"),
    )
