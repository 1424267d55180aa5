"""Every user action, in any order: Hypothesis plays the dashboard's commands against the restaurant.

The restaurant runs on a :class:`RealClock` (so pause, resume and speed are the real thing) whose
"real" time source is the virtual loop's own clock: the machine's rules advance that loop, so a
day of presses runs in milliseconds and every example is deterministic. One loop per example;
the day runs as a background task on it and each rule runs a short coroutine to completion.

Examples per run come from the Hypothesis profile (``ci`` by default, ``HYPOTHESIS_PROFILE=deep``
for nightly runs; see ``conftest.py``).
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable

import anyio
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sim.helpers import restaurant_config

from burger_tui.sim.clock import RealClock
from burger_tui.sim.model import MAX_COOKS, Mode
from burger_tui.sim.restaurant import Restaurant
from burger_tui.sim.virtual_loop import VirtualTimeEventLoop
from burger_tui.ui.app import RUSH_SIZE, SPEEDS

from .conftest import machine_settings
from .invariants import DayWatcher, check_drained, check_invariants

SETTLE_TURNS = 50  # loop turns for every hand-off woken so far to run (a chain is a handful long)
QUIET_SIM_S = 6 * 3600.0  # far longer than the longest backlog a run can build


async def settle() -> None:
    for _ in range(SETTLE_TURNS):
        await asyncio.sleep(0)


class RestaurantMachine(RuleBasedStateMachine):
    """What the dashboard's keys do, as rules; the invariants after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.loop = VirtualTimeEventLoop()
        self.speed = 1.0
        self.auto = True
        self.day: asyncio.Task[None] | None = None
        self.days = 0
        self.run(self._open_day())

    # -- driving the loop ---------------------------------------------------------------
    def run(self, coro: object) -> None:
        self.loop.run_until_complete(coro)  # type: ignore[arg-type]
        if self.day is not None and self.day.done():
            self.day.result()  # an actor failed: raise it here
            raise AssertionError("the day ended on its own")

    async def _open_day(self) -> None:
        """A new day, same seed, as the dashboard's reset does: a new clock and restaurant."""
        self.clock = RealClock(self.speed, time_source=asyncio.get_running_loop().time)
        config = restaurant_config(
            Mode.CONCURRENT,
            cooks=3,
            arrival_rate_per_min=3.0,
            order_time="uniform:3:12",
            cook_time="exp:40",
            eat_time="uniform:20:60",
            seed=11,
        )
        self.restaurant = Restaurant(config, self.clock, auto_arrivals=self.auto)
        self.watcher = DayWatcher(self.restaurant)
        started = anyio.Event()
        restaurant = self.restaurant

        async def day() -> None:
            async with anyio.create_task_group() as tg:
                await tg.start(restaurant.run)
                started.set()

        self.day = asyncio.get_running_loop().create_task(day(), name=f"day {self.days}")
        self.days += 1
        await started.wait()
        await settle()

    async def _close_day(self) -> None:
        assert self.day is not None
        day, self.day = self.day, None
        day.cancel()
        await asyncio.gather(day, return_exceptions=True)

    def teardown(self) -> None:
        try:
            if self.day is not None and not self.day.done():
                self.drain()
                self.run(self._close_day())
        finally:
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()

    def command(self, do: Callable[[], object]) -> None:
        """Run a key's command on the loop (as the dashboard does), then let its effects play out."""

        async def press() -> None:
            do()
            await settle()

        self.run(press())

    async def _advance(self, seconds: float) -> None:
        await anyio.sleep(seconds)
        await settle()

    # -- the dashboard's commands ------------------------------------------------------------
    @rule()
    def add_order(self) -> None:
        self.command(self.restaurant.add_couple)

    @rule()
    def rush(self) -> None:
        for _ in range(RUSH_SIZE):
            self.command(self.restaurant.add_couple)

    @rule()
    def toggle_model(self) -> None:
        self.command(lambda: self.restaurant.switch_mode(self.restaurant.mode.next()))

    @precondition(lambda self: self.restaurant.cooks < MAX_COOKS)
    @rule()
    def more_cooks(self) -> None:
        self.command(lambda: self.restaurant.set_cooks(self.restaurant.cooks + 1))

    @precondition(lambda self: self.restaurant.cooks > 1)
    @rule()
    def fewer_cooks(self) -> None:
        self.command(lambda: self.restaurant.set_cooks(self.restaurant.cooks - 1))

    @rule()
    def pause(self) -> None:
        frozen = self.clock.now()
        self.command(self.clock.pause)
        self.run(self._advance(30))
        assert self.clock.now() == frozen  # nothing moves while paused

    @rule()
    def resume(self) -> None:
        self.command(self.clock.resume)

    @rule(speed=st.sampled_from(SPEEDS))
    def change_speed(self, speed: float) -> None:
        self.speed = speed
        self.command(lambda: self.clock.set_speed(speed))

    @rule()
    def toggle_auto(self) -> None:
        self.auto = not self.restaurant.auto_arrivals
        self.command(lambda: self.restaurant.set_auto_arrivals(self.auto))

    @rule(seconds=st.floats(0.05, 240, allow_nan=False))
    def advance(self, seconds: float) -> None:
        before = self.clock.now()
        self.run(self._advance(seconds))
        expected = 0.0 if self.clock.paused else seconds * self.clock.speed
        assert math.isclose(self.clock.now() - before, expected, rel_tol=1e-9, abs_tol=1e-6)

    @rule()
    def reset(self) -> None:
        """A new day, same seed; no task of the old day survives it."""
        old = self.restaurant
        this_task = {asyncio.current_task(self.loop)}
        old_tasks = asyncio.all_tasks(self.loop) - this_task
        assert old.running
        self.run(self._close_day())
        assert not old.running
        assert [t for t in old_tasks if not t.done()] == []
        self.run(self._open_day())
        assert self.restaurant is not old and self.restaurant.running
        assert self.restaurant.stats.arrived == 0
        assert self.restaurant.mode is old.config.mode and self.restaurant.config.seed == old.config.seed

    @rule()
    def drain(self) -> None:
        """Arrivals off and the clock running, then a long quiet time: everyone served and gone."""
        self.auto = False
        self.command(lambda: self.restaurant.set_auto_arrivals(False))
        self.command(self.clock.resume)
        self.run(self._advance(QUIET_SIM_S / self.clock.speed))
        check_drained(self.watcher)

    # -- after every step -----------------------------------------------------------------
    @invariant()
    def nobody_lost_nobody_twice(self) -> None:
        assert self.restaurant.running
        check_invariants(self.watcher)


RestaurantMachine.TestCase.settings = machine_settings()
TestRestaurantMachine = RestaurantMachine.TestCase
