"""References for findings' subjects and evidence: homes' (children's are core's
``scrutiny.models.child.child_ref``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from scrutiny.plugins.residential.models import Home
from scrutiny.rules.context import SQLColumn


def home_ref(home_id: SQLColumn) -> Any:
    return select(Home.home_ref).where(Home.id == home_id).correlate_except(Home).scalar_subquery()
