"""``scrutiny import``."""

from __future__ import annotations

import datetime as dt

import click

from scrutiny.cli.app import get_app
from scrutiny.cli.options import database_options
from scrutiny.importing.contract import ImportOptions
from scrutiny.importing.runner import default_paths, import_paths


@click.command("import")
@database_options
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--year",
    "collection_year",
    metavar="YYYY-YY",
    help="Read SSDA903 files as this collection year (default: from their dates).",
)
@click.pass_context
def import_command(ctx: click.Context, paths: tuple[str, ...], collection_year: str | None) -> None:
    """Import files: the SSDA903 return (CSV set or XML) and Scrutiny's own CSV files.

    Files are recognised by their columns, not their names; a folder imports every file
    in it. Every file is checked before any is written: a bad file stops the import with
    one message naming the file, row and column, and nothing is imported. Each file is
    then written whole, in its own transaction.
    """
    app = get_app(ctx)
    results = import_paths(
        app.engine,
        default_paths(paths),
        app.host.importers(),
        ImportOptions(collection_year=collection_year, today=dt.date.today()),
    )
    for result in results:
        click.echo(f"imported {result.file}: {result.summary}")
    click.echo(f"{len(results)} file(s) imported into {app.database_url}")


def register(cli: click.Group) -> None:
    cli.add_command(import_command)
