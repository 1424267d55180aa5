"""The guided tour: the story played by itself, a stop at a time (key ``g``, ``burger-tui tour``).

Each stop runs a few of the restaurant's commands, says what to watch, and lets it run for a while
of simulated time (so the tour keeps its pace at any speed, and waits while paused). A teacher can
project it; any key takes control back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from burger_tui.sim.live import RUSH_SIZE, LiveRestaurant, Outcome
from burger_tui.sim.model import Mode


@dataclass(frozen=True, slots=True)
class TourStop:
    caption: str
    commands: tuple[Callable[[LiveRestaurant], Awaitable[Outcome]], ...]
    watch_s: float  # simulated seconds to let it run before the next stop


async def _concurrent(live: LiveRestaurant) -> Outcome:
    return await live.switch_to(Mode.CONCURRENT)


TOUR = (
    TourStop(
        "Concurrent Burgers: one cashier takes orders fast and gives each couple a turn number; one cook "
        f"cooks. A rush of {RUSH_SIZE} couples walks in: watch them sit at the tables and talk while they "
        "wait.",
        (_concurrent, LiveRestaurant.rush),
        150.0,
    ),
    TourStop(
        "Seated couples glance at the counter display now and then (👀). When their number shows, they "
        "walk to the counter (🚶), get their burgers and eat. The one cook is the bottleneck.",
        (),
        120.0,
    ),
    TourStop(
        "Switched live to Parallel Burgers: eight cashier-cooks, each cooking the order they took. No "
        "numbers here: every couple stands at the counter, blocked, not talking, until the burgers come.",
        (LiveRestaurant.next_model, LiveRestaurant.rush),
        150.0,
    ),
    TourStop(
        "Hybrid Burgers, the story's async + parallel: one cashier hands out numbers, several cooks share "
        "the kitchen. Fast, and the couples sit and talk again.",
        (LiveRestaurant.next_model, LiveRestaurant.rush),
        150.0,
    ),
    TourStop(
        "Not a race: that is the story's moral. Turns (concurrency) win where there is waiting: couples talk "
        "instead of standing. More cooks (parallelism) win where there is work. Web apps use both (hybrid). "
        "Next, the three on the same couples: compare's verdict says which wins where, with the numbers.",
        (),
        0.0,
    ),
)
