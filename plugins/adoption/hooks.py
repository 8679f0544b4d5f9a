"""The adoption plugin's hook implementations."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scrutiny import hookimpl
from scrutiny.importing.contract import Importer
from scrutiny.plugins.adoption.checks import DBS_AT_STAGE1, MEDICAL_AT_STAGE1
from scrutiny.register.types import DeviationType
from scrutiny.rules.registry import Rule, load_rules

if TYPE_CHECKING:
    from scrutiny.demo.council import DemoCouncil
    from scrutiny.pack.sections import PackData, PackSection

MIGRATIONS = Path(__file__).parent / "migrations"
STAGE1_GUIDANCE = (
    "Decide stage 1 within 2 months of accepting the registration of interest"
    " (adoption statutory guidance 2013, s7 LASSA 1970)"
)
STAGE2_GUIDANCE = (
    "Decide stage 2 within 4 months of the notice to proceed"
    " (adoption statutory guidance 2013, s7 LASSA 1970)"
)
CHECKS = (
    "Obtain the DBS certificate and medical report before the stage 1 decision (AAR regs 25–27)"
)
PANEL = (
    "Approve a prospective adopter on a quorate adoption panel's recommendation"
    " (AAR regs 3–6, 30, 30B)"
)


@hookimpl
def scrutiny_rules() -> Sequence[Rule]:
    from scrutiny.plugins.adoption import checks, panel, timescales

    return load_rules(__package__ or "scrutiny.plugins.adoption", timescales, checks, panel)


@hookimpl
def scrutiny_importers() -> Sequence[Importer]:
    from scrutiny.plugins.adoption.importer import adoption_importer

    return [adoption_importer()]


@hookimpl
def scrutiny_migration_dirs() -> Sequence[Path]:
    return [MIGRATIONS]


@hookimpl
def scrutiny_deviation_types() -> Sequence[DeviationType]:
    return [
        DeviationType(
            id="ado-stage1-late",
            rule_id="ADO-STAGE1",
            title="Stage 1 beyond 2 months (exceptional reason recorded)",
            requirement=STAGE1_GUIDANCE,
            suggested_legal_basis="guidance-departure",
        ),
        DeviationType(
            id="ado-stage2-late",
            rule_id="ADO-STAGE2",
            title="Stage 2 beyond 4 months (exceptional reason recorded)",
            requirement=STAGE2_GUIDANCE,
            suggested_legal_basis="guidance-departure",
        ),
        DeviationType(
            id="ado-medical-deferred-909",
            rule_id="ADO-CHECKS-AT-STAGE1",
            title="Medical report deferred to stage 2 under SI 2020/909",
            requirement=CHECKS,
            suggested_legal_basis="SI-2020/909",
            covers_requirement=MEDICAL_AT_STAGE1,
        ),
        DeviationType(
            id="ado-medical-deferred-445",
            rule_id="ADO-CHECKS-AT-STAGE1",
            title="Medical information deferred to stage 2 under SI 2020/445",
            requirement=CHECKS,
            suggested_legal_basis="SI-2020/445",
            covers_requirement=MEDICAL_AT_STAGE1,
        ),
        DeviationType(
            id="ado-medical-deferred-445-savings",
            rule_id="ADO-CHECKS-AT-STAGE1",
            title="Medical information deferred, application begun under SI 2020/445 (savings)",
            requirement=CHECKS,
            suggested_legal_basis="SI-2020/445-savings",
            covers_requirement=MEDICAL_AT_STAGE1,
        ),
        DeviationType(
            id="ado-dbs-after-stage1",
            rule_id="ADO-CHECKS-AT-STAGE1",
            title="DBS certificate received after the stage 1 decision",
            requirement=CHECKS,
            covers_requirement=DBS_AT_STAGE1,
        ),
        DeviationType(
            id="ado-no-panel-445",
            rule_id="ADO-PANEL",
            title="Decision without panel under SI 2020/445",
            requirement=PANEL,
            suggested_legal_basis="SI-2020/445",
        ),
    ]


@hookimpl
def scrutiny_pack_sections(pack: PackData) -> Sequence[PackSection]:
    from scrutiny.plugins.adoption.pack import adoption_section

    return [adoption_section(pack)]


@hookimpl
def scrutiny_demo(council: DemoCouncil) -> None:
    from scrutiny.plugins.adoption.demo import write_demo_files

    write_demo_files(council)
