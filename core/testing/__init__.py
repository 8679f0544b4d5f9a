"""Testing a plugin's rules against a real database: the kit Scrutiny's own tests use.

Installing Scrutiny registers a pytest plugin (``scrutiny.testing.pytest_plugin``,
through the ``pytest11`` entry point), so a plugin's tests get these fixtures with no
set-up of their own:

- ``scrutiny_engine``: an empty, fully migrated SQLite database file of its own;
- ``scrutiny_cases``: a :class:`CaseData` writing children, episodes, reviews, visits
  and placement details to it;
- ``run_rule(rule_id, as_of=...)``: the rule run through the real engine, as ``scrutiny
  check`` runs it, returning a :class:`RuleResult` of its findings and outcome counts;
- ``scrutiny_carers`` (:class:`scrutiny.testing.fostering.FosteringCases`) and
  ``scrutiny_homes`` (:class:`scrutiny.testing.residential.ResidentialCases`): the same
  with foster carers or children's homes and their records;
- ``scrutiny_deviation(rule_id, subject_ref, start, end, ...)``: a deviation recorded
  and authorised through the real register;
- ``scrutiny_host``: the plugin host, with every installed plugin.

and the assertion helpers in :mod:`scrutiny.testing.assertions`.
"""

from scrutiny.testing.cases import WIDE, CaseData, RuleResult, child_count, run_rule

__all__ = ["WIDE", "CaseData", "RuleResult", "child_count", "run_rule"]
