"""Seeded scenes of the dashboard, shared by the snapshot tests and ``python -m tools.screenshots``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import anyio
from textual.pilot import Pilot

from burger_tui.session import DaySession
from burger_tui.sim.clock import ManualTimeSource, VirtualClock
from burger_tui.sim.live import DaySettings
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.ui.app import BurgerApp
from tools.driving import advance

Script = Callable[[Pilot[None]], Awaitable[None]]

SCENE_SEED = 7


def seeded_app(
    mode: Mode, *, loop_lag_meter: bool = False, ascii_only: bool = False, projector: bool = False
) -> tuple[BurgerApp, ManualTimeSource]:
    """The dashboard of a seeded day, auto arrivals on, at 1x, on a clock that moves only when told."""
    source = ManualTimeSource()
    app = BurgerApp(
        RestaurantConfig(mode=mode, seed=SCENE_SEED),
        speed=1.0,
        time_source=source,
        loop_lag_meter=loop_lag_meter,
        ascii_only=ascii_only,
        projector=projector,
    )
    return app, source


def forget_the_notices(app: BurgerApp) -> None:
    """The notices shown go: they stay a few seconds of real time, which a scripted day's clock does not
    follow (on a busy machine the rush's notice was gone by the end of the script, else still shown)."""
    app.clear_notifications()
    if (caption := app.dashboard.caption) is not None:
        caption.clear_all()


def mid_rush(
    mode: Mode,
    seconds: float = 150,
    *,
    loop_lag_meter: bool = False,
    ascii_only: bool = False,
    projector: bool = False,
) -> tuple[BurgerApp, Script]:
    """The screen a rush of ten couples later: a seeded day, auto arrivals on, at 1x."""
    app, source = seeded_app(mode, loop_lag_meter=loop_lag_meter, ascii_only=ascii_only, projector=projector)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("O")
        await advance(pilot, source, seconds, step=1.0)
        forget_the_notices(app)
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
        forget_the_notices(app)
        await pilot.press("w")
        await pilot.pause()

    return app, then_lanes


async def a_recorded_day(folder: Path) -> Path:
    """A seeded day's export (its JSON: settings, seed, every key at its instant), for ``timeline``: a rush in
    Concurrent Burgers, four minutes later a switch to Parallel Burgers and a second rush, five minutes on.
    Run it on the virtual-time loop (:func:`~burger_tui.sim.virtual_loop.run_virtual`)."""
    session = DaySession(DaySettings(RestaurantConfig(seed=0)), clock=lambda _settings: VirtualClock())
    async with anyio.create_task_group() as days:
        await days.start(session.run)
        await session.rush()
        await session.clock.sleep(240)
        await session.switch_to(Mode.PARALLEL)
        await session.rush()
        await session.clock.sleep(300)
        exported = session.export_to(f"{folder}/")
        session.close()
        days.cancel_scope.cancel()
    assert exported.title == "Exported", exported.text
    return folder / f"{session.export_name}.json"
