"""The residential plugin's hook implementations."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scrutiny import hookimpl
from scrutiny.importing.contract import Importer
from scrutiny.register.types import DeviationType
from scrutiny.rules.registry import Rule, load_rules

if TYPE_CHECKING:
    from scrutiny.demo.council import DemoCouncil
    from scrutiny.pack.sections import PackData, PackSection

MIGRATIONS = Path(__file__).parent / "migrations"


@hookimpl
def scrutiny_rules() -> Sequence[Rule]:
    from scrutiny.plugins.residential import (
        closures,
        notices,
        notifications,
        placements,
        reviews,
        visits,
    )

    return load_rules(
        __package__ or "scrutiny.plugins.residential",
        notifications,
        visits,
        reviews,
        notices,
        closures,
        placements,
    )


@hookimpl
def scrutiny_importers() -> Sequence[Importer]:
    from scrutiny.plugins.residential.importer import residential_importer

    return [residential_importer()]


@hookimpl
def scrutiny_migration_dirs() -> Sequence[Path]:
    return [MIGRATIONS]


@hookimpl
def scrutiny_deviation_types() -> Sequence[DeviationType]:
    from scrutiny.plugins.residential.deviation_types import DEVIATION_TYPES

    return DEVIATION_TYPES


@hookimpl
def scrutiny_pack_sections(pack: PackData) -> Sequence[PackSection]:
    from scrutiny.plugins.residential.pack import residential_section

    return [residential_section(pack)]


@hookimpl
def scrutiny_demo(council: DemoCouncil) -> None:
    from scrutiny.plugins.residential.demo import write_demo_files

    write_demo_files(council)
