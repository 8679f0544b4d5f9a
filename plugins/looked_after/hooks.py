"""The looked-after plugin's hook implementations."""

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
    from scrutiny.plugins.looked_after import reviews, visits

    return load_rules(__package__ or "scrutiny.plugins.looked_after", reviews, visits)


@hookimpl
def scrutiny_importers() -> Sequence[Importer]:
    from scrutiny.plugins.looked_after.importer import looked_after_importer

    return [looked_after_importer()]


@hookimpl
def scrutiny_migration_dirs() -> Sequence[Path]:
    return [MIGRATIONS]


@hookimpl
def scrutiny_deviation_types() -> Sequence[DeviationType]:
    return [
        DeviationType(
            id="lac-review-late",
            rule_id="LAC-REVIEW",
            title="Looked-after review held late",
            requirement="Review the child's case within the reg 33 timescale",
        ),
        DeviationType(
            id="lac-visit-remote-outside-window",
            rule_id="LAC-SW-VISITS",
            title="Statutory visit by phone or video outside the SI 2020/909 window",
            requirement="Visit the child in person at the reg 28 intervals",
        ),
        DeviationType(
            id="lac-visit-remote-covid",
            rule_id="LAC-SW-VISITS",
            title="Statutory visit by phone or video for a coronavirus reason (SI 2020/909)",
            requirement="Visit the child in person at the reg 28 intervals",
            suggested_legal_basis="SI-2020/909",
        ),
        DeviationType(
            id="lac-visit-late",
            rule_id="LAC-SW-VISITS",
            title="Statutory visit later than the reg 28 interval",
            requirement="Visit the child at the reg 28 intervals",
        ),
    ]


@hookimpl
def scrutiny_pack_sections(pack: PackData) -> Sequence[PackSection]:
    from scrutiny.plugins.looked_after.pack import looked_after_section

    return [looked_after_section(pack)]


@hookimpl
def scrutiny_demo(council: DemoCouncil) -> None:
    from scrutiny.plugins.looked_after.demo import write_demo_files

    write_demo_files(council)
