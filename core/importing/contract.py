"""What an importer provides, and what it hands back for the core to write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection, Table

from scrutiny.importing.source import SourceFile

Advance = Callable[[int], None]
"""Reports that this many more rows (or elements) have been read."""

Progress = Callable[[str, int], AbstractContextManager[Advance]]
"""Opens a progress display for ``label`` with a ``total`` (0 when unknown)."""


@contextmanager
def no_progress(label: str, total: int) -> Iterator[Advance]:
    """The default: nothing is shown."""
    yield lambda _count: None


@dataclass(frozen=True)
class ImportOptions:
    """Choices the user made on the command line."""

    collection_year: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    progress: Progress = no_progress
    skip_imported: bool = False  # skip files imported before instead of refusing them


@dataclass(frozen=True)
class BatchSpec:
    """One kind of data a file provides, and the dates it speaks for."""

    kind: str
    row_count: int
    collection_year: str | None = None
    covers_from: dt.date | None = None
    covers_to: dt.date | None = None
    report: Mapping[str, Any] | None = None
    # None: a newer file adds to this one's data. Otherwise a newer file from the same
    # source replaces it: rows of these tables that only the earlier file wrote are
    # deleted (see ``scrutiny.importing.supersede``).
    replaces: tuple[Table, ...] | None = None


@dataclass(frozen=True)
class Written:
    """What a file streamed to the database turned out to hold: its summary and batches
    (row counts and dates), known only once every row has been read."""

    summary: str
    batches: Sequence[BatchSpec]


Writer = Callable[[Connection, Mapping[str, int]], Written | None]
"""Writes a prepared file's rows, given the batch id of each of its kinds. Returns None
when the summary and batches given when it was prepared stand, or what a file read as
it was written (in chunks, so that its rows are never all held at once) held."""


@dataclass(frozen=True)
class PreparedFile:
    """A file recognised and ready to write: read and validated in full, or (when its
    ``write`` returns what it held) read, validated and written together, row by row.
    Either way the kinds of its batches and their collection years are known."""

    source: SourceFile
    summary: str
    batches: Sequence[BatchSpec]
    write: Writer


class Importer(Protocol):
    """Reads one family of files (e.g. the SSDA903 return) into the database."""

    name: str
    title: str

    def formats(self) -> Sequence[tuple[str, tuple[str, ...]]]:
        """Each format it reads: a description and, for CSV, its columns."""

    def claims(self, source: SourceFile) -> bool:
        """Whether ``source`` is one of this importer's files (by content, not name)."""

    def prepare(
        self, sources: Iterable[SourceFile], options: ImportOptions
    ) -> Iterable[PreparedFile]:
        """Read and validate every file; raise ``InputError`` on the first problem.

        ``sources`` are read from disk as they are iterated, and the result is consumed
        one file at a time, each written before the next is asked for: an importer
        whose files stand alone should yield them one by one, so that only one file is
        held at a time; one whose files belong together (a return's tables) may read
        them all first."""
