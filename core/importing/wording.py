"""How an import's summary says a number of things."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``1 row``, ``2,345 rows``: the number with the noun it counts."""
    word = noun if number == 1 else (plural or f"{noun}s")
    return f"{number:,} {word}"
