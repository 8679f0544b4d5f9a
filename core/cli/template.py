"""``scrutiny template``: a blank workbook for a council to fill from its own system."""

from __future__ import annotations

from pathlib import Path

import click

from scrutiny.cli.app import get_app
from scrutiny.importing.templates import (
    SINGLE_FILE_TEMPLATES,
    Template,
    template_workbook,
    templates,
)


@click.command("template")
@click.argument("kind", required=False, metavar="[KIND]")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.xlsx",
    help="Where to write the workbook.",
)
@click.option("--force", is_flag=True, help="Replace FILE.xlsx if it exists.")
@click.option("--list", "list_kinds", is_flag=True, help="List the kinds of template and stop.")
@click.pass_context
def template(
    ctx: click.Context, kind: str | None, out: Path | None, force: bool, list_kinds: bool
) -> None:
    """Write a blank XLSX workbook of Scrutiny's own input files, ready to fill in.

    One sheet per file: the columns in row 1, what each takes in row 2 (required or
    optional, the layout, the allowed values), cells formatted for dates and for
    references. Filled in, it imports as it is with `scrutiny import FILE.xlsx`; the
    description row is skipped. Delete the sheets you do not fill: a sheet with no
    rows is refused unless "none" is a real answer for that file.

    Without KIND, or with --list, lists the kinds of template and their files.
    """
    found = templates(get_app(ctx).host.importers())
    if list_kinds or kind is None:
        if out is not None and not list_kinds:
            raise click.UsageError("give the KIND of template to write (see --list)")
        _list(found)
        return
    chosen = found.get(kind)
    if chosen is None:
        raise click.UsageError(_unknown(kind, found))
    if out is None:
        raise click.UsageError("give --out FILE.xlsx: where to write the template")
    if out.suffix.lower() != ".xlsx":
        raise click.UsageError(f"{out} does not end in .xlsx; the template is an XLSX workbook")
    data = template_workbook(chosen)
    try:
        with out.open("wb" if force else "xb") as file:
            file.write(data)
    except FileExistsError:
        raise click.ClickException(f"{out} exists; give --force to replace it") from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror}") from None
    sheets = ", ".join(spec.name for spec in chosen.files)
    click.echo(f"wrote {out}: {len(chosen.files)} sheet(s) ({sheets})")
    click.echo(f"fill it in, then: scrutiny import {out}")


def _list(found: dict[str, Template]) -> None:
    for name, found_template in found.items():
        click.echo(f"{name}: {found_template.title}")
        for spec in found_template.files:
            click.echo(f"  {spec.name}: {spec.description}")


def _unknown(kind: str, found: dict[str, Template]) -> str:
    allowed = ", ".join(found) or "none (no enabled plugin reads files of its own)"
    if kind in SINGLE_FILE_TEMPLATES:
        return (
            f"no template {kind!r}: no enabled plugin reads its file"
            f" ({SINGLE_FILE_TEMPLATES[kind]}); choose one of: {allowed}"
        )
    return f"no template {kind!r}; choose one of: {allowed}"


def register(cli: click.Group) -> None:
    cli.add_command(template)
