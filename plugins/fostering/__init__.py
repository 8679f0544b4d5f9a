"""Fostering: temporary approvals, emergency placements, the usual fostering limit,
short breaks and carer reviews (CPPCR 2010 regs 23-25 and 48; CA 1989 Sch 7; FSR 2011)."""

from __future__ import annotations

from scrutiny.plugins.fostering import models as models
from scrutiny.plugins.fostering.hooks import (
    scrutiny_demo,
    scrutiny_deviation_types,
    scrutiny_importers,
    scrutiny_migration_dirs,
    scrutiny_pack_sections,
    scrutiny_rules,
)

__all__ = [
    "scrutiny_demo",
    "scrutiny_deviation_types",
    "scrutiny_importers",
    "scrutiny_migration_dirs",
    "scrutiny_pack_sections",
    "scrutiny_rules",
]
