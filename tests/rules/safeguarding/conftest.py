"""Fixtures for safeguarding rule tests: case data in a real database (SQLite and
PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.safeguarding_cases import SafeguardingCases


@pytest.fixture
def sg(engine: Engine) -> SafeguardingCases:
    """Safeguarding case data; every kind of safeguarding data covers 2010-2030."""
    return SafeguardingCases(engine)
