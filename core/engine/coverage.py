"""Which authorised deviations cover a finding, in SQL.

A deviation covers a finding when it names the same rule and subject (or is
authority-wide), its period contains the finding's due date, it has been authorised,
and, where it names one count of the rule (``covers_requirement``), the finding is on
that count. Coverage is judged on its last authorised version, so amending an
authorised deviation does not withdraw it while the amendment awaits authorisation.

It has *lapsed* (status ``deviation-lapsed``) when its legal basis was not in force on
the due date, when its review date had already passed on the due date, or when it is
still open and its review date has passed by the as-of date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CTE, Date, String, and_, case, func, literal, or_, select, union_all
from sqlalchemy.sql.elements import ColumnElement

from scrutiny.register.legal_basis import legal_bases
from scrutiny.register.models import DeviationVersion
from scrutiny.rules.context import FAR_FUTURE

EARLIEST = dt.date(1900, 1, 1)


def legal_basis_windows() -> CTE:
    rows = [
        select(
            literal(b.id, String).label("basis"),
            literal(b.start or EARLIEST, Date).label("basis_start"),
            literal(b.end or FAR_FUTURE, Date).label("basis_end"),
        )
        for b in legal_bases().values()
    ]
    return union_all(*rows).cte("legal_basis_windows")


def deviation_coverage() -> CTE:
    """One row per authorised deviation with the terms that decide what it covers."""
    v = DeviationVersion
    latest = (
        select(v.deviation_ref, func.max(v.version).label("version"))
        .group_by(v.deviation_ref)
        .subquery("latest")
    )
    effective = (
        select(v.deviation_ref, func.max(v.version).label("version"))
        .where(v.authorised_by.is_not(None))
        .group_by(v.deviation_ref)
        .subquery("effective")
    )
    current = (
        select(v.deviation_ref, v.status, v.closed_on)
        .join(
            latest, and_(v.deviation_ref == latest.c.deviation_ref, v.version == latest.c.version)
        )
        .subquery("current")
    )
    windows = legal_basis_windows()
    end = func.coalesce(v.period_end, literal(FAR_FUTURE, Date))
    closed = func.coalesce(current.c.closed_on, literal(FAR_FUTURE, Date))
    return (
        select(
            v.deviation_ref,
            v.rule_id,
            v.subject_type,
            v.subject_ref,
            v.covers_requirement,
            v.period_start,
            _earlier(end, closed),  # a deviation closed early stops covering then
            v.legal_basis,
            v.review_date,
            current.c.status,
            windows.c.basis_start,
            windows.c.basis_end,
        )
        .join(
            effective,
            and_(v.deviation_ref == effective.c.deviation_ref, v.version == effective.c.version),
        )
        .join(current, current.c.deviation_ref == v.deviation_ref)
        .join(windows, windows.c.basis == v.legal_basis)
        .cte("deviation_coverage")
    )


def _earlier(a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
    return case((a <= b, a), else_=b).label("period_end")


def matches(
    cov: Any,
    rule_id: ColumnElement[Any],
    subject_type: ColumnElement[Any],
    subject_ref: ColumnElement[Any],
    due: ColumnElement[Any],
    requirement: ColumnElement[Any],
) -> ColumnElement[bool]:
    return and_(
        cov.c.rule_id == rule_id,
        or_(cov.c.covers_requirement.is_(None), cov.c.covers_requirement == requirement),
        or_(
            cov.c.subject_type == "authority",
            and_(cov.c.subject_type == subject_type, cov.c.subject_ref == subject_ref),
        ),
        cov.c.period_start <= due,
        cov.c.period_end >= due,
    )


def in_good_standing(cov: Any, due: ColumnElement[Any], as_of: dt.date) -> ColumnElement[bool]:
    """Basis in force on the due date, and not past its review (then or now)."""
    as_of_value = literal(as_of, Date)
    return and_(
        cov.c.basis_start <= due,
        cov.c.basis_end >= due,
        cov.c.review_date >= due,
        or_(cov.c.status == "closed", cov.c.review_date >= as_of_value),
    )
