"""Fostering case data written straight to the plugin's tables, for rule tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from scrutiny.plugins.fostering.models import (
    Approval,
    Carer,
    CarerReview,
    EmergencyPlacement,
    Exemption,
    ExemptionChild,
    Extension,
    Household,
    HouseholdChild,
    ShortBreak,
)
from scrutiny.testing import WIDE, CaseData

KINDS = (
    "fostering.carers",
    "fostering.approvals",
    "fostering.extensions",
    "fostering.emergency_placements",
    "fostering.household_children",
    "fostering.exemptions",
    "fostering.short_breaks",
    "fostering.reviews",
)


class FosteringCases(CaseData):
    """Carers, approvals and the rest; every fostering kind covers 2010–2030 unless
    ``covers`` says otherwise."""

    def __init__(
        self,
        engine: Engine,
        covers: tuple[dt.date, dt.date] | None = WIDE,
        kinds: tuple[str, ...] = KINDS,
    ) -> None:
        super().__init__(engine, covers, kinds)
        self.carers: dict[str, int] = {}
        self.households: dict[str, int] = {}

    def household(self, ref: str, residence_la: str | None = None) -> int:
        if ref not in self.households:
            self.households[ref] = self._new(
                Household, household_ref=ref, residence_la=residence_la
            )
        return self.households[ref]

    def carer(self, ref: str, household: str | None = None, residence_la: str | None = None) -> int:
        if ref not in self.carers:
            home = self.household(household or f"H-{ref}", residence_la)
            self.carers[ref] = self._new(Carer, carer_ref=ref, household_id=home)
        return self.carers[ref]

    def approval(
        self,
        carer: str,
        approved: dt.date,
        kind: str = "temporary-connected",
        *,
        child: str | None = "C1",
        ended: dt.date | None = None,
        reason: str | None = None,
    ) -> None:
        self._insert(
            Approval,
            carer_id=self.carer(carer),
            approval_type=kind,
            approved_on=approved,
            child_id=self.child(child) if child and kind != "full" else None,
            assessed_on=approved,
            max_children=None,
            ended_on=ended,
            end_reason=reason or ("full-approval" if ended else None),
        )

    def extension(
        self,
        carer: str,
        approved: dt.date,
        extended: dt.date,
        *,
        weeks: int | None = 8,
        steps: dt.date | str | None = "same-day",
        irm: bool | None = None,
        irm_outcome: dt.date | None = None,
    ) -> None:
        step = extended if steps == "same-day" else steps
        assert step is None or isinstance(step, dt.date)
        self._insert(
            Extension,
            carer_id=self.carer(carer),
            approved_on=approved,
            extended_on=extended,
            weeks=weeks,
            panel_views_sought_on=step,
            iro_informed_on=step,
            nominated_officer_on=step,
            irm_review_requested=irm,
            irm_outcome_on=irm_outcome,
        )

    def emergency(
        self,
        carer: str,
        child: str,
        placed: dt.date,
        *,
        amended: dt.date | None = None,
        ended: dt.date | None = None,
    ) -> None:
        self._insert(
            EmergencyPlacement,
            carer_id=self.carer(carer),
            child_id=self.child(child),
            placed_on=placed,
            terms_amended_on=amended,
            ended_on=ended,
        )

    def living(
        self,
        carer: str,
        child: str,
        started: dt.date,
        ended: dt.date | None = None,
        *,
        arrangement: str = "fostered",
        siblings: str | None = None,
    ) -> None:
        self._insert(
            HouseholdChild,
            carer_id=self.carer(carer),
            child_id=self.child(child),
            arrangement=arrangement,
            started_on=started,
            ended_on=ended,
            sibling_group=siblings,
        )

    def exemption(
        self,
        ref: str,
        carer: str,
        children: tuple[str, ...],
        valid_from: dt.date,
        valid_until: dt.date | None = None,
        granted_by: str | None = None,
    ) -> None:
        exemption_id = self._new(
            Exemption,
            exemption_ref=ref,
            carer_id=self.carer(carer),
            valid_from=valid_from,
            valid_until=valid_until,
            granted_by_la=granted_by,
            conditions=None,
        )
        for child in children:
            self._insert(ExemptionChild, exemption_id=exemption_id, child_id=self.child(child))

    def short_break(
        self, child: str, started: dt.date, ended: dt.date | None, carer: str = "F1"
    ) -> None:
        self._insert(
            ShortBreak,
            child_id=self.child(child),
            carer_id=self.carer(carer),
            started_on=started,
            ended_on=ended,
        )

    def carer_review(self, carer: str, *days: dt.date, panel: bool | None = None) -> None:
        for day in days:
            self._insert(CarerReview, carer_id=self.carer(carer), reviewed_on=day, to_panel=panel)
