"""``scrutiny import``."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from scrutiny.cli.app import get_app
from scrutiny.cli.options import database_options
from scrutiny.importing.contract import Advance, ImportOptions, no_progress
from scrutiny.importing.errors import InputError, MissingFile
from scrutiny.importing.rejects import ImportRefused, write_reject_report
from scrutiny.importing.runner import default_paths, import_paths

PROGRESS_FROM_ROWS = 5_000  # smaller files are read too fast for a bar to help
DEFAULT_REJECTS = "import-rejects.csv"


@contextmanager
def progress_bar(label: str, total: int) -> Iterator[Advance]:
    """A bar on standard error for a file of ``total`` rows (none for a small file)."""
    if total < PROGRESS_FROM_ROWS:
        yield lambda _count: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


@click.command("import")
@database_options
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--year",
    "collection_year",
    metavar="YYYY-YY",
    help="Read SSDA903 files as this collection year (default: from their dates).",
)
@click.option(
    "--rejects",
    "rejects_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_REJECTS,
    show_default=True,
    help="Where to write the reject report (CSV) if anything is refused.",
)
@click.option(
    "--skip-imported",
    is_flag=True,
    help="Skip files imported before instead of refusing the import (to finish an"
    " import of a folder that was interrupted).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar while reading large files (default: on a terminal).",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    paths: tuple[str, ...],
    collection_year: str | None,
    rejects_path: Path,
    skip_imported: bool,
    progress: bool | None,
) -> None:
    """Import files: the SSDA903 return (CSV set or XML), the CIN census, Ofsted's Annex A
    workbook, deviations recorded elsewhere, and Scrutiny's own CSV/XLSX files.

    Files are recognised by their content, not their names; a folder imports every file
    in it. Every file is checked before any is written: if anything is wrong, nothing is
    imported, the first problem is shown and every problem found is written to the
    reject report (file, row, column, value, reason). Each file is then written whole,
    in its own transaction. A file already imported is refused (skipped, with
    --skip-imported, to finish an interrupted import); a newer file from the same
    source (the same year's return, a later extract spanning an earlier one's dates, a
    newer Annex A) replaces the earlier one's data.
    """
    app = get_app(ctx)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        results = import_paths(
            app.engine,
            default_paths(paths),
            app.host.importers(),
            ImportOptions(
                collection_year=collection_year,
                today=dt.date.today(),
                progress=progress_bar if show else no_progress,
                skip_imported=skip_imported,
            ),
        )
    except MissingFile:
        raise
    except InputError as exc:
        write_reject_report(rejects_path, exc.problems)
        raise ImportRefused(exc, rejects_path) from None
    for result in results:
        click.echo(f"{'skipped' if result.skipped else 'imported'} {result.file}: {result.summary}")
    imported = sum(1 for r in results if not r.skipped)
    skipped = f", {len(results) - imported} skipped" if imported < len(results) else ""
    click.echo(f"{imported} file(s) imported into {app.database_url}{skipped}")


def register(cli: click.Group) -> None:
    cli.add_command(import_command)
