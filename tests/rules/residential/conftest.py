"""Fixtures for residential rule tests: case data in a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from scrutiny.testing.residential import ResidentialCases


@pytest.fixture
def res(engine: Engine) -> ResidentialCases:
    """Residential case data; every kind of data covers 2010–2030."""
    return ResidentialCases(engine)
