"""The restaurant's clock: every wait in the simulation goes through it.

Two clocks share one interface (:class:`Clock`):

* :class:`RealClock` runs the dashboard. Simulated time flows at ``speed``
  simulated seconds per real second and stops while paused. Sleepers sit in a
  heap keyed by their *simulated* deadline and one driver task wakes them, so a
  change of speed or a pause re-plans work already in progress: a cook halfway
  through a burger finishes sooner at 4x and freezes when paused. The day sees
  time as virtual time gives it: instant after instant, each a sleeper's exact
  deadline, the next woken only once every task woken at the last waits again
  (:meth:`RealClock.settled_instant`). So a day on either clock, given the same
  commands at the same instants, is the same day to the bit.
* :class:`VirtualClock` runs headless simulations and tests on
  :class:`~burger_tui.sim.virtual_loop.VirtualTimeEventLoop`, where the event
  loop's own time jumps to the next timer, so it needs no driver at all.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
import time
import types
from collections.abc import Awaitable, Callable, Generator
from typing import Any, Protocol
from weakref import WeakKeyDictionary

import anyio
import anyio.lowlevel

from burger_tui.sim.limits import MAX_SPEED, MIN_SPEED
from burger_tui.sim.virtual_loop import VirtualTimeEventLoop, ready_queue

# A deadline this close counts as reached: re-anchoring (speed, pause) rounds simulated time, and the
# driver must not wait for a delay too small to move its time source (a loop-time or manual source
# would never get there: a livelock).
DUE_TOLERANCE = 1e-9  # simulated seconds


class Clock(Protocol):
    """What the simulation needs from time."""

    def now(self) -> float:
        """Simulated seconds since the restaurant opened."""
        ...

    def sleep(self, seconds: float) -> Awaitable[None]:
        """Wait ``seconds`` of simulated time (await it at once); a checkpoint even if ``seconds <= 0``."""
        ...

    def sleep_until(self, deadline: float) -> Awaitable[None]:
        """Wait until simulated time ``deadline`` (await it at once); a checkpoint even if it has passed."""
        ...

    async def run(self) -> None:
        """Drive the clock; runs until cancelled (the restaurant starts it)."""
        ...


class _TimeSource(Protocol):
    def time(self) -> float: ...


class _AnyioTime:
    """The time of a backend without an asyncio loop (trio): anyio's current time."""

    __slots__ = ()

    @staticmethod
    def time() -> float:
        return anyio.current_time()


class VirtualClock:
    """Simulated time is the event loop's time (which jumps on the virtual loop).

    It works on any anyio backend: on trio with ``trio.testing.MockClock(autojump_threshold=0)``
    time jumps as well. Create it inside the running loop: it measures from the loop's time then.
    """

    def __init__(self) -> None:
        loop = _running_asyncio_loop()
        # ``self._loop.time()`` is the hot path of headless runs: on asyncio it is the loop's own method
        # (a stored bound method costs ~9 ns more per call); other backends get a stand-in with ``time``.
        self._loop: _TimeSource = _AnyioTime() if loop is None else loop
        self._origin = self._loop.time()
        # On the virtual loop a sleep is a bare future in its heap; elsewhere anyio's sleep.
        self._wake_at = loop.wake_at if isinstance(loop, VirtualTimeEventLoop) else None
        # Simulated seconds since the opening (see Clock.now), read about ten times per couple: on a
        # loop whose time began at 0 when the day opened (every headless run) the loop's own time, one
        # call instead of two (x - 0.0 is x, to the bit).
        self.now: Callable[[], float] = self._loop.time if self._origin == 0.0 else self._since_origin

    def _since_origin(self) -> float:
        return self._loop.time() - self._origin

    # On the virtual loop a sleep is the loop's own future, awaited by the sleeper itself: no coroutine
    # around it (a frame made, entered and left again as it wakes, ~1k instructions a sleep, a few sleeps a
    # couple). With no frame of the clock's to read, the program reads such a sleeper from :meth:`sleepers`.
    def sleep(self, seconds: float) -> Awaitable[None]:
        if self._wake_at is None:
            return _backend_sleep(seconds)
        if seconds > 0:
            return self._wake_at(self._loop.time() + seconds)
        # anyio's checkpoint on asyncio is a bare yield to the loop after a look-up of the running
        # backend: the same yield without the look-up (a zero-length order is one per couple).
        return _yield_to_loop()

    def sleep_until(self, deadline: float) -> Awaitable[None]:
        seconds = deadline - self.now()
        if seconds > 0 and self._wake_at is not None:
            # Woken at the deadline itself, not at now + (deadline - now), which may round a bit away
            # from it: a RealClock wakes its sleepers at their deadlines exactly, and the two clocks
            # must give the same day to the bit.
            return self._wake_at(deadline + self._origin)
        return self.sleep(seconds)

    def sleepers(self) -> dict[asyncio.Future[None], float]:
        """The deadline of each sleeper, by the future it awaits (for a reader of the program: a pass over the
        loop's heap); none off the virtual-time loop."""
        if not isinstance(self._loop, VirtualTimeEventLoop):
            return {}
        return {future: at - self._origin for future, at in self._loop.sleepers().items()}

    def flowing_now(self) -> float:
        """The time a screen would show: on virtual time, the instant itself."""
        return self.now()

    def calm_until(self) -> float:
        """How far the day has nothing more to do: on virtual time, now (see RealClock.calm_until)."""
        return self.now()

    async def settled_instant(self) -> float:
        """The instant now, once every task woken so far waits again (see :func:`settle`)."""
        await settle()
        return self.now()

    async def run(self) -> None:
        await anyio.sleep_forever()


