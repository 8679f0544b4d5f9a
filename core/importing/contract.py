"""What an importer provides, and what it hands back for the core to write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
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


Writer = Callable[[Connection, Mapping[str, int]], None]
"""Writes a prepared file's rows, given the batch id of each of its kinds."""


@dataclass(frozen=True)
class PreparedFile:
    """A file that has been read and validated in full, ready to write."""

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
        self, sources: Sequence[SourceFile], options: ImportOptions
    ) -> Sequence[PreparedFile]:
        """Read and validate every file; raise ``InputError`` on the first problem."""
