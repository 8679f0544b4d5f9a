"""Ofsted Annex A: the inspection data lists, read for a pre-inspection check.

Lists 7, 8, 9 and 11 are judged by what their latest dates can prove (rules AA-*,
each in the domain of the duty); every list is reported on in the pack's readiness
section (what was read, what could not be matched, blank dates).
"""

from __future__ import annotations

from scrutiny.plugins.annex_a import models as models
from scrutiny.plugins.annex_a.hooks import (
    scrutiny_demo,
    scrutiny_importers,
    scrutiny_migration_dirs,
    scrutiny_pack_sections,
    scrutiny_rules,
)

__all__ = [
    "scrutiny_demo",
    "scrutiny_importers",
    "scrutiny_migration_dirs",
    "scrutiny_pack_sections",
    "scrutiny_rules",
]
