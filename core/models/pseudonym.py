"""The database's own secret for the pseudonyms of a redacted pack."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base, utcnow


class PseudonymKey(Base):
    """One random key per database, made the first time a redacted pack is written.

    A pseudonym is an HMAC of a reference under this key: the same child has the same
    pseudonym in every redacted pack from this database, and nobody without the database
    can work back from a pseudonym (or forward from a list of references) to the child.
    """

    __tablename__ = "pseudonym_key"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
