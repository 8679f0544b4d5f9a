"""Care leavers: eligibility, needs assessments, pathway plans, personal advisers, staying
put and support to 25 (Children Act 1989 Part 3; CPPCR 2010 Part 7; Care Leavers
(England) Regulations 2010)."""

from __future__ import annotations

from scrutiny.plugins.care_leavers import models as models
from scrutiny.plugins.care_leavers.hooks import (
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