class ManualTimeSource:
    """A stand-in for ``time.monotonic`` that moves only when told (tests, snapshots)."""

    def __init__(self, start: float = 0.0) -> None:
        self.value = start

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


class RealClock:
    """Simulated time driven by a real time source, with speed and pause."""

    def __init__(
        self,
        speed: float = 1.0,
        *,
        paused: bool = False,
        time_source: Callable[[], float] = time.monotonic,
    ) -> None:
        _check_speed(speed)
        self._source = time_source
        self._speed = speed
        self._paused = paused
        self._anchor_real = time_source()
        self._anchor_sim = 0.0
        self._instant = 0.0  # the day's time (now): the last instant reached
        self._sleepers: list[tuple[float, int, _Waiter]] = []
        self._new_waiter: Callable[[], _Waiter] | None = None  # chosen at the first sleep, in the loop
        self._calls: list[tuple[float, int, Callable[[], object]]] = []  # call_at's, by instant
        self._order = itertools.count()
        self._wakeup: anyio.Event | None = None
        self._forwarding = False  # fast_forward does the driver's work meanwhile
        self.steps = 0  # steps taken (:meth:`step`) on this clock

    # -- reading ---------------------------------------------------------
    def now(self) -> float:
        """The day's time: the instant it has reached (a sleeper's deadline, or a command's instant).

        It moves in steps, as virtual time does: what the day's tasks read while they run is exact.
        """
        return self._instant

    def flowing_now(self) -> float:
        """Simulated time as it flows in real time (stopped while paused): what the screen shows.

        At or just after :meth:`now`; reading it changes nothing.
        """
        if self._paused:
            return self._anchor_sim
        return self._anchor_sim + (self._source() - self._anchor_real) * self._speed

    def calm_until(self) -> float:
        """How far the day has certainly nothing more to do: the time flowing now, or the next instant
        the driver has not reached yet. What happens by itself before then (a glance
        computed, not slept to) may be told now."""
        return min(self.flowing_now(), self._next_at())

    def _next_at(self) -> float:
        """The instant of the next sleeper to wake or call to make (infinity: none)."""
        deadline = self._sleepers[0][0] if self._sleepers else math.inf
        return min(deadline, self._calls[0][0]) if self._calls else deadline

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def paused(self) -> bool:
        return self._paused

    # -- commands ----------------------------------------------------------
    def set_speed(self, speed: float) -> None:
        """Change speed; sleepers already waiting are re-planned at once."""
        _check_speed(speed)
        self._reanchor()
        self._speed = speed
        self.poke()

    def pause(self) -> None:
        self._reanchor()
        self._paused = True
        self.poke()

    def resume(self) -> None:
        self._reanchor()
        self._paused = False
        self.poke()

    def step(self) -> float | None:
        """Pause (if running), then move to the next moment anything happens and no further.

        Simulated time jumps to the earliest sleeper's deadline (never backwards: a sleeper already
        due wakes now) and every sleeper due by then is woken, in the order they would have been
        (deadline, then who went to sleep first). The woken tasks run at the loop's next turns; the
        clock stays paused. Returns the new time, or ``None`` when nobody sleeps on the clock (then
        nothing moves: only a new couple or a key can make something happen).
        """
        if not self._paused:
            self.pause()
        moved_to = self.skip_to_next_wakeup()
        if moved_to is not None:
            self.steps += 1
        return moved_to

    def skip_to_next_wakeup(self) -> float | None:
        """Jump simulated time to the earliest sleeper's deadline and wake every sleeper due then,
        paused or not (a running clock runs on from there). ``None`` when nobody sleeps on the clock.
        """
        sleepers = self._sleepers
        # A sleeper cancelled while asleep leaves its entry behind: nobody would wake at its deadline.
        while sleepers and sleepers[0][2].done():
            heapq.heappop(sleepers)
        if not sleepers:
            return None
        deadline = sleepers[0][0]
        self._anchor_sim = max(self.flowing_now(), deadline)
        self._anchor_real = self._source()
        self._wake(deadline)
        if not self._paused:  # the driver re-plans from the new time (paused, it plans nothing)
            self.poke()
        return self._anchor_sim

    def call_at(self, at: float, callback: Callable[[], object]) -> None:
        """Call ``callback`` at the instant ``at`` (a recorded command played back): once every sleeper due
        by then has woken and its tasks wait again, before anything due later; ``now()`` is ``at`` then."""
        heapq.heappush(self._calls, (at, next(self._order), callback))
        self.poke()

    def cancel_calls(self) -> None:
        """Forget the calls not made yet."""
        self._calls.clear()

    @property
    def calls_waiting(self) -> int:
        """How many calls (:meth:`call_at`) are still to be made."""
        return len(self._calls)

    async def fast_forward(self, until: float) -> None:
        """Go through the day's instants up to ``until`` as virtual time does, without waiting for real time
        to reach them: each instant's sleepers woken and at rest before the next, the calls made at theirs.
        Then simulated time flows on from ``until`` (paused, it stays there). A rewind replays a day so."""
        paused = self._paused
        self.pause()
        self._anchor_sim = max(self._anchor_sim, until)
        self._forwarding = True  # the driver stands aside: one task goes through the instants, not two
        try:
            await self.settled_instant()
        finally:
            self._forwarding = False
        self._anchor_real = self._source()
        if not paused:
            self.resume()

    def _next_due(self, until: float) -> bool:
        """Do the next thing due by ``until``: wake the next instant's sleepers, or make a call whose instant
        comes before theirs (at the same instant, the sleepers first). ``False``: nothing is due."""
        sleepers, calls = self._sleepers, self._calls
        deadline = sleepers[0][0] if sleepers else math.inf
        if calls and calls[0][0] <= until and calls[0][0] < deadline:
            at, _, callback = heapq.heappop(calls)
            self._instant = max(self._instant, at)
            callback()
            return True
        if deadline <= until:
            self._wake(deadline)
            return True
        return False

    def _wake(self, deadline: float) -> None:
        """Reach the instant ``deadline`` (never going back) and wake every sleeper due by then."""
        sleepers = self._sleepers
        self._instant = max(self._instant, deadline)
        while sleepers and sleepers[0][0] <= deadline:
            woken = heapq.heappop(sleepers)[2]
            if not woken.done():  # a sleeper cancelled meanwhile
                woken.set_result(None)

    def overdue(self, since: float) -> int:
        """How many sleepers due after ``since`` and by the time flowing now are still asleep: late, as
        after a blocking call held the loop (their driver could not run); reading changes nothing."""
        now = self.flowing_now()
        return sum(
            1
            for deadline, _, woken in self._sleepers
            if since < deadline <= now and not woken.done()  # not cancelled meanwhile
        )

    @property
    def sleeping(self) -> int:
        """How many tasks sleep on the clock (entries of cancelled sleepers may be counted)."""
        return len(self._sleepers)

    def poke(self) -> None:
        """Ask the driver to re-plan (speed, pause or the time source changed)."""
        if self._wakeup is not None:
            self._wakeup.set()

    def _reanchor(self) -> None:
        self._anchor_sim = self.flowing_now()
        self._anchor_real = self._source()

    # -- waiting ------------------------------------------------------------
    async def sleep(self, seconds: float) -> None:
        await self.sleep_until(self.now() + seconds)

    async def sleep_until(self, deadline: float) -> None:
        if deadline <= self.now():
            await _zero_length_wait()
            return
        new_waiter = self._new_waiter
        if new_waiter is None:
            new_waiter = self._new_waiter = _waiter_maker()
        woken = new_waiter()
        heapq.heappush(self._sleepers, (deadline, next(self._order), woken))
        # The driver re-plans for a new earliest deadline; while paused it plans nothing (resume and
        # set_speed poke it), and a step wakes sleepers itself.
        if self._sleepers[0][2] is woken and not self._paused:
            self.poke()
        # If we are cancelled the entry stays in the heap, done (cancelled): it is passed over.
        await woken

    async def run(self) -> None:
        """Wake the sleepers as real time reaches their deadlines: instant after instant, each woken
        only once the tasks of the one before wait again, as on the virtual loop."""
        while True:
            self._wakeup = anyio.Event()
            if self._forwarding:  # resume pokes it as the fast-forward ends
                await self._wakeup.wait()
                continue
            await settle()
            now = self.flowing_now()
            if self._next_due(now + DUE_TOLERANCE):
                continue
            next_at = self._next_at()
            if next_at < math.inf and not self._paused:
                with anyio.move_on_after((next_at - now) / self._speed):
                    await self._wakeup.wait()
            else:
                await self._wakeup.wait()

    async def settled_instant(self) -> float:
        """Reach the instant real time has reached, once the day is at rest there; return it.

        Where a command takes effect (a key, the tour, a replayed log): after every wake-up due by
        then has happened and every task woken so far waits again, at the time flowing now. A day
        replayed on virtual time with the same commands at the same instants is the same day.
        """
        while True:
            await settle()
            at = max(self._instant, self.flowing_now())
            if self._next_due(at):  # the driver has not got there yet: do its work
                continue
            self._instant = at
            return at


