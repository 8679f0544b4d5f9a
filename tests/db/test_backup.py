"""`scrutiny backup` / `scrutiny restore`: the whole database in one open file and back.

The database is the demo council's (every domain imported, deviations recorded,
authorised and amended, checks run). It goes SQLite -> PostgreSQL -> SQLite through
the installed command, and every table must come back row for row, with the register's
chain verifying on the other side. Damaged and tampered backups, and targets that are
not empty or not at the backup's schema, are refused in one sentence with the exit code
documented in docs/backup.md, and leave the target as it was.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, func, select

from scrutiny.cli.main import main
from scrutiny.db import backup as backup_module
from scrutiny.db.backup import FORMAT_NAME, FORMAT_VERSION, decode, encode
from scrutiny.db.base import metadata
from scrutiny.db.engine import create_scrutiny_engine
from scrutiny.db.migrate import alembic_config
from scrutiny.demo.build import build_demo
from scrutiny.pack.redact import pseudonym_key
from scrutiny.plugin_host import PluginHost
from scrutiny.register.chain import link_hash
from scrutiny.register.models import GENESIS_HASH
from tests.system.cli import describe, run_scrutiny

USAGE, INTEGRITY, DATABASE = 2, 3, 4
DEMO_AS_OF = "2022-03-31"
RECORDER = "S. Williams (Social Worker)"

Rows = dict[str, list[tuple[Any, ...]]]


# The demo council, and what a database holds -----------------------------------------


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo council's SQLite database (no pack: it is not what is backed up)."""
    folder = tmp_path_factory.mktemp("backup-demo") / "demo"
    result = build_demo(folder, children=80, seed=4, render=lambda *_: None)
    engine = create_scrutiny_engine(sqlite_url_of(result.database))
    try:
        pseudonym_key(engine)  # made by the first redacted pack
    finally:
        engine.dispose()
    return result.database


@pytest.fixture(scope="module")
def demo_backup(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup-file") / "demo.zip"
    engine = create_scrutiny_engine(f"sqlite:///{demo_database}")
    try:
        backup_module.write_backup(engine, path, metadata)
    finally:
        engine.dispose()
    return path


def sqlite_url_of(path: Path) -> str:
    return f"sqlite:///{path}"


def all_rows(url: str) -> Rows:
    """Every table's rows, sorted, read through the models' own column types."""
    PluginHost()  # every plugin's tables on the metadata
    engine = create_scrutiny_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: sorted(
                    (tuple(row) for row in conn.execute(select(*table.columns))), key=repr
                )
                for table in metadata.sorted_tables
            }
    finally:
        engine.dispose()


def count_rows(url: str) -> dict[str, int]:
    engine = create_scrutiny_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in metadata.sorted_tables
            }
    finally:
        engine.dispose()


def assert_holds_nothing_restored(url: str) -> None:
    """Only what `scrutiny init` and the calendar put there: the restore left no trace."""
    counts = count_rows(url)
    holding = {n: c for n, c in counts.items() if c and n not in ("calendar_day", "register_head")}
    assert holding == {}, f"the refused restore left rows behind: {holding}"
    engine = create_scrutiny_engine(url)
    try:
        with engine.connect() as conn:
            head = conn.execute(select(metadata.tables["register_head"])).one()
    finally:
        engine.dispose()
    assert (head.seq, head.hash, head.deviation_count) == (0, GENESIS_HASH, 0)


