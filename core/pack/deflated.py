"""Text for a file the pack carries, kept only deflated: the form the PDF stores it in.

An attached file of a large council's pack is hundreds of megabytes of text, so it is
never held whole. Written through a :class:`DeflatedText`, each piece is counted, hashed
(SHA-256 for the pack's appendix, MD5 for the PDF's own checksum) and deflated as it
comes, and only the deflated bytes are kept: a few per cent of the text. They are the
bytes WeasyPrint's PDF writer (pydyf) makes of the whole text, zlib at level 9, so the
PDF is the same whichever wrote them.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass
from typing import Any

LEVEL = 9
"""pydyf's zlib level for a stream."""
BUFFER = 1 << 16
"""Bytes gathered before they are hashed and deflated."""


@dataclass(frozen=True)
class Deflated:
    """A file's text deflated (a zlib stream), with its size and hashes as text."""

    data: bytes
    size: int
    sha256: str
    md5: str

    def text(self) -> str:
        return zlib.decompress(self.data).decode("utf-8")


class DeflatedText:
    """Write the text to ``out`` (UTF-8, newlines as written), then ``finish``."""

    def __init__(self) -> None:
        self._sink = _Sink()
        self.out = io.TextIOWrapper(
            io.BufferedWriter(self._sink, BUFFER), encoding="utf-8", newline=""
        )

    def finish(self) -> Deflated:
        self.out.flush()  # through the buffer, to the sink
        return self._sink.finish()


class _Sink(io.RawIOBase):
    def __init__(self) -> None:
        super().__init__()
        self._deflate = zlib.compressobj(level=LEVEL)
        self._chunks: list[bytes] = []
        self._size = 0
        self._sha256 = hashlib.sha256()
        self._md5 = hashlib.md5(usedforsecurity=False)  # the PDF's checksum, not a seal

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._size += len(data)
        self._sha256.update(data)
        self._md5.update(data)
        self._chunks.append(self._deflate.compress(data))
        return len(data)

    def finish(self) -> Deflated:
        self._chunks.append(self._deflate.flush())
        return Deflated(
            b"".join(self._chunks), self._size, self._sha256.hexdigest(), self._md5.hexdigest()
        )


def deflated_text(text: str) -> Deflated:
    """``text``, held already, as :class:`DeflatedText` keeps it."""
    writer = DeflatedText()
    writer.out.write(text)
    return writer.finish()
