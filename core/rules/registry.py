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
    """The rules of the enabled plugins, by id.

    Iterating gives the rules a check runs: every rule but those another rule
    supersedes (:meth:`settle_supersession`). ``get`` and ``in`` know them all.
    """

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        self._superseded_by: dict[str, str] = {}
        for rule in rules:
            self.add(rule)
        self.settle_supersession()

    def add(self, rule: Rule) -> None:
        existing = self._rules.get(rule.id)
        if existing is not None:
            raise RuleDefinitionError(
                f"rule {rule.id} is defined by both {existing.plugin or '?'} and "
                f"{rule.plugin or '?'}"
            )
        self._rules[rule.id] = rule

    def settle_supersession(self) -> list[tuple[Rule, str]]:
        """Work out which rules are superseded; the problems found, by rule.

        A rule naming ``supersedes`` replaces that rule (which is then not run). If two
        rules supersede the same one, the first added wins and the second is dropped;
        a rule superseding one not installed (or not enabled) simply runs.
        """
        problems: list[tuple[Rule, str]] = []
        self._superseded_by = {}
        for rule in list(self._rules.values()):
            target = rule.meta.supersedes
            if target is None:
                continue
            if target not in self._rules:
                problems.append(
                    (
                        rule,
                        f"rule {rule.id} supersedes {target}, which is not installed or"
                        " not enabled: it runs on its own",
                    )
                )
                continue
            if target in self._superseded_by:
                winner = self._rules[self._superseded_by[target]]
                problems.append(
                    (
                        rule,
                        f"rule {rule.id} and rule {winner.id} ({winner.plugin}) both"
                        f" supersede {target}: {rule.id} was left out",
                    )
                )
                del self._rules[rule.id]
                continue
            self._superseded_by[target] = rule.id
        return problems

    def get(self, rule_id: str) -> Rule | None:
        return self._rules.get(rule_id)

    def superseded_by(self, rule_id: str) -> Rule | None:
        """The rule that replaces ``rule_id`` in every run, if any."""
        replacement = self._superseded_by.get(rule_id)
        return None if replacement is None else self._rules[replacement]

    def __iter__(self) -> Iterator[Rule]:
        running = (r for r in self._rules.values() if r.id not in self._superseded_by)
        return iter(sorted(running, key=lambda r: (r.meta.domain, r.id)))

    def __len__(self) -> int:
        return len(self._rules) - len(self._superseded_by)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def for_domains(self, domains: Iterable[str] | None) -> list[Rule]:
        wanted = set(domains) if domains else None
        return [r for r in self if wanted is None or r.meta.domain in wanted]

    def domains(self) -> list[str]:
        return sorted({r.meta.domain for r in self})


def with_plugin(rules: Iterable[Rule], plugin: str) -> list[Rule]:
    return [replace(rule, plugin=plugin) for rule in rules]