def scrutiny_in_process(
    capsys: pytest.CaptureFixture[str], *args: str | Path
) -> tuple[int, str, str]:
    """``scrutiny ARGS`` through the console script's own entry point, in this process."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        raise SystemExit(main([str(a) for a in args]))  # the console script's sys.exit(main())
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


def one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{err}"
    return lines[0]


# Rewriting a backup as someone tampering with it would ----------------------------


def rewrite_backup(
    source: Path,
    target: Path,
    change: Callable[[str, bytes], bytes],
    *,
    rehash: bool,
    manifest_change: Callable[[dict[str, Any]], None] = lambda _: None,
) -> None:
    """Copy a backup, changing table files (and, with ``rehash``, their manifest hashes)."""
    with zipfile.ZipFile(source) as original:
        manifest = json.loads(original.read("manifest.json"))
        files = {t["file"]: change(t["name"], original.read(t["file"])) for t in manifest["tables"]}
    if rehash:
        for table in manifest["tables"]:
            table["sha256"] = hashlib.sha256(files[table["file"]]).hexdigest()
    manifest_change(manifest)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in files.items():
            out.writestr(name, data)
        out.writestr("manifest.json", json.dumps(manifest))


def forge_rationale(name: str, data: bytes) -> bytes:
    """Change record 3's rationale and recompute that record's own hash."""
    if name != "deviation_version":
        return data
    lines = data.decode().splitlines()
    record = json.loads(lines[2])
    record["rationale"] = "There was no need to visit."
    kinds = dict(backup_module.table_entry_columns(metadata.tables["deviation_version"]))
    values = {k: decode(kinds[k], v) for k, v in record.items()}
    record["hash"] = link_hash(values)
    lines[2] = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return ("\n".join(lines) + "\n").encode()


# The round trip ----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back_keeps_every_row_and_the_chain(
    demo_database: Path, postgres_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "source.db"
    shutil.copyfile(demo_database, source)
    source_url = sqlite_url_of(source)
    expected = all_rows(source_url)
    assert expected["deviation_version"] and expected["finding"] and expected["child"]
    assert expected["pseudonym_key"] and expected["import_batch"] and expected["fos_carer"]

    saved = run_scrutiny(
        "backup", tmp_path / "from-sqlite.zip", "--database", source_url, cwd=tmp_path
    )
    assert saved.returncode == 0, describe(saved)
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []

    # SQLite -> PostgreSQL (a migrated schema whose calendar is already filled)
    restored = run_scrutiny(
        "restore", tmp_path / "from-sqlite.zip", "--database", postgres_url, cwd=tmp_path
    )
    assert restored.returncode == 0, describe(restored)
    chain = len(expected["deviation_version"])
    assert f"register verified: {chain:,} records" in restored.stdout
    assert all_rows(postgres_url) == expected
    verified = run_scrutiny("verify", "--database", postgres_url, cwd=tmp_path)
    assert verified.returncode == 0, describe(verified)

    # PostgreSQL -> SQLite (a file that does not exist yet)
    again = run_scrutiny(
        "backup", tmp_path / "from-pg.zip", "--database", postgres_url, cwd=tmp_path
    )
    assert again.returncode == 0, describe(again)
    assert table_hashes(tmp_path / "from-pg.zip") == table_hashes(tmp_path / "from-sqlite.zip")
    back_url = sqlite_url_of(tmp_path / "back.db")
    back = run_scrutiny("restore", tmp_path / "from-pg.zip", "--database", back_url, cwd=tmp_path)
    assert back.returncode == 0, describe(back)
    assert all_rows(back_url) == expected
    verified = run_scrutiny("verify", "--database", back_url, cwd=tmp_path)
    assert verified.returncode == 0, describe(verified)

    # Both restored databases go on working: ids continue where the backup left off.
    for url in (postgres_url, back_url):
        recorded = run_scrutiny(*record_args(url), cwd=tmp_path)
        assert recorded.returncode == 0, describe(recorded)
        verified = run_scrutiny("verify", "--database", url, cwd=tmp_path)
        assert f"register verified: {chain + 1:,} records" in verified.stdout, describe(verified)
    checked = run_scrutiny(
        "check", "--as-of", DEMO_AS_OF, "--format", "json", "--database", postgres_url, cwd=tmp_path
    )
    assert checked.returncode in (0, 1), describe(checked)
    runs = sorted(row[0] for row in expected["run"])
    after = all_rows(postgres_url)
    assert sorted(row[0] for row in after["run"]) == [*runs, runs[-1] + 1]
    assert len(after["finding"]) > len(expected["finding"])


def record_args(url: str) -> list[str]:
    return [
        "deviation",
        "record",
        "--database",
        url,
        "--type",
        "lac-review-late",
        "--subject",
        "child:C000002",
        "--done-instead",
        "Review held by video",
        "--from",
        "2022-01-10",
        "--to",
        "2022-02-28",
        "--principle",
        "child-centred",
        "--by",
        RECORDER,
    ]


def table_hashes(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    return {t["name"]: t["sha256"] for t in manifest["tables"]}


# The format --------------------------------------------------------------------------


def test_the_manifest_describes_every_table_its_hash_and_the_register_head(
    demo_backup: Path, demo_database: Path
) -> None:
    with zipfile.ZipFile(demo_backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
        deviations = [
            json.loads(line) for line in archive.read("tables/deviation_version.jsonl").splitlines()
        ]
        for table in manifest["tables"]:
            data = archive.read(table["file"])
            assert hashlib.sha256(data).hexdigest() == table["sha256"], table["name"]
            assert len(data.splitlines()) == table["rows"], table["name"]
    assert manifest["format"] == FORMAT_NAME and manifest["format_version"] == FORMAT_VERSION
    assert "0004_core" in manifest["schema_heads"]
    assert dt.datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    counts = count_rows(sqlite_url_of(demo_database))
    assert {t["name"]: t["rows"] for t in manifest["tables"]} == counts
    assert names == {"manifest.json", *(t["file"] for t in manifest["tables"])}
    last = deviations[-1]
    assert manifest["register_head"] == {
        "seq": last["seq"],
        "hash": last["hash"],
        "deviation_count": len({d["deviation_ref"] for d in deviations}),
    }
    # foreign-key order: a table comes after every table it refers to
    order = [t["name"] for t in manifest["tables"]]
    for name in order:
        for key in metadata.tables[name].foreign_keys:
            assert order.index(key.column.table.name) < order.index(name)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", deviations[0]["at"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", deviations[0]["period_start"])


@pytest.mark.parametrize(
    ("kind", "value", "written"),
    [
        ("integer", 7, 7),
        ("boolean", True, True),
        ("text", "Café ☕", "Café ☕"),
        ("date", dt.date(2020, 2, 29), "2020-02-29"),
        ("datetime", dt.datetime(2021, 3, 28, 1, 30, tzinfo=dt.UTC), "2021-03-28T01:30:00+00:00"),
        ("time", dt.time(9, 5, 1), "09:05:01"),
        ("decimal", decimal.Decimal("12.340"), "12.340"),
        ("float", 0.1, 0.1),
        ("bytes", b"\x00\xffkey", "AP9rZXk="),
        ("json", {"a": [1, None]}, {"a": [1, None]}),
        ("text", None, None),
    ],
)
def test_each_kind_of_value_is_written_portably_and_read_back_exactly(
    kind: str, value: Any, written: Any
) -> None:
    assert encode(kind, value) == written
    assert decode(kind, json.loads(json.dumps(written))) == value


def test_batches_and_chunks_do_not_change_what_is_written(
    demo_database: Path, demo_backup: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small batches and write chunks cross many boundaries; the files stay the same."""
    monkeypatch.setattr(backup_module, "BATCH_ROWS", 7)
    monkeypatch.setattr(backup_module, "READ_CHUNK", 100)
    engine = create_scrutiny_engine(sqlite_url_of(demo_database))
    try:
        backup_module.write_backup(engine, tmp_path / "small.zip", metadata)
    finally:
        engine.dispose()
    assert table_hashes(tmp_path / "small.zip") == table_hashes(demo_backup)


