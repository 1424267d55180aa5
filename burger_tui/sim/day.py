"""A day of the restaurant owns its lifetime: ``async with open_day(...)`` opens it and closes it.

Every actor of the day (the clock, the street, each couple, the staff, the counter display) is a task
in the day's one task group, so when the ``async with`` ends nothing of the day is alive any more,
and nobody is told about it any more: its listeners are dropped. Headless runs, the dashboard and the
tests all open a day this way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

import anyio

from burger_tui.sim.clock import Clock, VirtualClock
from burger_tui.sim.model import RestaurantConfig
from burger_tui.sim.restaurant import Listener, Restaurant


@asynccontextmanager
async def open_day(
    config: RestaurantConfig,
    clock: Clock | None = None,
    *,
    listeners: Sequence[Listener] = (),
    listeners_of: Callable[[Restaurant], Sequence[Listener]] = lambda _restaurant: (),
    auto_arrivals: bool = True,
    max_arrivals: int | None = None,
    follow_couples: bool = False,
) -> AsyncIterator[Restaurant]:
    """Open a restaurant for the body of the ``async with``; every actor is cancelled at the end.

    ``clock`` defaults to a :class:`VirtualClock` (virtual time). ``listeners``, and those
    ``listeners_of`` gives for the day's restaurant, hear every event from the opening on (before the
    first couple arrives, the couples at the door too) until the day closes. ``follow_couples``: the
    narration follows one couple at a time (:attr:`Restaurant.followed`), which changes nothing in the
    day. An actor that fails ends the day: the error leaves the ``async with`` (in an exception group).
    """
    restaurant = Restaurant(
        config,
        clock or VirtualClock(),
        auto_arrivals=auto_arrivals,
        max_arrivals=max_arrivals,
        follow_couples=follow_couples,
    )
    for listener in (*listeners, *listeners_of(restaurant)):
        restaurant.subscribe(listener)
    try:
        async with anyio.create_task_group() as tg:
            await tg.start(restaurant.run)
            yield restaurant
            tg.cancel_scope.cancel()
    finally:
        restaurant.unsubscribe_all()
