"""Thousands of seeded random key presses and resizes on the dashboard, then the same invariants.

The app runs on a manual clock (``tests/helpers/driving.py``): time moves only between presses, so the
run is the same every time. ``b`` (blocks the loop 1.5 s by design), ``t`` (a real thread) and the
``c``/``h``/``e`` screens are left out: they are tested on their own in ``tests/ui`` and
``tests/lessons``.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence

from textual.pilot import Pilot

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.live import RUSH_SIZE, SPEEDS
from burger_tui.sim.model import Mode
from burger_tui.sim.restaurant import Listener, Restaurant
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.screens.help import HelpScreen
from tests.helpers.driving import advance, dashboard, make_app, quick_press, quick_resize, settle
from tests.helpers.invariants import DayWatcher, check_drained, check_invariants

SEED = 20_240_501
BURSTS = 420
MAX_BURST = 8  # keys pressed back to back (4.5 on average: about 1900 keys in all)
CHECK_EVERY = 20  # bursts between invariant checks (they walk every couple of the day)
FULL_PRESS_EVERY = 25  # then one key goes through Pilot.press, with its real-time idle waits
DRAIN_STEPS = 5000  # of 5 real seconds at 16x: 111 simulated hours, far more than any backlog
QUICK_TURNS = 10  # loop turns after moving the clock: the restaurant reacts before the next key
# (key, weight): the dashboard's keys, except quit and the lessons' screens.
KEYS = [
    ("o", 12),
    ("O", 2),
    ("m", 6),
    ("plus", 5),
    ("minus", 5),
    ("space", 5),
    ("right_square_bracket", 4),
    ("left_square_bracket", 4),
    ("a", 3),
    ("r", 1),
    ("question_mark", 1),
    ("escape", 4),
]
SIZES = [(80, 24), (200, 60), (120, 40), (60, 20), (59, 19), (40, 12), (20, 6), (1, 1)]
RESIZE_SHARE = 0.1  # of bursts that start with a resize


async def quick_advance(app: BurgerApp, source: ManualTimeSource, seconds: float) -> None:
    """Move real time forward and let the restaurant react, without forcing a repaint."""
    source.advance(seconds)
    app.dashboard.live.clock.poke()
    for _ in range(QUICK_TURNS):
        await asyncio.sleep(0)


def watch_every_day(app: BurgerApp) -> list[DayWatcher]:
    """A :class:`DayWatcher` on each day the app opens, subscribed before its first couple."""
    watchers: list[DayWatcher] = []
    live = app.dashboard.live
    dashboard_listeners = live.day_listeners

    def and_a_watcher(restaurant: Restaurant) -> Sequence[Listener]:
        watchers.append(DayWatcher(restaurant))
        return [*dashboard_listeners(restaurant), watchers[-1]]

    live.day_listeners = and_a_watcher
    return watchers


def current(watchers: list[DayWatcher], app: BurgerApp) -> DayWatcher:
    assert watchers[-1].restaurant is app.dashboard.live.restaurant
    return watchers[-1]


async def drain(pilot: Pilot[None], source: ManualTimeSource, watcher: DayWatcher) -> None:
    """Arrivals off, clock running at full speed, then quiet time until everyone has left (bounded)."""
    app = pilot.app
    assert isinstance(app, BurgerApp)
    if app.dashboard.live.restaurant.auto_arrivals:
        await pilot.press("a")
    if app.dashboard.live.clock.paused:
        await pilot.press("space")
    while app.dashboard.live.clock.speed < SPEEDS[-1]:
        await pilot.press("right_square_bracket")
    for _ in range(DRAIN_STEPS):
        await quick_advance(app, source, 5.0)
        if not app.dashboard.live.restaurant.present:
            break
    await advance(pilot, source, 60)  # and a last minute at the pace of the other UI tests
    check_drained(watcher)


async def test_thousands_of_random_keys_lose_nobody() -> None:
    rng = random.Random(SEED)
    keys, weights = zip(*KEYS, strict=True)
    # Frames on key presses only (every command repaints at once); the real-time frame timer and
    # the loop-lag meter would repaint on the wall clock, which this test does not control.
    app, source = make_app(
        mode=Mode.CONCURRENT, cooks=3, seed=3, auto=True, speed=4.0, fps=0.5, loop_lag_meter=False
    )
    watchers = watch_every_day(app)
    counts = {"keys": 0, "resizes": 0, "help": 0}
    async with dashboard(app, size=(120, 40)) as pilot:
        for burst in range(1, BURSTS + 1):
            day: Restaurant = app.dashboard.live.restaurant
            if rng.random() < RESIZE_SHARE:
                await quick_resize(pilot, *rng.choice(SIZES))
                counts["resizes"] += 1
            # A burst of keys with no time between them, as from a user mashing the keyboard.
            burst_keys = rng.choices(keys, weights, k=rng.randint(1, MAX_BURST))
            if burst % FULL_PRESS_EVERY:
                await quick_press(pilot, *burst_keys)
            else:
                burst_keys = burst_keys[:1]
                await pilot.press(*burst_keys)
            counts["keys"] += len(burst_keys)
            counts["help"] += isinstance(app.screen, HelpScreen)
            if app.dashboard.live.restaurant is not day:  # reset: a new day, and nothing of the old one alive
                await settle(pilot)
                assert not day.running
            await quick_advance(app, source, rng.choice((0.0, 0.5, 2.0, 5.0)))
            if burst % CHECK_EVERY == 0:
                await settle(pilot)
                check_invariants(current(watchers, app))
        # Still responsive: close whatever is open, and a key still has its effect.
        await pilot.resize_terminal(120, 40)
        while app.screen is not app.dashboard:
            await pilot.press("escape")
        arrived = app.dashboard.live.restaurant.stats.arrived
        await pilot.press("o")
        assert app.dashboard.live.restaurant.stats.arrived == arrived + 1
        mode = app.dashboard.live.restaurant.mode
        await pilot.press("m")
        assert app.dashboard.live.restaurant.mode is mode.next()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await drain(pilot, source, current(watchers, app))
        for old in watchers[:-1]:
            assert not old.restaurant.running
            check_invariants(old)
    assert counts["keys"] >= 1800 and counts["resizes"] >= 30, counts
    assert len(watchers) >= 10 and counts["help"] >= 20, (len(watchers), counts)
    assert sum(w.restaurant.stats.arrived for w in watchers) >= 20 * RUSH_SIZE


async def test_keys_pressed_right_after_a_reset_reach_the_new_day() -> None:
    """Regression: a key in the same burst as ``r`` reached a restaurant not yet open, and the
    app crashed (RuntimeError: the restaurant is not open yet). Found by the test above."""
    app, source = make_app(mode=Mode.PARALLEL, cooks=2)
    async with dashboard(app, size=(120, 40)) as pilot:
        await pilot.press("O")
        first = app.dashboard.live.restaurant
        await quick_press(pilot, "r", "o", "m", "plus", "r", "O", "minus")
        await settle(pilot)
        assert not first.running
        assert app.dashboard.live.restaurant is not first and app.dashboard.live.restaurant.running
        assert app.dashboard.live.restaurant.stats.arrived == RUSH_SIZE  # the "O" after the second reset
        # A new day keeps the model and cooks chosen live.
        assert app.dashboard.live.restaurant.mode is Mode.HYBRID
        assert app.dashboard.live.restaurant.cooks == 2  # 2 + 1, then - 1 after the reset
        await advance(pilot, source, 5)
        assert app.dashboard.live.restaurant.running
