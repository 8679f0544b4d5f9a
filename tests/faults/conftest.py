"""Fixtures of the fault tests: a warm fork server, a synthetic council's files, and a
database of each backend holding nothing yet, or the council.

PostgreSQL databases are schemas, as in the suite's ``postgres_url``: dropping a
database on a busy server forces a checkpoint (seconds each), dropping a schema does not.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.db.migrate import ensure_schema
from scrutiny.demo.histories import make_council
from scrutiny.engine.calendar import ensure_calendar
from scrutiny.plugin_host import PluginHost
from scrutiny.working_days import WorkingDayCalendar
from tests.faults.harness import ForkServer, fill_with_council

CHILDREN = 30
SEED = 5
CENSUS_CHILDREN = 300
"""The council whose CIN census the import test kills: big enough that writing it takes
a good share of the command's time."""
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def fork_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForkServer]:
    server = ForkServer(tmp_path_factory.mktemp("fork-logs"))
    yield server
    server.close()


@pytest.fixture(scope="session")
def council_files(tmp_path_factory: pytest.TempPathFactory, host: PluginHost) -> Path:
    """The synthetic council's input files, one folder a domain (as ``scrutiny demo``)."""
    folder = tmp_path_factory.mktemp("council") / "input"
    host.demo(make_council(folder, CHILDREN, SEED))
    return folder


@pytest.fixture(scope="session")
def large_census(tmp_path_factory: pytest.TempPathFactory, host: PluginHost) -> Path:
    """The 2021-22 CIN census (one XML file) of a larger council."""
    folder = tmp_path_factory.mktemp("large-council") / "input"
    host.demo(make_council(folder, CENSUS_CHILDREN, SEED))
    return folder / "safeguarding" / "cin_census_2021-22.xml"


@pytest.fixture(scope="session")
def sqlite_council(
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
    host: PluginHost,
    council_files: Path,
) -> Path:
    """A SQLite file holding the council (see :func:`fill_with_council`), to copy."""
    path = tmp_path_factory.mktemp("fault-council") / "council.db"
    shutil.copyfile(sqlite_template, path)
    engine = create_scrutiny_engine(f"sqlite:///{path}")
    try:
        fill_with_council(engine, host, council_files)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_council(postgres_server: str, host: PluginHost, council_files: Path) -> Iterator[str]:
    """A schema holding the council, shared by the tests that only add runs to it."""
    schema = f"scrutiny_fault_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(postgres_server).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    engine = create_scrutiny_engine(rendered)
    try:
        ensure_schema(engine, host.migration_dirs())
        with engine.begin() as conn:
            ensure_calendar(conn, WorkingDayCalendar())
        fill_with_council(engine, host, council_files)
    finally:
        engine.dispose()
    try:
        yield rendered
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def fault_database(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str, str], str]:
    """``fault_database(backend, stage)``: the URL of a database that is migrated and
    empty (``stage`` "empty": this test's own) or holds the council, a first run of the
    checks and the demo's deviations recorded from it ("council": on PostgreSQL, shared
    by the session's tests, which only add runs to it)."""

    def database(backend: str, stage: str) -> str:
        if backend == "postgresql":
            fixture = {"empty": "postgres_url", "council": "postgres_council"}[stage]
            return str(request.getfixturevalue(fixture))
        fixture = {"empty": "sqlite_template", "council": "sqlite_council"}[stage]
        path = tmp_path / f"{stage}.db"
        shutil.copyfile(request.getfixturevalue(fixture), path)
        return f"sqlite:///{path}"

    return database
