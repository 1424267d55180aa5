"""Long runs on virtual time: a simulated week of 100k+ couples, every one accounted for, and memory
that does not grow with the number of couples served.

Measured on the 2-core CI box (loaded): the week (about 106k couples) takes ~25 s; tracemalloc
slows the simulation ~4x, so the memory test in CI compares 8k with 16k couples (~15 s) and the
nightly size (50k vs 100k, ~90 s) runs only with ``BURGER_SLOW=1``.
"""

from __future__ import annotations

import os
import tracemalloc

import anyio
import pytest

from burger_tui.sim.day import open_day
from burger_tui.sim.model import Mode, Phase, RestaurantConfig
from burger_tui.sim.restaurant import Restaurant
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import restaurant_config

WEEK_S = 7 * 24 * 3600.0
QUIET_S = 24 * 3600.0
CHECK_EVERY_S = 600.0  # simulated seconds between looks at the running day
slow = pytest.mark.skipif(os.environ.get("BURGER_SLOW") != "1", reason="long run: set BURGER_SLOW=1")


def week_config(seed: int = 1) -> RestaurantConfig:
    """A busy but stable restaurant: 10.5 couples a minute, hybrid with a fast cashier and 16 cooks
    (offered load ~0.6 at the cashier, ~0.5 in the kitchen)."""
    return restaurant_config(
        Mode.HYBRID,
        cooks=16,
        arrival_rate_per_min=10.5,
        order_time="uniform:2:4",
        cook_time="exp:45",
        eat_time="uniform:60:120",
        seed=seed,
    )


def assert_everyone_accounted_for(restaurant: Restaurant, couples: int) -> None:
    stats = restaurant.stats
    assert stats.arrived == stats.served == stats.left == couples
    assert stats.waits["total"].count == couples  # each visit recorded once
    assert restaurant.present == {}
    assert not restaurant.board.line
    assert not restaurant.board.kitchen_queue
    assert restaurant.display.numbers == {}


def test_a_simulated_week_serves_every_couple_once() -> None:
    """A week of arrivals, then a quiet day: 100k+ couples in, the same number served and gone."""
    largest_present = 0

    async def week() -> Restaurant:
        nonlocal largest_present
        async with open_day(week_config()) as restaurant:
            clock = restaurant.clock
            while clock.now() < WEEK_S:
                await clock.sleep(CHECK_EVERY_S)
                stats = restaurant.stats
                assert stats.arrived == len(restaurant.present) + stats.left  # nobody lost on the way
                largest_present = max(largest_present, len(restaurant.present))
            restaurant.set_auto_arrivals(False)
            await clock.sleep(QUIET_S)
            return restaurant

    restaurant = run_virtual(week)
    assert restaurant.stats.arrived > 100_000
    assert_everyone_accounted_for(restaurant, restaurant.stats.arrived)
    assert not restaurant.running
    assert largest_present < 200  # a stable restaurant: the queue stays short all week
    assert restaurant.stats.waits["total"].sketch.buckets < 1000  # percentiles in bounded memory


def traced_memory_at(couples: int) -> tuple[dict[int, tuple[int, int]], Restaurant]:
    """Serve ``2 * couples`` couples under tracemalloc; (current, peak) bytes at ``couples`` and at the end.

    The peak is reset at the first mark, so the second peak is that of the second half alone.
    """
    marks: dict[int, tuple[int, int]] = {}

    async def day() -> Restaurant:
        async with (
            open_day(week_config(seed=2), max_arrivals=2 * couples) as restaurant,
            anyio.create_task_group() as tg,
        ):

            async def mark_half_way() -> None:
                while restaurant.stats.left < couples:
                    await restaurant.clock.sleep(60)
                marks[restaurant.stats.left] = tracemalloc.get_traced_memory()
                tracemalloc.reset_peak()

            tg.start_soon(mark_half_way)
            await restaurant.closed.wait()
            marks[restaurant.stats.left] = tracemalloc.get_traced_memory()
        return restaurant

    tracemalloc.start()
    try:
        restaurant = run_virtual(day)
    finally:
        tracemalloc.stop()
    return marks, restaurant


def check_memory_bounded(couples: int) -> None:
    marks, restaurant = traced_memory_at(couples)
    assert_everyone_accounted_for(restaurant, 2 * couples)
    (half, (current_half, peak_half)), (end, (current_end, peak_end)) = sorted(marks.items())
    assert couples <= half < couples + 100
    assert end == 2 * couples
    # Served twice as many: memory in use and the peak stay where they were (proportional growth
    # would double them). A leak of even 8 bytes a couple would show in the first bound.
    assert current_end - current_half < 8 * (end - half), (current_half, current_end)
    assert peak_end < 1.2 * peak_half, (peak_half, peak_end)
    assert all(c.phase is Phase.LEFT for c in restaurant.present.values())  # (empty: nobody left inside)


def test_memory_stays_bounded_as_couples_double() -> None:
    check_memory_bounded(8_000)


@pytest.mark.slow
@slow
def test_memory_stays_bounded_over_100k_couples() -> None:
    check_memory_bounded(50_000)
