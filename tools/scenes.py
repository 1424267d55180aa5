"""Seeded scenes of the dashboard, shared by the snapshot tests and ``python -m tools.screenshots``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.ui.app import BurgerApp
from tools.driving import advance

Script = Callable[[Pilot[None]], Awaitable[None]]

SCENE_SEED = 7


def seeded_app(
    mode: Mode, *, loop_lag_meter: bool = False, ascii_only: bool = False
) -> tuple[BurgerApp, ManualTimeSource]:
    """The dashboard of a seeded day, auto arrivals on, at 1x, on a clock that moves only when told."""
    source = ManualTimeSource()
    app = BurgerApp(
        RestaurantConfig(mode=mode, seed=SCENE_SEED),
        speed=1.0,
        time_source=source,
        loop_lag_meter=loop_lag_meter,
        ascii_only=ascii_only,
    )
    return app, source


def mid_rush(
    mode: Mode, seconds: float = 150, *, loop_lag_meter: bool = False, ascii_only: bool = False
) -> tuple[BurgerApp, Script]:
    """The screen a rush of ten couples later: a seeded day, auto arrivals on, at 1x."""
    app, source = seeded_app(mode, loop_lag_meter=loop_lag_meter, ascii_only=ascii_only)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("O")
        await advance(pilot, source, seconds, step=1.0)
        app.clear_notifications()
        app.dashboard.frame()

    return app, run_before


def lanes_of_both_models(*, ascii_only: bool = False) -> tuple[BurgerApp, Script]:
    """Who ran when (``w``) in the story's two halves: a rush in Concurrent Burgers, four minutes later a
    switch to Parallel Burgers (``m``) and a second rush, and two minutes of it."""
    app, source = seeded_app(Mode.CONCURRENT, ascii_only=ascii_only)

    async def then_lanes(pilot: Pilot[None]) -> None:
        await pilot.press("O")
        await advance(pilot, source, 240, step=1.0)
        await pilot.press("m", "O")
        await advance(pilot, source, 120, step=1.0)
        app.clear_notifications()
        await pilot.press("w")
        await pilot.pause()

    return app, then_lanes
