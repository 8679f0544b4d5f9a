"""Plugin packages written to a folder on ``sys.path`` with a real ``.dist-info``, found
through the ``scrutiny`` entry-point group as ``pip install`` would leave them."""

from __future__ import annotations

import textwrap
from pathlib import Path

RULE_TOML = """
[[rule]]
id = "{rule_id}"
{extra}
version = "1.0"
title = "Every child is known to a named worker"
domain = "northshire"
severity = "low"
kind = "local-policy"
legal_source = "Northshire local policy 12"
verification = "VERIFIED-P"
automation = "manual"
subject_type = "child"
description = "A person confirms each child has a named worker."
remediation = "Allocate a worker."
[[rule.period]]
start = 2020-01-01
instrument = "Northshire policy 12 (2020)"
verification = "VERIFIED-P"
"""

RULES_HOOK = """
import sys
from scrutiny import hookimpl
from scrutiny.rules.registry import load_rules

@hookimpl
def scrutiny_rules():
    return load_rules(__name__, sys.modules[__name__])
"""


def install(
    site: Path,
    package: str,
    source: str,
    *,
    rule_ids: tuple[str, ...] = (),
    requires: str | None = None,
    rules_extra: str = "",
) -> None:
    """``package`` as an installed distribution with a ``scrutiny`` entry point."""
    folder = site / package
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(textwrap.dedent(source), encoding="utf-8")
    (folder / "rules.toml").write_text(
        "".join(RULE_TOML.format(rule_id=r, extra=rules_extra) for r in rule_ids), encoding="utf-8"
    )
    dist = site / f"{package}-1.0.dist-info"
    dist.mkdir()
    metadata = f"Metadata-Version: 2.1\nName: {package}\nVersion: 1.0\n"
    if requires:
        metadata += f"Requires-Dist: {requires}\n"
    (dist / "METADATA").write_text(metadata, encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[scrutiny]\n{package} = {package}\n")


def rule_function(rule_id: str) -> str:
    return textwrap.dedent(f"""
        from sqlalchemy import literal, select
        from scrutiny import rule
        from scrutiny.models.child import Child

        @rule("{rule_id}")
        def evaluate(ctx):
            return select(
                literal("child").label("subject_type"), Child.child_ref.label("subject_ref"),
                ctx.as_of_value.label("due_date"), literal(None).label("event_date"),
                literal("manual").label("outcome"), literal("local-policy").label("standard"),
            )
    """)
