"""A file handed to ``scrutiny import``: read once, hashed, sniffed for its format."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from scrutiny.importing.errors import InputError, MissingFile

MAX_FILE_BYTES = 2 * 1024**3
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class SourceFile:
    """The bytes of one input file. Only the file's name is ever shown or stored."""

    path: Path
    data: bytes = field(repr=False)

    @classmethod
    def read(cls, path: Path) -> SourceFile:
        if not path.is_file():
            raise MissingFile("no such file", file=str(path))
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"the file is {size:,} bytes, over the 2 GiB limit", file=path.name)
        return cls(path=path, data=path.read_bytes())

    @property
    def name(self) -> str:
        return self.path.name

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def format(self) -> str:
        """``xml``, ``xlsx``, ``csv`` or ``unknown``, from the content, not the name."""
        if self.data.startswith(XLSX_MAGIC):
            return "xlsx"
        head = self.data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
        if head.startswith(b"<"):
            return "xml"
        if b"\x00" in self.data[:4096]:
            return "unknown"
        return "csv" if self.data.strip() else "unknown"

    @cached_property
    def text(self) -> str:
        """The file decoded: UTF-8 (with or without a byte-order mark), else Windows-1252."""
        if b"\x00" in self.data:
            raise InputError("the file contains NUL bytes: it is binary or corrupt", file=self.name)
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        try:
            return self.data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(
                "the file is neither UTF-8 nor Windows-1252 text; save it as UTF-8 CSV",
                file=self.name,
            ) from exc

    @cached_property
    def csv_header(self) -> tuple[str, ...] | None:
        """The CSV header, normalised (upper case, stripped, trailing blanks dropped).

        Raises ``InputError`` if the file cannot be decoded, so that is what the user hears.
        """
        if self.format != "csv":
            return None
        try:
            first = next(csv.reader(io.StringIO(self.text)), None)
        except csv.Error:
            return None
        if not first:
            return None
        columns = [c.strip().upper() for c in first]
        while columns and not columns[-1]:
            columns.pop()
        return tuple(columns)
