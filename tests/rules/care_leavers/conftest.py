"""Fixtures for care leavers rule tests: case data in a real database (SQLite and
PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.care_leavers_cases import CareLeaverCases


@pytest.fixture
def cl(engine: Engine) -> CareLeaverCases:
    """Care leavers case data; every kind of data covers 2010–2030."""
    return CareLeaverCases(engine)
