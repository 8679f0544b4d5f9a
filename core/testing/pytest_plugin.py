"""Pytest fixtures for plugin authors, registered through the ``pytest11`` entry point.

Installing Scrutiny makes them available to every test suite in the environment (a
plugin's own, and Scrutiny's). Each test gets a real, migrated SQLite database file of
its own; migrating once per session and copying the file is what keeps that fast.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
from sqlalchemy import Engine

pytest.register_assert_rewrite("scrutiny.testing.assertions")

from scrutiny.config import Config  # noqa: E402  # after the rewrite hook, as pytest asks
from scrutiny.db.engine import create_scrutiny_engine  # noqa: E402
from scrutiny.db.migrate import ensure_schema  # noqa: E402
from scrutiny.engine.calendar import ensure_calendar  # noqa: E402
from scrutiny.plugin_host import PluginHost  # noqa: E402
from scrutiny.testing.cases import CaseData, RuleResult  # noqa: E402
from scrutiny.testing.cases import run_rule as run_one_rule  # noqa: E402
from scrutiny.testing.deviations import record_deviation  # noqa: E402
from scrutiny.testing.fostering import FosteringCases  # noqa: E402
from scrutiny.testing.residential import ResidentialCases  # noqa: E402
from scrutiny.working_days import WorkingDayCalendar  # noqa: E402


class RuleRunner(Protocol):
    def __call__(
        self, rule_id: str, *, as_of: dt.date, config: Config | None = None
    ) -> RuleResult: ...


class DeviationRecorder(Protocol):
    def __call__(
        self,
        rule_id: str,
        subject_ref: str,
        start: dt.date,
        end: dt.date,
        legal_basis: str = "none",
        **terms: Any,
    ) -> str: ...


@pytest.fixture(scope="session")
def scrutiny_host() -> PluginHost:
    """Every installed plugin, as ``scrutiny`` itself would load them."""
    return PluginHost()


@pytest.fixture(scope="session")
def scrutiny_database_template(
    tmp_path_factory: pytest.TempPathFactory, scrutiny_host: PluginHost
) -> Path:
    """A migrated SQLite database (every plugin's tables and the working-day calendar),
    made once a session and copied for each test."""
    path = tmp_path_factory.mktemp("scrutiny-template") / "template.db"
    engine = create_scrutiny_engine(f"sqlite:///{path}")
    try:
        ensure_schema(engine, scrutiny_host.migration_dirs())
        with engine.begin() as conn:
            ensure_calendar(conn, WorkingDayCalendar())
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return path


@pytest.fixture
def scrutiny_database_url(tmp_path: Path, scrutiny_database_template: Path) -> str:
    """An empty, migrated SQLite database file of this test's own."""
    path = tmp_path / "scrutiny.db"
    shutil.copyfile(scrutiny_database_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def scrutiny_engine(scrutiny_database_url: str) -> Iterator[Engine]:
    engine = create_scrutiny_engine(scrutiny_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def scrutiny_cases(scrutiny_engine: Engine) -> CaseData:
    """Children, episodes, reviews, visits and placement details, written to the test's
    database; every kind of data is marked as covering 2010 to 2030."""
    return CaseData(scrutiny_engine)


@pytest.fixture
def run_rule(scrutiny_engine: Engine, scrutiny_host: PluginHost) -> RuleRunner:
    """``run_rule(rule_id, as_of=date)``: the rule run on the test's database through
    the real engine, stored as a run; its findings, outcome counts and any error."""

    def run(rule_id: str, *, as_of: dt.date, config: Config | None = None) -> RuleResult:
        return run_one_rule(scrutiny_engine, scrutiny_host, rule_id, as_of, config)

    return run


@pytest.fixture
def scrutiny_carers(scrutiny_engine: Engine) -> FosteringCases:
    """Foster carers, households, approvals, extensions, emergency placements, children
    living with carers, exemptions, short breaks and carer reviews (and, as
    ``scrutiny_cases`` does, children and episodes), written to the test's database.
    Use it instead of ``scrutiny_cases``, not beside it: each keeps its own children."""
    return FosteringCases(scrutiny_engine)


@pytest.fixture
def scrutiny_homes(scrutiny_engine: Engine) -> ResidentialCases:
    """Children's homes, their notifiable events, regulation 44 visits, quality reviews,
    manager absences, changes, closures and placements (and children and episodes),
    written to the test's database. Use it instead of ``scrutiny_cases``."""
    return ResidentialCases(scrutiny_engine)


@pytest.fixture
def scrutiny_deviation(scrutiny_engine: Engine) -> DeviationRecorder:
    """``scrutiny_deviation(rule_id, subject_ref, start, end, legal_basis="none", ...)``:
    a deviation recorded through the real register and authorised by a second person
    (``authorise=False`` leaves it a draft); its reference."""

    def record(
        rule_id: str,
        subject_ref: str,
        start: dt.date,
        end: dt.date,
        legal_basis: str = "none",
        **terms: Any,
    ) -> str:
        return record_deviation(
            scrutiny_engine, rule_id, subject_ref, start, end, legal_basis, **terms
        )

    return record
