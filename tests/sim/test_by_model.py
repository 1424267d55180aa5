"""Each couple counts for the model whose staff took their order, however close to a switch."""

from __future__ import annotations

import math

from burger_tui.sim import events as ev
from burger_tui.sim.by_model import ModelRow, ModelStats
from burger_tui.sim.day import open_day
from burger_tui.sim.model import Mode
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import EventLog, restaurant_config

DAY_S = 3_600.0
Seen = tuple[list[tuple[str | None, Mode | None]], tuple[ModelRow, ...]]  # (who took each order, under), rows


def day_with_a_switch(*, settle_first: bool) -> Seen:
    """A rush under Concurrent Burgers, then a switch to Parallel: at once, or once the cashier is busy."""

    async def main() -> Seen:
        by_model = ModelStats()
        config = restaurant_config(Mode.CONCURRENT, cooks=4, order_time="fixed:30", cook_time="fixed:60")
        async with open_day(config, listeners=[by_model], auto_arrivals=False) as restaurant:
            couples = [restaurant.add_couple() for _ in range(3)]
            if settle_first:
                await restaurant.clock.sleep(1)  # the cashier is taking the first order
            restaurant.switch_mode(Mode.PARALLEL)
            await restaurant.clock.sleep(DAY_S)
            assert restaurant.stats.served == 3
        return [(c.served_by, c.ordered_under) for c in couples], by_model.rows()

    return run_virtual(main)


def test_an_order_given_out_before_the_switch_counts_for_the_model_that_took_it() -> None:
    # The switch comes in the same instant as the rush: the concurrent cashier was given the first
    # couple's order but had not started it. They take it (then go home): the couple is Concurrent's.
    taken, rows = day_with_a_switch(settle_first=False)
    assert taken[0] == ("Cashier", Mode.CONCURRENT)
    assert all(model is Mode.PARALLEL and who != "Cashier" for who, model in taken[1:])
    assert [(row.mode, row.served) for row in rows] == [(Mode.CONCURRENT, 1), (Mode.PARALLEL, 2)]


def test_an_order_in_the_cashiers_hands_at_the_switch_counts_for_concurrent() -> None:
    taken, rows = day_with_a_switch(settle_first=True)
    assert taken[0] == ("Cashier", Mode.CONCURRENT)
    assert [(row.mode, row.served) for row in rows] == [(Mode.CONCURRENT, 1), (Mode.PARALLEL, 2)]


def test_the_rows_gone_back_to_an_instant_are_those_of_the_day_heard_to_it() -> None:
    """Cut back to each instant a couple got their burgers (and just before), the statistics are those of a
    day heard to there, to the bit: the same waits added in the same order."""

    async def main() -> tuple[list[ev.Event], ModelStats]:
        log, whole = EventLog(), ModelStats()
        config = restaurant_config(Mode.CONCURRENT, cooks=3, seed=4)
        async with open_day(config, listeners=[log, whole]) as restaurant:
            await restaurant.clock.sleep(DAY_S / 2)
            restaurant.switch_mode(Mode.HYBRID)
            await restaurant.clock.sleep(DAY_S / 2)
        return log.events, whole

    events, whole = run_virtual(main)
    served = [event.at for event in events if isinstance(event, ev.BurgersInHand)]
    for at in sorted({*served, *(math.nextafter(at, 0.0) for at in served)}, reverse=True):
        heard = ModelStats()
        for event in events:
            if event.at <= at:
                heard(event)
        whole.go_back_to(at)
        assert whole.rows() == heard.rows()
