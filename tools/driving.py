"""The dashboard on a clock that moves only when a script says so: the steps the screenshots and tests share.

The app gets a :class:`~burger_tui.sim.clock.ManualTimeSource` as its real time, and the script
advances it in steps, letting the restaurant react at each. Every visible value then comes from the
seeded simulation, so the same script gives the same screen.
"""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.ui.app import BurgerApp

SETTLE_TURNS = 6  # loop turns for a chain of hand-offs (clock -> cook -> display -> couple) to finish


async def settle(pilot: Pilot[None]) -> None:
    """Let every task woken so far run until it waits again, then let the app handle its messages."""
    for _ in range(SETTLE_TURNS):
        await asyncio.sleep(0)
    await pilot.pause()


async def advance(pilot: Pilot[None], source: ManualTimeSource, seconds: float, step: float = 1.0) -> None:
    """Move real time forward in steps of ``step`` seconds, letting the restaurant react at each."""
    app = pilot.app
    assert isinstance(app, BurgerApp)
    await app.dashboard.session.wait_open()  # a script may start before the first day opens
    moved = 0.0
    while moved < seconds:
        delta = min(step, seconds - moved)
        source.advance(delta)
        moved += delta
        app.dashboard.session.time_moved()
        await settle(pilot)
    app.dashboard.frame()
