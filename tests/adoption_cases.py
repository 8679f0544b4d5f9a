"""Adoption case data written straight to the plugin's tables, and runs of its rules.

Like ``scrutiny.testing.CaseData``: real rows in a real database (SQLite or PostgreSQL),
with an import batch marking what the applications data covers, because a deadline
after the data's coverage is a data gap, not a breach.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, insert

from scrutiny.config import Config
from scrutiny.db.base import table_of
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.adoption.models import AdopterApplication, PanelMeeting
from scrutiny.testing import WIDE, CaseData, RuleResult, run_rule
from scrutiny.testing.deviations import record_deviation as testing_deviation

D = dt.date
APPLICATIONS = "adoption.applications"
FAR_REVIEW = D(2030, 1, 1)
RULES = ("ADO-STAGE1", "ADO-STAGE2", "ADO-CHECKS-AT-STAGE1", "ADO-PANEL")


class AdoptionCases:
    """Applications and panel meetings, with the applications data covering ``covers``."""

    def __init__(self, engine: Engine, covers: tuple[dt.date, dt.date] | None = WIDE) -> None:
        self.engine = engine
        self.case = CaseData(engine, covers=None)
        self.panels: dict[str, int] = {}
        if covers is not None:
            self.case.batch(APPLICATIONS, *covers)

    def batch(self, kind: str, covers_from: dt.date | None, covers_to: dt.date | None) -> int:
        return self.case.batch(kind, covers_from, covers_to)

    def panel(
        self,
        ref: str,
        day: dt.date | None,
        *,
        chair: bool | None = True,
        members: int | None = 6,
        independent: int | None = 3,
    ) -> str:
        """A panel meeting; ``day=None`` stores the reference only (not yet described)."""
        with self.engine.begin() as conn:
            self.panels[ref] = int(
                conn.execute(
                    insert(table_of(PanelMeeting)).returning(table_of(PanelMeeting).c.id),
                    {
                        "panel_ref": ref,
                        "panel_date": day,
                        "chair_present": chair if day else None,
                        "members_present": members if day else None,
                        "independent_members": independent if day else None,
                        "import_batch_id": self.case.batch_id,
                    },
                ).scalar_one()
            )
        return ref

    def application(
        self,
        ref: str,
        roi_accepted: dt.date,
        *,
        panel: str | None = None,
        **values: Any,
    ) -> None:
        """An application; give any other column by name (``stage1_decision=...``)."""
        row: dict[str, Any] = {
            "application_ref": ref,
            "roi_accepted": roi_accepted,
            "panel_id": self.panels[panel] if panel else None,
            "import_batch_id": self.case.batch_id,
        }
        if values.get("stage1_decision") and "stage1_outcome" not in values:
            row["stage1_outcome"] = "suitable"
        if values.get("agency_decision") and "agency_decision_outcome" not in values:
            row["agency_decision_outcome"] = "approve"
        if panel and "panel_recommendation" not in values:
            row["panel_recommendation"] = "approve"
        row.update(values)
        with self.engine.begin() as conn:
            conn.execute(insert(table_of(AdopterApplication)), row)

    def stage1_decided(
        self,
        ref: str,
        decided: dt.date,
        *,
        roi: dt.date | None = None,
        dbs: dt.date | None = None,
        medical: dt.date | None = None,
        recorded: dt.date | None = None,
        **values: Any,
    ) -> None:
        """An application at its stage 1 decision; checks default to a week before it."""
        week_before = decided - dt.timedelta(days=7)
        self.application(
            ref,
            roi or decided - dt.timedelta(days=40),
            stage1_decision=decided,
            dbs_certificate=dbs or week_before,
            medical_report=medical or week_before,
            medical_deferral_recorded=recorded,
            medical_deferral_ref="CN1" if recorded else None,
            **values,
        )

    def approved(
        self,
        ref: str,
        decided: dt.date,
        *,
        panel: str | None = None,
        stage1: dt.date | None = None,
        **values: Any,
    ) -> None:
        """An application approved on ``decided``, stage 1 and the checks months before."""
        stage1 = stage1 or decided - dt.timedelta(days=150)
        values.setdefault("dbs_certificate", stage1 - dt.timedelta(days=7))
        values.setdefault("medical_report", stage1 - dt.timedelta(days=7))
        self.application(
            ref,
            stage1 - dt.timedelta(days=50),
            stage1_decision=stage1,
            notice_to_proceed=stage1 + dt.timedelta(days=14),
            agency_decision=decided,
            panel=panel,
            **values,
        )


def run(
    engine: Engine, host: PluginHost, rule_id: str, as_of: dt.date, config: Config | None = None
) -> RuleResult:
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
    review: dt.date = FAR_REVIEW,
    covers_requirement: str | None = None,
) -> str:
    """An authorised deviation for one application (recorded and authorised by two people)."""
    return testing_deviation(
        engine, rule_id, ref, start, end, legal_basis,
        subject_type="application", review=review, covers_requirement=covers_requirement,
        legal_reference="Adoption Agencies Regulations 2005",
    )  # fmt: skip
