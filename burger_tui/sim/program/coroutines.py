"""Walking a task's coroutines: the frames it is paused in, outermost first, through each ``cr_await``.

A task's coroutine awaits another, which awaits another, down to a future: following ``cr_await`` (and
``gi_yieldfrom`` for a generator-based coroutine, such as asyncio's ``sleep(0)``) gives every frame the
task is inside. Reading a frame changes nothing. The one walk for who a task is
(:mod:`~burger_tui.sim.program.actors`) and where it waits (:mod:`~burger_tui.sim.program.frames`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from types import CoroutineType, FrameType, GeneratorType


def walk(task: asyncio.Task[object]) -> Iterator[tuple[FrameType, bool]]:
    """The frames of the coroutines ``task`` is inside, outermost first, each with whether its coroutine
    has not started yet.

    A task not started yet is a chain of one: the coroutine it will run. anyio runs a task's function
    inside a coroutine of its own that holds it (``self._coro``): the walk goes on into that one, so that
    the function's frame is found before the task has run a line.
    """
    obj: object = task.get_coro()
    while True:
        # The states read as attributes, not through inspect's getcoroutinestate (which reads the same
        # two): this runs for every frame of every task that moved, each painted frame.
        if isinstance(obj, CoroutineType):
            frame, inner = obj.cr_frame, obj.cr_await
            created = not (obj.cr_suspended or obj.cr_running)
        elif isinstance(obj, GeneratorType):
            frame, inner = obj.gi_frame, obj.gi_yieldfrom
            created = not (obj.gi_suspended or obj.gi_running)
        else:
            return
        if frame is None:  # finished
            return
        yield frame, created
        if created:
            inner = getattr(frame.f_locals.get("self"), "_coro", None)
        obj = inner


def started(task: asyncio.Task[object]) -> bool:
    """Whether ``task`` has begun to run its coroutine."""
    coro = task.get_coro()
    if not isinstance(coro, CoroutineType):
        return True
    return coro.cr_suspended or coro.cr_running or coro.cr_frame is None  # running, paused or done
