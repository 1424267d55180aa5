"""Driving the dashboard on a clock that moves only when a test says so."""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.model import RestaurantConfig
from burger_tui.ui.app import BurgerApp


def make_app(
    *, auto: bool = False, speed: float = 1.0, ascii_only: bool = False, **config: object
) -> tuple[BurgerApp, ManualTimeSource]:
    """A dashboard whose real time is a :class:`ManualTimeSource`: it moves only in ``advance``."""
    source = ManualTimeSource()
    app = BurgerApp(
        RestaurantConfig(**config),  # type: ignore[arg-type]
        speed=speed,
        auto_arrivals=auto,
        ascii_only=ascii_only,
        time_source=source,
    )
    return app, source


async def settle(pilot: Pilot[None]) -> None:
    """Let every task woken so far run until it waits again."""
    for _ in range(6):
        await asyncio.sleep(0)
    await pilot.pause()


async def advance(pilot: Pilot[None], source: ManualTimeSource, seconds: float, step: float = 1.0) -> None:
    """Move real time forward in small steps, letting the restaurant react at each."""
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
