"""The first few items of a long stream in some order, kept as the stream goes by."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Leading(Generic[T]):
    """The first ``limit`` of the items added in ``key`` order, ties in the order added:
    what ``sorted(items, key=key)[:limit]`` gives, holding at most twice ``limit``."""

    def __init__(self, limit: int, key: Callable[[T], Any]) -> None:
        self.limit = limit
        self._key = key
        self._held: list[T] = []

    def add(self, item: T) -> None:
        self._held.append(item)
        if len(self._held) > 2 * self.limit:
            # heapq.nsmallest is sorted()[:n], ties included; those kept came first.
            self._held = heapq.nsmallest(self.limit, self._held, key=self._key)

    def items(self) -> list[T]:
        return heapq.nsmallest(self.limit, self._held, key=self._key)
