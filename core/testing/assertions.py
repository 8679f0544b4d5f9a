"""Assertions on a rule's results that say, when they fail, what the rule found instead.

Used with the ``run_rule`` fixture::

    result = run_rule("LAC-REVIEW", as_of=date(2024, 3, 31))
    assert_statuses(result, [("breach", date(2024, 1, 10), None)])
    assert_outcomes(result, met=3, breach=1)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from scrutiny.testing.cases import RuleResult

Status = tuple[str, dt.date, dt.date | None]


def _listing(result: RuleResult) -> str:
    lines = [
        f"  {f.status:<17} {f.subject_ref:<12} due {f.due_date}  event {f.event_date}"
        for f in sorted(result.findings, key=lambda f: (f.due_date, f.subject_ref))
    ]
    return "\n".join(lines) or "  (no findings)"


def _errors(result: RuleResult) -> None:
    assert not result.errors, f"the rule failed: {result.errors}"


def assert_statuses(result: RuleResult, expected: Iterable[Status]) -> None:
    """The findings are exactly ``expected``: (status, due date, event date) each, in
    any order. Met and not-yet-due items are not findings; see :func:`assert_outcomes`."""
    _errors(result)
    wanted = sorted(expected)
    assert result.statuses() == wanted, (
        f"expected findings {wanted}, the rule found:\n{_listing(result)}"
    )


def assert_no_findings(result: RuleResult) -> None:
    """Nothing to report: every item was met or is not yet due (and the rule ran)."""
    _errors(result)
    assert not result.findings, f"expected no findings, the rule found:\n{_listing(result)}"


def assert_outcomes(result: RuleResult, **counts: int) -> None:
    """The rule's outcome counts, e.g. ``met=3, breach=1`` (``not_yet_due`` for
    not-yet-due, ``data_gap`` for data-gap); outcomes not named must be absent."""
    _errors(result)
    wanted = {name.replace("_", "-"): n for name, n in counts.items() if n}
    found = {name: n for name, n in result.outcomes.items() if n}
    assert found == wanted, f"expected outcomes {wanted}, the rule gave {found}"


def assert_finding_for(result: RuleResult, subject_ref: str, status: str) -> None:
    """``subject_ref`` has exactly one finding, and of this status."""
    _errors(result)
    found = [f for f in result.findings if f.subject_ref == subject_ref]
    assert [f.status for f in found] == [status], (
        f"expected one {status} finding for {subject_ref}, the rule found:\n{_listing(result)}"
    )
