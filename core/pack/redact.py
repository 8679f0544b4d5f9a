"""A pack for circulation beyond the council (``scrutiny pack --redact``).

Children, carers, homes and every other subject, and staff, are replaced by stable
pseudonyms; free text typed by staff (rationales, mitigations, what was done instead,
notes) is withheld. Dates, counts, statuses, rules and codes stay, so the pack still
shows what was late, by how much and under which deviation.

A pseudonym is the first 8 hex digits of an HMAC-SHA256 of the reference under the
database's own key (:class:`scrutiny.models.pseudonym.PseudonymKey`): the same child has
the same pseudonym in every redacted pack from this database, so packs can be compared,
and no one without the database can link a pseudonym to a child.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import re
import secrets
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from scrutiny.models.pseudonym import PseudonymKey
from scrutiny.pack.sections import DeviationView, FindingRow, PackData
from scrutiny.register.models import DeviationVersion

WITHHELD = "[withheld in a redacted pack]"
PREFIXES = {"child": "CHILD", "carer": "CARER", "household": "HOUSEHOLD", "home": "HOME"}
# Evidence strings kept as they are: ISO dates and times, and lower-case codes and words
# ("video", "reg24-connected"). Anything else (a reference, a name) is pseudonymised.
_KEPT = re.compile(r"\d{4}-\d\d-\d\d([T ][\d:.+Z-]+)?|[a-z][a-z0-9 _./-]{0,40}")


def pseudonym_key(engine: Engine) -> bytes:
    """The database's key, made (once, by whichever process gets there first) if absent."""
    with engine.begin() as conn:
        found = conn.execute(select(PseudonymKey.key).where(PseudonymKey.id == 1)).scalar()
    if found is None:
        try:
            with engine.begin() as conn:
                conn.execute(
                    PseudonymKey.__table__.insert(),  # type: ignore[attr-defined]
                    {"id": 1, "key": secrets.token_hex(32)},
                )
        except IntegrityError:  # made meanwhile by another process: use theirs
            pass
        with engine.begin() as conn:
            found = conn.execute(select(PseudonymKey.key).where(PseudonymKey.id == 1)).scalar_one()
    return bytes.fromhex(found)


@dataclasses.dataclass(frozen=True)
class Pseudonyms:
    key: bytes

    def of(self, kind: str, ref: str) -> str:
        """The digest is of the reference alone, so a carer named as a finding's subject
        (``CARER-…``) and in another's evidence (``REF-…``) shows the same digits."""
        digest = hmac.new(self.key, ref.encode(), hashlib.sha256).hexdigest()
        return f"{PREFIXES.get(kind, kind.upper())}-{digest[:8].upper()}"

    def staff(self, name: str | None) -> str | None:
        return None if name is None else self.of("staff", "staff:" + name.strip().casefold())

    def evidence(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self.evidence(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.evidence(v) for v in value]
        if isinstance(value, str) and not _KEPT.fullmatch(value):
            return self.of("ref", value)
        return value


def redact(data: PackData, key: bytes) -> PackData:
    """``data`` with every person pseudonymised and every free text withheld."""
    names = Pseudonyms(key)

    def pseudonymised(f: FindingRow) -> FindingRow:
        return _finding(f, names)

    return dataclasses.replace(
        data,
        # as each is read: the findings are not all held at once
        findings=data.findings.changed(pseudonymised),
        tracked=data.tracked.changed(pseudonymised),
        deviations=[_deviation(d, names) for d in data.deviations],
        register=[_version(v, names) for v in data.register],
        redacted=True,
    )


def _finding(f: FindingRow, names: Pseudonyms) -> FindingRow:
    return dataclasses.replace(
        f, subject_ref=names.of(f.subject_type, f.subject_ref), evidence=names.evidence(f.evidence)
    )


def _withheld(text: str | None) -> str | None:
    return None if text is None else WITHHELD


def _attachments(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**a, "name": WITHHELD} for a in found]


def _deviation(d: DeviationView, names: Pseudonyms) -> DeviationView:
    return dataclasses.replace(
        d,
        subject_ref=names.of(d.subject_type, d.subject_ref),
        requirement=WITHHELD,
        done_instead=WITHHELD,
        rationale=_withheld(d.rationale),
        mitigations=_withheld(d.mitigations),
        nominated_officer_recommendation=_withheld(d.nominated_officer_recommendation),
        recorded_by=names.staff(d.recorded_by) or "",
        authorised_by=names.staff(d.authorised_by),
        attachments=_attachments(d.attachments),
    )


def _version(v: DeviationVersion, names: Pseudonyms) -> DeviationVersion:
    """A register version as the redacted attachment holds it. Its hash is the original
    one, which the withheld text no longer matches: the chain is verified on the full
    register, with ``scrutiny verify``."""
    fields = {c.key: getattr(v, c.key) for c in DeviationVersion.__table__.columns}
    fields |= {
        "subject_ref": names.of(v.subject_type, v.subject_ref),
        "requirement": WITHHELD,
        "done_instead": WITHHELD,
        "rationale": _withheld(v.rationale),
        "mitigations": _withheld(v.mitigations),
        "nominated_officer_recommendation": _withheld(v.nominated_officer_recommendation),
        "note": _withheld(v.note),
        "actor": names.staff(v.actor),
        "recorded_by": names.staff(v.recorded_by),
        "authorised_by": names.staff(v.authorised_by),
        "attachments": _attachments(list(v.attachments or [])),
    }
    return DeviationVersion(**fields)
