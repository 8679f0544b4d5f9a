"""Recurring duties: a chain of events (reviews, visits) within spans (a period of care,
an approval, a registration), each event's clock running from the one before.

Many duties have the same shape: the first event is due some time after a span starts,
each later one some time after the previous, for as long as the span lasts. Rules build
the chain with :func:`event_chain`; where every link is due a fixed number of months
after the one before, :func:`due_at_intervals` judges it, otherwise the rule sets each
link's due date itself. It is one set-based query for every span at
once, never a loop over subjects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import FromClause, Subquery, and_, case, func, null, or_, select, union_all
from sqlalchemy.sql.elements import ColumnElement

from scrutiny.db.portable import add_months
from scrutiny.rules.context import RuleContext


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
    ctx: RuleContext | None = None,
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

    Given the rule's ``ctx``, the events held are staged (:meth:`RuleContext.stage`):
    the chain reads them twice, and a database works each window out again for each
    read (measured: a third of the time of CL-PA-VISITS). Rules pass it; without it
    the chain is one query, as a test on its own tables needs.
    """
    span_columns = [spans.c[k] for k in (*key, start, end)]
    window = [spans.c[k] for k in (*key, start)]
    day = events.c[event_date]
    after_start = day >= spans.c[start] if on_start_day else day > spans.c[start]
    same_subject = and_(*(events.c[e] == spans.c[k] for k, e in zip(key, event_key, strict=True)))
    held_rows = (
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
    )
    span_key = (*key, start)
    held = (
        ctx.stage(f"{name}_held", held_rows, span_key)
        if ctx is not None
        else held_rows.subquery(f"{name}_held")
    )
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


@dataclass(frozen=True)
class IntervalDue:
    """Each link of a chain with its due date, judged: see :func:`due_at_intervals`."""

    judged: FromClause
    outcome: ColumnElement[str]
    required: ColumnElement[bool]


def due_at_intervals(
    ctx: RuleContext,
    chain: Subquery,
    *,
    start: str,
    end: str,
    months: str,
    data_from: ColumnElement[Any],
    known_until: ColumnElement[Any],
    event_label: str = "event",
    name: str = "due",
) -> IntervalDue:
    """Due dates for a duty recurring every ``months`` (a parameter of the rule's
    periods) from the span's start, then from each event before.

    Events before ``data_from`` (the first day the events data speak for) are unknown:
    for a span that began earlier, the start of the data is taken as if an event had
    been held that day, so an event within the interval of it cannot be judged (a data
    gap) while one later is certainly late. The interval is the one in force on the day
    the clock starts. ``judged`` has the chain's columns plus ``due_date``, ``pre_data``,
    ``standard`` and ``instrument``; ``required`` is false for a link that would fall due
    only after the span ended.
    """
    pre_data = and_(data_from.is_not(None), chain.c.previous.is_(None), chain.c[start] < data_from)
    clock_start = case(
        (chain.c.previous.is_not(None), chain.c.previous),
        (pre_data, data_from),
        else_=chain.c[start],
    )
    clock = ctx.periods()
    judged_rows = (
        select(
            chain,
            add_months(clock_start, clock.c[months]).label("due_date"),
            pre_data.label("pre_data"),
            clock.c.standard,
            clock.c.instrument,
        )
        .select_from(chain)
        .join(clock, ctx.in_force(clock, clock_start))
    )
    # Staged, so that each due date is worked out once, not once for each use of it in
    # the outcome and for each period the rule compares it with.
    judged = ctx.stage(name, judged_rows, ("due_date",))
    j = judged.c
    timeliness = ctx.timeliness(j.due_date, j[event_label], known_until)
    outcome = case(
        (and_(j.pre_data, timeliness.in_(("met", "due-soon", "not-yet-due"))), "data-gap"),
        else_=timeliness,
    )
    required = or_(j[event_label].is_not(None), j[end].is_(None), j[end] > j.due_date)
    return IntervalDue(judged, outcome, required)
