"""Looked-after children: care and placement plans, out-of-area notices, reviews, social
worker visits, health assessments and PEPs (CPPCR 2010 regs 4, 5, 7, 9, 13(4), 28, 33)."""

from __future__ import annotations

from scrutiny.plugins.looked_after import models as models
from scrutiny.plugins.looked_after.hooks import (
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
