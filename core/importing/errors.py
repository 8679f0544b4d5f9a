"""Input errors: one clear sentence naming the file, row and column."""

from __future__ import annotations


class InputError(Exception):
    """Bad input a user can fix. Rendered as one sentence; never a traceback."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        row_label: str = "row",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        self.row_label = row_label

    def located(self, *, file: str | None = None) -> InputError:
        """The same error, naming ``file`` if it did not name one already."""
        if self.file is None and file is not None:
            return InputError(
                self.message, file=file, row=self.row, column=self.column, row_label=self.row_label
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
