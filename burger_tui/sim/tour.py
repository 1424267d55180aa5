"""The guided tour: the story played by itself, a stop at a time (key ``g``, ``burger-tui tour``).

Each stop runs a few of the restaurant's commands, says what to watch, and lets it run for a while
of simulated time (so the tour keeps its pace at any speed, and waits while paused). A teacher can
project it; any key takes control back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from burger_tui.sim.live import LiveRestaurant, Outcome
from burger_tui.sim.model import Mode, Phase, describe_staff
from burger_tui.sim.snapshot import DaySnapshot


@dataclass(frozen=True, slots=True)
class TourStop:
    # What to watch, said of the day as it is once the stop's commands are done: a caption never claims
    # what the screen beside it contradicts (every couple standing while two sit talking).
    caption: Callable[[DaySnapshot], str]
    commands: tuple[Callable[[LiveRestaurant], Awaitable[Outcome]], ...]
    watch_s: float  # simulated seconds to let it run before the next stop


async def _concurrent(live: LiveRestaurant) -> Outcome:
    return await live.switch_to(Mode.CONCURRENT)


def _count(count: int, thing: str) -> str:
    return f"{count} {thing}{'s' if count != 1 else ''}"


def _couples(count: int) -> str:
    return _count(count, "couple")


def _rush_sits(day: DaySnapshot) -> str:
    return (
        "Concurrent Burgers: one cashier takes orders fast and gives each couple a turn number; one cook "
        f"cooks. In line: {_couples(len(day.line))}. Watch each sit at a table with a number and talk "
        "while they wait."
    )


def _one_cook(day: DaySnapshot) -> str:
    tickets = len(day.kitchen_queue)
    cook = (
        f"The one cook is the bottleneck: {tickets} tickets wait on the rail."
        if tickets > 1
        else "The one cook keeps up for now; a rush makes them the bottleneck."
    )
    return (
        f"Seated with a number: {_couples(len(day.couples(Phase.SEATED)))}. They glance at the counter "
        "display now and then (👀); when their number shows, they walk to the counter (🚶), get their "
        f"burgers and eat. {cook}"
    )


def _everyone_stands(day: DaySnapshot) -> str:
    seated = len(day.couples(Phase.SEATED))
    before = (
        f" Seated before the switch: {_couples(seated)}, who keep their numbers and talk." if seated else ""
    )
    return (
        f"Switched live to Parallel Burgers: {describe_staff(day.mode, day.cooks)}, each cooking the "
        "order they took. No numbers here: every new couple stands at the counter, blocked, not talking, "
        f"until the burgers come.{before}"
    )


def _both(day: DaySnapshot) -> str:
    standing = len(day.couples(Phase.AT_COUNTER))
    still = (
        f" Still standing at the counter: {_couples(standing)}, for the cashier-cooks who took their "
        "orders before the switch."
        if standing
        else ""
    )
    return (
        "Hybrid Burgers, the story's async + parallel: one cashier hands out numbers, the kitchen's "
        f"tickets go to {_count(day.cooks, 'cook')}. New couples sit and talk again.{still}"
    )


_MORAL = (
    "Not a race: that is the story's moral. Turns (concurrency) win where there is waiting: couples talk "
    "instead of standing. More cooks (parallelism) win where there is work. Web apps use both (hybrid). "
    "Next, the three on the same couples: compare's verdict says which wins where, with the numbers."
)

TOUR = (
    TourStop(_rush_sits, (_concurrent, LiveRestaurant.rush), 150.0),
    TourStop(_one_cook, (), 120.0),
    TourStop(_everyone_stands, (LiveRestaurant.next_model, LiveRestaurant.rush), 150.0),
    TourStop(_both, (LiveRestaurant.next_model, LiveRestaurant.rush), 150.0),
    TourStop(lambda _day: _MORAL, (), 0.0),
)
