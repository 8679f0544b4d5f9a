"""What a rule is, as data: validated metadata and its effective-dated periods."""

from __future__ import annotations

import datetime as dt
import itertools
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$", max_length=40)]
ParamValue = int | str | bool


class Severity(StrEnum):
    """How serious a breach of the rule is. A rule's query may raise one finding above
    its rule's severity (a ``severity`` column), e.g. an adopter approved without checks."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return {"low": 1, "medium": 2, "high": 3, "critical": 4}[self.value]


class SourceKind(StrEnum):
    """Whether a duty is law, guidance the authority must follow, or its own policy."""

    REGULATION = "regulation"
    STATUTORY_GUIDANCE = "statutory-guidance"
    LOCAL_POLICY = "local-policy"


class Verification(StrEnum):
    """How well the legal source was verified (see RULES.md)."""

    PRIMARY = "VERIFIED-P"
    SECONDARY = "VERIFIED-S"
    UNVERIFIED = "UNVERIFIED"


class Automation(StrEnum):
    AUTOMATED = "automated"
    PARTIAL = "partial"
    MANUAL = "manual"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(_Strict):
    """The thresholds in force between two dates, and the instrument that set them."""

    start: dt.date
    end: dt.date | None = None
    instrument: str = Field(min_length=3)
    verification: Verification
    note: str = ""
    params: dict[str, ParamValue] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


NOT_SET = 0  # a local-policy value the law leaves to the council, not yet set


class LocalPolicyParam(_Strict):
    """A threshold an authority may make stricter in its configuration.

    Where the law sets no number ("without delay", "as soon as reasonably practicable")
    or none has been verified, ``no_statutory_value`` is true and every period's value is
    0, meaning "not set": the rule leaves the judgement to a person (``manual``) unless
    the council sets a number of its own, which may then be any whole number from 1.

    Where a figure is widely used but its English source is unverified (the first core
    group within 10 working days), ``unverified_default`` is true: the periods carry that
    figure as a default the rule applies and the finding shows as a local-policy default,
    and the council may confirm it or set any whole number from 1 instead.
    """

    description: str
    stricter: Annotated[str, StringConstraints(pattern=r"^(lower|higher)$")] = "lower"
    no_statutory_value: bool = False
    unverified_default: bool = False

    @property
    def council_sets_any_value(self) -> bool:
        """Whether there is no statutory figure for the council's value to be stricter than."""
        return self.no_statutory_value or self.unverified_default


class RuleMetadata(_Strict):
    """Everything about a rule except its logic."""

    id: RuleId
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]
    title: str = Field(min_length=5)
    domain: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    severity: Severity
    kind: SourceKind
    legal_source: str = Field(min_length=5)
    source_url: str = ""
    verification: Verification
    verification_note: str = ""
    automation: Automation
    subject_type: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]
    description: str = Field(min_length=10)
    remediation: str = Field(min_length=10)
    local_policy: dict[str, LocalPolicyParam] = Field(default_factory=dict)
    # Keep every item judged (met and not yet due too), not only the exceptions: for
    # rules with few items whose running clocks the pack shows (temporary approvals).
    track: bool = False
    # Another plugin's rule this one replaces (a council's stricter local version, say):
    # the original is then not run, and the pack says which applied.
    supersedes: RuleId | None = None
    periods: list[Period] = Field(min_length=1)

    @model_validator(mode="after")
    def _not_superseding_itself(self) -> RuleMetadata:
        if self.supersedes == self.id:
            raise ValueError("a rule cannot supersede itself")
        return self

    @model_validator(mode="after")
    def _periods_consistent(self) -> RuleMetadata:
        ordered = sorted(self.periods, key=lambda p: p.start)
        if ordered != self.periods:
            raise ValueError("periods must be listed in date order")
        for earlier, later in itertools.pairwise(ordered):
            if earlier.end is None or earlier.end >= later.start:
                raise ValueError(
                    f"periods overlap: {earlier.start}–{earlier.end or 'open'} "
                    f"and {later.start}–{later.end or 'open'}"
                )
        keys = {frozenset(p.params) for p in self.periods}
        if len(keys) > 1:
            raise ValueError("every period must set the same parameters")
        unknown = set(self.local_policy) - set(self.periods[0].params)
        if unknown:
            raise ValueError(f"local_policy names unknown parameters: {sorted(unknown)}")
        for name, spec in self.local_policy.items():
            if spec.no_statutory_value and spec.unverified_default:
                raise ValueError(
                    f"{name}: no_statutory_value and unverified_default exclude each other"
                )
            if spec.unverified_default and not all(_is_count(p.params[name]) for p in self.periods):
                raise ValueError(f"{name}: an unverified default must be a whole number from 1")
            if spec.no_statutory_value and any(p.params[name] != NOT_SET for p in self.periods):
                raise ValueError(
                    f"{name} has no statutory value, so every period's value must be"
                    f" {NOT_SET} (not set)"
                )
        return self

    def period_on(self, day: dt.date) -> Period | None:
        """The period in force on ``day``, if any."""
        return next((p for p in self.periods if p.contains(day)), None)


def _is_count(value: ParamValue) -> bool:
    """A whole number from 1 (a bool is not one, though Python says it is an int)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1
