"""The care leavers plugin's hook implementations."""

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
    from scrutiny.plugins.care_leavers import (
        adviser_visits,
        eligibility,
        needs_assessment,
        plan_reviews,
        staying_put,
        support_to_25,
    )

    return load_rules(
        __package__ or "scrutiny.plugins.care_leavers",
        eligibility,
        needs_assessment,
        plan_reviews,
        adviser_visits,
        staying_put,
        support_to_25,
    )


@hookimpl
def scrutiny_importers() -> Sequence[Importer]:
    from scrutiny.plugins.care_leavers.importer import care_leavers_importer

    return [care_leavers_importer()]


@hookimpl
def scrutiny_migration_dirs() -> Sequence[Path]:
    return [MIGRATIONS]


@hookimpl
def scrutiny_deviation_types() -> Sequence[DeviationType]:
    from scrutiny.plugins.care_leavers.deviation_types import DEVIATION_TYPES

    return DEVIATION_TYPES


@hookimpl
def scrutiny_pack_sections(pack: PackData) -> Sequence[PackSection]:
    from scrutiny.plugins.care_leavers.pack import care_leavers_section

    return [care_leavers_section(pack)]


@hookimpl
def scrutiny_demo(council: DemoCouncil) -> None:
    from scrutiny.plugins.care_leavers.demo import write_demo_files

    write_demo_files(council)
