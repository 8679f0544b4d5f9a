"""Shared fixtures: real databases (a SQLite file and a PostgreSQL schema), never mocks.

PostgreSQL tests need the server on 127.0.0.1:5432 (trust auth, user postgres), or
``SCRUTINY_TEST_POSTGRES`` set to a URL. Without a server they are skipped, except
when ``CI=true``: then a missing server fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.db.migrate import ensure_schema
from scrutiny.engine.calendar import ensure_calendar
from scrutiny.models.calendar import CalendarDay
from scrutiny.plugin_host import PluginHost
from scrutiny.working_days import WorkingDayCalendar

POSTGRES_ENV = "SCRUTINY_TEST_POSTGRES"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

pytest_plugins = ("pytester",)  # to run a plugin author's tests as pytest would


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_databases: run once on SQLite, once on PostgreSQL")


def _postgres_admin_url() -> str:
    return os.environ.get(POSTGRES_ENV, DEFAULT_POSTGRES)


def _postgres_available() -> str | None:
    """None if the server answers, else why not."""
    try:
        engine = create_engine(_postgres_admin_url(), connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    problem = _postgres_available()
    if problem is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and PostgreSQL is not reachable: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    return _postgres_admin_url()


@pytest.fixture(scope="session")
def host(scrutiny_host: PluginHost) -> PluginHost:
    """The pytest plugin's host (scrutiny.testing.pytest_plugin): the same fixtures
    plugin authors get."""
    return scrutiny_host


@pytest.fixture(scope="session")
def sqlite_template(scrutiny_database_template: Path) -> Path:
    """A migrated SQLite database, copied for each test (migrating is the slow part)."""
    return scrutiny_database_template


@pytest.fixture
def sqlite_url(scrutiny_database_url: str) -> str:
    return scrutiny_database_url


@pytest.fixture(scope="session")
def postgres_calendar(postgres_server: str) -> Iterator[str]:
    """A schema holding the working-day calendar once, copied into each test's schema."""
    schema = f"scrutiny_calendar_{uuid.uuid4().hex[:12]}"
    url = _schema_url(postgres_server, schema)
    admin = create_engine(postgres_server)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_scrutiny_engine(url)
    CalendarDay.__table__.create(engine)  # type: ignore[attr-defined]
    with engine.begin() as conn:
        ensure_calendar(conn, WorkingDayCalendar())
    engine.dispose()
    yield schema
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _schema_url(server: str, schema: str) -> str:
    url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def postgres_url(postgres_server: str, postgres_calendar: str, host: PluginHost) -> Iterator[str]:
    """A fresh schema on the real server, dropped afterwards."""
    schema = f"scrutiny_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    rendered = _schema_url(postgres_server, schema)
    engine = create_scrutiny_engine(rendered)
    ensure_schema(engine, host.migration_dirs())
    with engine.begin() as conn:
        conn.execute(
            text(f'INSERT INTO calendar_day SELECT * FROM "{postgres_calendar}".calendar_day')
        )
    engine.dispose()
    try:
        yield rendered
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test using this runs twice: on a SQLite file and on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_scrutiny_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(scrutiny_engine: Engine) -> Engine:
    return scrutiny_engine
