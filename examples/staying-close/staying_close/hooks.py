"""What the Staying close plugin adds to Scrutiny: each function answers one hook.

Scrutiny finds this module through the ``scrutiny`` entry point in pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scrutiny import hookimpl
from scrutiny.importing.contract import Importer
from scrutiny.pack.sections import PackData, PackSection
from scrutiny.rules.registry import Rule, load_rules

from staying_close import rules
from staying_close.importer import cases_importer
from staying_close.pack import cases_section

MIGRATIONS = Path(__file__).parent / "migrations"


@hookimpl
def scrutiny_rules() -> Sequence[Rule]:
    """The rules in rules.toml, each paired with its @rule function in rules.py."""
    return load_rules("staying_close", rules)


@hookimpl
def scrutiny_importers() -> Sequence[Importer]:
    return [cases_importer()]


@hookimpl
def scrutiny_migration_dirs() -> Sequence[Path]:
    return [MIGRATIONS]


@hookimpl
def scrutiny_pack_sections(pack: PackData) -> Sequence[PackSection]:
    return [cases_section(pack)]
