"""Binding rule metadata (data) to rule functions (Python), and the set of rules in use."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources
from types import ModuleType
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from scrutiny.rules.decorator import RULE_ATTRIBUTE
from scrutiny.rules.metadata import RuleMetadata

if TYPE_CHECKING:
    from sqlalchemy import Select

    from scrutiny.rules.context import RuleContext

RuleFunction = Callable[["RuleContext"], "Select[Any]"]
RULES_FILE = "rules.toml"


class RuleDefinitionError(ValueError):
    """A plugin's rules file or rule functions are inconsistent."""


@dataclass(frozen=True)
class Rule:
    """A rule's metadata and periods with the function that evaluates it."""

    meta: RuleMetadata
    evaluate: RuleFunction
    plugin: str = ""
    problem: str | None = None
    """Why the rule cannot be evaluated (its function is missing): each run records
    an ``error`` outcome for it, and ``scrutiny plugins list`` shows the reason."""

    @property
    def id(self) -> str:
        return self.meta.id


def load_rules(package: str, *modules: ModuleType, filename: str = RULES_FILE) -> list[Rule]:
    """Read ``package``'s rules file and pair each entry with its ``@rule`` function."""
    location = f"{package}/{filename}"
    try:
        text = (resources.files(package) / filename).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleDefinitionError(f"{location}: {exc}") from exc
    functions = dict(_rule_functions(modules))
    rules: list[Rule] = []
    for entry in data.get("rule", []):
        entry = dict(entry)
        entry["periods"] = entry.pop("period", [])
        try:
            meta = RuleMetadata.model_validate(entry)
        except ValidationError as exc:
            name = entry.get("id", "(no id)")
            problems = "; ".join(
                f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"
                for error in exc.errors()
            )
            raise RuleDefinitionError(f"{location}: rule {name}: {problems}") from None
        function = functions.pop(meta.id, None)
        if function is None:
            problem = f"{location}: rule {meta.id} has no @rule function"
            rules.append(Rule(meta=meta, evaluate=_missing(problem), problem=problem))
        else:
            rules.append(Rule(meta=meta, evaluate=function))
    if functions:
        raise RuleDefinitionError(
            f"{location}: @rule functions with no entry in the file: {', '.join(sorted(functions))}"
        )
    return rules


def _missing(problem: str) -> RuleFunction:
    """A stand-in for a rule function that does not exist: it fails when run, so the
    rule's outcome in the run is an error rather than a silent absence."""

    def evaluate(ctx: RuleContext) -> Select[Any]:
        raise RuleDefinitionError(problem)

    return evaluate


def _rule_functions(modules: Iterable[ModuleType]) -> Iterator[tuple[str, RuleFunction]]:
    for module in modules:
        for value in vars(module).values():
            rule_id = getattr(value, RULE_ATTRIBUTE, None)
            if isinstance(rule_id, str) and callable(value):
                yield rule_id, value


class RuleRegistry:
    """The rules of the enabled plugins, by id."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: Rule) -> None:
        existing = self._rules.get(rule.id)
        if existing is not None:
            raise RuleDefinitionError(
                f"rule {rule.id} is defined by both {existing.plugin or '?'} and "
                f"{rule.plugin or '?'}"
            )
        self._rules[rule.id] = rule

    def get(self, rule_id: str) -> Rule | None:
        return self._rules.get(rule_id)

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._rules.values(), key=lambda r: (r.meta.domain, r.id)))

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def for_domains(self, domains: Iterable[str] | None) -> list[Rule]:
        wanted = set(domains) if domains else None
        return [r for r in self if wanted is None or r.meta.domain in wanted]

    def domains(self) -> list[str]:
        return sorted({r.meta.domain for r in self})


def with_plugin(rules: Iterable[Rule], plugin: str) -> list[Rule]:
    return [replace(rule, plugin=plugin) for rule in rules]
