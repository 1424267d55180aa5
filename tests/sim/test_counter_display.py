"""The counter display shows every number in the order it was posted, those posted at one instant in one
turn, and each couple gets their burgers once (hybrid: two cooks finishing at the same instant)."""

from __future__ import annotations

import math

from burger_tui.sim import events as ev
from burger_tui.sim.day import open_day
from burger_tui.sim.model import Mode
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import EventLog, restaurant_config


def test_numbers_posted_at_one_instant_show_at_that_instant_in_the_order_posted() -> None:
    config = restaurant_config(
        Mode.HYBRID, cooks=3, order_time="fixed:0", cook_time="fixed:30", eat_time="fixed:10", walk_time=0.0
    )

    async def day() -> EventLog:
        log = EventLog()
        async with open_day(config, listeners=[log], auto_arrivals=False) as restaurant:
            for _ in range(3):
                restaurant.add_couple()
            await restaurant.clock.sleep(100)
            assert restaurant.display.numbers == {}  # every number taken
        return log

    log = run_virtual(day)
    shown = log.of(ev.NumberShown)
    assert [(e.at, e.couple.turn_number) for e in shown] == [(30.0, 1), (30.0, 2), (30.0, 3)]
    assert sorted(log.count_per_couple(ev.BurgersInHand).values()) == [1, 1, 1]
    for event in log.of(ev.BurgersInHand):  # each at their first glance from 30 s on (no walk)
        couple = event.couple
        assert couple.ordered_at is not None
        first = couple.ordered_at + couple.demand.glance_offset  # seated when the order was taken
        assert (
            event.at == first + max(0, math.ceil((30.0 - first) / config.glance_every)) * config.glance_every
        )
