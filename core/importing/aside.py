"""Reading a file in a forked process while this one writes what it has read.

A large file's import is two kinds of work: reading it (parsing, checking every value)
and storing its rows. They take turns in one process; here the reading goes on in a
forked child, which hands over each chunk of rows as it is read, while the import
stores the chunk before. The child touches nothing but the file's bytes it was forked
with: the database, and the import's transaction, stay the parent's.

Whatever the reading raises (a located ``InputError``, every problem of the file) is
raised here, as if it had been read here; a child that dies fails the import (its
transaction is rolled back); and a child ends with the import however it ends.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Generator, Iterator
from multiprocessing.connection import Connection as Link
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from scrutiny.forking import can_fork, exit_with_parent

T = TypeVar("T")
R = TypeVar("R")

ASIDE_FROM_ROWS = 10_000
"""A file of this many rows is read aside; a smaller one is read in a moment anyway."""
STOP_WAIT_S = 5.0


class ReadingFailed(RuntimeError):
    """The process reading a file stopped, or failed other than on the file's content."""


def can_read_aside() -> bool:
    """Whether a reading can be forked now (see :func:`scrutiny.forking.can_fork`)."""
    return can_fork() and not multiprocessing.current_process().daemon


class Aside(Generic[T, R]):
    """The items ``produce()`` yields, produced in a forked child; ``result`` is what
    it returned once they are all read. Iterate once."""

    def __init__(self, produce: Callable[[], Generator[T, None, R]], label: str) -> None:
        self.produce = produce
        self.label = label
        self._result: tuple[R] | None = None

    @property
    def result(self) -> R:
        if self._result is None:
            raise RuntimeError("the reading has not ended")
        return self._result[0]

    def __iter__(self) -> Iterator[T]:
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe(duplex=False)
        child = context.Process(
            target=_produce,
            args=(self.produce, theirs, os.getpid()),
            name="scrutiny-reader",
            daemon=True,
        )
        child.start()
        theirs.close()
        try:
            while True:
                kind, value = self._receive(ours, child)
                if kind == "item":
                    yield value
                elif kind == "result":
                    self._result = (value,)
                    return
                else:
                    raise value
        finally:
            ours.close()
            child.join(STOP_WAIT_S)
            if child.is_alive():  # stopped early (a bad chunk, Ctrl-C): not needed now
                child.kill()
                child.join()

    def _receive(self, link: Link, child: BaseProcess) -> tuple[str, Any]:
        try:
            message: tuple[str, Any] = link.recv()
        except EOFError:
            child.join(STOP_WAIT_S)
            raise ReadingFailed(
                f"the process reading {self.label} stopped (exit code {child.exitcode})"
            ) from None
        except Exception as exc:  # what it sent could not be rebuilt here (an odd error)
            raise ReadingFailed(
                f"what the process reading {self.label} sent could not be read"
                f" ({type(exc).__name__}: {exc})"
            ) from exc
        return message


def _produce(produce: Callable[[], Generator[Any, None, Any]], link: Link, parent: int) -> None:
    """In the child: send each item, then what ``produce`` returned (or raised)."""
    exit_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the import's to handle
    # Nothing of the parent's (its database connections above all) may be closed from
    # here: no collection runs, and the child ends without unwinding (os._exit).
    gc.disable()
    try:
        items = produce()
        while True:
            try:
                item = next(items)
            except StopIteration as end:
                link.send(("result", end.value))
                return
            link.send(("item", item))
    except BrokenPipeError:  # the import has stopped reading
        return
    except BaseException as exc:
        link.send(("raise", _sendable(exc)))


def _sendable(exc: BaseException) -> BaseException:
    """``exc``, if it can be sent whole; else a ``ReadingFailed`` saying what it was."""
    try:
        pickle.dumps(exc)
    except Exception:
        return ReadingFailed(f"{type(exc).__name__}: {exc}")
    return exc
