"""Fixtures for fostering rule tests: case data in a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from scrutiny.testing.fostering import FosteringCases


@pytest.fixture
def fos(engine: Engine) -> FosteringCases:
    """Fostering case data; every kind of data covers 2010–2030."""
    return FosteringCases(engine)
