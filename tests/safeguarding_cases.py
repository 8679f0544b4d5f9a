"""Safeguarding case data written straight to the plugin's tables, for rule tests.

Like ``scrutiny.testing.CaseData``: real rows in a real database (SQLite or PostgreSQL),
with an import batch for each kind of safeguarding data covering ``covers``, because a
due date after the data's coverage is a data gap, not a breach.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from scrutiny.config import Config
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.safeguarding.models import (
    Assessment,
    CinEpisode,
    CoreGroup,
    ProtectionPlan,
    ProtectionReview,
    RapidReview,
    ReferralDecision,
    Section47,
    SeriousIncident,
    StrategyDiscussion,
)
from scrutiny.testing import WIDE, CaseData, RuleResult, run_rule
from scrutiny.testing.deviations import record_deviation as testing_deviation

D = dt.date
ENGLAND = ZoneInfo("Europe/London")
CENSUS = "safeguarding.cin_census"
REFERRALS = "safeguarding.referral_decisions"
STRATEGY = "safeguarding.strategy_discussions"
CORE_GROUPS = "safeguarding.core_groups"
INCIDENTS = "safeguarding.serious_incidents"
RAPID_REVIEWS = "safeguarding.rapid_reviews"
KINDS = (CENSUS, REFERRALS, STRATEGY, CORE_GROUPS, INCIDENTS, RAPID_REVIEWS)
RULES = (
    "CP-REFERRAL-DECISION",
    "CP-ASSESSMENT",
    "CP-ICPC",
    "CP-RCPC-1",
    "CP-RCPC-N",
    "CP-CORE-GROUP",
    "CP-SIN",
    "CP-RAPID-REVIEW",
)
FAR_REVIEW = D(2030, 1, 1)


def utc(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A local (England) time as the importer stores it: in UTC."""
    local = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ENGLAND)
    return local.astimezone(dt.UTC)