def test_a_backup_never_replaces_a_file_unless_asked(
    demo_database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "backup.zip"
    existing.write_bytes(b"last night's")
    url = sqlite_url_of(demo_database)
    code, _, err = scrutiny_in_process(capsys, "backup", existing, "--database", url)
    assert code == USAGE
    assert "already exists" in one_sentence(err) and str(existing) in err
    assert existing.read_bytes() == b"last night's"
    code, _, err = scrutiny_in_process(capsys, "backup", existing, "--overwrite", "--database", url)
    assert code == 0, err
    assert zipfile.is_zipfile(existing)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.zip"]
    code, _, err = scrutiny_in_process(
        capsys, "backup", tmp_path / "no-such-folder" / "b.zip", "--database", url
    )
    assert code == USAGE and "does not exist" in one_sentence(err)


# Refusals ----------------------------------------------------------------------------


def test_a_changed_byte_is_refused_before_anything_is_written(
    demo_backup: Path, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "damaged.zip"
    data = bytearray(demo_backup.read_bytes())
    with zipfile.ZipFile(demo_backup) as archive:
        info = archive.getinfo("tables/deviation_version.jsonl")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle] ^= 0x01
    damaged.write_bytes(bytes(data))
    code, out, err = scrutiny_in_process(capsys, "restore", damaged, "--database", sqlite_url)
    assert code == INTEGRITY, err
    line = one_sentence(err)
    assert str(damaged) in line and "tables/deviation_version.jsonl" in line
    assert out == ""
    assert_holds_nothing_restored(sqlite_url)


def test_a_table_file_that_does_not_match_its_hash_is_refused(
    demo_backup: Path, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = tmp_path / "changed.zip"

    def rename_a_child(name: str, data: bytes) -> bytes:
        return data.replace(b"C000001", b"C999991", 1) if name == "child" else data

    rewrite_backup(demo_backup, changed, rename_a_child, rehash=False)
    code, _, err = scrutiny_in_process(capsys, "restore", changed, "--database", sqlite_url)
    assert code == INTEGRITY
    assert "tables/child.jsonl does not match its SHA-256" in one_sentence(err)
    assert_holds_nothing_restored(sqlite_url)


def test_a_truncated_backup_is_refused(
    demo_backup: Path, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(demo_backup.read_bytes()[: demo_backup.stat().st_size * 2 // 3])
    code, _, err = scrutiny_in_process(capsys, "restore", truncated, "--database", sqlite_url)
    assert code == INTEGRITY
    assert f"{truncated} is not a readable ZIP file" in one_sentence(err)
    missing = tmp_path / "missing.zip"
    code, _, err = scrutiny_in_process(capsys, "restore", missing, "--database", sqlite_url)
    assert code == INTEGRITY and f"{missing} does not exist" in one_sentence(err)
    assert_holds_nothing_restored(sqlite_url)


def test_a_target_that_holds_data_is_refused(
    demo_backup: Path, demo_database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "busy.db"
    shutil.copyfile(demo_database, target)
    before = count_rows(sqlite_url_of(target))
    code, _, err = scrutiny_in_process(
        capsys, "restore", demo_backup, "--database", sqlite_url_of(target)
    )
    assert code == USAGE
    assert "is not empty" in one_sentence(err) and str(target) in err
    assert count_rows(sqlite_url_of(target)) == before


def test_a_backup_from_another_schema_revision_is_refused(
    demo_backup: Path, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = tmp_path / "older.zip"

    def at_0003(manifest: dict[str, Any]) -> None:
        manifest["schema_heads"] = [
            "0003_core" if h == "0004_core" else h for h in manifest["schema_heads"]
        ]

    rewrite_backup(demo_backup, older, lambda _, d: d, rehash=False, manifest_change=at_0003)
    code, _, err = scrutiny_in_process(capsys, "restore", older, "--database", sqlite_url)
    assert code == DATABASE
    line = one_sentence(err)
    assert "0003_core" in line and "0004_core" in line and "same Scrutiny version" in line
    assert_holds_nothing_restored(sqlite_url)


def test_a_target_at_an_older_schema_revision_is_refused(
    demo_backup: Path, sqlite_url: str, host: PluginHost, capsys: pytest.CaptureFixture[str]
) -> None:
    engine: Engine = create_scrutiny_engine(sqlite_url)
    try:
        config = alembic_config(host.migration_dirs())
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0003_core")
    finally:
        engine.dispose()
    code, _, err = scrutiny_in_process(capsys, "restore", demo_backup, "--database", sqlite_url)
    assert code == DATABASE
    assert "scrutiny init" in one_sentence(err)


def test_tampered_register_rows_with_recomputed_hashes_are_refused_and_nothing_is_kept(
    demo_backup: Path, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The insider rewrites record 3 and its own hash, and every file hash in the
    manifest: the files check out, but the chain does not, so the restore is undone."""
    forged = tmp_path / "forged.zip"
    rewrite_backup(demo_backup, forged, forge_rationale, rehash=True)
    code, out, err = scrutiny_in_process(capsys, "restore", forged, "--database", database_url)
    assert code == INTEGRITY, err
    line = one_sentence(err)
    assert "does not verify" in line and "record 4" in line and "nothing was restored" in line
    assert out == ""
    assert_holds_nothing_restored(database_url)
