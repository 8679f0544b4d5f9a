"""Core tables. Importing this module registers them on the shared metadata."""

from __future__ import annotations

from scrutiny.models.calendar import CalendarDay
from scrutiny.models.child import Child
from scrutiny.models.imports import ImportBatch
from scrutiny.models.pseudonym import PseudonymKey
from scrutiny.models.run import Finding, RuleOutcomeCount, Run
from scrutiny.register.models import DeviationVersion, RegisterHead
from scrutiny.ssda903 import models as ssda903_models

__all__ = [
    "CalendarDay",
    "Child",
    "DeviationVersion",
    "Finding",
    "ImportBatch",
    "PseudonymKey",
    "RegisterHead",
    "RuleOutcomeCount",
    "Run",
    "ssda903_models",
]
