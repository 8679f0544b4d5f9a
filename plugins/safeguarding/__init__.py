"""Safeguarding: children in need and child protection timescales, serious incident
notification and rapid reviews (Working Together to Safeguard Children, statutory
guidance; Children Act 2004 s16C)."""

from __future__ import annotations

from scrutiny.plugins.safeguarding import models as models
from scrutiny.plugins.safeguarding.hooks import (
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
