"""A pack is written under a hidden partial name and renamed when whole; a writer killed
half-way leaves only that partial file, and the next render of the same pack removes it,
but never one that a living render is still writing (issue 9, Faults, item 1)."""

from __future__ import annotations

import os
import signal
import stat
import sys
from pathlib import Path

import pytest

from scrutiny.pack.render import PARTIAL_SUFFIX, _write_atomically
from tests.faults.harness import ForkServer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="a fork server and flock"),
]


def partials(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(PARTIAL_SUFFIX))


def test_a_writer_killed_half_way_leaves_a_hidden_partial_the_next_render_removes(
    fork_server: ForkServer, tmp_path: Path
) -> None:
    out = tmp_path / "audit pack [2022].pdf"  # spaces and brackets: the name is escaped
    holder = fork_server.start("hold-partial", [str(out)], tmp_path)
    fork_server.wait_for_output(holder, "holding")
    os.kill(holder.pid, signal.SIGKILL)
    assert fork_server.wait(holder).killed

    assert not out.exists()
    [left] = partials(tmp_path)
    assert left.name.startswith(f".{out.name}.")  # hidden, and named for its pack
    assert stat.S_IMODE(left.stat().st_mode) == 0o600  # it holds children's data
    assert left.read_bytes().startswith(b"%PDF-1.7\n% the first half")

    _write_atomically(out, lambda fh: fh.write(b"the whole pack"))
    assert out.read_bytes() == b"the whole pack"
    assert partials(tmp_path) == []


def test_a_partial_file_a_living_render_is_writing_is_left_alone(
    fork_server: ForkServer, tmp_path: Path
) -> None:
    out = tmp_path / "pack.pdf"
    holder = fork_server.start("hold-partial", [str(out)], tmp_path)
    try:
        fork_server.wait_for_output(holder, "holding")
        [writing] = partials(tmp_path)

        _write_atomically(out, lambda fh: fh.write(b"another render's pack"))
        assert out.read_bytes() == b"another render's pack"
        assert partials(tmp_path) == [writing]
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        fork_server.wait(holder)

    _write_atomically(out, lambda fh: fh.write(b"the next pack"))  # now it is abandoned
    assert partials(tmp_path) == []


def test_files_that_only_look_like_partial_packs_are_never_removed(tmp_path: Path) -> None:
    precious = tmp_path / "elsewhere.pdf"
    precious.write_bytes(b"someone else's file")
    lookalikes = [
        tmp_path / ".pack.pdf.notes.partial",  # not the random part mkstemp makes
        tmp_path / ".pack.pdf.abcd1234.partial.bak",
        tmp_path / ".other.pdf.abcd1234.partial",  # another pack's
        tmp_path / "pack.pdf.abcd1234.partial",  # not hidden
    ]
    for path in lookalikes:
        path.write_bytes(b"kept")
    link = tmp_path / ".pack.pdf.abcd5678.partial"
    link.symlink_to(precious)

    _write_atomically(tmp_path / "pack.pdf", lambda fh: fh.write(b"pack"))
    assert all(path.read_bytes() == b"kept" for path in lookalikes)
    assert link.is_symlink()
    assert precious.read_bytes() == b"someone else's file"
