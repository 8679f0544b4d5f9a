"""Children: the subject of most statutory duties, shared by every domain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base
from scrutiny.db.portable import add_months

CHILD_REF_LENGTH = 20
MONTHS_IN_YEAR = 12


class Child(Base):
    """A child known to the authority, keyed by the authority's own child reference.

    The SSDA903 Header table supplies the characteristics; other domains add their own
    rows for children the looked-after return does not carry.
    """

    __tablename__ = "child"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_ref: Mapped[str] = mapped_column(String(CHILD_REF_LENGTH), unique=True)
    sex: Mapped[str | None] = mapped_column(String(2))
    dob: Mapped[dt.date | None]
    ethnic: Mapped[str | None] = mapped_column(String(4))
    upn: Mapped[str | None] = mapped_column(String(13))
    mother: Mapped[str | None] = mapped_column(String(1))
    mc_dob: Mapped[dt.date | None]
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


def child_ref(child_id: Any) -> Any:
    """The reference of the child with ``child_id``, as a scalar subquery: how a rule
    names the child a finding is about."""
    return (
        select(Child.child_ref)
        .where(Child.id == child_id)
        .correlate_except(Child)
        .scalar_subquery()
    )


def birthday(dob: Any, age: Any) -> Any:
    """In SQL, the day a person born on ``dob`` reaches ``age`` (a number or a column);
    someone born on 29 February reaches it on 28 February in a common year."""
    return add_months(dob, age * MONTHS_IN_YEAR)
