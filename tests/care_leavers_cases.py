"""Care leavers case data written straight to the plugin's tables, for rule tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from scrutiny.plugins.care_leavers.models import (
    Accommodation,
    AdviserAllocation,
    Contact,
    NeedsAssessment,
    PathwayPlan,
    PlanReview,
    StayingPut,
    SupportRequest,
    YoungPerson,
)
from scrutiny.ssda903.models import OC3
from scrutiny.testing import WIDE, CaseData

KINDS = (
    "ssda903.episodes",
    "care_leavers.young_people",
    "care_leavers.advisers",
    "care_leavers.needs_assessments",
    "care_leavers.pathway_plans",
    "care_leavers.plan_reviews",
    "care_leavers.contacts",
    "care_leavers.accommodation",
    "care_leavers.staying_put",
    "care_leavers.support_requests",
)


class CareLeaverCases(CaseData):
    """Young people and what hangs off them; every kind covers 2010–2030 unless
    ``covers`` says otherwise."""

    def __init__(
        self,
        engine: Engine,
        covers: tuple[dt.date, dt.date] | None = WIDE,
        kinds: tuple[str, ...] = KINDS,
    ) -> None:
        super().__init__(engine, covers, kinds)

    def born(self, ref: str, dob: dt.date) -> int:
        return self.child(ref, dob)

    def young_person(
        self,
        ref: str,
        dob: dt.date,
        status: str = "former-relevant",
        eligible_from: dt.date | None = None,
        duties_ended: dt.date | None = None,
    ) -> None:
        self._insert(
            YoungPerson,
            child_id=self.child(ref, dob),
            dob=dob,
            status=status,
            eligible_from=eligible_from,
            duties_ended=duties_ended,
            end_reason="other" if duties_ended else None,
        )

    def adviser(
        self, ref: str, allocated: dt.date, ended: dt.date | None = None, adviser: str = "PA1"
    ) -> None:
        self._insert(
            AdviserAllocation,
            child_id=self.child(ref),
            adviser_ref=adviser,
            allocated_on=allocated,
            ended_on=ended,
        )

    def assessment(self, ref: str, completed: dt.date) -> None:
        self._insert(NeedsAssessment, child_id=self.child(ref), completed_on=completed)

    def plan(self, ref: str, day: dt.date) -> None:
        self._insert(PathwayPlan, child_id=self.child(ref), plan_date=day)

    def plan_review(
        self,
        ref: str,
        plan: dt.date,
        *days: dt.date,
        requested_by: str | None = None,
    ) -> None:
        for day in days:
            self._insert(
                PlanReview,
                child_id=self.child(ref),
                plan_date=plan,
                reviewed_on=day,
                requested_by=requested_by,
                requested_on=day if requested_by else None,
            )

    def contact(
        self, ref: str, day: dt.date, kind: str = "visit-at-home", by: str = "adviser"
    ) -> None:
        self._insert(Contact, child_id=self.child(ref), contact_date=day, kind=kind, contact_by=by)

    def home_visits(self, ref: str, *days: dt.date) -> None:
        for day in days:
            self.contact(ref, day)

    def accommodation(
        self,
        ref: str,
        started: dt.date,
        ended: dt.date | None = None,
        provided_by_la: bool = True,
        kind: str = "semi-independent",
    ) -> None:
        self._insert(
            Accommodation,
            child_id=self.child(ref),
            started_on=started,
            ended_on=ended,
            accommodation_type=kind,
            provided_by_la=provided_by_la,
        )

    def staying_put(
        self,
        ref: str,
        started: dt.date,
        *,
        ended: dt.date | None = None,
        support: bool | None = True,
        support_ended: dt.date | None = None,
        monitored: dt.date | None = None,
    ) -> None:
        self._insert(
            StayingPut,
            child_id=self.child(ref),
            carer_ref="F1",
            started_on=started,
            ended_on=ended,
            financial_support=support,
            support_ended=support_ended,
            last_monitored=monitored,
        )

    def request(self, ref: str, day: dt.date, withdrawn: dt.date | None = None) -> None:
        self._insert(
            SupportRequest, child_id=self.child(ref), requested_on=day, withdrawn_on=withdrawn
        )

    def oc3(self, ref: str, year: str, in_touch: str) -> None:
        self._insert(
            OC3,
            child_id=self.child(ref),
            collection_year=year,
            in_touch=in_touch,
            activ="F2",
            accom="S",
        )
