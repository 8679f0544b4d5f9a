"""The pytest plugin for plugin authors, used as an author would: a test file of their
own, run by pytest in a separate process with nothing but Scrutiny installed.

The plugin is found through its ``pytest11`` entry point, so these also prove the entry
point is registered by installing Scrutiny.
"""

from __future__ import annotations

import textwrap

import pytest

AUTHORS_TEST = """
    import datetime as dt

    from scrutiny.testing.assertions import (
        assert_finding_for, assert_no_findings, assert_outcomes, assert_statuses,
    )

    D = dt.date


    def test_first_review_on_the_20th_working_day_is_met(scrutiny_cases, run_rule):
        scrutiny_cases.episode("C1", D(2021, 6, 7))
        scrutiny_cases.review("C1", D(2021, 7, 5))
        result = run_rule("LAC-REVIEW", as_of=D(2021, 7, 30))
        assert_no_findings(result)
        assert_outcomes(result, met=1, not_yet_due=1)  # the second review is owed later


    def test_a_day_late_is_a_breach(scrutiny_cases, run_rule):
        scrutiny_cases.episode("C1", D(2021, 6, 7))
        scrutiny_cases.review("C1", D(2021, 7, 6))
        result = run_rule("LAC-REVIEW", as_of=D(2021, 7, 30))
        assert_statuses(result, [("breach", D(2021, 7, 5), D(2021, 7, 6))])
        assert_finding_for(result, "C1", "breach")


    def test_each_test_has_a_database_of_its_own(scrutiny_engine, scrutiny_cases):
        from sqlalchemy import text
        with scrutiny_engine.connect() as conn:
            assert conn.execute(text("select count(*) from child")).scalar_one() == 0


    def test_every_installed_plugin_is_loaded(scrutiny_host):
        assert "LAC-REVIEW" in scrutiny_host.rules
"""


def test_an_authors_tests_get_the_fixtures_with_no_set_up(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_rules=textwrap.dedent(AUTHORS_TEST))
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_a_failed_assertion_says_what_the_rule_found(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_wrong=textwrap.dedent("""
            import datetime as dt
            from scrutiny.testing.assertions import assert_no_findings

            def test_expects_nothing(scrutiny_cases, run_rule):
                scrutiny_cases.episode("C7", dt.date(2021, 6, 7))
                assert_no_findings(run_rule("LAC-REVIEW", as_of=dt.date(2021, 7, 30)))
        """)
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*expected no findings, the rule found:*", "*breach*C7*due 2021-07-05*event None*"]
    )
