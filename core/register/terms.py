"""What a deviation says, validated before it is written to the register."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from scrutiny.register.legal_basis import legal_bases

PRINCIPLES = (
    "child-centred",
    "risk-based",
    "family-focussed",
    "evidence-informed",
    "collaborative",
    "transparent",
)
SUBJECT_TYPES = ("child", "carer", "household", "home", "application", "authority")
AUTHORITY_WIDE = "*"
COVID_REASONS = ("guidance-contrary", "not-reasonably-practicable", "staff-shortage", "other")
STATUSES = ("draft", "authorised", "under-review", "closed")
MAX_TEXT = 10_000
MAX_NAME = 120
MAX_LABEL = 120  # a finding's requirement label (the findings table's limit)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if _CONTROL.search(value):
        raise ValueError("contains control characters")
    return value or None


CleanText = Annotated[
    Annotated[str, Field(max_length=MAX_TEXT)] | None, AfterValidator(_clean_text)
]
CleanLabel = Annotated[
    Annotated[str, Field(max_length=MAX_LABEL)] | None, AfterValidator(_clean_text)
]
Score = Annotated[int | None, Field(ge=1, le=5)]


class Attachment(BaseModel):
    """A document kept elsewhere, identified here by its hash."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1, max_length=255)]
    size: Annotated[int, Field(ge=0)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class DeviationTerms(BaseModel):
    """The content of a deviation: everything except who did what when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    deviation_type: str | None = None
    rule_id: Annotated[str, Field(min_length=3, max_length=40)]
    legal_reference: Annotated[str, Field(min_length=3, max_length=MAX_TEXT)]
    subject_type: str
    subject_ref: Annotated[str, Field(min_length=1, max_length=40)]
    requirement: Annotated[str, Field(min_length=3, max_length=MAX_TEXT)]
    done_instead: Annotated[str, Field(min_length=3, max_length=MAX_TEXT)]
    period_start: dt.date
    period_end: dt.date | None = None
    legal_basis: str = "none"
    covid_reason: str | None = None
    rationale: CleanText = None
    principles: tuple[str, ...] = ()
    risk_likelihood: Score = None
    risk_impact: Score = None
    mitigations: CleanText = None
    residual_likelihood: Score = None
    residual_impact: Score = None
    review_date: dt.date | None = None
    nominated_officer_recommendation: CleanText = None
    attachments: tuple[Attachment, ...] = ()
    # Where a rule judges one subject on several counts (a finding's ``requirement``, e.g.
    # one per recipient of a notification), the one count this deviation covers; None
    # covers every count.
    covers_requirement: CleanLabel = None

    @field_validator("subject_type")
    @classmethod
    def _subject_type(cls, value: str) -> str:
        if value not in SUBJECT_TYPES:
            raise ValueError(f"must be one of {', '.join(SUBJECT_TYPES)}")
        return value

    @field_validator("subject_ref", "requirement", "done_instead", "legal_reference")
    @classmethod
    def _text(cls, value: str) -> str:
        cleaned = _clean_text(value)
        if not cleaned:
            raise ValueError("must not be empty")
        return cleaned

    @field_validator("legal_basis")
    @classmethod
    def _basis(cls, value: str) -> str:
        if value not in legal_bases():
            raise ValueError(f"must be one of {', '.join(legal_bases())}")
        return value

    @field_validator("covid_reason")
    @classmethod
    def _covid(cls, value: str | None) -> str | None:
        if value is not None and value not in COVID_REASONS:
            raise ValueError(f"must be one of {', '.join(COVID_REASONS)}")
        return value

    @field_validator("principles")
    @classmethod
    def _principles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [p for p in value if p not in PRINCIPLES]
        if unknown:
            raise ValueError(
                f"unknown principle {unknown[0]!r}; the DfE principles are {', '.join(PRINCIPLES)}"
            )
        return tuple(dict.fromkeys(value))

    @model_validator(mode="after")
    def _consistent(self) -> DeviationTerms:
        if self.period_end is not None and self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        if self.review_date is not None and self.review_date < self.period_start:
            raise ValueError("review_date is before period_start")
        if (self.subject_type == "authority") != (self.subject_ref == AUTHORITY_WIDE):
            raise ValueError(
                f"an authority-wide deviation has subject type 'authority' and reference "
                f"'{AUTHORITY_WIDE}' (and only then)"
            )
        return self

    def missing_for_authorisation(self) -> list[str]:
        """What must be filled in before anyone can authorise this deviation."""
        needed = {
            "rationale": self.rationale,
            "risk_likelihood": self.risk_likelihood,
            "risk_impact": self.risk_impact,
            "mitigations": self.mitigations,
            "residual_likelihood": self.residual_likelihood,
            "residual_impact": self.residual_impact,
            "review_date": self.review_date,
        }
        return [name for name, value in needed.items() if value in (None, "")]


def describe_validation_error(exc: ValidationError) -> str:
    """One sentence naming the first field that is wrong."""
    error = exc.errors()[0]
    field = ".".join(str(p) for p in error["loc"]) or "deviation"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{field}: {message}"


def risk_rating(likelihood: int | None, impact: int | None) -> str:
    """The usual 5 × 5 matrix: 1–4 low, 5–9 medium, 10–16 high, 20–25 very high."""
    if likelihood is None or impact is None:
        return "not assessed"
    score = likelihood * impact
    if score <= 4:
        return "low"
    if score <= 9:
        return "medium"
    if score <= 16:
        return "high"
    return "very high"


def terms_fields() -> tuple[str, ...]:
    return tuple(DeviationTerms.model_fields)


def terms_from_row(row: Any) -> DeviationTerms:
    """The terms held in a stored version."""
    data: dict[str, Any] = {name: getattr(row, name) for name in terms_fields()}
    data["principles"] = tuple(data["principles"] or ())
    data["attachments"] = tuple(data["attachments"] or ())
    return DeviationTerms.model_validate(data)
