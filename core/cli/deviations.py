"""``scrutiny deviation …`` and ``scrutiny verify``: the register, from the command line."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy import select

from scrutiny.cli.app import App, get_app
from scrutiny.cli.exit_codes import ExitCode
from scrutiny.cli.options import DATE, by_option, database_options
from scrutiny.export.register import register_csv, register_json, register_xlsx
from scrutiny.register.catalogue import RegisterCatalogue, missing_to_record
from scrutiny.register.chain import verify_chain
from scrutiny.register.legal_basis import legal_bases
from scrutiny.register.models import DeviationVersion
from scrutiny.register.service import Register, version_from_row
from scrutiny.register.terms import (
    COVID_REASONS,
    PRINCIPLES,
    SUBJECT_TYPES,
    risk_rating,
    terms_from_row,
)

F = TypeVar("F", bound=Callable[..., Any])
SCORE = click.IntRange(1, 5)


def _term_options(function: F) -> F:
    """The options that set a deviation's terms, shared by record and amend."""
    options = [
        click.option(
            "--type",
            "deviation_type",
            metavar="TYPE",
            help="A deviation type (see `scrutiny deviation types`).",
        ),
        click.option("--rule", "rule_id", metavar="RULE_ID", help="The rule not met."),
        click.option(
            "--subject",
            metavar="TYPE:REF",
            help=f"Whom it is about, e.g. child:C000123; authority:* for all."
            f" Types: {', '.join(SUBJECT_TYPES)}.",
        ),
        click.option("--requirement", help="The requirement (default: the rule's title)."),
        click.option(
            "--covers-requirement",
            metavar="LABEL",
            help="Cover only findings on this count of the rule (the finding's requirement,"
            " e.g. one recipient of a notification); all counts if omitted.",
        ),
        click.option("--done-instead", help="What was done instead."),
        click.option("--from", "period_start", type=DATE, help="First day the deviation covers."),
        click.option("--to", "period_end", type=DATE, help="Last day it covers (open if omitted)."),
        click.option(
            "--legal-basis",
            type=click.Choice(sorted(legal_bases())),
            help="The legal basis relied on (default: none).",
        ),
        click.option("--covid-reason", type=click.Choice(COVID_REASONS)),
        click.option("--rationale", help="Why: the reasoning behind the decision."),
        click.option(
            "--principle",
            "principles",
            multiple=True,
            type=click.Choice(PRINCIPLES),
            help="A DfE principle considered (repeatable).",
        ),
        click.option("--likelihood", "risk_likelihood", type=SCORE, help="Risk likelihood 1-5."),
        click.option("--impact", "risk_impact", type=SCORE, help="Risk impact 1-5."),
        click.option("--mitigations", help="How the risk is reduced."),
        click.option("--residual-likelihood", type=SCORE, help="Likelihood after mitigation."),
        click.option("--residual-impact", type=SCORE, help="Impact after mitigation."),
        click.option("--review-date", type=DATE, help="When it must next be reviewed."),
        click.option(
            "--nominated-officer",
            "nominated_officer_recommendation",
            help="The nominated officer's recommendation.",
        ),
        click.option(
            "--attach",
            "attachments",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="A supporting document; its name, size and SHA-256 are recorded.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _register(app: App) -> Register:
    return Register(app.engine, known_rules=[r.id for r in app.host.rules])


def _attachment(path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    return {"name": path.name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _given_terms(catalogue: RegisterCatalogue, values: dict[str, Any]) -> dict[str, Any]:
    """The terms the user gave, with subject split and defaults from the type."""
    terms = {k: v for k, v in values.items() if v not in (None, ())}
    subject = terms.pop("subject", None)
    if subject is not None:
        kind, _, ref = subject.partition(":")
        if not ref:
            raise click.BadParameter("give TYPE:REF, e.g. child:C000123", param_hint="--subject")
        terms["subject_type"], terms["subject_ref"] = kind.strip(), ref.strip()
    if "attachments" in terms:
        terms["attachments"] = [_attachment(p) for p in terms["attachments"]]
    if "principles" in terms:
        terms["principles"] = list(terms["principles"])
    return catalogue.with_type_defaults(terms)


_OPTION_FOR = {
    "rule_id": "--rule or --type",
    "subject_type": "--subject",
    "done_instead": "--done-instead",
    "period_start": "--from",
}


@click.group("deviation")
def deviation() -> None:
    """Record, authorise, review, amend and close deviations; list, show, export them."""


@deviation.command("record")
@database_options
@_term_options
@by_option("recorder")
@click.option("--note", help="A note kept with this version.")
@click.pass_context
def record(ctx: click.Context, /, by: str | None, note: str | None, **values: Any) -> None:
    """Record a deviation as a draft (it covers nothing until authorised)."""
    app = get_app(ctx)
    catalogue = RegisterCatalogue.of(app.host)
    terms = catalogue.with_rule_defaults(_given_terms(catalogue, values))
    unsaid = missing_to_record(terms)
    if unsaid:
        raise click.UsageError(f"{_OPTION_FOR[unsaid[0]]} is required to record a deviation")
    version = _register(app).record(terms, by=by or "", note=note)
    missing = _missing(app, version.deviation_ref)
    click.echo(f"recorded {version.deviation_ref} (draft)")
    if missing:
        click.echo(f"before it can be authorised it needs: {', '.join(missing)}")


def _missing(app: App, ref: str) -> list[str]:
    return terms_from_row(_register(app).current(ref)).missing_for_authorisation()


@deviation.command("amend")
@database_options
@click.argument("ref")
@_term_options
@by_option("person amending")
@click.option("--note", help="Why it was amended.")
@click.pass_context
def amend(ctx: click.Context, /, ref: str, by: str | None, note: str | None, **values: Any) -> None:
    """Change a deviation's terms (an authorised one then needs authorising again)."""
    app = get_app(ctx)
    terms = _given_terms(RegisterCatalogue.of(app.host), values)
    version = _register(app).amend(ref, terms, by=by or "", note=note)
    click.echo(f"amended {ref}: version {version.version}, {version.status}")


@deviation.command("authorise")
@database_options
@click.argument("ref")
@by_option("authoriser")
@click.option("--note", help="The authoriser's note.")
@click.pass_context
def authorise(ctx: click.Context, ref: str, by: str | None, note: str | None) -> None:
    """Authorise a deviation (not by whoever recorded or amended it)."""
    version = _register(get_app(ctx)).authorise(ref, by=by or "", note=note)
    click.echo(f"authorised {ref} by {version.authorised_by}; review by {version.review_date}")


@deviation.command("review")
@database_options
@click.argument("ref")
@by_option("reviewer")
@click.option("--next-review", type=DATE, required=True, help="When it must be reviewed next.")
@click.option("--note", help="What the review found.")
@click.pass_context
def review(
    ctx: click.Context, ref: str, by: str | None, next_review: dt.date, note: str | None
) -> None:
    """Record a review that keeps an authorised deviation in force."""
    _register(get_app(ctx)).review(ref, by=by or "", next_review=next_review, note=note)
    click.echo(f"reviewed {ref}; next review by {next_review}")


@deviation.command("close")
@database_options
@click.argument("ref")
@by_option("person closing")
@click.option("--on", "closed_on", type=DATE, default=None, help="Closing date (default today).")
@click.option("--note", help="Why it is closed.")
@click.pass_context
def close(
    ctx: click.Context, ref: str, by: str | None, closed_on: dt.date | None, note: str | None
) -> None:
    """Close a deviation. It still covers what happened during its period."""
    _register(get_app(ctx)).close(
        ref, by=by or "", closed_on=closed_on or dt.date.today(), note=note
    )
    click.echo(f"closed {ref}")


@deviation.command("list")
@database_options
@click.option("--status", type=click.Choice(("draft", "authorised", "under-review", "closed")))
@click.option("--rule", "rule_id")
@click.option("--subject", help="A subject reference, e.g. C000123.")
@click.option("--overdue-review", is_flag=True, help="Only open ones past their review date.")
@click.pass_context
def list_deviations(
    ctx: click.Context,
    status: str | None,
    rule_id: str | None,
    subject: str | None,
    overdue_review: bool,
) -> None:
    """The current version of each deviation."""
    today = dt.date.today()
    rows = [
        v
        for v in _register(get_app(ctx)).current_versions()
        if (status is None or v.status == status)
        and (rule_id is None or v.rule_id == rule_id)
        and (subject is None or v.subject_ref == subject)
        and (not overdue_review or _overdue(v, today))
    ]
    if not rows:
        click.echo("no deviations")
        return
    click.echo(
        f"{'REF':10}  {'STATUS':12}  {'RULE':14}  {'SUBJECT':18}  {'FROM':10}  "
        f"{'TO':10}  {'REVIEW':10}  BASIS"
    )
    for v in rows:
        flag = " (review overdue)" if _overdue(v, today) else ""
        click.echo(
            f"{v.deviation_ref:10}  {v.status:12}  {v.rule_id:14}  "
            f"{(v.subject_type + ' ' + v.subject_ref)[:18]:18}  {v.period_start}  "
            f"{v.period_end or '-'!s:10}  {v.review_date or '-'!s:10}  "
            f"{v.legal_basis}{flag}"
        )


def _overdue(v: DeviationVersion, today: dt.date) -> bool:
    return v.status != "closed" and v.review_date is not None and v.review_date < today


@deviation.command("show")
@database_options
@click.argument("ref")
@click.pass_context
def show(ctx: click.Context, ref: str) -> None:
    """One deviation in full, with every version."""
    history = _register(get_app(ctx)).history(ref)
    v = history[-1]
    lines = [
        f"{v.deviation_ref} — {v.status} (version {v.version})",
        f"Rule:          {v.rule_id} — {v.legal_reference}",
        f"Subject:       {v.subject_type} {v.subject_ref}",
        f"Requirement:   {v.requirement}",
        f"Covers only:   {v.covers_requirement or 'every count of the rule'}",
        f"Done instead:  {v.done_instead}",
        f"Period:        {v.period_start} to {v.period_end or 'open'}",
        f"Legal basis:   {v.legal_basis}",
        f"COVID reason:  {v.covid_reason or '-'}",
        f"Rationale:     {v.rationale or '-'}",
        f"Principles:    {', '.join(v.principles) or '-'}",
        f"Risk:          {v.risk_likelihood or '-'} x {v.risk_impact or '-'}"
        f" ({risk_rating(v.risk_likelihood, v.risk_impact)})",
        f"Mitigations:   {v.mitigations or '-'}",
        f"Residual risk: {v.residual_likelihood or '-'} x {v.residual_impact or '-'}"
        f" ({risk_rating(v.residual_likelihood, v.residual_impact)})",
        f"Review date:   {v.review_date or '-'}",
        f"Recorded by:   {v.recorded_by}",
        f"Authorised by: {v.authorised_by or '-'}"
        + (f" on {v.authorised_at:%Y-%m-%d %H:%M} UTC" if v.authorised_at else ""),
        f"Closed on:     {v.closed_on or '-'}",
    ]
    for attachment in v.attachments:
        lines.append(
            f"Attachment:    {attachment['name']} ({attachment['size']:,} bytes,"
            f" sha256 {attachment['sha256']})"
        )
    lines.append("History:")
    for h in history:
        note = f" — {h.note}" if h.note else ""
        lines.append(
            f"  v{h.version} {h.action:9} by {h.actor} at {h.at:%Y-%m-%d %H:%M} UTC"
            f" (record {h.seq}){note}"
        )
    click.echo("\n".join(lines))


@deviation.command("export")
@database_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("csv", "xlsx", "json")),
    default="csv",
    show_default=True,
    help="xlsx needs --out.",
)
@click.option("--history", is_flag=True, help="Every version, not just the current ones.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.pass_context
def export(ctx: click.Context, fmt: str, history: bool, out: Path | None) -> None:
    """The register as CSV or XLSX (both safe to open in a spreadsheet) or JSON, with
    each version's hash."""
    if fmt == "xlsx" and out is None:
        raise click.UsageError("--format xlsx writes a workbook: give --out FILE.xlsx")
    register = _register(get_app(ctx))
    if history:
        with register.engine.connect() as conn:
            rows = [
                version_from_row(r)
                for r in conn.execute(select(DeviationVersion).order_by(DeviationVersion.seq))
            ]
    else:
        rows = register.current_versions()
    if fmt == "xlsx":
        assert out is not None  # refused above
        out.write_bytes(register_xlsx(rows))
        click.echo(f"wrote {len(rows)} record(s) to {out}", err=True)
        return
    text = register_json(rows) if fmt == "json" else register_csv(rows)
    if out is not None:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(rows)} record(s) to {out}", err=True)
    else:
        click.echo(text, nl=False)


@deviation.command("types")
@click.pass_context
def types(ctx: click.Context) -> None:
    """The deviation types the enabled plugins recognise."""
    for t in get_app(ctx).host.deviation_types():
        only = f"; covers only: {t.covers_requirement}" if t.covers_requirement else ""
        click.echo(
            f"{t.id:34}  {t.rule_id:14}  {t.title}"
            f" (suggested basis: {t.suggested_legal_basis}{only})"
        )


@click.command("verify")
@database_options
@click.pass_context
def verify(ctx: click.Context) -> None:
    """Recompute the register's hash chain; exit 3 naming the first bad record."""
    app = get_app(ctx)
    with app.engine.connect() as conn:
        result = verify_chain(conn)
    if result.ok:
        click.echo(f"register verified: {result.checked:,} records, head {result.head_hash}")
        return
    click.echo(
        f"scrutiny: register verification FAILED: {result.problem}"
        f" ({result.checked:,} records verified before it)",
        err=True,
    )
    ctx.exit(ExitCode.INTEGRITY)


def register(cli: click.Group) -> None:
    cli.add_command(deviation)
    cli.add_command(verify)
