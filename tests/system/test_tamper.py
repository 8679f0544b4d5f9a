"""`scrutiny verify` catches changes made to the register behind the tool's back.

The register is written through the real service; the tampering is raw SQL (the
sqlite3 module, or a plain SQL connection to PostgreSQL), as an insider with
database access would do it; then the installed command is run as a subprocess.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.register.chain import link_hash
from scrutiny.register.models import DeviationVersion
from scrutiny.register.service import Register
from tests.system.cli import run_scrutiny
from tests.system.register_workers import RULE, deviation_terms

INTEGRITY = 3
RECORDER = "S. Williams (Social Worker)"
MANAGER = "A. Patel (Team Manager)"

pytestmark = pytest.mark.slow


def write_register(url: str) -> None:
    """Five records: DEV-000001 v1 and v2, DEV-000002 v1 (record 3), DEV-000003 v1,
    DEV-000002 v2 (record 5, the last)."""
    engine = create_scrutiny_engine(url)
    try:
        register = Register(engine, known_rules=[RULE])
        first = register.record(deviation_terms(1, 1, complete=True), by=RECORDER)
        register.authorise(first.deviation_ref, by=MANAGER)
        second = register.record(deviation_terms(1, 2, complete=True), by=RECORDER)
        register.record(deviation_terms(1, 3), by=RECORDER)
        register.authorise(second.deviation_ref, by=MANAGER)
    finally:
        engine.dispose()


def sqlite_file(url: str) -> Path:
    database = make_url(url).database
    assert database
    return Path(database)


def tamper_sqlite(url: str, statement: str, *params: object) -> None:
    with closing(sqlite3.connect(sqlite_file(url))) as conn, conn:
        changed = conn.execute(statement, params).rowcount
    assert changed == 1, f"the tampering changed {changed} rows: {statement}"


def verify(url: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = run_scrutiny("verify", "--database", url, cwd=cwd, env=env)
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def register_url(sqlite_url: str) -> str:
    write_register(sqlite_url)
    return sqlite_url


def test_verify_exits_0_and_counts_the_records_of_an_intact_register(
    register_url: str, tmp_path: Path
) -> None:
    code, out, err = verify(register_url, tmp_path)
    assert code == 0, err
    assert "register verified: 5 records" in out
    assert err == ""


def test_verify_does_not_depend_on_the_machines_time_zone(
    register_url: str, tmp_path: Path
) -> None:
    """Timestamps are hashed in UTC: a register verifies on a machine set to any zone."""
    for zone in ("Pacific/Auckland", "America/Los_Angeles"):
        code, out, err = verify(register_url, tmp_path, env={"TZ": zone})
        assert code == 0, (zone, err)
        assert "register verified: 5 records" in out


def test_verify_names_the_record_whose_field_was_changed(register_url: str, tmp_path: Path) -> None:
    tamper_sqlite(
        register_url,
        "UPDATE deviation_version SET rationale = ? WHERE seq = 3",
        "There was no need to visit.",
    )
    code, out, err = verify(register_url, tmp_path)
    assert code == INTEGRITY, (out, err)
    assert "record 3 (DEV-000002 version 1) has been changed" in err
    assert out == ""
    assert len(err.strip().splitlines()) == 1


def test_verify_catches_a_changed_record_whose_hash_was_recomputed(
    register_url: str, tmp_path: Path
) -> None:
    """An insider who also rewrites the row's own hash breaks the next link instead."""
    engine = create_scrutiny_engine(register_url)
    with engine.connect() as conn:
        table = DeviationVersion.__table__
        row = conn.execute(select(table).where(table.c.seq == 3)).mappings().one()
    engine.dispose()
    forged = {**row, "rationale": "There was no need to visit."}
    tamper_sqlite(
        register_url,
        "UPDATE deviation_version SET rationale = ?, hash = ? WHERE seq = 3",
        forged["rationale"],
        link_hash(forged),
    )
    code, _, err = verify(register_url, tmp_path)
    assert code == INTEGRITY, err
    assert "record 4 (DEV-000003 version 1) does not link to the record before it" in err


def test_verify_names_the_record_deleted_from_the_middle(register_url: str, tmp_path: Path) -> None:
    tamper_sqlite(register_url, "DELETE FROM deviation_version WHERE seq = 3")
    code, _, err = verify(register_url, tmp_path)
    assert code == INTEGRITY, err
    assert "record 3 is missing from the chain" in err


def test_verify_catches_the_last_record_deleted_by_the_register_head(
    register_url: str, tmp_path: Path
) -> None:
    tamper_sqlite(register_url, "DELETE FROM deviation_version WHERE seq = 5")
    code, _, err = verify(register_url, tmp_path)
    assert code == INTEGRITY, err
    assert "the chain ends at record 4 but the register head records 5" in err


@pytest.mark.postgres
def test_verify_names_the_changed_record_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    write_register(postgres_url)
    code, out, err = verify(postgres_url, tmp_path)
    assert code == 0, err
    assert "register verified: 5 records" in out

    plain = create_engine(postgres_url)  # plain SQLAlchemy: not the tool's own engine
    try:
        with plain.begin() as conn:
            changed = conn.execute(
                text("UPDATE deviation_version SET done_instead = :v WHERE seq = 3"),
                {"v": "Nothing was done instead."},
            ).rowcount
        assert changed == 1
    finally:
        plain.dispose()
    code, out, err = verify(postgres_url, tmp_path)
    assert code == INTEGRITY, (out, err)
    assert "record 3 (DEV-000002 version 1) has been changed" in err
