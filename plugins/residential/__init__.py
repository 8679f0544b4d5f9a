"""Children's homes and residential provision: serious-event notifications, independent
visits, quality-of-care reviews, notices to Ofsted, closures and unregistered provision
(Care Standards Act 2000; Children's Homes (England) Regulations 2015)."""

from __future__ import annotations

from scrutiny.plugins.residential import models as models
from scrutiny.plugins.residential.hooks import (
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
