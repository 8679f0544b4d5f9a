"""A run of many findings stored in a real database, chosen to catch a wrong order.

Subjects, rules and domains differ only in case, punctuation or accents (which a
database's own collation sorts unlike Python), many findings tie on everything the pack
sorts by (so only the order they were stored in tells them apart), and the evidence and
references hold what a CSV or JSON writer must escape.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import Engine, insert

from scrutiny.engine.runs import load_findings
from scrutiny.models.run import FINDING_STATUSES, TRACKED_STATUSES, Finding, Run
from scrutiny.pack.findings import finding_sort_key
from scrutiny.pack.sections import FindingRow

AS_OF = dt.date(2024, 3, 31)
SUBJECTS = (
    "C000123", "c000123", "C000123 ", "a_b", "a-b", "ab", "a b", "B", "É001", "Zoë",
    "=HYPERLINK(\"http://x\")", "+44", "-5", "@SUM(A1)", "\tTAB", "C\u2028D",
)  # fmt: skip
RULES = ("LAC-REVIEW", "lac-review", "LAC_REVIEW", "LAC-SW-VISITS", "CP-SIN")
DOMAINS = ("looked_after", "looked-after", "lookedafter", "safeguarding")
SEVERITIES = ("critical", "high", "medium", "low", "unknown")
STATUSES = (*FINDING_STATUSES, *TRACKED_STATUSES, *TRACKED_STATUSES)
EVIDENCE: tuple[dict[str, Any], ...] = (
    {},
    {"note": "line one\nline two", "quote": 'he said "no"', "formula": "=1+1"},
    {"visit_mode": "video", "when": "2023-05-01", "nested": {"list": [1, 2.5, None, True]}},
    {"name": "Zoë Ångström \u2028 end", "tab": "\t-cmd", "empty": ""},
)


def store_run(engine: Engine, findings: int, seed: int = 7) -> int:
    """A run with ``findings`` stored items (about a fifth met or not yet due)."""
    pick = random.Random(seed)
    with engine.begin() as conn:
        run_id = conn.execute(
            insert(Run).returning(Run.id),
            {
                "started_at": dt.datetime(2024, 4, 2, 9, 15, 30, tzinfo=dt.UTC),
                "finished_at": dt.datetime(2024, 4, 2, 9, 16, 0, tzinfo=dt.UTC),
                "as_of": AS_OF,
                "domains": None,
                "scrutiny_version": "test",
                "plugins": {},
                "rules": {},
                "config_fingerprint": "c" * 64,
                "data_fingerprint": "d" * 64,
                "register_seq": 0,
                "register_hash": "0" * 64,
                "counts": {},
                "rule_errors": {},
            },
        ).scalar_one()
        rows = []
        for n in range(findings):
            due = AS_OF - dt.timedelta(days=pick.randrange(0, 40))
            done = pick.random() < 0.5
            rows.append(
                {
                    "run_id": run_id,
                    "rule_id": pick.choice(RULES),
                    "rule_version": "1.0",
                    "domain": pick.choice(DOMAINS),
                    "subject_type": "child",
                    "subject_ref": pick.choice(SUBJECTS),
                    "due_date": due,
                    "event_date": due + dt.timedelta(days=pick.randrange(-3, 30)) if done else None,
                    "status": pick.choice(STATUSES),
                    "severity": pick.choice(SEVERITIES),
                    "standard": "reg 33",
                    "fingerprint": f"f{n}",
                    "deviation_ref": pick.choice((None, None, "", "DEV-0001", "DEV-0002")),
                    "evidence": pick.choice(EVIDENCE),
                }
            )
        conn.execute(insert(Finding), rows)
    return int(run_id)


def listed_findings(engine: Engine, run_id: int) -> tuple[list[FindingRow], list[FindingRow]]:
    """The run's findings (in the pack's order) and tracked items, read whole, as the pack
    read them before it read them as a stream."""
    with engine.connect() as conn:
        findings = sorted(load_findings(conn, run_id), key=finding_sort_key)
        tracked = load_findings(conn, run_id, tracked=True)
    return findings, tracked
