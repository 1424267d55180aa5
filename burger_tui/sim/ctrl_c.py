"""Ctrl+C during days on virtual time: the day is cancelled, the run ends in ``KeyboardInterrupt``, and
no Ctrl+C is lost.

That is what ``asyncio.Runner`` (which ``anyio.run`` uses) means to do, but where Ctrl+C lands decides
whether it does, and three places lost it or made noise (each seen when ``compare`` was stopped at
random moments):

- The Runner cancels the main task and raises ``KeyboardInterrupt`` if the task ends cancelled. A cancel
  scope of the day being cancelled at that moment (every day ends so) can take the cancellation for its
  own: the task ends as if nothing had happened, and ``compare`` printed its result with exit code 0.
- Python raises ``KeyboardInterrupt`` wherever the main thread is. Inside a weakref callback or a
  finaliser (importlib's module locks; asyncio's set of tasks, as the collector frees a day's tasks
  after it) Python prints "Exception ignored" and drops it.
- Raised as the loop is made or the main task created, it leaves them half made, and asyncio warns on
  stderr.

Under :func:`ctrl_c_noted` Ctrl+C is noted. During :meth:`CtrlC.run_day` it only cancels the day, and
the run ends in ``KeyboardInterrupt`` whatever the day made of the cancellation; between days it is
raised at once, as Python's own handler does, and a Ctrl+C a finaliser dropped is raised again by the
next :meth:`~CtrlC.run_day` or by :func:`raise_if_ctrl_c_was_pressed`.
"""

from __future__ import annotations

import asyncio
import functools
import signal
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")
Day = Callable[..., Awaitable[T]]


class CtrlC:
    """Whether Ctrl+C was pressed and not raised yet, and the day running, to cancel."""

    def __init__(self) -> None:
        self.pressed = False
        self.ending = False  # its ctrl_c_noted block is ending
        self._running = False  # inside run_day: the loop is being made, runs or closes
        self._day: asyncio.Task[Any] | None = None

    def on_signal(self, _signum: int, _frame: FrameType | None) -> None:
        """The SIGINT handler."""
        self.pressed = True
        if not self._running and not self.ending:
            raise KeyboardInterrupt
        if self._day is not None and not self._day.done():
            self._day.cancel()

    def raise_if_pressed(self) -> None:
        """Raise ``KeyboardInterrupt`` for a Ctrl+C noted and not raised yet (or dropped by a finaliser)."""
        if self.pressed:
            self.pressed = False
            raise KeyboardInterrupt

    def run_day(self, run: Callable[[Day[T]], T], func: Day[T]) -> T:
        """``run(func)``, on a loop: ``func`` is the main task, which Ctrl+C cancels meanwhile."""
        self.raise_if_pressed()
        self._running = True
        try:
            result = run(self._cancellable(func))
        except asyncio.CancelledError:
            if self.pressed:
                self.pressed = False
                raise KeyboardInterrupt from None
            raise
        finally:
            self._day = None  # first: the last hold on the day's loop, whose finaliser runs here, in the day
            self._running = False
        self.raise_if_pressed()  # the day took the cancellation for its own, or it landed as the loop closed
        return result

    def _cancellable(self, func: Day[T]) -> Day[T]:
        @functools.wraps(func)  # anyio names the main task after it
        async def day(*args: Any) -> T:
            self._day = asyncio.current_task()
            self.raise_if_pressed()  # landed while the loop was being made: nothing has started to cancel
            return await func(*args)

        return day


@contextmanager
def ctrl_c_noted() -> Iterator[CtrlC | None]:
    """Meanwhile Ctrl+C is noted (see the module's docstring); inside another such block, that one's.

    Yields ``None`` (and changes nothing) where SIGINT is not Python's own handler (a test runner's, an
    application's) or where signals do not arrive (a thread other than the main one), as
    ``asyncio.Runner`` leaves those alone too."""
    handler = signal.getsignal(signal.SIGINT)
    if (noting := _noting(handler)) is not None:
        yield noting
        return
    if threading.current_thread() is not threading.main_thread() or handler is not signal.default_int_handler:
        yield None
        return
    ctrl_c = CtrlC()
    try:
        signal.signal(signal.SIGINT, ctrl_c.on_signal)  # inside: a Ctrl+C as it returns leaves it undone
        yield ctrl_c
    finally:
        ctrl_c.ending = True  # its handler only notes from here: raising would skip the line below
        signal.signal(signal.SIGINT, signal.default_int_handler)
    ctrl_c.raise_if_pressed()


def raise_if_ctrl_c_was_pressed() -> None:
    """Inside :func:`ctrl_c_noted`, raise ``KeyboardInterrupt`` for a Ctrl+C a finaliser dropped: before a
    command prints what it computed."""
    if (noting := _noting(signal.getsignal(signal.SIGINT))) is not None:
        noting.raise_if_pressed()


def _noting(handler: object) -> CtrlC | None:
    """The :class:`CtrlC` whose handler ``handler`` is, if it is one."""
    owner = getattr(handler, "__self__", None)
    return owner if isinstance(owner, CtrlC) else None
