"""The loop-lag meter's ticks, as events a test waits on instead of sleeping."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from burger_tui.ui.widgets.loop_lag import LoopLagMeter

HANG_GUARD_S = 120.0  # only against a hang: nothing waited on here asserts how fast


class Ticks:
    """Counts the meter's ticks and wakes whoever waits for one: the tests wait for ticks, not for time.

    The meter is a real-time instrument (a bare loop timer every ``interval``, late by the loop's lag):
    its ticks are the events to wait on."""

    def __init__(self, meter: LoopLagMeter) -> None:
        self.count = 0
        self._ticked = asyncio.Event()
        tick = meter._tick

        def counted() -> None:
            tick()  # schedules the next tick as ``meter._tick``: this one
            self.count += 1
            self._ticked.set()

        meter._tick = counted  # type: ignore[method-assign]

    async def until(self, condition: Callable[[], bool]) -> None:
        """Tick by tick until ``condition`` holds."""
        async with asyncio.timeout(HANG_GUARD_S):
            while not condition():
                self._ticked.clear()
                await self._ticked.wait()

    async def wait(self, ticks: int) -> None:
        """Until ``ticks`` more ticks were measured."""
        target = self.count + ticks
        await self.until(lambda: self.count >= target)
