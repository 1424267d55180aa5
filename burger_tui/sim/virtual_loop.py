"""An asyncio event loop whose clock jumps instead of sleeping.

Headless runs and tests drive the restaurant on this loop: when no callback is
ready, time leaps to the next timer, so a day of the restaurant runs in
seconds and every run is deterministic. It has no selector, which is also what
makes it fast: the stock loop makes a ``select()`` system call on every turn.

It is built on asyncio's internals (see :func:`check_asyncio_internals`): each loop checks them as it
is made, so a Python whose asyncio changed stops with :class:`UnsupportedAsyncio`, one line naming the
Python and what changed, rather than an ``AttributeError`` deep in a day.
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import heapq
import itertools
import math
import threading
import types
from asyncio import format_helpers
from collections import deque
from collections.abc import Awaitable, Callable, Sized
from typing import Any, TypeVar

import anyio

from burger_tui.sim.ctrl_c import ctrl_c_noted

T = TypeVar("T")

_Future = asyncio.Future  # asyncio's C future, called directly
# Same housekeeping thresholds as asyncio's BaseEventLoop.
_MIN_SCHEDULED_TIMER_HANDLES = 100
_MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5
# Real seconds a loop with nothing to do waits for a thread's callback before it calls the day deadlocked.
THREAD_CALLBACK_GRACE_S = 2.0


class SimulationDeadlock(RuntimeError):
    """Every task waits for something and no timer will ever wake one."""


class UnsupportedAsyncio(RuntimeError):
    """This Python's asyncio lacks, or has changed, an internal the virtual-time loop relies on."""


class _Handle(asyncio.Handle):
    """asyncio's Handle, made by :meth:`VirtualTimeEventLoop.call_soon` with four stores and no call.

    What a new handle has in common and is not read on the hot path (no repr yet, no traceback: the
    loop is not in debug mode) lives on the class; ``repr`` stores its own on the handle.
    """

    _repr = None
    _source_traceback = None
    # asyncio.Handle's slots that typeshed does not declare (annotations only: the slots stay).
    _callback: Callable[..., object]
    _loop: asyncio.AbstractEventLoop
    _context: contextvars.Context


_new_handle = object.__new__
_copy_context = contextvars.copy_context

# What the loop relies on of asyncio's own code (check_asyncio_internals checks it). Methods of
# BaseEventLoop that ours replace or that feed ours: run_forever calls _run_once turn after turn,
# call_soon_threadsafe wakes the loop through _write_to_self, and _timer_handle_cancelled counts a
# cancelled TimerHandle in _timer_cancelled_count.
_BASE_METHODS = ("_run_once", "_write_to_self", "_timer_handle_cancelled")
# The state BaseEventLoop.__init__ makes, which our turns read and write.
_LOOP_FIELDS: dict[str, type] = {
    "_ready": deque,
    "_scheduled": list,
    "_stopping": bool,
    "_closed": bool,
    "_debug": bool,
    "_timer_cancelled_count": int,
}
# call_soon fills every slot of a handle itself: a slot it does not know of would be left unset.
_HANDLE_SLOTS = frozenset(
    {"_callback", "_args", "_cancelled", "_loop", "_context", "_repr", "_source_traceback"}
)
_TIMER_SLOTS = frozenset({"_when", "_scheduled"})  # read on the TimerHandles asyncio makes


def check_asyncio_internals(loop: asyncio.BaseEventLoop) -> None:
    """Raise :class:`UnsupportedAsyncio` naming each internal ``loop`` relies on that is missing or changed.

    A few dozen look-ups (about 10 µs): cheap enough for every loop made.
    """
    problems = [
        f"asyncio.BaseEventLoop.{name} is missing"
        for name in _BASE_METHODS
        if not callable(getattr(asyncio.BaseEventLoop, name, None))
    ]
    for name, kind in _LOOP_FIELDS.items():
        if not hasattr(loop, name):
            problems.append(f"an event loop has no {name}")
        elif not isinstance(value := getattr(loop, name), kind):
            problems.append(f"an event loop's {name} is a {type(value).__name__}, not a {kind.__name__}")
    handle_slots = _slots(_Handle)
    problems += [f"asyncio.Handle has no slot {name}" for name in sorted(_HANDLE_SLOTS - handle_slots)]
    problems += [f"asyncio.Handle has a new slot {name}" for name in sorted(handle_slots - _HANDLE_SLOTS)]
    timer_slots = _slots(asyncio.TimerHandle)
    problems += [f"asyncio.TimerHandle has no slot {name}" for name in sorted(_TIMER_SLOTS - timer_slots)]
    if not callable(getattr(format_helpers, "_format_callback_source", None)):
        problems.append("asyncio.format_helpers._format_callback_source is missing")
    if problems:
        import platform

        python = f"{platform.python_implementation()} {platform.python_version()}"
        raise UnsupportedAsyncio(
            f"the virtual-time loop cannot run on {python}: its asyncio internals changed "
            f"({'; '.join(problems)})"
        )


