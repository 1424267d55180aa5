"""Thousands of seeded random key presses and resizes on the dashboard, then the same invariants.

The app runs on a manual clock (``tests/helpers/driving.py``): time moves only between presses, so the
run is the same every time. ``b`` (blocks the loop 1.5 s by design), ``t`` (a real thread) and the
``c``/``h``/``e`` screens are left out of the thousands: they are tested on their own in ``tests/ui`` and
``tests/lessons``. The key storms at the end (Hypothesis) add compare and export, their results and
dialogs under resizes, where the storms of issue 25 crashed and froze the app.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st
from textual.pilot import Pilot

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.live import RUSH_SIZE, SPEEDS
from burger_tui.sim.model import Mode
from burger_tui.sim.restaurant import Listener, Restaurant
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.screens import compare as compare_screen
from burger_tui.ui.screens.compare import CompareScreen
from burger_tui.ui.screens.help import HelpScreen
from tests.helpers.days import on_each_day
from tests.helpers.driving import (
    advance,
    dashboard,
    make_app,
    quick_press,
    quick_resize,
    resize,
    settle,
    small_compare,
)
from tests.helpers.invariants import DayWatcher, check_drained, check_invariants
from tests.helpers.profiles import machine_settings
from tests.helpers.watchdog import answering_within

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
    app.dashboard.session.time_moved()
    for _ in range(QUICK_TURNS):
        await asyncio.sleep(0)


def watch_every_day(app: BurgerApp) -> list[DayWatcher]:
    """A :class:`DayWatcher` on each day the app opens, subscribed before its first couple."""
    watchers: list[DayWatcher] = []

    def a_watcher(restaurant: Restaurant) -> Sequence[Listener]:
        watchers.append(DayWatcher(restaurant))
        return [watchers[-1]]

    on_each_day(app, a_watcher)
    return watchers


def current(watchers: list[DayWatcher], app: BurgerApp) -> DayWatcher:
    assert len(watchers) == app.dashboard.session.days  # every day heard: the last is the day open
    return watchers[-1]


async def check_old_days_ended(watchers: list[DayWatcher], app: BurgerApp) -> None:
    """After a reset: a new day at work, and no task of any day before it alive."""
    await app.dashboard.session.wait_open()  # a second reset of the burst may still be opening its day
    assert len(watchers) == app.dashboard.session.days
    assert [w.restaurant.running for w in watchers[:-1]] == [False] * (len(watchers) - 1)
    assert app.dashboard.session.running


async def drain(pilot: Pilot[None], source: ManualTimeSource, watcher: DayWatcher) -> None:
    """Arrivals off, clock running at full speed, then quiet time until everyone has left (bounded)."""
    app = pilot.app
    assert isinstance(app, BurgerApp)
    session = app.dashboard.session
    if session.snapshot().auto_arrivals:
        await pilot.press("a")
    if session.snapshot().paused:
        await pilot.press("space")
    while session.snapshot().speed < SPEEDS[-1]:
        await pilot.press("right_square_bracket")
    for _ in range(DRAIN_STEPS):
        await quick_advance(app, source, 5.0)
        if not any(session.snapshot().by_phase.values()):  # nobody inside
            break
    await advance(pilot, source, 60)  # and a last minute at the pace of the other UI tests
    check_drained(watcher)


async def still_responsive(pilot: Pilot[None]) -> None:
    """Close whatever is open (escape, a few times at most), then a key still has its effect."""
    app = pilot.app
    assert isinstance(app, BurgerApp)
    assert app.is_running
    assert app.return_code is None
    await resize(pilot, 120, 40)
    for _ in range(len(app.screen_stack) + 2):
        if app.screen is app.dashboard:
            break
        await pilot.press("escape")
    assert app.screen is app.dashboard, app.screen_stack
    session = app.dashboard.session
    arrived = session.snapshot().stats.arrived
    await pilot.press("o")
    assert session.snapshot().stats.arrived == arrived + 1
    mode = session.snapshot().mode
    await pilot.press("m")
    assert session.snapshot().mode is mode.next()
    await pilot.press("question_mark")
    assert isinstance(app.screen, HelpScreen)
    await pilot.press("escape")
    assert not isinstance(app.screen, HelpScreen)


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
            day = app.dashboard.session.days
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
            # A reset: a new day, and nothing of the old one alive.
            if app.dashboard.session.days != day:
                await settle(pilot)
                await check_old_days_ended(watchers, app)
            await quick_advance(app, source, rng.choice((0.0, 0.5, 2.0, 5.0)))
            if burst % CHECK_EVERY == 0:
                await settle(pilot)
                check_invariants(current(watchers, app))
        await still_responsive(pilot)
        await drain(pilot, source, current(watchers, app))
        for old in watchers[:-1]:
            assert not old.restaurant.running
            check_invariants(old)
    assert counts["keys"] >= 1800, counts
    assert counts["resizes"] >= 30, counts
    assert len(watchers) >= 10, (len(watchers), counts)
    assert counts["help"] >= 20, (len(watchers), counts)
    assert sum(w.restaurant.stats.arrived for w in watchers) >= 20 * RUSH_SIZE


async def test_keys_pressed_right_after_a_reset_reach_the_new_day() -> None:
    """Regression: a key in the same burst as ``r`` reached a restaurant not yet open, and the
    app crashed (RuntimeError: the restaurant is not open yet). Found by the test above."""
    app, source = make_app(mode=Mode.PARALLEL, cooks=2)
    watchers = watch_every_day(app)
    async with dashboard(app, size=(120, 40)) as pilot:
        session = app.dashboard.session
        await pilot.press("O")
        await quick_press(pilot, "r", "o", "m", "plus", "r", "O", "minus")
        await settle(pilot)
        assert session.days == 3  # both resets
        await check_old_days_ended(watchers, app)
        snapshot = session.snapshot()
        assert snapshot.stats.arrived == RUSH_SIZE  # the "O" after the second reset
        # A new day keeps the model and cooks chosen live.
        assert snapshot.mode is Mode.HYBRID
        assert snapshot.cooks == 2  # 2 + 1, then - 1 after the reset
        await advance(pilot, source, 5)
        assert session.running


# -- key storms (Hypothesis) ---------------------------------------------------------------------
# Every key of the dashboard and its screens but quit and the lessons that take real time (b, t, h):
# compare and export included, and enter (export's dialog writes into a temporary folder).
STORM_KEYS = [key for key, _ in KEYS] + ["c", "e", "enter", "p", "n", "g"]
STORM_SIZES = [*SIZES, (110, 40)]  # 120x40 -> 110x40: the resize that ended compare's results
MAX_STORM_STEPS = 30
STORM_SHARE = 20  # one storm per 20 of the profile's examples: a storm starts the whole app (about a second)
STORM_BOUND_S = 120  # a storm takes seconds: past this the app is frozen or waiting forever


@dataclass(frozen=True)
class Keys:
    keys: tuple[str, ...]  # back to back, as from a user mashing the keyboard


@dataclass(frozen=True)
class Resize:
    size: tuple[int, int]


@dataclass(frozen=True)
class Wait:
    seconds: float  # real time, on the manual clock


@dataclass(frozen=True)
class FinishCompare:
    """Compare's worker runs on real time: wait until its results are on screen (if compare is open)."""


