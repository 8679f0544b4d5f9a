"""Adoption: prospective adopters' stage 1 and stage 2 timescales, checks and panels
(Adoption Agencies Regulations 2005 Part 4, the 2013 statutory guidance, and the
coronavirus flexibilities of SI 2020/445 and SI 2020/909)."""

from __future__ import annotations

from scrutiny.plugins.adoption import models as models
from scrutiny.plugins.adoption.hooks import (
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
