"""The one rule for Micro's hand-made memos: bounded, and emptied when full.

A worker keeps memoised values (verified cookies, rendered pieces, links, labels) for as
long as it runs; what may arrive from outside (cookies, headers) must not make it grow
without bound. Emptying the whole memo when it is full is cheaper than tracking use, and
the values are rebuilt on demand, so the worst case is one slower request.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedMemo(dict[K, V]):
    """A dict that holds at most `limit` entries: `keep()` empties it first when full."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def keep(self, key: K, value: V) -> V:
        """Store and return `value` (the way to fill the memo: `get`, else `keep`)."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
