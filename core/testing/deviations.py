"""Deviations recorded through the real register, for tests of how findings reconcile
with them: recorded by one person and (unless a test says not) authorised by another,
as the register requires."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine

from scrutiny.register.service import Register

FAR_REVIEW = dt.date(2030, 1, 1)
"""A review date no test's as-of date reaches, so the deviation has not lapsed."""


def record_deviation(
    engine: Engine,
    rule_id: str,
    subject_ref: str,
    start: dt.date,
    end: dt.date,
    legal_basis: str = "none",
    *,
    subject_type: str = "child",
    authorise: bool = True,
    review: dt.date = FAR_REVIEW,
    **terms: Any,
) -> str:
    """A deviation from ``rule_id`` for one subject over ``start`` to ``end``; its ref.

    ``terms`` override any other field (``legal_reference``, ``deviation_type``,
    ``covers_requirement``, ``rationale``…); the rest are synthetic but complete.
    """
    register = Register(engine, known_rules=[rule_id])
    values: dict[str, Any] = {
        "rule_id": rule_id,
        "legal_reference": "As the rule's legal source",
        "subject_type": subject_type,
        "subject_ref": subject_ref,
        "requirement": "As the rule requires",
        "done_instead": "Recorded departure",
        "period_start": start,
        "period_end": end,
        "legal_basis": legal_basis,
        "rationale": "Synthetic test rationale.",
        "risk_likelihood": 2,
        "risk_impact": 2,
        "mitigations": "Synthetic mitigations",
        "residual_likelihood": 1,
        "residual_impact": 2,
        "review_date": review,
    } | terms
    ref = register.record(values, by="Sam Worker").deviation_ref
    if authorise:
        register.authorise(ref, by="Alex Manager")
    return ref
