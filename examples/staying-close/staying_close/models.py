"""The staying close plugin's table: the council's former relevant children and what it
recorded of its staying close duty towards each.

Declared on Scrutiny's own base, so the table shares its naming convention (stable
constraint names for migrations). A change here needs a new migration in migrations/.
"""

from __future__ import annotations

import datetime as dt

from scrutiny.db.base import Base
from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

CASES = "staying_close.cases"
"""The kind of import batch the file is stored as: what the rule asks
``ctx.data_until`` about, to tell a missed assessment from one the data cannot show."""


class StayingCloseCase(Base):
    """A former relevant child (Children Act 1989 s23C) the council has or had duties
    towards, with the s23CZAA assessment and the support it decided on."""

    __tablename__ = "staying_close_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    dob: Mapped[dt.date]
    former_relevant_from: Mapped[dt.date]
    assessed_on: Mapped[dt.date | None]
    support_required: Mapped[bool | None]
    support_from: Mapped[dt.date | None]
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))

    __table_args__ = (UniqueConstraint("child_id"),)
