"""Input errors: one clear sentence naming the file, row and column."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")

MAX_REPORTED = 1_000
"""How many problems one file may report before reading stops."""


class InputError(Exception):
    """Bad input a user can fix. Rendered as one sentence; never a traceback.

    ``value`` is the offending value where there is one; it goes into the reject
    report the user asked for, never into a log or the one-line message's location.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        row_label: str = "row",
        value: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        self.row_label = row_label
        self.value = value

    @property
    def problems(self) -> Sequence[InputError]:
        """Every problem this error stands for (itself, for a single one)."""
        return (self,)

    def located(self, *, file: str | None = None) -> InputError:
        """The same error, naming ``file`` if it did not name one already."""
        if self.file is None and file is not None:
            return InputError(
                self.message,
                file=file,
                row=self.row,
                column=self.column,
                row_label=self.row_label,
                value=self.value,
            )
        return self

    def __str__(self) -> str:
        where = [
            part
            for part in (
                self.file,
                f"{self.row_label} {self.row}" if self.row is not None else None,
                f"column {self.column}" if self.column else None,
            )
            if part
        ]
        return f"{', '.join(where)}: {self.message}" if where else self.message


class MissingFile(InputError):
    """A path given that is not a file: nothing was read, so there is nothing to report."""


class InputErrors(InputError):
    """Several problems found in one pass; the files that hold them are refused whole.

    Shown as the first problem and a count of the rest; ``problems`` lists them all
    (for the reject report).
    """

    def __init__(self, errors: Sequence[InputError]) -> None:
        flat = [p for e in errors for p in e.problems]
        if not flat:
            raise ValueError("InputErrors needs at least one error")
        first = flat[0]
        super().__init__(
            first.message,
            file=first.file,
            row=first.row,
            column=first.column,
            row_label=first.row_label,
            value=first.value,
        )
        self._problems = tuple(flat)

    def __reduce__(self) -> tuple[type[InputErrors], tuple[list[InputError]]]:
        # so an import run in a worker process can report its problems to its parent
        return (InputErrors, (list(self._problems),))

    @property
    def problems(self) -> Sequence[InputError]:
        return self._problems

    def located(self, *, file: str | None = None) -> InputError:
        return InputErrors([p.located(file=file) for p in self._problems])

    def __str__(self) -> str:
        first = InputError.__str__(self)
        more = len(self._problems) - 1
        if more == 0:
            return first
        files = {(p.file or "").split(" (sheet ")[0] for p in self._problems}
        where = "in this file" if len(files) == 1 else f"in {len(files)} files"
        plural = "problem" if more == 1 else "problems"
        return f"{first} (and {more:,} more {plural} {where})"


def collect(
    items: Iterable[T], read: Callable[[T], U], *, limit: int = MAX_REPORTED
) -> Iterator[U]:
    """``read`` each item, going on past a bad one; raise every problem at the end.

    Reading stops early once ``limit`` problems are found (the file is refused anyway;
    a thousand reasons are enough to start fixing it).
    """
    problems: list[InputError] = []
    for item in items:
        try:
            yield read(item)
        except InputError as exc:
            problems.extend(exc.problems)
            if len(problems) >= limit:
                break
    if problems:
        raise InputErrors(problems)
