"""One-shot signals between the restaurant's actors, as light as the event loop allows.

A hand-off in the restaurant (a turn number given, burgers ready, a job for an idle cook) is set once
and awaited by at most one task. ``anyio.Event`` does more than that needs: on asyncio each one builds
two ``asyncio.Event`` objects, looks up the running backend, and keeps a list of waiters. On asyncio a
bare future does the same job, and waking its task takes the same one turn of the loop, so nothing is
reordered; anyio's cancellation reaches a task waiting on one as on any future it awaits. Elsewhere
(trio, in the cross-check tests) a :class:`Signal` wraps an ``anyio.Event``.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Generator
from typing import Any, Protocol

import anyio


class Signal(Protocol):
    """Set once (``set_result(None)``), awaited by one task; the API of an asyncio future."""

    def done(self) -> bool:
        """Whether it has been set."""
        ...

    def set_result(self, result: None, /) -> None:
        """Set it: the waiting task (if any) wakes at the next turn of the loop."""
        ...

    def __await__(self) -> Generator[Any, None, Any]: ...


class _EventSignal:
    """A :class:`Signal` on an ``anyio.Event``, for backends without asyncio futures."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = anyio.Event()

    def done(self) -> bool:
        return self._event.is_set()

    def set_result(self, result: None, /) -> None:
        self._event.set()

    def __await__(self) -> Generator[Any, None, Any]:
        return self._event.wait().__await__()


def signal_factory() -> Callable[[], Signal]:
    """A maker of fresh signals for the running event loop (call it inside the loop)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return _EventSignal
    # The C future's constructor called from C: no Python frame per signal (loop.create_future is one).
    return functools.partial(asyncio.Future, loop=loop)


def fire(signal: Signal) -> None:
    """Set ``signal`` unless it is set already or was cancelled with its waiter (the day is closing)."""
    if not signal.done():
        signal.set_result(None)
