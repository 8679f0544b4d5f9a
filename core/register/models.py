"""Register tables. Rows are only ever inserted; every change is a new version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base

GENESIS_HASH = "0" * 64


class DeviationVersion(Base):
    """One version of one deviation, and one link of the register's hash chain.

    ``seq`` numbers every version of every deviation without gaps; ``prev_hash`` is
    the hash of the version before it in the chain, and ``hash`` covers every other
    column, so editing or deleting any row is detected by ``scrutiny verify``.
    """

    __tablename__ = "deviation_version"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    deviation_ref: Mapped[str] = mapped_column(String(16))
    version: Mapped[int]
    action: Mapped[str] = mapped_column(String(12))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(12))
    deviation_type: Mapped[str | None] = mapped_column(String(80))
    rule_id: Mapped[str] = mapped_column(String(40))
    legal_reference: Mapped[str] = mapped_column(Text)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_ref: Mapped[str] = mapped_column(String(40))
    requirement: Mapped[str] = mapped_column(Text)
    done_instead: Mapped[str] = mapped_column(Text)
    period_start: Mapped[dt.date]
    period_end: Mapped[dt.date | None]
    legal_basis: Mapped[str] = mapped_column(String(40))
    covid_reason: Mapped[str | None] = mapped_column(String(40))
    rationale: Mapped[str | None] = mapped_column(Text)
    principles: Mapped[list[str]] = mapped_column(JSON)
    risk_likelihood: Mapped[int | None]
    risk_impact: Mapped[int | None]
    mitigations: Mapped[str | None] = mapped_column(Text)
    residual_likelihood: Mapped[int | None]
    residual_impact: Mapped[int | None]
    review_date: Mapped[dt.date | None]
    nominated_officer_recommendation: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(120))
    authorised_by: Mapped[str | None] = mapped_column(String(120))
    authorised_at: Mapped[dt.datetime | None]
    closed_on: Mapped[dt.date | None]
    note: Mapped[str | None] = mapped_column(Text)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    covers_requirement: Mapped[str | None] = mapped_column(String(120))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("deviation_ref", "version"),
        Index("ix_deviation_version_rule_subject", "rule_id", "subject_ref"),
    )


class RegisterHead(Base):
    """The end of the chain (a single row), locked by every writer.

    Kept beside the chain so that deleting its last records is detectable too.
    """

    __tablename__ = "register_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))
    deviation_count: Mapped[int]