class SafeguardingCases(CaseData):
    """CIN episodes, assessments, enquiries, plans, reviews, core groups, referrals and
    serious incidents; every safeguarding kind covers 2010-2030 unless ``covers`` says
    otherwise (``None``: no coverage; add batches with :meth:`batch`)."""

    def __init__(
        self,
        engine: Engine,
        covers: tuple[dt.date, dt.date] | None = WIDE,
        kinds: tuple[str, ...] = KINDS,
    ) -> None:
        super().__init__(engine, covers, kinds)
        self.cin_episodes: set[tuple[str, dt.date]] = set()

    # Census ----------------------------------------------------------------------------

    def cin_episode(
        self,
        ref: str,
        referral: dt.date,
        closure: dt.date | None = None,
        *,
        nfa: bool = False,
    ) -> None:
        """A CIN episode (once per child and referral date)."""
        if (ref, referral) in self.cin_episodes:
            return
        self.cin_episodes.add((ref, referral))
        self._insert(
            CinEpisode,
            child_id=self.child(ref),
            referral_date=referral,
            referral_source="1A",
            primary_need="N1",
            closure_date=closure,
            closure_reason="RC1" if closure else None,
            referral_nfa=nfa,
        )

    def assessment(
        self,
        ref: str,
        referral: dt.date,
        authorised: dt.date | None = None,
        *,
        start: dt.date | None = None,
        closure: dt.date | None = None,
    ) -> None:
        """An assessment in a CIN episode referred on ``referral`` (the episode is made too)."""
        self.cin_episode(ref, referral, closure)
        self._insert(
            Assessment,
            child_id=self.child(ref),
            referral_date=referral,
            start_date=start or referral,
            authorised_on=authorised,
        )

    def s47(
        self,
        ref: str,
        start: dt.date,
        icpc: dt.date | None = None,
        *,
        not_required: bool | None = False,
        target: dt.date | None = None,
        referral: dt.date | None = None,
    ) -> None:
        self._insert(
            Section47,
            child_id=self.child(ref),
            referral_date=referral or start,
            s47_start=start,
            icpc_target=target,
            icpc_date=icpc,
            icpc_not_required=not_required,
        )

    def strategy_discussion(self, ref: str, held: dt.date, *, s47_started: bool = True) -> None:
        self._insert(
            StrategyDiscussion, child_id=self.child(ref), held_on=held, s47_started=s47_started
        )

    def plan(
        self,
        ref: str,
        start: dt.date,
        end: dt.date | None = None,
        *reviews: dt.date,
    ) -> None:
        """A child protection plan from ``start`` (its initial conference), with reviews."""
        self._insert(
            ProtectionPlan,
            child_id=self.child(ref),
            referral_date=start - dt.timedelta(days=30),
            start_date=start,
            end_date=end,
            initial_category="NEG",
            latest_category="NEG",
            previous_plans=0,
        )
        for day in reviews:
            self._insert(
                ProtectionReview, child_id=self.child(ref), plan_start=start, review_date=day
            )

    def core_group(self, ref: str, plan_start: dt.date, *held: dt.date) -> None:
        for day in held:
            self._insert(CoreGroup, child_id=self.child(ref), plan_start=plan_start, held_on=day)

    # The council's own files -------------------------------------------------------------

    def referral(
        self,
        ref: str,
        received: dt.datetime,
        decided: dt.datetime | None = None,
        *,
        informed: dt.date | None = None,
        anonymous: bool = False,
        response: str = "assessment",
    ) -> None:
        """A referral received and decided at UTC times (see :func:`utc`)."""

        def local_day(at: dt.datetime) -> dt.date:
            return at.astimezone(ENGLAND).date()

        self._insert(
            ReferralDecision,
            child_id=self.child(ref),
            received_at=received,
            received_on=local_day(received),
            decided_at=decided,
            decided_on=local_day(decided) if decided else None,
            response=response if decided else None,
            referrer_informed_on=informed,
            referrer_anonymous=anonymous,
        )

    def incident(
        self,
        ref: str,
        aware: dt.date,
        *,
        incident: str = "SI1",
        harm: str = "serious-harm",
        looked_after: bool = False,
        panel: dt.date | None = None,
        ofsted: dt.date | None = None,
        sos: dt.date | None = None,
    ) -> None:
        self._insert(
            SeriousIncident,
            incident_ref=incident,
            child_id=self.child(ref),
            incident_date=aware - dt.timedelta(days=1),
            aware_on=aware,
            harm=harm,
            looked_after=looked_after,
            panel_notified_on=panel,
            ofsted_notified_on=ofsted,
            sos_notified_on=sos,
        )

    def rapid_review(
        self,
        completed: dt.date | None,
        *,
        incident: str = "SI1",
        sent: dt.date | None = None,
        delay_reason: str | None = None,
    ) -> None:
        self._insert(
            RapidReview,
            incident_ref=incident,
            completed_on=completed,
            sent_to_panel_on=sent or completed,
            delay_reason=delay_reason,
        )


def run(
    engine: Engine, host: PluginHost, rule_id: str, as_of: dt.date, config: Config | None = None
) -> RuleResult:
    """One rule as of a date, through the real engine; a rule error fails the test."""
    result = run_rule(engine, host, rule_id, as_of, config)
    assert not result.errors, result.errors
    return result


def record_deviation(
    engine: Engine,
    rule_id: str,
    ref: str,
    start: dt.date,
    end: dt.date,
    legal_basis: str,
    *,
    deviation_type: str | None = None,
    review: dt.date = FAR_REVIEW,
    covers_requirement: str | None = None,
) -> str:
    """An authorised deviation for one child (recorded and authorised by two people)."""
    return testing_deviation(
        engine, rule_id, ref, start, end, legal_basis,
        review=review, covers_requirement=covers_requirement, deviation_type=deviation_type,
        legal_reference="Working Together to Safeguard Children 2018",
        done_instead="Completed late",
    )  # fmt: skip
