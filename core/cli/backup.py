"""``scrutiny backup`` and ``scrutiny restore``: the whole database in one open file."""

from __future__ import annotations

import time
from pathlib import Path

import click

from scrutiny.cli.app import get_app
from scrutiny.cli.exit_codes import ExitCode
from scrutiny.cli.options import database_options
from scrutiny.db.backup import BackupError, BackupRefused, restore_backup, write_backup
from scrutiny.db.base import metadata
from scrutiny.db.engine import resolve_url

FILE = click.Path(dir_okay=False, path_type=Path)


def _refuse(ctx: click.Context, command: str, message: str, code: ExitCode) -> None:
    click.echo(f"scrutiny: {command} refused: {message}", err=True)
    ctx.exit(code)


@click.command("backup")
@database_options
@click.argument("file", type=FILE)
@click.option("--overwrite", is_flag=True, help="Replace FILE if it already exists.")
@click.pass_context
def backup(ctx: click.Context, file: Path, overwrite: bool) -> None:
    """Write the whole database (case data, runs, the deviation register and its chain)
    to FILE, a ZIP of JSON Lines files described in docs/backup.md."""
    app = get_app(ctx)
    engine = app.engine  # loads every plugin's tables onto the metadata
    started = time.perf_counter()
    try:
        summary = write_backup(engine, file, metadata, overwrite=overwrite)
    except BackupRefused as exc:
        _refuse(ctx, "backup", str(exc), ExitCode.USAGE)
        return
    manifest = summary.manifest
    click.echo(
        f"backup written to {summary.path}: {manifest.rows:,} rows in"
        f" {len(manifest.tables)} tables, {summary.size / 1e6:.1f} MB in"
        f" {time.perf_counter() - started:.1f} s; register head {manifest.register_head.seq}"
        f" ({manifest.register_head.hash})"
    )


@click.command("restore")
@database_options
@click.argument("file", type=FILE)
@click.pass_context
def restore(ctx: click.Context, file: Path) -> None:
    """Restore a backup into an empty database (made by `scrutiny init`, at the same
    schema), all or nothing; the register's hash chain must verify afterwards."""
    app = get_app(ctx)
    engine = app.engine
    where = resolve_url(app.database_url).render_as_string(hide_password=True)
    started = time.perf_counter()
    try:
        summary = restore_backup(engine, file, metadata, where)
    except BackupError as exc:
        _refuse(ctx, "restore", str(exc), ExitCode.INTEGRITY)
        return
    except BackupRefused as exc:
        _refuse(ctx, "restore", str(exc), ExitCode.USAGE)
        return
    manifest, verified = summary.manifest, summary.verification
    click.echo(
        f"restored {file} into {where}: {manifest.rows:,} rows in {len(manifest.tables)}"
        f" tables in {time.perf_counter() - started:.1f} s"
    )
    for entry in manifest.tables:
        if entry.rows:
            click.echo(f"  {entry.name:28} {entry.rows:>10,}")
    click.echo(f"register verified: {verified.checked:,} records, head {verified.head_hash}")


def register(cli: click.Group) -> None:
    cli.add_command(backup)
    cli.add_command(restore)
