"""Who a young person is in SQL: their date of birth (birthdays are core's
``scrutiny.models.child.birthday``).

A young person's date of birth is the SSDA903 return's (Header) where the child is in
it, else the one in the plugin's ``young_people.csv``: former relevant young people in
their twenties may be in no return the council has imported.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from scrutiny.models.child import Child
from scrutiny.plugins.care_leavers.models import YoungPerson
from scrutiny.rules.context import SQLColumn


def dob_of(child_id: SQLColumn) -> Any:
    """The young person's date of birth (SSDA903 first, then young_people.csv)."""
    recorded = (
        select(YoungPerson.dob)
        .where(YoungPerson.child_id == child_id)
        .correlate_except(YoungPerson)
        .scalar_subquery()
    )
    known = select(Child.dob).where(Child.id == child_id).correlate_except(Child).scalar_subquery()
    return func.coalesce(known, recorded)
