"""What the looked-after plugin's own files can speak for, and judging against them.

Each of the plugin's files speaks for the days from its earliest date to its latest
(see ``importer.py``). A duty that fell due on a day no imported file of its kind
speaks for, and was not done, is a data gap, never a breach.

One-off duties at the start of a period of care or a placement (a care plan, a
placement plan, the initial health assessment) are judged only where the period or
placement began on or after the first day the SSDA903 episodes speak for: earlier ones
fell due before the data, and one finding per long-standing child saying so would
bury the findings that matter.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, not_, or_
from sqlalchemy.sql.elements import ColumnElement

from scrutiny.rules.context import RuleContext

EPISODES = "ssda903.episodes"


def started_in_data(ctx: RuleContext, day: Any) -> ColumnElement[bool]:
    """Whether ``day`` (a period's or placement's start) is on or after the first day
    the SSDA903 episodes speak for."""
    episodes_from = ctx.data_from(EPISODES)
    return or_(episodes_from.is_(None), day >= episodes_from)


def file_timeliness(
    ctx: RuleContext, due: ColumnElement[Any], event: ColumnElement[Any], kind: str
) -> ColumnElement[str]:
    """:meth:`RuleContext.timeliness`, with a duty not done by a due date that no file
    of ``kind`` speaks for (before the first file, or between files) a data gap."""
    unknown = and_(event.is_(None), due < ctx.as_of_value, not_(ctx.covered(kind, due)))
    return case((unknown, "data-gap"), else_=ctx.timeliness(due, event, ctx.data_until(kind)))
