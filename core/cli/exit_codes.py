"""Exit codes, documented in the README's table (keep the two in step)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # check: findings at or above --fail-on
    USAGE = 2  # bad options, bad input files, a register action the rules refuse
    INTEGRITY = 3  # verify: the register's hash chain does not verify
    DATABASE = 4  # the database cannot be reached, or its schema is missing or out of date
    INTERNAL = 70  # a bug in Scrutiny: please report it