Step = Keys | Resize | Wait | FinishCompare
steps = st.lists(
    st.one_of(
        st.lists(st.sampled_from(STORM_KEYS), min_size=1, max_size=MAX_BURST).map(lambda k: Keys(tuple(k))),
        st.sampled_from(STORM_SIZES).map(Resize),
        st.sampled_from((0.5, 2.0, 5.0, 30.0)).map(Wait),
        st.just(FinishCompare()),
    ),
    min_size=1,
    max_size=MAX_STORM_STEPS,
)


async def play(pilot: Pilot[None], source: ManualTimeSource, watchers: list[DayWatcher], step: Step) -> None:
    app = pilot.app
    assert isinstance(app, BurgerApp)
    if isinstance(step, Keys):
        day = app.dashboard.session.days
        await quick_press(pilot, *step.keys)
        if app.dashboard.session.days != day:  # reset: nothing of the old days alive
            await settle(pilot)
            await check_old_days_ended(watchers, app)
    elif isinstance(step, Resize):
        await quick_resize(pilot, *step.size)
    elif isinstance(step, Wait):
        await quick_advance(app, source, step.seconds)
    elif isinstance(app.screen, CompareScreen):
        screen = app.screen
        await pilot.pause()  # its worker starts as the screen mounts
        computing = [w for w in app.workers if w.node is screen]
        if computing:  # (an empty list would wait for every worker of the app, the days' too)
            await app.workers.wait_for_complete(computing)
            await pilot.pause()
        assert screen.has_class("-done") or not screen.is_current


async def storm(storm_steps: list[Step]) -> None:
    app, source = make_app(
        mode=Mode.CONCURRENT, cooks=2, seed=5, auto=True, speed=4.0, fps=0.5, loop_lag_meter=False
    )
    watchers = watch_every_day(app)
    async with dashboard(app, size=(120, 40)) as pilot:
        for step in storm_steps:
            await play(pilot, source, watchers, step)
            assert app.is_running, step
            assert app.return_code is None, step
        await settle(pilot)
        await still_responsive(pilot)
        await settle(pilot)
        for watcher in watchers:  # exactly once: served once or still inside, on every day
            check_invariants(watcher)
        assert [w.restaurant.running for w in watchers] == [False] * (len(watchers) - 1) + [True]


def storm_settings() -> settings:
    """The profile's settings, with a storm per ``STORM_SHARE`` of its examples (3 at least)."""
    profile = machine_settings()
    return settings(profile, max_examples=max(3, profile.max_examples // STORM_SHARE))


@storm_settings()
@given(steps)
@example([Keys(("c",)), FinishCompare(), Resize((110, 40))])  # issue 25: compare's results, then a resize
@example([Keys(("e", "enter", "enter"))])  # issue 25: export's dialog submitted twice
def test_key_storms_at_any_size_leave_the_app_alive_responsive_and_exactly_once(
    storm_steps: list[Step],
) -> None:
    """Random keys, resizes between them, time passing, compare's results arriving: the app never ends or
    freezes, still answers keys, and every couple of every day is served once or still inside."""
    with (
        tempfile.TemporaryDirectory() as folder,
        contextlib.chdir(folder),  # export's dialog writes where it is told, here by default
        mock.patch.object(compare_screen, "compare", small_compare),
        answering_within(STORM_BOUND_S),
    ):
        asyncio.run(storm(storm_steps))
