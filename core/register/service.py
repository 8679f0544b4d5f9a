"""Recording, authorising, reviewing, amending and closing deviations.

Every operation appends one version to the chain, in a transaction that holds the
register's write lock (``BEGIN IMMEDIATE`` on SQLite, a row lock on the register head
on PostgreSQL), so concurrent writers queue and the chain never forks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, func, select, update

from scrutiny.db.base import utcnow
from scrutiny.db.engine import writer
from scrutiny.register.chain import link_hash
from scrutiny.register.models import DeviationVersion, RegisterHead
from scrutiny.register.terms import (
    MAX_NAME,
    MAX_TEXT,
    DeviationTerms,
    describe_validation_error,
    terms_fields,
    terms_from_row,
)

Clock = Callable[[], dt.datetime]


def version_from_row(row: Any) -> DeviationVersion:
    """A detached version built from a row read on a Core connection."""
    return DeviationVersion(**row._mapping)


TermProblem = tuple[str | None, str]
"""A problem with a deviation's terms: the field it is about (None: the terms as a whole)
and what is wrong, without the field's name."""


class RegisterError(ValueError):
    """A register operation the rules do not allow, in one sentence.

    ``problems`` says which terms are wrong where that is known, so a caller that took
    the terms from somewhere else (an imported file's columns) can point there.
    """

    def __init__(self, message: str, *, problems: Sequence[TermProblem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


def _person(name: str | None, role: str) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise RegisterError(f"say who the {role} is (--by NAME, or set SCRUTINY_USER)")
    if len(cleaned) > MAX_NAME:
        raise RegisterError(f"the {role}'s name is over {MAX_NAME} characters")
    return cleaned


def validate_terms(terms: dict[str, Any], known_rules: Iterable[str] | None) -> DeviationTerms:
    """``terms`` checked as the register checks them before writing: the rule first
    (if ``known_rules`` is given, it must be one of them), then every field."""
    rule_id = terms.get("rule_id")
    # The rule first: an unknown rule explains every other missing field.
    if known_rules is not None and rule_id is not None and rule_id not in set(known_rules):
        problem = f"{rule_id} is not a rule of any enabled plugin (see `scrutiny rules list`)"
        raise RegisterError(f"rule_id: {problem}", problems=[("rule_id", problem)])
    try:
        return DeviationTerms.model_validate(terms)
    except ValidationError as exc:
        raise RegisterError(
            describe_validation_error(exc),
            problems=[
                (str(error["loc"][0]) if error["loc"] else None, _message(error["msg"]))
                for error in exc.errors()
            ],
        ) from None


def _message(text: str) -> str:
    return text.removeprefix("Value error, ")


def _note(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    if len(text) > MAX_TEXT:
        raise RegisterError(f"the note is {len(text):,} characters; the limit is {MAX_TEXT:,}")
    return text.strip()


class Register:
    """The deviation register of one database."""

    def __init__(
        self,
        engine: Engine,
        *,
        known_rules: Iterable[str] | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self.engine = engine
        self.known_rules = set(known_rules) if known_rules is not None else None
        self.clock = clock

    # Reading -------------------------------------------------------------------------

    def history(self, ref: str) -> list[DeviationVersion]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(DeviationVersion)
                .where(DeviationVersion.deviation_ref == ref)
                .order_by(DeviationVersion.version)
            ).all()
        versions = [version_from_row(r) for r in rows]
        if not versions:
            raise RegisterError(f"there is no deviation {ref}")
        return versions

    def current(self, ref: str) -> DeviationVersion:
        return self.history(ref)[-1]

    def current_versions(self) -> list[DeviationVersion]:
        """The latest version of every deviation, oldest deviation first."""
        latest = (
            select(DeviationVersion.deviation_ref, func.max(DeviationVersion.version).label("v"))
            .group_by(DeviationVersion.deviation_ref)
            .subquery()
        )
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(DeviationVersion)
                .join(
                    latest,
                    (DeviationVersion.deviation_ref == latest.c.deviation_ref)
                    & (DeviationVersion.version == latest.c.v),
                )
                .order_by(DeviationVersion.deviation_ref)
            ).all()
        return [version_from_row(r) for r in rows]

    # Writing -------------------------------------------------------------------------

    def record(
        self, terms: dict[str, Any], *, by: str, note: str | None = None
    ) -> DeviationVersion:
        """Record a new deviation as a draft."""
        with writer(self.engine) as conn:
            return self.record_on(conn, terms, by=by, note=note)

    def record_on(
        self, conn: Connection, terms: dict[str, Any], *, by: str, note: str | None = None
    ) -> DeviationVersion:
        """:meth:`record`, in ``conn``'s transaction, which must hold the write lock
        (:func:`scrutiny.db.engine.writer`): an import records all its rows in one."""
        recorder = _person(by, "recorder")
        validated = self._validate(terms)

        def build(conn: Connection, head: RegisterHead) -> dict[str, Any]:
            ref = f"DEV-{head.deviation_count + 1:06d}"
            return {
                **validated.model_dump(mode="python"),
                "deviation_ref": ref,
                "version": 1,
                "action": "record",
                "actor": recorder,
                "status": "draft",
                "recorded_by": recorder,
                "authorised_by": None,
                "authorised_at": None,
                "closed_on": None,
                "note": _note(note),
            }

        return self._append_on(conn, build, new_deviation=True)

    def amend(
        self, ref: str, changes: dict[str, Any], *, by: str, note: str | None = None
    ) -> DeviationVersion:
        """Change a deviation's terms. An authorised one then needs authorising again."""
        actor = _person(by, "person amending")
        if not changes:
            raise RegisterError("nothing to amend: give at least one field to change")

        def build(conn: Connection, head: RegisterHead) -> dict[str, Any]:
            latest = self._latest(conn, ref)
            if latest.status == "closed":
                raise RegisterError(f"{ref} is closed; record a new deviation instead")
            unknown = set(changes) - set(terms_fields())
            if unknown:
                raise RegisterError(f"cannot amend {', '.join(sorted(unknown))}")
            merged = {**terms_from_row(latest).model_dump(mode="python"), **changes}
            validated = self._validate(merged)
            return {
                **self._carry(latest),
                **validated.model_dump(mode="python"),
                "action": "amend",
                "actor": actor,
                "status": "draft" if latest.status == "draft" else "under-review",
                "authorised_by": None,
                "authorised_at": None,
                "note": _note(note),
            }

        return self._append(build)

    def authorise(self, ref: str, *, by: str, note: str | None = None) -> DeviationVersion:
        """Authorise a draft or an amended deviation (four eyes: not by its authors)."""
        with writer(self.engine) as conn:
            return self.authorise_on(conn, ref, by=by, note=note)

    def authorise_on(
        self, conn: Connection, ref: str, *, by: str, note: str | None = None
    ) -> DeviationVersion:
        """:meth:`authorise`, in ``conn``'s transaction (see :meth:`record_on`)."""
        authoriser = _person(by, "authoriser")

        def build(conn: Connection, head: RegisterHead) -> dict[str, Any]:
            latest = self._latest(conn, ref)
            if latest.status not in ("draft", "under-review"):
                raise RegisterError(
                    f"{ref} is {latest.status}; only a draft or an amended"
                    " deviation can be authorised"
                )
            missing = terms_from_row(latest).missing_for_authorisation()
            if missing:
                raise RegisterError(
                    f"{ref} cannot be authorised until it has: {', '.join(missing)}"
                )
            authors = self._authors(conn, ref)
            if authoriser.casefold() in authors:
                raise RegisterError(
                    f"{authoriser} recorded or amended {ref}, so cannot authorise it;"
                    " another manager must"
                )
            return {
                **self._carry(latest),
                "action": "authorise",
                "actor": authoriser,
                "status": "authorised",
                "authorised_by": authoriser,
                "authorised_at": self.clock(),
                "note": _note(note),
            }

        return self._append_on(conn, build)

    def review(
        self, ref: str, *, by: str, next_review: dt.date, note: str | None = None
    ) -> DeviationVersion:
        """Record a review that keeps an authorised deviation in force until ``next_review``."""
        reviewer = _person(by, "reviewer")

        def build(conn: Connection, head: RegisterHead) -> dict[str, Any]:
            latest = self._latest(conn, ref)
            if latest.status != "authorised":
                raise RegisterError(
                    f"{ref} is {latest.status}; only an authorised deviation can be reviewed"
                )
            if reviewer.casefold() == latest.recorded_by.casefold():
                raise RegisterError(f"{reviewer} recorded {ref}, so cannot review it")
            if latest.review_date is not None and next_review <= latest.review_date:
                raise RegisterError(
                    f"the next review ({next_review}) must be after the current review date"
                    f" ({latest.review_date})"
                )
            return {
                **self._carry(latest),
                "action": "review",
                "actor": reviewer,
                "review_date": next_review,
                "note": _note(note),
            }

        return self._append(build)

    def close(
        self, ref: str, *, by: str, closed_on: dt.date, note: str | None = None
    ) -> DeviationVersion:
        """Close a deviation: it keeps covering what happened during its period."""
        actor = _person(by, "person closing")
        reason = _note(note)
        if reason is None:
            raise RegisterError("say why the deviation is closed (--note)")

        def build(conn: Connection, head: RegisterHead) -> dict[str, Any]:
            latest = self._latest(conn, ref)
            if latest.status == "closed":
                raise RegisterError(f"{ref} is already closed")
            if closed_on < latest.period_start:
                raise RegisterError(
                    f"{ref} cannot close before its period starts ({latest.period_start})"
                )
            return {
                **self._carry(latest),
                "action": "close",
                "actor": actor,
                "status": "closed",
                "closed_on": closed_on,
                "note": reason,
            }

        return self._append(build)

    # Internals -----------------------------------------------------------------------

    def _validate(self, terms: dict[str, Any]) -> DeviationTerms:
        return validate_terms(terms, self.known_rules)

    @staticmethod
    def _carry(latest: DeviationVersion) -> dict[str, Any]:
        """Every field of the latest version, to build the next one from."""
        keep = (
            *terms_fields(),
            "deviation_ref",
            "status",
            "recorded_by",
            "authorised_by",
            "authorised_at",
            "closed_on",
        )
        values = {name: getattr(latest, name) for name in keep}
        values["version"] = latest.version + 1
        return values

    @staticmethod
    def _latest(conn: Connection, ref: str) -> DeviationVersion:
        row = conn.execute(
            select(DeviationVersion)
            .where(DeviationVersion.deviation_ref == ref)
            .order_by(DeviationVersion.version.desc())
            .limit(1)
        ).first()
        if row is None:
            raise RegisterError(f"there is no deviation {ref}")
        return version_from_row(row)

    @staticmethod
    def _authors(conn: Connection, ref: str) -> set[str]:
        actors = conn.execute(
            select(DeviationVersion.actor)
            .where(DeviationVersion.deviation_ref == ref)
            .where(DeviationVersion.action.in_(("record", "amend")))
        ).scalars()
        return {a.casefold() for a in actors}

    def _append(
        self,
        build: Callable[[Connection, RegisterHead], dict[str, Any]],
        *,
        new_deviation: bool = False,
    ) -> DeviationVersion:
        with writer(self.engine) as conn:
            return self._append_on(conn, build, new_deviation=new_deviation)

    def _append_on(
        self,
        conn: Connection,
        build: Callable[[Connection, RegisterHead], dict[str, Any]],
        *,
        new_deviation: bool = False,
    ) -> DeviationVersion:
        """Append the version ``build`` makes to the chain, in ``conn``'s transaction."""
        query = select(RegisterHead).where(RegisterHead.id == 1)
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        head_row = conn.execute(query).first()
        if head_row is None:
            raise RegisterError("the register head is missing; run `scrutiny verify`")
        head = self._head(head_row)
        values = build(conn, head)
        values["seq"] = head.seq + 1
        values["at"] = self.clock()
        values["prev_hash"] = head.hash
        values["principles"] = list(values["principles"])
        values["attachments"] = [dict(a) for a in values["attachments"]]
        values["hash"] = link_hash(values)
        conn.execute(DeviationVersion.__table__.insert(), values)  # type: ignore[attr-defined]
        conn.execute(
            update(RegisterHead)
            .where(RegisterHead.id == 1)
            .values(
                seq=values["seq"],
                hash=values["hash"],
                deviation_count=head.deviation_count + (1 if new_deviation else 0),
            )
        )
        return DeviationVersion(**values)

    @staticmethod
    def _head(row: Any) -> RegisterHead:
        return RegisterHead(**row._mapping)
