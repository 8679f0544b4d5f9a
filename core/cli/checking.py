"""``scrutiny check`` and ``scrutiny runs``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

import click
from sqlalchemy import func, select

from scrutiny.cli.app import App, get_app
from scrutiny.cli.exit_codes import ExitCode
from scrutiny.cli.options import as_of_option, database_options
from scrutiny.engine.check import RunSummary, run_check
from scrutiny.engine.runs import (
    diff_runs,
    load_findings,
    load_outcomes,
    load_run,
    recent_runs,
)
from scrutiny.export.findings import (
    FAILING_STATUSES,
    finding_dict,
    findings_csv,
    findings_json,
    findings_junit,
    findings_xlsx,
)
from scrutiny.models.imports import ImportBatch
from scrutiny.pack.findings import finding_sort_key
from scrutiny.pack.sections import FindingRow
from scrutiny.rules.metadata import Severity

FORMATS = ("table", "json", "csv", "xlsx", "junit")
THRESHOLDS = ("critical", "high", "medium", "low", "none")
STATUS_LABELS = (
    ("breach", "breaches"),
    ("deviation-lapsed", "covered by lapsed deviations"),
    ("deviation", "covered by deviations"),
    ("manual", "for a person to confirm"),
    ("data-gap", "data gaps"),
    ("due-soon", "due soon"),
    ("compliant", "met"),
    ("not-yet-due", "not yet due"),
    ("error", "rule errors"),
)


def perform_check(
    app: App, as_of: dt.date, domains: Sequence[str], workers: int | None = None
) -> RunSummary:
    """Run the enabled rules (of ``domains``, if given) and store the run; ``workers``
    rules at a time (None: one per core, at most four)."""
    registry = app.host.rules
    known = registry.domains()
    unknown = [d for d in domains if d not in known]
    if unknown:
        raise click.UsageError(
            f"unknown domain {unknown[0]!r}; enabled domains: {', '.join(known) or 'none'}"
        )
    rules = registry.for_domains(domains or None)
    _warn_of_plugin_problems(app)
    _warn_beyond_data(app, as_of)
    return run_check(
        app.engine,
        rules,
        app.config,
        as_of=as_of,
        domains=list(domains) or None,
        plugins=app.host.enabled_versions(),
        workers=workers,
    )


def _warn_of_plugin_problems(app: App) -> None:
    """A plugin skipped or a rule that will fail, said before the check, by plugin name."""
    for plugin, problem in app.host.problems():
        click.echo(f"warning: plugin {plugin}: {problem}", err=True)


def _warn_beyond_data(app: App, as_of: dt.date) -> None:
    with app.engine.connect() as conn:
        latest = conn.execute(select(func.max(ImportBatch.covers_to))).scalar_one_or_none()
    if latest is not None and as_of > latest:
        click.echo(
            f"note: the data imported ends on {latest:%d %b %Y}; requirements falling due"
            f" after it are reported as data gaps, not breaches",
            err=True,
        )


def failing_severities(threshold: str) -> set[str]:
    if threshold == "none":
        return set()
    limit = Severity(threshold).rank
    return {s.value for s in Severity if s.rank >= limit}


@click.command("check")
@database_options
@as_of_option
@click.option(
    "--domain",
    "domains",
    multiple=True,
    metavar="DOMAIN",
    help="Only this domain's rules (repeatable).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(THRESHOLDS),
    default="high",
    show_default=True,
    help="Exit 1 if any breach or lapsed deviation is of this severity or above.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Table format: show at most this many findings (0 for all).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the output to this file instead of standard output.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Rules judged at the same time, each on a connection of its own"
    " [default: one per core, at most 4].",
)
@click.pass_context
def check(
    ctx: click.Context,
    as_of: dt.date | None,
    domains: tuple[str, ...],
    fmt: str,
    fail_on: str,
    limit: int,
    out: Path | None,
    workers: int | None,
) -> None:
    """Run every enabled rule, reconcile with the register, store the run, report."""
    if fmt == "xlsx" and out is None:
        raise click.UsageError("--format xlsx writes a workbook: give --out FILE.xlsx")
    app = get_app(ctx)
    summary = perform_check(app, as_of or dt.date.today(), domains, workers)
    with app.engine.connect() as conn:
        run = load_run(conn, summary.run_id)
        findings = sorted(load_findings(conn, summary.run_id), key=finding_sort_key)
        outcomes = load_outcomes(conn, summary.run_id)
    failing = failing_severities(fail_on)
    content: str | bytes
    if fmt == "xlsx":
        content = findings_xlsx(findings)
    elif fmt == "json":
        content = findings_json(run, findings) + "\n"
    elif fmt == "csv":
        content = findings_csv(findings)
    elif fmt == "junit":
        content = findings_junit(run, findings, outcomes, failing) + "\n"
    else:
        content = _table(app, run.id, run.as_of, findings, summary.counts, limit)
    if isinstance(content, bytes):
        assert out is not None  # a workbook without --out is refused above
        out.write_bytes(content)
        click.echo(f"wrote {out}", err=True)
    elif out is not None:
        out.write_text(content, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(content, nl=False)
    for rule_id, error in summary.rule_errors.items():
        click.echo(f"scrutiny: rule {rule_id} could not be evaluated: {error}", err=True)
    if any(f.status in FAILING_STATUSES and f.severity in failing for f in findings):
        ctx.exit(ExitCode.FINDINGS)


def _table(
    app: App,
    run_id: int,
    as_of: dt.date,
    findings: Sequence[FindingRow],
    counts: dict[str, int],
    limit: int,
) -> str:
    lines = [
        f"Scrutiny check of {app.config.council.name}, as of {as_of:%d %B %Y} (run {run_id})",
        "",
    ]
    shown = [f for f in findings if f.status != "deviation"]
    if limit:
        shown = shown[:limit]
    if shown:
        header = ("RULE", "SUBJECT", "DUE", "DONE", "STATUS", "SEVERITY", "DEVIATION")
        rows = [
            (
                f.rule_id,
                f"{f.subject_type} {f.subject_ref}",
                f.due_date.isoformat(),
                f.event_date.isoformat() if f.event_date else "-",
                f.status,
                f.severity,
                f.deviation_ref or "",
            )
            for f in shown
        ]
        widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
        for row in (header, *rows):
            lines.append(
                "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            )
        hidden = len([f for f in findings if f.status != "deviation"]) - len(shown)
        if hidden > 0:
            lines.append(f"... and {hidden:,} more (use --limit 0, or --format csv for all)")
        lines.append("")
    summary = ", ".join(
        f"{counts.get(key, 0):,} {label}"
        for key, label in STATUS_LABELS
        if counts.get(key, 0) or key in ("breach", "compliant")
    )
    lines.append(f"Summary: {summary}.")
    return "\n".join(lines) + "\n"


@click.group("runs")
def runs() -> None:
    """Stored check runs."""


@runs.command("list")
@database_options
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.pass_context
def runs_list(ctx: click.Context, limit: int) -> None:
    """The most recent runs, newest first."""
    app = get_app(ctx)
    with app.engine.connect() as conn:
        found = recent_runs(conn, limit)
    if not found:
        click.echo("no runs yet: run `scrutiny check`")
        return
    click.echo(
        f"{'RUN':>5}  {'AS OF':10}  {'STARTED (UTC)':19}  {'BREACHES':>8}  {'LAPSED':>6}"
        f"  {'COVERED':>7}  {'DATA GAPS':>9}  DOMAINS"
    )
    for run in found:
        c = run.counts
        click.echo(
            f"{run.id:>5}  {run.as_of.isoformat():10}  {run.started_at:%Y-%m-%d %H:%M:%S}"
            f"  {c.get('breach', 0):>8,}  {c.get('deviation-lapsed', 0):>6,}"
            f"  {c.get('deviation', 0):>7,}  {c.get('data-gap', 0):>9,}"
            f"  {', '.join(run.domains) if run.domains else 'all'}"
        )


@runs.command("diff")
@database_options
@click.argument("earlier", type=int, required=False)
@click.argument("later", type=int, required=False)
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
@click.pass_context
def runs_diff(ctx: click.Context, earlier: int | None, later: int | None, fmt: str) -> None:
    """What changed between two runs (default: the last two).

    New, resolved, still open, newly covered by a deviation, newly lapsed.
    """
    app = get_app(ctx)
    with app.engine.connect() as conn:
        if earlier is None or later is None:
            if earlier is not None or later is not None:
                raise click.UsageError("give two run ids, or none for the last two runs")
            last_two = recent_runs(conn, 2)
            if len(last_two) < 2:
                raise click.UsageError("there are fewer than two runs to compare")
            later, earlier = last_two[0].id, last_two[1].id
        before = load_findings(conn, earlier)
        load_run(conn, later)
        after = load_findings(conn, later)
    diff = diff_runs(earlier, before, later, after)
    groups = (
        ("new", diff.new),
        ("resolved", diff.resolved),
        ("newly covered", diff.newly_covered),
        ("newly lapsed", diff.newly_lapsed),
        ("still open", diff.still_open),
    )
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "earlier": earlier,
                    "later": later,
                    **{
                        name.replace(" ", "_"): [finding_dict(f) for f in items]
                        for name, items in groups
                    },
                },
                indent=2,
                default=str,
            )
        )
        return
    click.echo(
        f"Run {earlier} -> run {later}: "
        + ", ".join(f"{len(items):,} {name}" for name, items in groups)
    )
    for name, items in groups[:4]:
        for f in sorted(items, key=finding_sort_key)[:100]:
            click.echo(
                f"  {name:13}  {f.rule_id:14}  {f.subject_type} {f.subject_ref:12}"
                f"  due {f.due_date}  {f.status}"
            )


def register(cli: click.Group) -> None:
    cli.add_command(check)
    cli.add_command(runs)
