"""Fixtures for the import tests: real SQLite files copied from the migrated template."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from scrutiny.db.engine import create_scrutiny_engine


@pytest.fixture
def new_sqlite(tmp_path: Path, sqlite_template: Path) -> Iterator[Callable[[str], Engine]]:
    """Makes further empty, migrated SQLite databases (for comparing two imports)."""
    engines: list[Engine] = []

    def make(name: str) -> Engine:
        path = tmp_path / f"{name}.db"
        shutil.copyfile(sqlite_template, path)
        engines.append(create_scrutiny_engine(f"sqlite:///{path}"))
        return engines[-1]

    yield make
    for engine in engines:
        engine.dispose()