def ready_queue(loop: asyncio.AbstractEventLoop) -> Sized:
    """The callbacks ``loop`` will run next (asyncio's own ``_ready``): empty when every task waits.

    The real-time clock reads it to know when a day is at rest between two instants (see
    :func:`burger_tui.sim.clock.settle`); checked with the other internals on every Python we test.
    """
    ready = getattr(loop, "_ready", None)
    if not isinstance(ready, deque):
        raise UnsupportedAsyncio(
            f"the restaurant's clock cannot run on {type(loop).__name__}: it has no ready queue (_ready)"
        )
    return ready


def awaited_future(task: asyncio.Task[Any]) -> asyncio.Future[Any] | None:
    """The future ``task`` is suspended on (asyncio's own ``_fut_waiter``, which a task's repr shows), or
    ``None`` while it is ready or running. The program view reads it to know whether a task moved."""
    waiter: asyncio.Future[Any] | None = getattr(task, "_fut_waiter", None)
    return waiter


def _slots(cls: type) -> set[str]:
    """The slots an instance of ``cls`` has: its class's and its bases'."""
    return {
        name
        for klass in cls.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, types.MemberDescriptorType)
    }


class VirtualTimeEventLoop(asyncio.BaseEventLoop):
    """An event loop on virtual time: ``time()`` only moves when all tasks wait."""

    # asyncio's BaseEventLoop keeps these; typeshed does not declare them.
    _closed: bool
    _debug: bool
    _ready: deque[asyncio.Handle]
    _scheduled: list[asyncio.TimerHandle]
    _stopping: bool
    _timer_cancelled_count: int

    def __init__(self) -> None:
        super().__init__()
        try:
            check_asyncio_internals(self)
        except UnsupportedAsyncio:
            # Never to run: its finaliser would warn of an unclosed loop (or fail to read _closed).
            self._closed = True
            raise
        self._virtual_now = 0.0
        # Sleepers as (deadline, order, future): cheaper than a TimerHandle and its extra turn.
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._sleeper_order = itertools.count()
        self._called_from_a_thread = threading.Event()  # set by call_soon_threadsafe (_write_to_self)
        # Every wake-up comes through call_soon, which asyncio's C tasks and futures look up on the loop each
        # time: found here, bound once, not a bound method made per look-up (close lets it go).
        self.call_soon = self.call_soon  # type: ignore[method-assign]

    def close(self) -> None:
        super().close()
        # The call_soon bound in __init__ holds the loop: without it, the loop goes with its last reference.
        vars(self).pop("call_soon", None)

    def wake_at(self, deadline: float) -> asyncio.Future[None]:
        """A future done at virtual time ``deadline`` (FIFO among equal deadlines)."""
        future: asyncio.Future[None] = _Future(loop=self)
        heapq.heappush(self._sleepers, (deadline, next(self._sleeper_order), future))
        return future

    def sleepers(self) -> dict[asyncio.Future[None], float]:
        """The deadline of each future of :meth:`wake_at` not done yet (for a reader: a pass over a heap)."""
        return {future: deadline for deadline, _, future in self._sleepers if not future.done()}

    def time(self) -> float:
        return self._virtual_now

    def create_future(self) -> asyncio.Future[Any]:
        return _Future(loop=self)

    def call_soon(  # type: ignore[override]
        self, callback: Callable[..., object], *args: Any, context: contextvars.Context | None = None
    ) -> asyncio.Handle:
        # Every wake-up of a task comes through here (a step, a future's callbacks): the stock
        # call_soon goes through two more calls and a debug check per handle.
        if self._debug:
            return super().call_soon(callback, *args, context=context)
        if self._closed:
            raise RuntimeError("Event loop is closed")
        # _Handle's fields, stored here: a call (and its frame) less per wake-up.
        handle = _new_handle(_Handle)
        handle._callback = callback
        handle._args = args
        handle._cancelled = False
        handle._loop = self
        handle._context = _copy_context() if context is None else context
        self._ready.append(handle)
        return handle

    def _process_events(self, event_list: list[Any]) -> None:  # pragma: no cover - no I/O here
        pass

    def _write_to_self(self) -> None:
        # Threads wake the loop here (call_soon_threadsafe, once their callback is in the ready queue): with
        # no selector to interrupt, only a loop that found nothing to do waits for it (_wait_for_a_thread).
        self._called_from_a_thread.set()

    def _wait_for_a_thread(self) -> bool:
        """Whether a thread put something in the ready queue, waited for while other threads are alive.

        Nothing is ready and no timer is set, yet a thread may still call back: the default executor's
        shutdown as ``asyncio.run`` ends (a thread joins the executor, then sets the future the loop
        awaits), a worker thread finishing. Its callback, not virtual time, moves the day on: a loop
        that took the moment for a deadlock raised one as a dashboard ended (under load, once).
        """
        woke = self._called_from_a_thread
        while not self._ready and threading.active_count() > 1:
            if not woke.wait(THREAD_CALLBACK_GRACE_S):
                break
            woke.clear()
        return bool(self._ready)

    def _run_once(self) -> None:
        """Run instant after instant until the loop is told to stop.

        BaseEventLoop.run_forever calls this again at once unless the loop is stopping, so each instant
        is what one call used to be, without the call and its set-up in between.
        """
        # Handles are read through their private fields, as BaseEventLoop does: this is the hot loop.
        ready: deque[Any] = self._ready
        popleft = ready.popleft
        sleepers = self._sleepers
        heappop = heapq.heappop
        inf = math.inf
        while True:
            # TimerHandles (call_later, timeouts) are rare in a simulation, cancelled ones rarer; yet
            # there is one all along (anyio's sleep_forever, the clock's driver: a timer at infinity).
            if self._timer_cancelled_count:
                self._drop_cancelled_timers()
            while sleepers and sleepers[0][2].done():  # cancelled while asleep
                heappop(sleepers)

            scheduled: list[Any] = self._scheduled
            if not ready and not self._stopping:
                if not (scheduled or sleepers):
                    if self._wait_for_a_thread():
                        continue
                    raise SimulationDeadlock("virtual time: every task is waiting and no timer is set")
                # Nothing can run before the next timer: jump to it.
                when = sleepers[0][0] if sleepers else inf
                if scheduled and scheduled[0]._when < when:
                    when = scheduled[0]._when
                if when > self._virtual_now:
                    self._virtual_now = when

            # Batch after batch at this instant, exactly the batches BaseEventLoop runs (one per
            # _run_once: the timers due join the ready queue, then the callbacks ready at that moment
            # run); the next instant is the next turn of the outer loop.
            now = self._virtual_now
            while True:
                while sleepers and sleepers[0][0] <= now:
                    future = heappop(sleepers)[2]
                    if not future.done():
                        future.set_result(None)  # schedules the sleeping task's next step
                while scheduled and scheduled[0]._when <= now:
                    timer = heappop(scheduled)
                    timer._scheduled = False
                    ready.append(timer)
                for _ in range(len(ready)):
                    handle = popleft()
                    if handle._cancelled:
                        continue
                    # Handle._run, inline: one call less per turn. A task's step takes no argument and a
                    # future's callback one (the future): called as such, without a list made to unpack.
                    args = handle._args
                    try:
                        if not args:
                            handle._context.run(handle._callback)
                        elif len(args) == 1:
                            handle._context.run(handle._callback, args[0])
                        else:
                            handle._context.run(handle._callback, *args)
                    except (SystemExit, KeyboardInterrupt):
                        raise
                    except BaseException as exc:
                        self._callback_failed(handle, exc)
                if self._stopping:
                    return
                if not ready:
                    break

    def _drop_cancelled_timers(self) -> None:
        """BaseEventLoop's housekeeping of cancelled TimerHandles, with the same thresholds."""
        scheduled: list[Any] = self._scheduled
        count = len(scheduled)
        if (
            count > _MIN_SCHEDULED_TIMER_HANDLES
            and self._timer_cancelled_count / count > _MIN_CANCELLED_TIMER_HANDLES_FRACTION
        ):
            for handle in scheduled:
                if handle._cancelled:
                    handle._scheduled = False
            scheduled = [handle for handle in scheduled if not handle._cancelled]
            heapq.heapify(scheduled)
            self._scheduled = scheduled
            self._timer_cancelled_count = 0
        else:
            while scheduled and scheduled[0]._cancelled:
                self._timer_cancelled_count -= 1
                heapq.heappop(scheduled)._scheduled = False

    def _callback_failed(self, handle: asyncio.Handle, exc: BaseException) -> None:
        """What Handle._run does when a callback raises: hand it to the exception handler."""
        callback = format_helpers._format_callback_source(handle._callback, handle._args)  # type: ignore[attr-defined]
        context: dict[str, Any] = {
            "message": f"Exception in callback {callback}",
            "exception": exc,
            "handle": handle,
        }
        self.call_exception_handler(context)


def run_virtual(func: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Run ``func(*args)`` with anyio on a fresh virtual-time loop and return its result.

    Ctrl+C cancels it, and it ends in ``KeyboardInterrupt`` (:mod:`~burger_tui.sim.ctrl_c`). The cyclic
    garbage collector is paused meanwhile. A day makes no cyclic garbage as it goes
    (every couple's task, futures and handles are freed by reference counting; measured: a few
    hundred cyclic objects at the end of a day of 20,000 couples), yet the collector would pass over
    the heap every few hundred allocations, and a day allocates dozens per couple.
    """

    def run(day: Callable[..., Awaitable[T]]) -> T:
        options = {"loop_factory": VirtualTimeEventLoop}
        try:
            return anyio.run(day, *args, backend="asyncio", backend_options=options)
        finally:
            # The day's few cyclic leftovers (its tasks among them), freed here, while a Ctrl+C only cancels
            # the day: freed by the collector's next pass, anywhere after, their finalisers would drop it.
            gc.collect(0)

    paused = gc.isenabled()
    gc.disable()
    try:
        with ctrl_c_noted() as ctrl_c:
            return run(func) if ctrl_c is None else ctrl_c.run_day(run, func)
    finally:
        if paused:
            gc.enable()
