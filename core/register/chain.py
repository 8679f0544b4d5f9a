"""The register's hash chain: how a version is hashed, and how the chain is verified.

Each version's hash covers every one of its fields (in a fixed canonical JSON form; a
field added in a later release only once it holds a value, so older versions keep their
hashes) and the previous version's hash. Editing any field of any row, deleting a row, or
removing rows from the end are all detected: the last by the register head, kept in
its own table and recorded against every run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from scrutiny.register.models import GENESIS_HASH, DeviationVersion, RegisterHead

HASHED_FIELDS: tuple[str, ...] = (
    "seq",
    "deviation_ref",
    "version",
    "action",
    "actor",
    "at",
    "status",
    "deviation_type",
    "rule_id",
    "legal_reference",
    "subject_type",
    "subject_ref",
    "requirement",
    "done_instead",
    "period_start",
    "period_end",
    "legal_basis",
    "covid_reason",
    "rationale",
    "principles",
    "risk_likelihood",
    "risk_impact",
    "mitigations",
    "residual_likelihood",
    "residual_impact",
    "review_date",
    "nominated_officer_recommendation",
    "recorded_by",
    "authorised_by",
    "authorised_at",
    "closed_on",
    "note",
    "attachments",
    "prev_hash",
)
# Fields added after the first release are hashed only when they hold a value, so every
# version written before they existed keeps the hash it was written with.
LATER_FIELDS: tuple[str, ...] = ("covers_requirement",)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def canonical(record: Mapping[str, Any]) -> bytes:
    """The bytes a version's hash is computed over."""
    body = {name: _plain(record[name]) for name in HASHED_FIELDS}
    body |= {name: _plain(record[name]) for name in LATER_FIELDS if record.get(name) is not None}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link_hash(record: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    problem: str | None = None


def verify_chain(conn: Connection) -> Verification:
    """Recompute the whole chain; report the first record that does not fit."""
    expected_seq = 1
    previous = GENESIS_HASH
    versions: dict[str, int] = {}
    columns = [getattr(DeviationVersion, name) for name in (*HASHED_FIELDS, *LATER_FIELDS, "hash")]
    result = conn.execute(select(*columns).order_by(DeviationVersion.seq)).mappings()
    checked = 0
    for row in result:
        seq = row["seq"]
        label = f"record {seq} ({row['deviation_ref']} version {row['version']})"
        if seq != expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
            return _fail(checked, f"record {missing} is missing from the chain (deleted?)")
        if row["prev_hash"] != previous:
            return _fail(checked, f"{label} does not link to the record before it")
        if link_hash(dict(row)) != row["hash"]:
            return _fail(checked, f"{label} has been changed since it was written")
        want_version = versions.get(row["deviation_ref"], 0) + 1
        if row["version"] != want_version:
            return _fail(checked, f"{label} should be version {want_version}")
        versions[row["deviation_ref"]] = row["version"]
        previous = row["hash"]
        expected_seq += 1
        checked += 1
    head = conn.execute(select(RegisterHead).where(RegisterHead.id == 1)).first()
    if head is None:
        return _fail(checked, "the register head is missing")
    if head.seq != checked or head.hash != previous:
        return _fail(
            checked,
            f"the chain ends at record {checked} but the register head records {head.seq}"
            " (records removed from the end, or the head edited)",
        )
    if head.deviation_count != len(versions):
        return _fail(
            checked,
            f"the register head counts {head.deviation_count} deviations"
            f" but the chain holds {len(versions)}",
        )
    return Verification(True, checked, head.seq, head.hash)


def _fail(checked: int, problem: str) -> Verification:
    return Verification(False, checked, -1, "", problem)