class _Waiter(Protocol):
    """A sleeper's wake-up: an asyncio future, or on another backend (trio) a :class:`_EventWaiter`."""

    def done(self) -> bool: ...

    def set_result(self, result: None, /) -> None: ...

    def __await__(self) -> Generator[Any, None, None]: ...


class _EventWaiter:
    """A wake-up as an ``anyio.Event``, used as a future is: on a backend without asyncio futures."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = anyio.Event()

    def done(self) -> bool:
        """Set, or nobody waits for it any more (its sleeper was cancelled)."""
        return self._event.is_set() or not self._event.statistics().tasks_waiting

    def set_result(self, _result: None, /) -> None:
        self._event.set()

    def __await__(self) -> Generator[Any, None, None]:
        return self._event.wait().__await__()


def _waiter_maker() -> Callable[[], _Waiter]:
    """How the running loop makes a sleeper's wake-up: a bare future on asyncio (an ``anyio.Event`` is two
    objects more and a look-up of the backend per sleep: a sixth of a rewind's time), else an event."""
    loop = _running_asyncio_loop()
    return _EventWaiter if loop is None else loop.create_future


@types.coroutine
def _yield_to_loop() -> Generator[None, None, None]:
    """One turn of the asyncio loop for the current task (cancellable, as ``asyncio.sleep(0)``)."""
    yield


