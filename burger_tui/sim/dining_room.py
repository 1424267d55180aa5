"""The dining room's two-seat tables: which couple sits where is a fact of the day, not of whoever looks.

A couple sits down at the lowest free table (in concurrent and hybrid with their turn number; in parallel,
standing at the counter till their burgers come, to eat) and keeps it until they leave. Table 0 is the
first. The free tables are a heap, so seating a couple and freeing their table cost ``O(log tables)``:
no scan, on the model's hot path.
"""

from __future__ import annotations

from heapq import heappop, heappush


class DiningRoom:
    """The tables in use and free; as many as the day ever needed at once, no more."""

    __slots__ = ("_free", "_laid")

    def __init__(self) -> None:
        self._free: list[int] = []  # tables left by their couples, a heap: the lowest first
        self._laid = 0  # tables ever used; every free one is below this

    def sit(self) -> int:
        """A couple sits down: the lowest free table, theirs until they :meth:`leave` it."""
        if self._free:
            return heappop(self._free)
        self._laid += 1
        return self._laid - 1

    def leave(self, table: int) -> None:
        """The couple at ``table`` leaves: it is free for the next."""
        heappush(self._free, table)
