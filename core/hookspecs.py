"""Every hook a Scrutiny plugin can implement. Built-in plugins use exactly these.

Each hook is documented, with its exact signature, in ``docs/plugins.md``; a test
keeps the two in step, and another checks that every hook has a test.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click
import pluggy

from scrutiny import PROJECT_NAME

if TYPE_CHECKING:
    from scrutiny.demo.council import DemoCouncil
    from scrutiny.importing.contract import Importer
    from scrutiny.pack.sections import PackData, PackSection
    from scrutiny.register.types import DeviationType
    from scrutiny.rules.registry import Rule

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


@hookspec
def scrutiny_rules() -> Sequence[Rule]:
    """The rules this plugin contributes (usually ``load_rules(__package__, module)``)."""


@hookspec
def scrutiny_importers() -> Sequence[Importer]:
    """The importers for this plugin's input files."""


@hookspec
def scrutiny_migration_dirs() -> Sequence[Path]:
    """Alembic version folders holding the migrations for this plugin's own tables."""


@hookspec
def scrutiny_deviation_types() -> Sequence[DeviationType]:
    """Kinds of deviation this plugin recognises, offered to users instead of free text."""


@hookspec
def scrutiny_pack_sections(pack: PackData) -> Sequence[PackSection]:
    """Audit-pack sections for this plugin's domain, given the run being reported."""


@hookspec
def scrutiny_register_commands(cli: click.Group) -> None:
    """Add this plugin's commands to the ``scrutiny`` command group."""


@hookspec
def scrutiny_demo(council: DemoCouncil) -> None:
    """Write this plugin's input files for the synthetic demo council into ``council.folder``."""
