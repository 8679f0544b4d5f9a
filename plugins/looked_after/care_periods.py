"""Periods of care and placements, built in SQL from SSDA903 episodes as of a date.

- Episodes that start after the as-of date are ignored; an episode that ends after it
  is treated as still open.
- Short-break episodes (legal status V3/V4) are left out: those children follow the
  CPPCR reg 48 short-breaks regime, not the ordinary review and visit timetable.
- A period of care starts with a child's first episode, after a gap, or after an
  episode that ended for any reason other than X1 ("episode ceases and a new one begins
  on the same day").
- A placement (for reg 28 visits) starts with a period of care and with every change of
  carer (reason for new episode P or B). Temporary moves (placement codes T0–T4) never
  start a placement, nor does the return from one: a holiday does not reset the clock.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, FromClause, Select, and_, case, func, literal, null, select
from sqlalchemy.sql.elements import ColumnElement

from scrutiny.ssda903.models import Episode

SHORT_BREAK_STATUSES = ("V3", "V4")
CONTINUES_EPISODE = "X1"
NEW_CARER = ("S", "P", "B")
LONG_TERM_PLACEMENTS = ("U1", "U4")


def _is_temporary(place: ColumnElement[Any]) -> ColumnElement[bool]:
    return place.like("T%")


def care_episodes(as_of: Any) -> Select[Any]:
    """Episodes known on ``as_of``, short breaks excluded, numbered into periods of care
    and placements (``period_no``, ``placement_no``)."""
    e = Episode
    as_of_value = literal(as_of, Date)
    dec = case((e.dec > as_of_value, null()), else_=e.dec)
    rec = case((e.dec > as_of_value, null()), else_=e.rec)

    def previous(column: Any) -> Any:
        return func.lag(column).over(partition_by=e.child_id, order_by=e.decom)

    base = (
        select(
            e.child_id,
            e.decom,
            dec.label("dec"),
            rec.label("rec"),
            e.rne,
            e.ls,
            e.place,
            previous(e.decom).label("prev_decom"),
            previous(dec).label("prev_dec"),
            previous(rec).label("prev_rec"),
            previous(e.place).label("prev_place"),
        )
        .where(e.decom <= as_of_value)
        .where(e.ls.not_in(SHORT_BREAK_STATUSES))
        .subquery("episodes_as_of")
    )
    new_period = case(
        (base.c.prev_decom.is_(None), 1),
        (base.c.prev_dec.is_(None), 0),  # overlapping episodes: treat as continuing
        (base.c.prev_dec < base.c.decom, 1),
        (base.c.prev_rec != CONTINUES_EPISODE, 1),
        else_=0,
    )
    new_placement = case(
        (new_period == 1, 1),
        (_is_temporary(base.c.place), 0),
        (_is_temporary(base.c.prev_place), 0),
        (base.c.rne.in_(NEW_CARER), 1),
        else_=0,
    )
    flagged = select(
        *base.c,
        new_period.label("new_period"),
        new_placement.label("new_placement"),
    ).subquery("episodes_flagged")

    def running_total(column: Any) -> Any:
        return func.sum(column).over(
            partition_by=flagged.c.child_id, order_by=flagged.c.decom, rows=(None, 0)
        )

    return select(
        *flagged.c,
        running_total(flagged.c.new_period).label("period_no"),
        running_total(flagged.c.new_placement).label("placement_no"),
    )


def _end_or_open(dec: ColumnElement[Any]) -> ColumnElement[Any]:
    """The last end date of a group, or NULL if any of its episodes is still open."""
    return case((func.count(dec) < func.count(), null()), else_=func.max(dec))


def periods_of_care(episodes: FromClause) -> Select[Any]:
    """One row per period of care: ``child_id``, ``period_no``, ``period_start``,
    ``period_end`` (NULL while the child is still looked after)."""
    return select(
        episodes.c.child_id,
        episodes.c.period_no,
        func.min(episodes.c.decom).label("period_start"),
        _end_or_open(episodes.c.dec).label("period_end"),
    ).group_by(episodes.c.child_id, episodes.c.period_no)


def placements(episodes: FromClause) -> Select[Any]:
    """One row per placement: start, end, the period it belongs to, its first episode's
    legal status and placement type, and whether any of it was long-term fostering."""
    first = (
        select(
            episodes.c.child_id,
            episodes.c.placement_no,
            episodes.c.ls.label("first_ls"),
            episodes.c.place.label("first_place"),
        )
        .where(episodes.c.new_placement == 1)
        .subquery("placement_first")
    )
    grouped = (
        select(
            episodes.c.child_id,
            episodes.c.placement_no,
            func.min(episodes.c.period_no).label("period_no"),
            func.min(episodes.c.decom).label("placement_start"),
            _end_or_open(episodes.c.dec).label("placement_end"),
            func.max(case((episodes.c.place.in_(LONG_TERM_PLACEMENTS), 1), else_=0)).label(
                "long_term"
            ),
        )
        .group_by(episodes.c.child_id, episodes.c.placement_no)
        .subquery("placement_grouped")
    )
    return select(*grouped.c, first.c.first_ls, first.c.first_place).join(
        first,
        and_(
            first.c.child_id == grouped.c.child_id,
            first.c.placement_no == grouped.c.placement_no,
        ),
    )
