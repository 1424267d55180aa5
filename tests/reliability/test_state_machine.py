"""Every user action, in any order: Hypothesis plays the dashboard's commands against the restaurant.

The rules call the same commands as the dashboard's keys, export and tour included
(:class:`~burger_tui.session.DaySession`),
on a :class:`RealClock` (so pause, resume and speed are the real thing) whose "real" time source is
the virtual loop's own clock: the machine's rules advance that loop, so a day of presses runs in
milliseconds and every example is deterministic. One loop per example; the days run as a background
task on it and each rule runs a short coroutine to completion.

Examples per run come from the Hypothesis profile (``ci`` by default, ``HYPOTHESIS_PROFILE=deep``
for nightly runs; see ``tests/helpers/profiles.py``).
"""

from __future__ import annotations

import asyncio
import csv
import json
import math
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from burger_tui.session import TOUR_RESUMES, TOUR_TITLE, DaySession
from burger_tui.sim.live import RUSH_SIZE, SPEEDS, DaySettings, Outcome
from burger_tui.sim.model import MAX_COOKS, Mode
from burger_tui.sim.restaurant import Listener, Restaurant
from burger_tui.sim.virtual_loop import VirtualTimeEventLoop
from tests.helpers.invariants import DayWatcher, check_drained, check_invariants
from tests.helpers.profiles import machine_settings
from tests.helpers.sim import restaurant_config

SETTLE_TURNS = 50  # loop turns for every hand-off woken so far to run (a chain is a handful long)
DRAIN_STEP_S = 600.0  # simulated seconds between checks while draining
# Draining may take: an hour, plus ten minutes per couple inside (15x the mean cooking time, as if one
# cook served them one by one). A backlog that does not clear in that time is somebody waiting forever.
DRAIN_BASE_S = 3600.0
DRAIN_PER_COUPLE_S = 600.0


async def settle() -> None:
    for _ in range(SETTLE_TURNS):
        await asyncio.sleep(0)


