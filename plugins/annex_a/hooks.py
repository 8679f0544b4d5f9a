"""The Annex A plugin's hook implementations."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scrutiny import hookimpl
from scrutiny.importing.contract import Importer
from scrutiny.rules.registry import Rule, load_rules

if TYPE_CHECKING:
    from scrutiny.demo.council import DemoCouncil
    from scrutiny.pack.sections import PackData, PackSection

MIGRATIONS = Path(__file__).parent / "migrations"


@hookimpl
def scrutiny_rules() -> Sequence[Rule]:
    from scrutiny.plugins.annex_a import adopters, care_leavers, looked_after, protection

    return load_rules(
        __package__ or "scrutiny.plugins.annex_a",
        looked_after,
        protection,
        care_leavers,
        adopters,
    )


@hookimpl
def scrutiny_importers() -> Sequence[Importer]:
    from scrutiny.plugins.annex_a.importer import AnnexAImporter

    return [AnnexAImporter()]


@hookimpl
def scrutiny_migration_dirs() -> Sequence[Path]:
    return [MIGRATIONS]


@hookimpl
def scrutiny_pack_sections(pack: PackData) -> Sequence[PackSection]:
    from scrutiny.plugins.annex_a.pack import annex_a_section

    return [annex_a_section(pack)]


@hookimpl(trylast=True)  # after the plugins whose files the workbook summarises
def scrutiny_demo(council: DemoCouncil) -> None:
    from scrutiny.plugins.annex_a.demo import write_demo_workbook

    write_demo_workbook(council)
