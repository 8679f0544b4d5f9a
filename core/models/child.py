"""Children: the subject of most statutory duties, shared by every domain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base

CHILD_REF_LENGTH = 20


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