class RestaurantMachine(RuleBasedStateMachine):
    """The dashboard's commands, as rules; the invariants after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.loop = VirtualTimeEventLoop()
        self.watchers: list[DayWatcher] = []
        config = restaurant_config(
            Mode.CONCURRENT,
            cooks=3,
            arrival_rate_per_min=3.0,
            order_time="uniform:3:12",
            cook_time="exp:40",
            eat_time="uniform:20:60",
            seed=11,
        )
        self.live = DaySession(
            DaySettings(config, speed=1.0), time_source=self.loop.time, also_listening=self._watch
        )
        self.days = self.loop.create_task(self.live.run(), name="days")
        self.run(self.live.wait_open())

    def _watch(self, restaurant: Restaurant) -> Sequence[Listener]:
        self.watchers.append(DayWatcher(restaurant))
        return [self.watchers[-1]]

    @property
    def watcher(self) -> DayWatcher:
        return self.watchers[-1]

    @property
    def restaurant(self) -> Restaurant:
        """The day's restaurant, as its watcher heard it open (the invariants read it)."""
        return self.watcher.restaurant

    # -- driving the loop ---------------------------------------------------------------
    def run(self, coro: object) -> None:
        self.loop.run_until_complete(coro)  # type: ignore[arg-type]
        if self.days.done():
            self.days.result()  # an actor failed: raise it here
            raise AssertionError("the days ended on their own")

    def teardown(self) -> None:
        try:
            if not self.days.done():
                self.drain()
                self.days.cancel()
                self.loop.run_until_complete(asyncio.gather(self.days, return_exceptions=True))
                assert not self.restaurant.running
        finally:
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()

    def command(self, do: Callable[[], Awaitable[Outcome]]) -> Outcome:
        """Run a key's command on the loop (as the dashboard does), then let its effects play out."""
        outcomes: list[Outcome] = []

        async def press() -> None:
            outcomes.append(await do())
            await settle()

        self.run(press())
        return outcomes[0]

    def advance_by(self, seconds: float) -> None:
        async def wait() -> None:
            await asyncio.sleep(seconds)
            await settle()

        self.run(wait())

    # -- the dashboard's commands ------------------------------------------------------------
    @rule()
    def add_order(self) -> None:
        arrived = self.restaurant.stats.arrived
        self.command(self.live.add_order)
        assert self.restaurant.stats.arrived == arrived + 1

    @rule()
    def rush(self) -> None:
        arrived = self.restaurant.stats.arrived
        self.command(self.live.rush)
        assert self.restaurant.stats.arrived == arrived + RUSH_SIZE

    @rule()
    def next_model(self) -> None:
        before = self.restaurant.mode
        self.command(self.live.next_model)
        assert self.restaurant.mode is before.next()

    @rule()
    def more_cooks(self) -> None:
        before = self.restaurant.cooks
        outcome = self.command(self.live.more_cooks)
        assert outcome.refused == (before == MAX_COOKS)
        assert self.restaurant.cooks == min(MAX_COOKS, before + 1)

    @rule()
    def fewer_cooks(self) -> None:
        before = self.restaurant.cooks
        outcome = self.command(self.live.fewer_cooks)
        assert outcome.refused == (before == 1)
        assert self.restaurant.cooks == max(1, before - 1)

    @rule()
    def toggle_pause(self) -> None:
        was_paused = self.live.snapshot().paused
        self.command(self.live.toggle_pause)
        assert self.live.snapshot().paused is not was_paused
        if not was_paused:
            frozen = self.live.shown_time()
            self.advance_by(30)
            assert self.live.shown_time() == frozen  # nothing moves while paused

    @rule()
    def faster(self) -> None:
        before = self.live.snapshot().speed
        outcome = self.command(self.live.faster)
        higher = [s for s in SPEEDS if s > before]
        assert outcome.refused == (not higher)
        assert self.live.snapshot().speed == (higher[0] if higher else before)

    @rule()
    def slower(self) -> None:
        before = self.live.snapshot().speed
        outcome = self.command(self.live.slower)
        lower = [s for s in SPEEDS if s < before]
        assert outcome.refused == (not lower)
        assert self.live.snapshot().speed == (lower[-1] if lower else before)

    @rule()
    def toggle_auto(self) -> None:
        before = self.restaurant.auto_arrivals
        self.command(self.live.toggle_auto)
        assert self.restaurant.auto_arrivals is not before

    @rule(seconds=st.floats(0.05, 240, allow_nan=False))
    def advance(self, seconds: float) -> None:
        before = self.live.snapshot()
        self.advance_by(seconds)
        expected = 0.0 if before.paused else seconds * before.speed
        assert math.isclose(self.live.shown_time() - before.now, expected, rel_tol=1e-9, abs_tol=1e-6)

    @rule()
    def export(self) -> None:
        """The day so far to files: every couple who came in, a row each, and the statistics beside."""
        arrived = self.restaurant.stats.arrived
        with tempfile.TemporaryDirectory() as folder:
            outcome = self.live.export_to(folder + "/")
            assert outcome.title == "Exported", outcome.text
            name = self.live.export_name
            with open(Path(folder, f"{name}.csv"), newline="", encoding="utf-8") as rows:
                couples = [int(row["couple"]) for row in csv.DictReader(rows)]
            stats = json.loads(Path(folder, f"{name}.json").read_text(encoding="utf-8"))
        assert sorted(couples) == list(range(1, arrived + 1))  # each once, none lost
        assert stats["config"]["customers"] == arrived

    @rule()
    def tour(self) -> None:
        """The guided tour, played to its end: its stops' captions in order, Concurrent first."""
        shown: list[Outcome] = []

        async def play() -> None:
            await self.live.play_tour(shown.append)
            await settle()

        was_paused = self.live.snapshot().paused
        self.run(play())
        captions = [o.text or "" for o in shown if o.title == TOUR_TITLE]
        # Started paused, the tour resumes the day first (or it would never move), and says so.
        assert [o.text for o in shown if o.text == TOUR_RESUMES] == ([TOUR_RESUMES] if was_paused else [])
        assert not self.live.snapshot().paused
        assert [c.split(":", 1)[0] for c in captions] == [f"[b]Tour {n}/5" for n in range(1, 6)]
        assert self.restaurant.mode is Mode.HYBRID  # concurrent, parallel, then hybrid

    @rule()
    def reset(self) -> None:
        """A new day, same seed and the settings of the moment; no task of the old day survives it."""
        old, old_speed = self.restaurant, self.live.snapshot().speed
        others = {asyncio.current_task(self.loop), self.days}
        old_tasks = asyncio.all_tasks(self.loop) - others
        assert old.running

        async def reset() -> None:
            await self.live.reset()
            await settle()

        self.run(reset())
        assert not old.running
        assert [t for t in old_tasks if not t.done()] == []
        new = self.restaurant
        assert new is not old
        assert new.running
        assert new.stats.arrived == (1 if old.auto_arrivals else 0)  # with arrivals on, you walk in first
        assert (new.mode, new.cooks, new.auto_arrivals) == (old.mode, old.cooks, old.auto_arrivals)
        assert new.config.seed == old.config.seed
        assert self.live.snapshot().speed == old_speed
        assert not self.live.snapshot().paused

    @rule()
    def drain(self) -> None:
        """Arrivals off, the clock running: everyone served and gone within a bound set by the backlog."""
        if self.restaurant.auto_arrivals:
            self.command(self.live.toggle_auto)
        if self.live.snapshot().paused:
            self.command(self.live.toggle_pause)
        speed = self.live.snapshot().speed
        budget = DRAIN_BASE_S + DRAIN_PER_COUPLE_S * len(self.restaurant.present)
        deadline = self.live.shown_time() + budget
        while self.restaurant.present and self.live.shown_time() < deadline:
            self.advance_by(DRAIN_STEP_S / speed)
        self.advance_by(DRAIN_STEP_S / speed)  # the last couple's staff go back to idle
        check_drained(self.watcher)

    # -- after every step -----------------------------------------------------------------
    @invariant()
    def nobody_lost_nobody_twice(self) -> None:
        assert self.restaurant.running
        check_invariants(self.watcher)


RestaurantMachine.TestCase.settings = machine_settings()
TestRestaurantMachine = RestaurantMachine.TestCase
