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
    from scrutiny.plugins.looked_after import (
        education,
        health,
        notifications,
        plans,
        reviews,
        visits,
    )

    return load_rules(
        __package__ or "scrutiny.plugins.looked_after",
        reviews,
        visits,
        plans,
        notifications,
        health,
        education,
    )


@hookimpl
def scrutiny_importers() -> Sequence[Importer]:
    from scrutiny.plugins.looked_after.importer import looked_after_importer

    return [looked_after_importer()]


@hookimpl
def scrutiny_migration_dirs() -> Sequence[Path]:
    return [MIGRATIONS]


@hookimpl
def scrutiny_deviation_types() -> Sequence[DeviationType]:
    # LAC-HEALTH judges two counts (its findings' ``requirement``): a type covers one.
    from scrutiny.plugins.looked_after.health import INITIAL, REVIEW

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
        DeviationType(
            id="lac-careplan-late",
            rule_id="LAC-CAREPLAN",
            title="Care plan prepared more than 10 working days after the first placement",
            requirement="Prepare the care plan before the first placement or within 10"
            " working days of its start (reg 4(2))",
        ),
        DeviationType(
            id="lac-careplan-court-timetable",
            rule_id="LAC-CAREPLAN",
            title="Care plan prepared to the court's timetable (Children Act 1989 s31A)",
            requirement="Prepare the care plan before the first placement or within 10"
            " working days of its start (reg 4(2))",
        ),
        DeviationType(
            id="lac-placementplan-late",
            rule_id="LAC-PLACEMENTPLAN",
            title="Placement plan prepared more than 5 working days after the placement began",
            requirement="Prepare the placement plan before the placement or within 5 working"
            " days of its start (reg 9(2))",
        ),
        DeviationType(
            id="lac-placementplan-covid",
            rule_id="LAC-PLACEMENTPLAN",
            title="Placement plan as soon as reasonably practicable (SI 2020/445 reg 8(4))",
            requirement="Prepare the placement plan before the placement or within 5 working"
            " days of its start (reg 9(2))",
            suggested_legal_basis="SI-2020/445",
        ),
        DeviationType(
            id="lac-ooa-notice-late",
            rule_id="LAC-OOA-NOTIFY",
            title="Area authority told of an out-of-area placement late (not reasonably"
            " practicable in time)",
            requirement="Tell the area authority in writing before the placement, or within"
            " 5 working days of an emergency placement (reg 13(4))",
        ),
        DeviationType(
            id="lac-health-initial-late",
            rule_id="LAC-HEALTH",
            title="Initial health assessment after the first review, or not by a doctor",
            requirement="An initial health assessment by a registered medical practitioner"
            " before the first review (reg 7)",
            covers_requirement=INITIAL,
        ),
        DeviationType(
            id="lac-health-review-late",
            rule_id="LAC-HEALTH",
            title="Review health assessment later than 6 months (under 5) or 12 months",
            requirement="Review the child's health every 6 months before the 5th birthday"
            " and every 12 months after (reg 7)",
            covers_requirement=REVIEW,
        ),
        DeviationType(
            id="lac-pep-not-in-place",
            rule_id="LAC-PEP",
            title="Personal education plan not in place or not reviewed",
            requirement="Include the personal education plan in the care plan"
            " (reg 5(b)(ii), Sch 1 para 2)",
        ),
    ]


@hookimpl
def scrutiny_pack_sections(pack: PackData) -> Sequence[PackSection]:
    from scrutiny.plugins.looked_after.pack import looked_after_section

    return [looked_after_section(pack)]


@hookimpl
def scrutiny_demo(council: DemoCouncil) -> None:
    from scrutiny.plugins.looked_after.demo import write_demo_files, write_plan_files

    write_demo_files(council)
    write_plan_files(council)
