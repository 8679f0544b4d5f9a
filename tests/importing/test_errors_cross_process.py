"""An import's problems survive the trip from a worker process to its parent.

The benchmark suite (and any caller that imports in a process pool) gets the
exception back by pickling; an ``InputErrors`` that could not be rebuilt turned one
clear message into a crashed pool.
"""

from __future__ import annotations

import pickle

from scrutiny.importing.errors import InputError, InputErrors


def test_several_problems_are_rebuilt_whole_after_pickling() -> None:
    problems = InputErrors(
        [
            InputError("is not a real date", file="visits.csv", row=3, column="VISIT_DATE"),
            InputError("a value is required here", file="visits.csv", row=9, column="CHILD"),
        ]
    )

    rebuilt = pickle.loads(pickle.dumps(problems))  # noqa: S301 (our own bytes)

    assert isinstance(rebuilt, InputErrors)
    assert str(rebuilt) == str(problems)
    assert str(rebuilt) == (
        "visits.csv, row 3, column VISIT_DATE: is not a real date (and 1 more problem in this file)"
    )
    assert [str(p) for p in rebuilt.problems] == [str(p) for p in problems.problems]
