"""Deviation types: the departures a plugin expects, offered as a list to pick from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeviationType:
    """A kind of deviation a plugin recognises.

    Picking one fills in the rule and requirement, and suggests the legal basis, so a
    team manager describes what was done instead rather than retyping the law. A type
    for one count of a rule (a finding's ``requirement``, such as one recipient of a
    notification) names it in ``covers_requirement``; the deviation then covers only
    that count.
    """

    id: str
    rule_id: str
    title: str
    requirement: str
    suggested_legal_basis: str = "none"
    covers_requirement: str | None = None
