"""Residential case data written straight to the plugin's tables, for rule tests."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from scrutiny.plugins.residential.models import (
    ChangeNotice,
    Closure,
    EventNotification,
    Home,
    IndependentVisit,
    ManagerAbsence,
    NotifiableEvent,
    QualityReview,
    ResidentialPlacement,
    VisitEndeavour,
)
from scrutiny.testing import WIDE, CaseData

ENGLAND = ZoneInfo("Europe/London")
KINDS = (
    "residential.homes",
    "residential.events",
    "residential.reg44_visits",
    "residential.reg44_endeavours",
    "residential.reg45_reviews",
    "residential.manager_absences",
    "residential.change_notices",
    "residential.closures",
    "residential.placements",
)


def local(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A local (England) time, as the importer stores it (UTC)."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ENGLAND).astimezone(dt.UTC)


class ResidentialCases(CaseData):
    """Homes, events, visits and the rest; every residential kind covers 2010–2030
    unless ``covers`` says otherwise."""

    def __init__(
        self,
        engine: Engine,
        covers: tuple[dt.date, dt.date] | None = WIDE,
        kinds: tuple[str, ...] = KINDS,
    ) -> None:
        super().__init__(engine, covers, kinds)
        self.homes: dict[str, int] = {}
        self.events = 0

    def home(
        self,
        ref: str = "H1",
        registered: dt.date | None = dt.date(2015, 4, 1),
        ceased: dt.date | None = None,
        *,
        urn: str | None = "SC000001",
        secure: bool = False,
    ) -> int:
        if ref not in self.homes:
            self.homes[ref] = self._new(
                Home,
                home_ref=ref,
                urn=urn,
                registered_on=registered,
                ceased_on=ceased,
                secure=secure,
            )
        return self.homes[ref]

    def event(
        self,
        occurred: dt.datetime,
        kind: str = "police-incident",
        *,
        home: str = "H1",
        told: dict[str, dt.datetime] | None = None,
        ref: str | None = None,
    ) -> str:
        """An event at ``occurred`` (UTC, see :func:`local`), told to each recipient of
        ``told`` at its time."""
        self.events += 1
        event_ref = ref or f"E{self.events}"
        event_id = self._new(
            NotifiableEvent,
            event_ref=event_ref,
            home_id=self.home(home),
            event_type=kind,
            occurred_at=occurred,
            occurred_on=occurred.astimezone(ENGLAND).date(),
            child_id=None,
        )
        for recipient, at in (told or {}).items():
            self._insert(
                EventNotification,
                event_id=event_id,
                recipient=recipient,
                notified_at=at,
                notified_on=at.astimezone(ENGLAND).date(),
            )
        return event_ref

    def reg44_visit(
        self,
        day: dt.date,
        mode: str = "in-person",
        *,
        home: str = "H1",
        independent: bool = True,
        report: dt.date | None = None,
    ) -> None:
        self._insert(
            IndependentVisit,
            home_id=self.home(home),
            visited_on=day,
            mode=mode,
            independent=independent,
            report_to_ofsted_on=report,
        )

    def monthly_visits(self, first: dt.date, last: dt.date, *, home: str = "H1") -> None:
        """An in-person visit on the 10th of every month from ``first`` to ``last``."""
        day = first.replace(day=10)
        while day <= last:
            self.reg44_visit(day, home=home)
            day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=10)

    def endeavour(
        self, month: dt.date, note: str = "Visitor shielding", *, home: str = "H1"
    ) -> None:
        self._insert(VisitEndeavour, home_id=self.home(home), month_start=month, note=note)

    def quality_review(self, *days: dt.date, home: str = "H1") -> None:
        for day in days:
            self._insert(
                QualityReview, home_id=self.home(home), reviewed_on=day, report_to_ofsted_on=day
            )

    def absence(
        self,
        started: dt.date,
        ended: dt.date | None,
        *,
        planned: bool,
        notice: dt.date | None = None,
        returned: dt.date | None = None,
        expected: dt.date | None = None,
        home: str = "H1",
    ) -> None:
        self._insert(
            ManagerAbsence,
            home_id=self.home(home),
            started_on=started,
            expected_end=expected,
            ended_on=ended,
            planned=planned,
            notice_given_on=notice,
            return_notified_on=returned,
        )

    def change(
        self,
        changed: dt.date,
        notified: dt.date | None,
        change: str = "new-manager",
        home: str = "H1",
    ) -> None:
        self._insert(
            ChangeNotice,
            home_id=self.home(home),
            change=change,
            changed_on=changed,
            notified_on=notified,
        )

    def closure(self, closes: dt.date, home: str = "H1", **values: Any) -> None:
        fields = {
            "notified_on": None,
            "applied_on": None,
            "proposal_notice_on": None,
            "proposal_dropped_on": None,
            "decision_notice_on": None,
        }
        fields.update(values)
        self._insert(Closure, home_id=self.home(home), closes_on=closes, **fields)

    def placement(
        self,
        child: str,
        started: dt.date,
        setting: str = "supported-accommodation",
        *,
        dob: dt.date = dt.date(2006, 1, 1),
        ended: dt.date | None = None,
        urn: str | None = None,
        care: bool = False,
        other_arrangements: bool = True,
        provider: str = "P1",
    ) -> None:
        self._insert(
            ResidentialPlacement,
            child_id=self.child(child, dob),
            started_on=started,
            ended_on=ended,
            provider_ref=provider,
            urn=urn,
            setting=setting,
            care_provided=care,
            other_arrangements=other_arrangements,
        )
