"""A database made by every earlier schema version upgrades with its register intact.

Each fixture in tests/data/schema_versions/ was made by the Scrutiny of the commit its
README names, through that version's own command line (init, import, deviations
recorded, authorised, amended, reviewed and closed, a check). The current
`scrutiny init` upgrades a copy; then every deviation version must be there with the
same content and hash, `scrutiny verify` must pass, `scrutiny check` must run, and a
new deviation must chain onto the old head.
"""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory

from scrutiny.db.migrate import alembic_config, core_versions_dir
from tests.system.cli import describe, run_scrutiny

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "data" / "schema_versions"
FIXTURES = sorted(FIXTURES_DIR.glob("core-*.db.gz"))
AS_OF = "2022-03-31"  # the fixtures' synthetic council is the demo's, as of this date
RECORDER = "S. Williams (Social Worker)"


def core_revisions() -> list[str]:
    """Every core migration's number ("0001", ...), from the migrations themselves."""
    script = ScriptDirectory.from_config(alembic_config())
    core = core_versions_dir().resolve()
    return sorted(
        Path(r.path).name[:4]
        for r in script.walk_revisions()
        if r.path and Path(r.path).resolve().parent == core
    )


def register(database: Path) -> tuple[list[dict[str, Any]], tuple[Any, ...]]:
    """The register's rows exactly as stored, and its head."""
    with closing(sqlite3.connect(database)) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("SELECT * FROM deviation_version ORDER BY seq")]
        head = tuple(
            conn.execute("SELECT seq, hash, deviation_count FROM register_head").fetchone()
        )
    return rows, head


def test_every_core_schema_version_has_a_fixture_database() -> None:
    have = {p.name.removeprefix("core-").removesuffix(".db.gz") for p in FIXTURES}
    missing = [r for r in core_revisions() if r not in have]
    assert not missing, (
        f"core migration(s) {', '.join(missing)} have no fixture database in"
        f" {FIXTURES_DIR.relative_to(FIXTURES_DIR.parents[2])}/: once the migration is"
        " committed, run `python tests/data/schema_versions/make_fixture.py HEAD`, add a"
        " line for it to that folder's README.md and commit the new core-NNNN.db.gz, so the"
        " next migration is tested against a database of this schema"
    )


@pytest.mark.slow
@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.name.split(".")[0] for p in FIXTURES])
def test_a_database_of_an_earlier_schema_upgrades_with_every_deviation_intact(
    fixture: Path, tmp_path: Path
) -> None:
    database = tmp_path / "scrutiny.db"
    with gzip.open(fixture, "rb") as packed, database.open("wb") as raw:
        shutil.copyfileobj(packed, raw)
    url = f"sqlite:///{database}"
    before, head = register(database)
    assert len(before) >= 10 and {r["action"] for r in before} >= {
        "record",
        "authorise",
        "amend",
        "review",
        "close",
    }

    upgraded = run_scrutiny("init", "--database", url, cwd=tmp_path)
    assert upgraded.returncode == 0, describe(upgraded)
    if fixture != FIXTURES[-1]:
        assert " -> " in upgraded.stdout, describe(upgraded)  # it was migrated

    after, head_after = register(database)
    assert head_after == head
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert {k: new[k] for k in old} == old, f"record {old['seq']} changed in the upgrade"
        added = {k: v for k, v in new.items() if k not in old}
        assert all(v is None for v in added.values()), (old["seq"], added)

    checked = run_scrutiny("check", "--as-of", AS_OF, "--database", url, cwd=tmp_path)
    assert checked.returncode in (0, 1), describe(checked)

    recorded = run_scrutiny(
        "deviation", "record", "--database", url,
        "--type", "lac-review-late", "--subject", "child:C000004",
        "--done-instead", "Review held by video call", "--from", "2022-03-01", "--to", "2022-03-31",
        "--by", RECORDER,
        cwd=tmp_path,
    )  # fmt: skip
    assert recorded.returncode == 0, describe(recorded)
    verified = run_scrutiny("verify", "--database", url, cwd=tmp_path)
    assert verified.returncode == 0, describe(verified)
    assert f"register verified: {len(before) + 1} records" in verified.stdout
    newest, _ = register(database)
    assert newest[-1]["prev_hash"] == head[1]
    assert newest[:-1] == after
