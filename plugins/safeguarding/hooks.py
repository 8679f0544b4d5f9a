"""The safeguarding plugin's hook implementations."""

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
    from scrutiny.plugins.safeguarding import conferences, incidents, referrals

    return load_rules(
        __package__ or "scrutiny.plugins.safeguarding", referrals, conferences, incidents
    )


@hookimpl
def scrutiny_importers() -> Sequence[Importer]:
    from scrutiny.plugins.safeguarding.cin_census import cin_census_importer
    from scrutiny.plugins.safeguarding.importer import safeguarding_importer

    return [cin_census_importer(), safeguarding_importer()]


@hookimpl
def scrutiny_migration_dirs() -> Sequence[Path]:
    return [MIGRATIONS]


@hookimpl
def scrutiny_deviation_types() -> Sequence[DeviationType]:
    from scrutiny.plugins.safeguarding.deviation_types import DEVIATION_TYPES

    return DEVIATION_TYPES


@hookimpl
def scrutiny_pack_sections(pack: PackData) -> Sequence[PackSection]:
    from scrutiny.plugins.safeguarding.pack import safeguarding_section

    return [safeguarding_section(pack)]


@hookimpl
def scrutiny_demo(council: DemoCouncil) -> None:
    from scrutiny.plugins.safeguarding.demo import write_demo_files

    write_demo_files(council)
