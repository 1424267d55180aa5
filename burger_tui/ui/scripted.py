"""Driving the dashboard from a script on a clock that moves only when told.

Used by the screenshots command and the tests: the app gets a
:class:`~burger_tui.sim.clock.ManualTimeSource` as its real time, and the script advances it in
steps, letting the restaurant react at each. Every visible value then comes from the seeded
simulation, so the same script gives the same screen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.ui.app import BurgerApp

SETTLE_TURNS = 6  # loop turns for a chain of hand-offs (clock -> cook -> display -> couple) to finish


async def settle(pilot: Pilot[None]) -> None:
    """Let every task woken so far run until it waits again."""
    for _ in range(SETTLE_TURNS):
        await asyncio.sleep(0)
    await pilot.pause()


async def advance(pilot: Pilot[None], source: ManualTimeSource, seconds: float, step: float = 1.0) -> None:
    """Move real time forward in steps of ``step`` seconds, letting the restaurant react at each."""
    app = pilot.app
    assert isinstance(app, BurgerApp)
    moved = 0.0
    while moved < seconds:
        delta = min(step, seconds - moved)
        source.advance(delta)
        moved += delta
        app.clock.poke()
        await settle(pilot)
    app.frame()


Script = Callable[[Pilot[None]], Awaitable[None]]

SCENE_SEED = 7


def mid_rush(mode: Mode, seconds: float = 150, *, loop_lag_meter: bool = False) -> tuple[BurgerApp, Script]:
    """The screen a rush of ten couples later: a seeded day, auto arrivals on, at 1x."""
    source = ManualTimeSource()
    app = BurgerApp(
        RestaurantConfig(mode=mode, seed=SCENE_SEED),
        speed=1.0,
        time_source=source,
        loop_lag_meter=loop_lag_meter,
    )

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("O")
        await advance(pilot, source, seconds, step=1.0)
        app.clear_notifications()
        app.frame()

    return app, run_before
