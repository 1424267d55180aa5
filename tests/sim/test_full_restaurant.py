"""Keys cannot grow a day without end: past MAX_COUPLES_INSIDE a couple more is refused, with a notice."""

from __future__ import annotations

import anyio

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.live import MAX_COUPLES_INSIDE, RUSH_SIZE, DaySettings, LiveRestaurant, Outcome, Tone
from burger_tui.sim.model import RestaurantConfig
from burger_tui.sim.virtual_loop import run_virtual


def test_orders_and_rushes_stop_at_the_restaurants_size_and_say_so() -> None:
    settings = DaySettings(RestaurantConfig(seed=1), auto_arrivals=False)

    async def main() -> tuple[list[Outcome], int, Outcome, Outcome, int, list[str]]:
        live = LiveRestaurant(settings, time_source=ManualTimeSource())
        async with anyio.create_task_group() as tg:
            await tg.start(live.run)
            for _ in range(MAX_COUPLES_INSIDE - RUSH_SIZE - 3):
                await live.add_order()
            partial = [await live.rush(), await live.rush()]  # the first fits whole, the second 3 of 10
            stats = live.snapshot().stats
            inside = stats.arrived - stats.left
            one_more, rush_more = await live.add_order(), await live.rush()
            after = live.snapshot().stats.arrived
            logged = [entry.command for entry in live.log.entries]
            tg.cancel_scope.cancel()
        return partial, inside, one_more, rush_more, after, logged

    (whole, part), inside, one_more, rush_more, arrived, logged = run_virtual(main)
    # Every order and both rushes that brought couples in are in the day's log; the two refusals, which
    # changed nothing, are not (a held key at the limit does not grow it).
    assert logged == ["add_order"] * (MAX_COUPLES_INSIDE - RUSH_SIZE - 3) + ["rush", "rush"]
    assert not whole.refused
    assert part.tone is Tone.WARNING  # said,
    assert part.partly  # yet done in part:
    assert not part.refused
    assert part.text == (
        f"A rush, but only 3 of {RUSH_SIZE} couples fit: the restaurant holds {MAX_COUPLES_INSIDE:,}."
    )
    assert inside == arrived == MAX_COUPLES_INSIDE
    for refusal in (one_more, rush_more):
        assert refusal.refused
        assert refusal.text is not None
        assert refusal.text.count("\n") == 0
        assert f"full ({MAX_COUPLES_INSIDE:,} couples inside)" in refusal.text