async def _backend_sleep(seconds: float) -> None:
    """A virtual clock's sleep off the virtual-time loop (trio with its mock clock): anyio's."""
    if seconds > 0:
        await anyio.sleep(seconds)
    else:
        await _zero_length_wait()


async def _zero_length_wait() -> None:
    """Both clocks' wait for a deadline already reached: a checkpoint, like ``anyio.sleep(0)``.

    So every wait on a clock is a checkpoint, whatever its length: a zero-length job (``order_time
    fixed:0``) ends after the tasks already due at its instant have run, as a job of any positive
    length would (burgers handed over at that instant are in hand before a zero-length order taken
    next is done); it can be cancelled; and staff with a long line of such jobs let the others run
    between them. Both clocks must agree here, or the dashboard and a headless run narrate one
    instant in different orders.
    """
    await anyio.lowlevel.checkpoint()


async def settle() -> None:
    """Return once nothing else is ready to run: every task waits (on time, an event or I/O).

    On asyncio: this task finds the loop's ready queue holding nothing but other tasks settling as it
    does (what was due with it, or was set going since, ran first). Elsewhere (trio): anyio's own test
    of the same. A loop never at rest (something yielding forever) ends the wait after
    :data:`MAX_SETTLE_TURNS` turns rather than hang the day.
    """
    loop = _running_asyncio_loop()
    if loop is None:
        await anyio.wait_all_tasks_blocked()
        return
    ready = ready_queue(loop)
    settling = _settling.get(loop)
    if settling is None:
        settling = _settling[loop] = _Settling()
    settling.tasks += 1
    try:
        await _yield_to_loop()
        for _ in range(MAX_SETTLE_TURNS):
            if len(ready) < settling.tasks:  # only the others settling are ready: at rest
                return
            await _yield_to_loop()
    finally:
        settling.tasks -= 1


class _Settling:
    """How many tasks of a loop are settling now: two settle at once (the clock's driver and a key), each
    ready while the other looks; neither counts the other as work."""

    __slots__ = ("tasks",)

    def __init__(self) -> None:
        self.tasks = 0


# By loop; read once a settle (a weak dictionary's look-up costs more than the settle's own turn).
_settling: WeakKeyDictionary[asyncio.AbstractEventLoop, _Settling] = WeakKeyDictionary()
MAX_SETTLE_TURNS = 10_000


def _running_asyncio_loop() -> asyncio.AbstractEventLoop | None:
    """The running asyncio loop, or ``None`` on another backend (trio)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _check_speed(speed: float) -> None:
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise ValueError(f"speed must be between {MIN_SPEED}x and {MAX_SPEED:g}x, got {speed:g}")
