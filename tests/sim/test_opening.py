"""The dashboard paints the restaurant as it opens before the day opens: the two pictures must agree."""

from __future__ import annotations

import anyio
import pytest

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.live import DaySettings, LiveRestaurant
from burger_tui.sim.model import MAX_COOKS, Mode, RestaurantConfig
from burger_tui.sim.snapshot import DaySnapshot, opening_snapshot
from burger_tui.sim.virtual_loop import run_virtual


@pytest.mark.parametrize("mode", list(Mode))
@pytest.mark.parametrize("cooks", [1, 3, MAX_COOKS])
def test_the_picture_before_opening_is_the_open_days_first(mode: Mode, cooks: int) -> None:
    settings = DaySettings(RestaurantConfig(mode=mode, cooks=cooks, seed=3), speed=2.0, auto_arrivals=False)

    async def main() -> tuple[DaySnapshot, DaySnapshot]:
        live = LiveRestaurant(settings, time_source=ManualTimeSource())
        before = live.snapshot()
        async with anyio.create_task_group() as tg:
            await tg.start(live.run)
            opened = live.snapshot()
            tg.cancel_scope.cancel()
        return before, opened

    before, opened = run_virtual(main)
    assert before == opening_snapshot(settings)
    cashiers_and_cooks = 1 + (1 if mode is Mode.CONCURRENT else cooks)
    assert len(before.staff) == (cooks if mode is Mode.PARALLEL else cashiers_and_cooks)
    assert opened == before
