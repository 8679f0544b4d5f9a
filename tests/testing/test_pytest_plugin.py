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


CARERS_HOMES_DEVIATIONS = """
    import datetime as dt

    from scrutiny.testing.assertions import assert_statuses

    D = dt.date


    def test_a_carer_review_a_day_late_is_a_breach(scrutiny_carers, run_rule):
        scrutiny_carers.approval("F1", D(2018, 3, 15), "full", ended=D(2019, 6, 1),
                                 reason="resigned")
        scrutiny_carers.carer_review("F1", D(2019, 3, 16))
        result = run_rule("FOS-ANNUAL-REVIEW", as_of=D(2022, 3, 31))
        assert_statuses(result, [("breach", D(2019, 3, 15), D(2019, 3, 16))])


    def test_a_home_without_a_visit_one_month(scrutiny_homes, run_rule):
        scrutiny_homes.home("H1", D(2021, 1, 1), D(2021, 4, 1))
        scrutiny_homes.reg44_visit(D(2021, 1, 10))
        scrutiny_homes.reg44_visit(D(2021, 3, 10))
        result = run_rule("CH-REG44", as_of=D(2022, 3, 31))
        assert [s for s, due, _ in result.statuses()] == ["breach"]
        assert result.statuses()[0][1] == D(2021, 2, 28)


    def test_an_authorised_deviation_covers_the_late_review(
        scrutiny_cases, scrutiny_deviation, run_rule
    ):
        scrutiny_cases.episode("C1", D(2021, 6, 7))
        scrutiny_cases.review("C1", D(2021, 7, 9))
        ref = scrutiny_deviation("LAC-REVIEW", "C1", D(2021, 7, 1), D(2021, 7, 31))
        draft = scrutiny_deviation("LAC-REVIEW", "C2", D(2021, 7, 1), D(2021, 7, 31),
                                   authorise=False)
        result = run_rule("LAC-REVIEW", as_of=D(2021, 8, 1))
        finding = result.only()
        assert (finding.status, finding.deviation_ref) == ("deviation", ref)
        assert draft != ref
"""


def test_carers_homes_and_deviations_have_factories(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_more=textwrap.dedent(CARERS_HOMES_DEVIATIONS))
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
