"""References for findings' subjects and evidence: homes' and children's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from scrutiny.models.child import Child
from scrutiny.plugins.residential.models import Home
from scrutiny.rules.context import SQLColumn


def home_ref(home_id: SQLColumn) -> Any:
    return select(Home.home_ref).where(Home.id == home_id).correlate_except(Home).scalar_subquery()


def child_ref(child_id: SQLColumn) -> Any:
    return (
        select(Child.child_ref)
        .where(Child.id == child_id)
        .correlate_except(Child)
        .scalar_subquery()
    )
