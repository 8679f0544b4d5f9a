"""What the enabled plugins tell the register, and the terms a deviation takes from them.

A deviation names a rule, or a deviation type that names the rule; the type and the
rule fill in what the person recording it left unsaid. ``scrutiny deviation record``
and the import of deviations recorded elsewhere both complete a deviation here, so it
is completed the same way whichever way it arrives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrutiny.register.service import RegisterError
from scrutiny.register.types import DeviationType

if TYPE_CHECKING:
    from scrutiny.plugin_host import PluginHost

REQUIRED_TO_RECORD = ("rule_id", "subject_type", "done_instead", "period_start")
"""What a deviation must say, after its type's and rule's defaults, to be recorded."""


@dataclass(frozen=True)
class RuleFacts:
    """What a deviation takes from its rule: the requirement (the rule's title) and the
    legal reference (its legal source)."""

    title: str
    legal_source: str


@dataclass(frozen=True)
class RegisterCatalogue:
    """The rules and deviation types of the enabled plugins, by id."""

    rules: Mapping[str, RuleFacts]
    types: Mapping[str, DeviationType]

    @classmethod
    def of(cls, host: PluginHost) -> RegisterCatalogue:
        return cls(
            rules={r.id: RuleFacts(r.meta.title, r.meta.legal_source) for r in host.rules},
            types={t.id: t for t in host.deviation_types()},
        )

    def with_type_defaults(self, terms: Mapping[str, Any]) -> dict[str, Any]:
        """``terms`` with what their deviation type says, where they do not say it: the
        rule, the requirement, the suggested legal basis and the one count it covers."""
        completed = dict(terms)
        type_id = completed.get("deviation_type")
        if type_id is None:
            return completed
        chosen = self.types.get(type_id)
        if chosen is None:
            problem = f"unknown deviation type {type_id!r}; see `scrutiny deviation types`"
            raise RegisterError(problem, problems=[("deviation_type", problem)])
        completed.setdefault("rule_id", chosen.rule_id)
        completed.setdefault("requirement", chosen.requirement)
        completed.setdefault("legal_basis", chosen.suggested_legal_basis)
        if chosen.covers_requirement is not None:
            completed.setdefault("covers_requirement", chosen.covers_requirement)
        return completed

    def with_rule_defaults(self, terms: Mapping[str, Any]) -> dict[str, Any]:
        """``terms`` with their rule's legal source as the legal reference and, where they
        give none, its title as the requirement (a new deviation only: an amendment keeps
        what the deviation already says)."""
        completed = dict(terms)
        rule = self.rules.get(completed.get("rule_id", ""))
        if rule is not None:
            completed.setdefault("legal_reference", rule.legal_source)
            completed.setdefault("requirement", rule.title)
        return completed


def missing_to_record(terms: Mapping[str, Any]) -> list[str]:
    """The terms a new deviation still needs (see :data:`REQUIRED_TO_RECORD`)."""
    return [name for name in REQUIRED_TO_RECORD if terms.get(name) is None]
