"""Matching a sheet's headers to a list's columns, tolerantly, and saying how.

Headers drift between years and councils: case, curly quotes, doubled or trailing
spaces, a question mark, "(Y/N)" spelt differently, "Advisor" or "Adviser". After
:func:`normalise` a header matches one of a column's known spellings exactly, or, if
none, the most similar one when it is very close (difflib's ratio at least
``SIMILAR``); a similar match is reported, so a QA officer can see it was a guess about
a header, never about a value. A header that matches nothing is reported and ignored.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from scrutiny.plugins.annex_a.lists import AnnexList, Column

SIMILAR = 0.88
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalise(header: str) -> str:
    """Lower case, accents and quotes folded, punctuation and spacing collapsed."""
    folded = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
    return _NOT_WORD.sub(" ", folded.lower()).strip()


@dataclass
class HeaderMatch:
    """How one sheet's header row maps onto a list's columns."""

    positions: dict[int, Column] = field(default_factory=dict)  # cell index -> column
    similar: list[tuple[str, str]] = field(default_factory=list)  # (header, column title)
    unmatched: list[str] = field(default_factory=list)
    missing: list[Column] = field(default_factory=list)

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.positions.values() if c.field}

    def index_of(self, column: Column) -> int | None:
        return next((i for i, c in self.positions.items() if c is column), None)


def match_headers(annex_list: AnnexList, headers: Sequence[str]) -> HeaderMatch:
    """Match ``headers`` (one row's cells, as text) to ``annex_list``'s columns."""
    result = HeaderMatch()
    exact = {normalise(h): c for c in annex_list.columns for h in c.headers}
    taken: set[int] = set()
    pending: list[tuple[int, str]] = []
    for index, header in enumerate(headers):
        if not header.strip():
            continue
        column = exact.get(normalise(header))
        if column is not None and id(column) not in taken:
            result.positions[index] = column
            taken.add(id(column))
        else:
            pending.append((index, header))
    for index, header in pending:
        best: tuple[float, Column] | None = None
        key = normalise(header)
        for column in annex_list.columns:
            if id(column) in taken:
                continue
            for known in column.headers:
                ratio = difflib.SequenceMatcher(None, key, normalise(known)).ratio()
                if ratio >= SIMILAR and (best is None or ratio > best[0]):
                    best = (ratio, column)
        if best is None:
            result.unmatched.append(header.strip())
            continue
        result.positions[index] = best[1]
        taken.add(id(best[1]))
        result.similar.append((header.strip(), best[1].title))
    result.missing = [c for c in annex_list.columns if id(c) not in taken]
    return result


def recognised(annex_list: AnnexList, headers: Sequence[str]) -> int:
    """How many of ``headers`` are spellings of the list's columns (exact after
    normalising): how a header row is told from a title row above it."""
    known = {normalise(h) for c in annex_list.columns for h in c.headers}
    return sum(1 for h in headers if h.strip() and normalise(h) in known)
