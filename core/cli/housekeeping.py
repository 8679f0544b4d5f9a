"""``scrutiny init`` and ``scrutiny demo``."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import Engine

from scrutiny.cli.app import DatabaseUnavailable, get_app
from scrutiny.cli.options import database_options
from scrutiny.config import Config
from scrutiny.db.engine import create_scrutiny_engine, resolve_url
from scrutiny.db.migrate import upgrade
from scrutiny.demo.build import DemoFolderError, build_demo
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.render import render_pack
from scrutiny.plugin_host import PluginHost


@click.command("init")
@database_options
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the database's tables, or upgrade them to this version of Scrutiny."""
    app = get_app(ctx)
    url = resolve_url(app.database_url)
    engine = create_scrutiny_engine(url)
    try:
        before, after = upgrade(engine, app.host.migration_dirs())
    except Exception as exc:
        raise DatabaseUnavailable(f"cannot initialise {url.render_as_string(True)}: {exc}") from exc
    finally:
        engine.dispose()
    where = url.render_as_string(hide_password=True)
    if before == after:
        click.echo(f"{where} is up to date ({', '.join(sorted(after))})")
    else:
        click.echo(
            f"{where}: schema {', '.join(sorted(before)) or 'empty'} -> {', '.join(sorted(after))}"
        )


def _render(engine: Engine, host: PluginHost, config: Config, run_id: int, out: Path) -> int | None:
    data = load_pack_data(engine, host.rules, config, run_id)
    return render_pack(data, host.pack_sections(data), out).pages


@click.command("demo")
@click.option(
    "--out",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("scrutiny-demo"),
    show_default=True,
    help="Folder to build it in.",
)
@click.option(
    "--children",
    type=click.IntRange(1, 500_000),
    default=200,
    show_default=True,
    help="How many children the synthetic council has.",
)
@click.option("--seed", type=int, default=1, show_default=True)
def demo(folder: Path, children: int, seed: int) -> None:
    """Build a synthetic council end to end: SSDA903 and visits files, imported; a few
    deviations recorded; checks run; and an audit pack written."""
    try:
        result = build_demo(folder, children=children, seed=seed, render=_render)
    except DemoFolderError as exc:
        raise click.UsageError(str(exc)) from None
    counts = result.final_run.counts
    click.echo(f"Demo council built in {result.folder}/")
    *most, last = sorted({p.suffix[1:].upper() for p in result.inputs})
    kinds = f"{', '.join(most)} and {last}" if most else last
    click.echo(f"  input files:   {len(result.inputs)} {kinds} files in {result.folder / 'input'}/")
    click.echo(f"  database:      {result.database}")
    click.echo(f"  configuration: {result.config}")
    click.echo(f"  audit pack:    {result.pack} ({result.pages} pages)")
    click.echo(
        f"  run {result.final_run.run_id} as of {result.final_run.as_of}: "
        f"{counts.get('breach', 0)} breaches, {counts.get('deviation', 0)} covered by"
        f" deviations, {counts.get('deviation-lapsed', 0)} lapsed, {counts.get('manual', 0)}"
        f" manual, {counts.get('data-gap', 0)} data gaps, {counts.get('compliant', 0)} met;"
        f" {result.deviations} deviations recorded"
    )
    click.echo("Try:")
    config = result.config
    click.echo(f"  scrutiny --config {config} check --as-of {result.final_run.as_of}")
    click.echo(f"  scrutiny --config {config} deviation list")
    click.echo(f"  scrutiny --config {config} runs diff")
    click.echo(f"  scrutiny --config {config} verify")


def register(cli: click.Group) -> None:
    cli.add_command(init)
    cli.add_command(demo)
