"""Building case data in a real database, and running one rule as of a date: the
factories and runner behind the pytest fixtures (``scrutiny.testing.pytest_plugin``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, insert, select

from scrutiny.config import Config
from scrutiny.db.base import utcnow
from scrutiny.engine.check import run_check
from scrutiny.engine.runs import load_findings, load_outcomes
from scrutiny.models.child import Child
from scrutiny.models.imports import ImportBatch
from scrutiny.pack.sections import FindingRow
from scrutiny.plugin_host import PluginHost
from scrutiny.plugins.looked_after.models import PlacementDetail, StatutoryVisit
from scrutiny.ssda903.models import Episode, Review

D = dt.date
WIDE = (D(2010, 1, 1), D(2030, 12, 31))


class CaseData:
    """Children, episodes, reviews and visits written straight to the tables.

    Every kind of data is marked as covering ``covers`` (an import batch each), unless
    a test says otherwise, because rules treat uncovered dates as data gaps.
    """

    def __init__(
        self,
        engine: Engine,
        covers: tuple[dt.date, dt.date] | None = WIDE,
        kinds: tuple[str, ...] = ("ssda903.episodes", "ssda903.reviews", "looked_after.visits"),
    ) -> None:
        self.engine = engine
        self.children: dict[str, int] = {}
        self.batch_id = self.batch("test.setup", None, None)
        if covers is not None:
            for kind in kinds:
                self.batch(kind, *covers)

    def batch(self, kind: str, covers_from: dt.date | None, covers_to: dt.date | None) -> int:
        digest = hashlib.sha256(f"{kind}{covers_from}{covers_to}{utcnow()}".encode()).hexdigest()
        with self.engine.begin() as conn:
            return int(
                conn.execute(
                    insert(ImportBatch).returning(ImportBatch.id),
                    {
                        "kind": kind,
                        "source_name": "test",
                        "sha256": digest,
                        "row_count": 0,
                        "collection_year": None,
                        "covers_from": covers_from,
                        "covers_to": covers_to,
                        "imported_at": utcnow(),
                    },
                ).scalar_one()
            )

    def child(self, ref: str, dob: dt.date = WIDE[0]) -> int:
        if ref not in self.children:
            with self.engine.begin() as conn:
                self.children[ref] = int(
                    conn.execute(
                        insert(Child).returning(Child.id),
                        {
                            "child_ref": ref,
                            "dob": dob,
                            "sex": "1",
                            "ethnic": "WBRI",
                            "import_batch_id": self.batch_id,
                        },
                    ).scalar_one()
                )
        return self.children[ref]

    def episode(
        self,
        ref: str,
        decom: dt.date,
        *,
        ls: str = "C2",
        place: str = "U6",
        rne: str = "S",
        dec: dt.date | None = None,
        rec: str | None = None,
    ) -> None:
        if dec is not None and rec is None:
            rec = "E13"
        self._insert(
            Episode,
            child_id=self.child(ref),
            decom=decom,
            rne=rne,
            ls=ls,
            cin="N1",
            place=place,
            place_provider="PR1",
            dec=dec,
            rec=rec,
        )

    def review(self, ref: str, *days: dt.date) -> None:
        for day in days:
            self._insert(Review, child_id=self.child(ref), review=day, review_code="PN1")

    def visit(
        self, ref: str, day: dt.date, mode: str = "in-person", reason: str | None = None
    ) -> None:
        self._insert(
            StatutoryVisit,
            child_id=self.child(ref),
            visit_date=day,
            mode=mode,
            seen_alone=True,
            remote_reason=reason,
            reason_detail=None,
        )

    def visits(self, ref: str, *days: dt.date) -> None:
        for day in days:
            self.visit(ref, day)

    def placement_detail(
        self, ref: str, start: dt.date, regime: str, long_term: bool | None = None
    ) -> None:
        self._insert(
            PlacementDetail,
            child_id=self.child(ref),
            placement_start=start,
            regime=regime,
            long_term=long_term,
        )

    def _insert(self, model: type, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(model), {**values, "import_batch_id": self.batch_id})

    def _new(self, model: type, **values: Any) -> int:
        """Insert a row whose first value identifies it (a ref); its id."""
        with self.engine.begin() as conn:
            table = model.__table__  # type: ignore[attr-defined]
            conn.execute(insert(table), {**values, "import_batch_id": self.batch_id})
            key, value = next(iter(values.items()))
            return int(conn.execute(select(table.c.id).where(table.c[key] == value)).scalar_one())


@dataclass
class RuleResult:
    findings: list[FindingRow]
    outcomes: dict[str, int]
    run_id: int
    errors: dict[str, str] = field(default_factory=dict)

    def only(self) -> FindingRow:
        assert len(self.findings) == 1, self.findings
        return self.findings[0]

    def with_status(self, status: str) -> FindingRow:
        found = [f for f in self.findings if f.status == status]
        assert len(found) == 1, self.findings
        return found[0]

    def statuses(self) -> list[tuple[str, dt.date, dt.date | None]]:
        return sorted((f.status, f.due_date, f.event_date) for f in self.findings)

    def status_on(self, due: dt.date) -> str | None:
        found = [f.status for f in self.findings if f.due_date == due]
        return found[0] if found else None


def run_rule(
    engine: Engine, host: PluginHost, rule_id: str, as_of: dt.date, config: Config | None = None
) -> RuleResult:
    """Run one rule as of a date through the real engine; its findings and counts."""
    rule = host.rules.get(rule_id)
    assert rule is not None, rule_id
    summary = run_check(
        engine,
        [rule],
        config or Config(),
        as_of=as_of,
        domains=None,
        plugins=host.enabled_versions(),
    )
    with engine.connect() as conn:
        findings = load_findings(conn, summary.run_id)
        outcomes = load_outcomes(conn, summary.run_id).get(rule_id, {})
    return RuleResult(findings, outcomes, summary.run_id, summary.rule_errors)


def child_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(select(Child.id)).all())
