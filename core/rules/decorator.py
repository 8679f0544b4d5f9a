"""The ``@rule`` decorator plugin authors put on a rule's evaluation function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

RULE_ATTRIBUTE = "__scrutiny_rule_id__"


def rule(rule_id: str) -> Callable[[F], F]:
    """Mark ``function`` as the evaluation of the rule ``rule_id`` in the plugin's rules file.

    The function takes a :class:`scrutiny.rules.context.RuleContext` and returns a
    SQLAlchemy ``Select`` (see that class for the columns it must have).
    """

    def mark(function: F) -> F:
        setattr(function, RULE_ATTRIBUTE, rule_id)
        return function

    return mark
