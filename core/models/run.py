"""Check runs and their findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.db.base import Base


class Run(Base):
    """One execution of the checks, with everything needed to explain it later."""

    __tablename__ = "run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
    as_of: Mapped[dt.date]
    domains: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    scrutiny_version: Mapped[str] = mapped_column(String(40))
    plugins: Mapped[dict[str, str]] = mapped_column(JSON)
    rules: Mapped[dict[str, str]] = mapped_column(JSON)
    config_fingerprint: Mapped[str] = mapped_column(String(64))
    data_fingerprint: Mapped[str] = mapped_column(String(64))
    register_seq: Mapped[int]
    register_hash: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict[str, int]] = mapped_column(JSON)
    rule_errors: Mapped[dict[str, str]] = mapped_column(JSON)
    pack_sha256: Mapped[str | None] = mapped_column(String(64))


FINDING_STATUSES = ("breach", "deviation-lapsed", "deviation", "manual", "due-soon", "data-gap")
TRACKED_STATUSES = ("met", "not-yet-due")


class Finding(Base):
    """A requirement that was not met, is due soon, cannot be judged, or needs a person."""

    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"))
    rule_id: Mapped[str] = mapped_column(String(40))
    rule_version: Mapped[str] = mapped_column(String(20))
    domain: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_ref: Mapped[str] = mapped_column(String(40))
    due_date: Mapped[dt.date]
    event_date: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(10))
    standard: Mapped[str] = mapped_column(String(20))
    fingerprint: Mapped[str] = mapped_column(Text)
    deviation_ref: Mapped[str | None] = mapped_column(String(16))
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_finding_run_status", "run_id", "status"),
        Index("ix_finding_run_fingerprint", "run_id", "fingerprint"),
    )


class RuleOutcomeCount(Base):
    """How many requirements each rule judged in a run, by outcome (compliant ones included)."""

    __tablename__ = "rule_outcome_count"

    run_id: Mapped[int] = mapped_column(ForeignKey("run.id", ondelete="CASCADE"), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int]
