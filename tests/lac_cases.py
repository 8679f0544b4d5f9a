"""Looked-after case data for the plan, notification, health and PEP rules: care plans,
placement plans, out-of-area placements, health assessments, PEPs and SSDA903 OC2 rows,
written straight to the tables."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from scrutiny.plugins.looked_after.models import (
    CarePlan,
    HealthAssessment,
    OutOfAreaPlacement,
    PersonalEducationPlan,
    PlacementPlan,
)
from scrutiny.ssda903.models import OC2
from scrutiny.testing import WIDE, CaseData

CARE_PLANS = "looked_after.care_plans"
PLACEMENT_PLANS = "looked_after.placement_plans"
OUT_OF_AREA = "looked_after.out_of_area"
HEALTH = "looked_after.health"
PEPS = "looked_after.peps"
KINDS = (
    "ssda903.episodes",
    "ssda903.reviews",
    "looked_after.visits",
    CARE_PLANS,
    PLACEMENT_PLANS,
    OUT_OF_AREA,
    HEALTH,
    PEPS,
)


class LookedAfterCases(CaseData):
    """Every looked-after kind covers 2010–2030 unless ``covers`` or ``kinds`` say otherwise."""

    def __init__(
        self,
        engine: Engine,
        covers: tuple[dt.date, dt.date] | None = WIDE,
        kinds: tuple[str, ...] = KINDS,
    ) -> None:
        super().__init__(engine, covers, kinds)

    def care_plan(self, ref: str, *days: dt.date) -> None:
        for day in days:
            self._insert(CarePlan, child_id=self.child(ref), plan_date=day)

    def placement_plan(self, ref: str, placement_start: dt.date, day: dt.date) -> None:
        self._insert(
            PlacementPlan, child_id=self.child(ref), placement_start=placement_start, plan_date=day
        )

    def out_of_area(
        self,
        ref: str,
        placement_start: dt.date,
        notified: dt.date | None,
        *,
        emergency: bool = False,
        area: str = "Southshire County Council",
    ) -> None:
        self._insert(
            OutOfAreaPlacement,
            child_id=self.child(ref),
            placement_start=placement_start,
            area_authority=area,
            emergency=emergency,
            notified_on=notified,
        )

    def health(
        self, ref: str, day: dt.date, kind: str = "review", practitioner: str = "doctor"
    ) -> None:
        self._insert(
            HealthAssessment,
            child_id=self.child(ref),
            assessed_on=day,
            kind=kind,
            practitioner=practitioner,
        )

    def pep(self, ref: str, *days: dt.date) -> None:
        for day in days:
            self._insert(PersonalEducationPlan, child_id=self.child(ref), pep_date=day)

    def oc2(self, ref: str, year: str, health_assessment: str | None) -> None:
        self._insert(
            OC2,
            child_id=self.child(ref),
            collection_year=year,
            sdq_score=None,
            sdq_reason=None,
            convicted=None,
            health_check=None,
            immunisations=None,
            teeth_check=None,
            health_assessment=health_assessment,
            substance_misuse=None,
            intervention_received=None,
            intervention_offered=None,
        )
