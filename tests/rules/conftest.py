"""Fixtures for rule tests: case data in a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from scrutiny.testing import CaseData


@pytest.fixture
def case(engine: Engine) -> CaseData:
    """Case data covering 2010–2030 for episodes, reviews and visits."""
    return CaseData(engine)
