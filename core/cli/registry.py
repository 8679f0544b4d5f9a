"""``scrutiny rules`` and ``scrutiny plugins``: what is installed and what it checks."""

from __future__ import annotations

import click

from scrutiny.cli.app import get_app
from scrutiny.cli.options import database_options


@click.group("rules")
def rules() -> None:
    """The rules of the enabled plugins."""


@rules.command("list")
@database_options
@click.option("--domain", help="Only this domain's rules.")
@click.pass_context
def rules_list(ctx: click.Context, domain: str | None) -> None:
    """Every rule: id, domain, severity, kind of source, how well verified, title."""
    registry = get_app(ctx).host.rules
    chosen = registry.for_domains([domain] if domain else None)
    click.echo(f"{'ID':22}  {'DOMAIN':14}  {'SEVERITY':8}  {'KIND':18}  {'SOURCE':10}  TITLE")
    for rule in chosen:
        m = rule.meta
        replaces = f" (supersedes {m.supersedes})" if m.supersedes else ""
        click.echo(
            f"{m.id:22}  {m.domain:14}  {m.severity.value:8}  {m.kind.value:18}  "
            f"{m.verification.value:10}  {m.title}{replaces}"
        )


@rules.command("show")
@database_options
@click.argument("rule_id")
@click.pass_context
def rules_show(ctx: click.Context, rule_id: str) -> None:
    """One rule: its source, its periods (history) and any local policy in force."""
    app = get_app(ctx)
    registry = app.host.rules
    rule = registry.get(rule_id)
    if rule is None:
        raise click.UsageError(f"no enabled rule {rule_id!r}; see `scrutiny rules list`")
    m = rule.meta
    replacement = registry.superseded_by(rule_id)
    supersession = []
    if replacement is not None:
        supersession.append(
            f"Superseded by: {replacement.id} (plugin {replacement.plugin}), which runs"
            " in its place: this rule is not run"
        )
    if m.supersedes:
        original = registry.get(m.supersedes)
        where = f" (plugin {original.plugin})" if original else ", not installed or not enabled"
        supersession.append(f"Supersedes:    {m.supersedes}{where}")
    lines = [
        f"{m.id} (version {m.version}, plugin {rule.plugin}): {m.title}",
        f"Domain:        {m.domain}",
        f"Severity:      {m.severity.value}",
        f"Kind:          {m.kind.value}",
        f"Automation:    {m.automation.value}",
        f"Legal source:  {m.legal_source}",
        f"Source URL:    {m.source_url or '-'}",
        f"Verification:  {m.verification.value}. {m.verification_note}".rstrip(),
        *(
            [f"Problem:       {rule.problem}; each run records an error for it"]
            if rule.problem
            else []
        ),
        *supersession,
        "",
        m.description,
        "",
        f"Remediation:   {m.remediation}",
        "",
        "Periods (the threshold in force on the date that matters for each event):",
    ]
    for period in m.periods:
        end = period.end.isoformat() if period.end else "onwards"
        params = ", ".join(f"{k}={v}" for k, v in period.params.items())
        lines.append(f"  {period.start} to {end}: {period.instrument} [{period.verification}]")
        if params:
            lines.append(f"      {params}")
        if period.note:
            lines.append(f"      {period.note}")
    local = app.config.local_policy.get(m.id)
    if m.local_policy:
        lines.append("")
        lines.append("Local policy settings:")
        for name, spec in m.local_policy.items():
            value = local.get(name) if local else None
            shown = f"{value} (set by the council)" if value is not None else "not set"
            lines.append(f"  {name}: {spec.description} — {shown}")
    click.echo("\n".join(lines))


@click.group("plugins")
def plugins() -> None:
    """Installed plugins."""


@plugins.command("list")
@database_options
@click.pass_context
def plugins_list(ctx: click.Context) -> None:
    """Every plugin found: name, version, where from, enabled, rules and hooks."""
    host = get_app(ctx).host
    counts: dict[str, int] = {}
    for rule in host.rules:
        counts[rule.plugin] = counts.get(rule.plugin, 0) + 1
    for info in host.plugins():
        state = "enabled" if info.enabled else "disabled"
        click.echo(
            f"{info.name} {info.version} ({info.origin}, {state}):"
            f" {counts.get(info.name, 0)} rule(s); hooks: {', '.join(info.hooks) or '-'}"
        )
        if info.requires:
            click.echo(f"  works with Scrutiny {info.requires}")
        for problem in info.problems:
            click.echo(f"  problem: {problem}")


def register(cli: click.Group) -> None:
    cli.add_command(rules)
    cli.add_command(plugins)
