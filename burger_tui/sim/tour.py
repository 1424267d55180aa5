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
    # What to watch, said of the day as it is: once the stop's commands are done (told in the story), and
    # again on each frame while the stop is shown, so a caption never claims what the screen beside it
    # contradicts (every couple standing while two sit talking; 11 seated while 13 tables were taken).
    caption: Callable[[DaySnapshot], str]
    # The same, in the two lines a short terminal's caption has (80 columns): the point, never cut.
    short: Callable[[DaySnapshot], str]
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


def _rush_sits_short(day: DaySnapshot) -> str:
    return (
        f"Concurrent: a turn number for each couple, one cook. In line: {_couples(len(day.line))}. "
        "Watch them sit and talk."
    )


def _cook_keeps_up(day: DaySnapshot) -> str:
    tickets = len(day.kitchen_queue)
    if tickets > 1:
        return f"The one cook is the bottleneck: {tickets} tickets wait on the rail."
    return "The one cook keeps up for now; a rush makes them the bottleneck."


def _one_cook(day: DaySnapshot) -> str:
    return (
        f"Seated with a number: {_couples(len(day.couples(Phase.SEATED)))}. They glance at the counter "
        "display now and then (👀); when their number shows, they walk to the counter (🚶), get their "
        f"burgers and eat. {_cook_keeps_up(day)}"
    )


def _one_cook_short(day: DaySnapshot) -> str:
    tickets = len(day.kitchen_queue)
    cook = f"{tickets} tickets wait for the one cook." if tickets > 1 else "The one cook keeps up."
    return (
        f"Seated with a number: {_couples(len(day.couples(Phase.SEATED)))}; each walks up when its "
        f"number shows. {cook}"
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


def _everyone_stands_short(day: DaySnapshot) -> str:
    seated = len(day.couples(Phase.SEATED))
    return f"Parallel: {describe_staff(day.mode, day.cooks)}. New couples stand at the counter, blocked." + (
        f" Still seated: {_couples(seated)}." if seated else ""
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


def _both_short(day: DaySnapshot) -> str:
    standing = len(day.couples(Phase.AT_COUNTER))
    return f"Hybrid: numbers and {_count(day.cooks, 'cook')}. New couples sit and talk again." + (
        f" Still standing: {_couples(standing)}." if standing else ""
    )


_MORAL = (
    "Not a race: that is the story's moral. Turns (concurrency) win where there is waiting: couples talk "
    "instead of standing. More cooks (parallelism) win where there is work. Web apps use both (hybrid). "
    "Next, the three on the same couples: compare's verdict says which wins where, with the numbers."
)

_MORAL_SHORT = (
    "Not a race: turns win where there is waiting, more cooks where there is work; web apps use both."
)

TOUR = (
    TourStop(_rush_sits, _rush_sits_short, (_concurrent, LiveRestaurant.rush), 150.0),
    TourStop(_one_cook, _one_cook_short, (), 120.0),
    TourStop(
        _everyone_stands, _everyone_stands_short, (LiveRestaurant.next_model, LiveRestaurant.rush), 150.0
    ),
    TourStop(_both, _both_short, (LiveRestaurant.next_model, LiveRestaurant.rush), 150.0),
    TourStop(lambda _day: _MORAL, lambda _day: _MORAL_SHORT, (), 0.0),
)
