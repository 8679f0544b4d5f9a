"""``scrutiny plugin new``: start a plugin of the council's own, as a separate package."""

from __future__ import annotations

from pathlib import Path

import click

from scrutiny.cli.exit_codes import ExitCode
from scrutiny.scaffold import ScaffoldError, plugin_package, write_plugin_package


@click.group("plugin")
def plugin() -> None:
    """Write a plugin of your own."""


@plugin.command("new")
@click.argument("name")
@click.option(
    "--domain",
    metavar="DOMAIN",
    help="The domain of the plugin's rules, as `scrutiny check --domain` names it (default: NAME).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to create (default: ./NAME with dashes for underscores).",
)
@click.pass_context
def plugin_new(ctx: click.Context, name: str, domain: str | None, out: Path | None) -> None:
    """Create NAME, an installable plugin package: one example rule with its period, the
    table, migration and importer for its data, a pack section, tests and a README.

    NAME is lower case with underscores (e.g. northshire_staying_close). Then, in the
    new folder: `pip install -e '.[test]'`, `pytest`, `scrutiny plugins list`.
    """
    try:
        package = plugin_package(name, domain)
        folder = out if out is not None else Path(package.dashed)
        written = write_plugin_package(package, folder)
    except ScaffoldError as exc:
        click.echo(f"scrutiny: {exc}", err=True)
        ctx.exit(ExitCode.USAGE)
    click.echo(f"created plugin {package.name} in {folder} ({len(written)} files):")
    for path in written:
        click.echo(f"  {path.relative_to(folder).as_posix()}")
    click.echo(
        "\nNext: edit the rule's source and periods in"
        f" {package.name}/rules.toml (see README.md), then, in {folder}:\n"
        "  pip install -e '.[test]'\n"
        "  pytest\n"
        "  scrutiny plugins list\n"
        f"  scrutiny rules show {package.rule_id}"
    )


def register(cli: click.Group) -> None:
    cli.add_command(plugin)
