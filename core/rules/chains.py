"""Recurring duties: a chain of events (reviews, visits) within spans (a period of care,
an approval, a registration), each event's clock running from the one before.

Many duties have the same shape: the first event is due some time after a span starts,
each later one some time after the previous, for as long as the span lasts. Rules build
the chain with :func:`event_chain` and judge each link themselves (the intervals and
what counts as a data gap differ by rule). It is one set-based query for every span at
once, never a loop over subjects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import FromClause, Subquery, and_, func, null, or_, select, union_all
from sqlalchemy.sql.elements import ColumnElement


def event_chain(
    spans: FromClause,
    key: Sequence[str],
    start: str,
    end: str,
    events: FromClause,
    event_key: Sequence[str],
    event_date: str,
    as_of: ColumnElement[Any],
    *,
    on_start_day: bool = False,
    carry: Sequence[str] = (),
    event_label: str = "event",
    name: str = "chain",
) -> Subquery:
    """One row per event held in each span, plus one row for the next event owed.

    ``spans`` has the columns ``key`` (identifying the subject), ``start`` and ``end``
    (NULL while the span is open); ``events`` has ``event_key`` (matching ``key`` in
    order) and ``event_date``. An event belongs to a span if it is after the start (or on
    it, with ``on_start_day``), on or before the end and on or before ``as_of``.

    The result has the span's ``key``, ``start`` and ``end`` columns, ``event_label``
    (the event's date; NULL on the row for the event still owed), each ``carry`` column
    of ``events`` (NULL on that row), ``number`` (1 for the first event in the span) and
    ``previous`` (the date of the event before; NULL for the first).
    """
    span_columns = [spans.c[k] for k in (*key, start, end)]
    window = [spans.c[k] for k in (*key, start)]
    day = events.c[event_date]
    after_start = day >= spans.c[start] if on_start_day else day > spans.c[start]
    same_subject = and_(*(events.c[e] == spans.c[k] for k, e in zip(key, event_key, strict=True)))
    held = (
        select(
            *span_columns,
            day.label(event_label),
            *(events.c[column] for column in carry),
            func.row_number().over(partition_by=window, order_by=day).label("number"),
            func.lag(day, type_=day.type).over(partition_by=window, order_by=day).label("previous"),
        )
        .select_from(spans)
        .join(events, same_subject)
        .where(after_start, day <= as_of)
        .where(or_(spans.c[end].is_(None), day <= spans.c[end]))
        .subquery(f"{name}_held")
    )
    span_key = (*key, start)
    last = (
        select(
            *(held.c[k] for k in span_key),
            func.count().label("held"),
            func.max(held.c[event_label]).label("last_event"),
        )
        .group_by(*(held.c[k] for k in span_key))
        .subquery(f"{name}_last")
    )
    owed = (
        select(
            *span_columns,
            null().label(event_label),
            *(null().label(column) for column in carry),
            (func.coalesce(last.c.held, 0) + 1).label("number"),
            last.c.last_event.label("previous"),
        )
        .select_from(spans)
        .outerjoin(last, and_(*(last.c[k] == spans.c[k] for k in span_key)))
    )
    return union_all(select(held), owed).subquery(name)
