"""``scrutiny pack``: the audit pack for a run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import click
from sqlalchemy import select, update

from scrutiny.cli.app import App, get_app
from scrutiny.cli.checking import perform_check
from scrutiny.cli.options import DATE, as_of_option, database_options
from scrutiny.engine.check import data_fingerprint
from scrutiny.engine.runs import load_run
from scrutiny.models.run import Run
from scrutiny.pack.data import load_pack_data
from scrutiny.pack.redact import pseudonym_key, redact
from scrutiny.pack.render import render_pack
from scrutiny.pack.scope import narrowed


def current_run(app: App, as_of: dt.date | None) -> int | None:
    """The latest run of every enabled rule still true of the data (as of ``as_of``)."""
    rules = list(app.host.rules)
    with app.engine.connect() as conn:
        fingerprint = data_fingerprint(conn, app.config, rules)
        query = (
            select(Run.id)
            .where(Run.data_fingerprint == fingerprint)
            .where(Run.domains.is_(None))
            .order_by(Run.id.desc())
            .limit(1)
        )
        if as_of is not None:
            query = query.where(Run.as_of == as_of)
        return conn.execute(query).scalar_one_or_none()


def write_pack(
    app: App,
    run_id: int,
    out: Path,
    fmt: str,
    *,
    domains: Sequence[str] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
    redacted: bool = False,
) -> tuple[int | None, str]:
    data = load_pack_data(app.engine, app.host.rules, app.config, run_id)
    whole = not (domains or start or end or redacted)
    data = narrowed(data, domains, start, end)
    if redacted:
        data = redact(data, pseudonym_key(app.engine))
    sections = [s for s in app.host.pack_sections(data) if not domains or s.domain in domains]
    result = render_pack(data, sections, out, fmt=fmt)
    if fmt == "pdf" and whole:  # the run's own pack; a narrowed or redacted copy is not it
        with app.engine.begin() as conn:
            conn.execute(update(Run).where(Run.id == run_id).values(pack_sha256=result.sha256))
    return result.pages, result.sha256


@click.command("pack")
@database_options
@as_of_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the pack.",
)
@click.option("--run", "run_id", type=int, help="The run to report (default: a current one).")
@click.option(
    "--format", "fmt", type=click.Choice(("pdf", "html")), default="pdf", show_default=True
)
@click.option(
    "--domain", "domains", multiple=True, metavar="DOMAIN", help="Only this domain (repeatable)."
)
@click.option("--from", "start", type=DATE, help="Only findings due on or after this date.")
@click.option("--to", "end", type=DATE, help="Only findings due on or before this date.")
@click.option(
    "--redact",
    "redacted",
    is_flag=True,
    help="Children, carers and staff as stable pseudonyms, free text withheld: for"
    " circulation beyond the council.",
)
@click.pass_context
def pack(
    ctx: click.Context,
    as_of: dt.date | None,
    out: Path,
    run_id: int | None,
    fmt: str,
    domains: tuple[str, ...],
    start: dt.date | None,
    end: dt.date | None,
    redacted: bool,
) -> None:
    """Write the audit pack for a run.

    Without --run, the pack reports the latest full run that is still true of the
    data (same imports, register and settings) and, with --as-of, of that date;
    if there is none, it runs the checks first. --domain, --from and --to narrow what
    the pack shows, not the run; --redact makes a copy for circulation beyond the
    council. The run records the hash of its whole, unredacted PDF pack only.
    """
    app = get_app(ctx)
    known = {r.meta.domain for r in app.host.rules}
    unknown = sorted(set(domains) - known)
    if unknown:
        raise click.BadParameter(
            f"{', '.join(unknown)} (domains: {', '.join(sorted(known))})", param_hint="--domain"
        )
    if start and end and start > end:
        raise click.BadParameter(f"{start} is after --to {end}", param_hint="--from")
    if run_id is None:
        run_id = current_run(app, as_of)
        if run_id is None:
            summary = perform_check(app, as_of or dt.date.today(), ())
            run_id = summary.run_id
            click.echo(f"ran the checks as of {summary.as_of}: run {run_id}")
    else:
        with app.engine.connect() as conn:
            load_run(conn, run_id)
    pages, sha256 = write_pack(
        app, run_id, out, fmt, domains=domains, start=start, end=end, redacted=redacted
    )
    shown = f", {pages} pages" if pages else ""
    click.echo(f"wrote {out} (run {run_id}{shown}, sha256 {sha256})")


def register(cli: click.Group) -> None:
    cli.add_command(pack)
