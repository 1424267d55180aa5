"""Which table a couple sits at is a fact of the day (``Couple.table``, the restaurant's), checked against
the day's own events: a couple sits at the lowest table free at that instant, keeps it until they leave,
and no two couples ever share one; and a day nobody listens to seats them alike."""

from __future__ import annotations

import pytest

from burger_tui.sim import events as ev
from burger_tui.sim.day import open_day
from burger_tui.sim.model import Couple, Mode
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import EventLog, busy_config

COUPLES = 300
Switches = dict[float, Mode | int]  # at whole simulated seconds: a model, or the cooks


def a_day(mode: Mode, switches: Switches, *, listened: bool = True) -> tuple[EventLog, list[Couple]]:
    """A seeded busy day of ``COUPLES``, switched at ``switches``: its events (told to a log, or to nobody)
    and its couples, in order of arrival. Unheard, the couples are read from the restaurant each simulated
    second, as a screen reads them (none stays a second only)."""

    async def day() -> tuple[EventLog, list[Couple]]:
        log = EventLog()
        seen: dict[int, Couple] = {}
        async with open_day(
            busy_config(mode, seed=11), listeners=[log] if listened else [], max_arrivals=COUPLES
        ) as restaurant:
            while not restaurant.closed.is_set():
                seen.update(restaurant.present)
                await restaurant.clock.sleep(1.0)
                switch = switches.get(restaurant.clock.now())
                if isinstance(switch, Mode):
                    restaurant.switch_mode(switch)
                elif switch is not None:
                    restaurant.set_cooks(switch)
        return log, list(seen.values())

    return run_virtual(day)


def _sits_down(event: ev.Event) -> Couple | None:
    """The couple who sits down at ``event``: with their number, or (standing at the counter till then) to
    eat their burgers."""
    if isinstance(event, ev.NumberGiven):
        return event.couple
    if isinstance(event, ev.BurgersInHand) and event.couple.turn_number is None:
        return event.couple
    return None


# Every model, and switches that leave couples seated under one model and eating under another.
DAYS: dict[str, tuple[Mode, Switches]] = {
    "concurrent": (Mode.CONCURRENT, {}),
    "parallel": (Mode.PARALLEL, {}),
    "hybrid, then parallel, then concurrent": (Mode.HYBRID, {1500.0: Mode.PARALLEL, 2400.0: Mode.CONCURRENT}),
    "parallel, then hybrid with more cooks": (Mode.PARALLEL, {1800.0: Mode.HYBRID, 2000.0: 5}),
}


@pytest.mark.parametrize("name", list(DAYS))
def test_each_couple_sits_at_the_lowest_free_table_and_keeps_it_until_they_leave(name: str) -> None:
    log, _ = a_day(*DAYS[name])
    taken: dict[int, int] = {}  # table -> the couple at it, as the events tell the day
    seated = 0
    for event in log.events:
        if (couple := _sits_down(event)) is not None:
            assert couple.id not in taken.values(), "a couple sits down once"
            lowest = next(table for table in range(len(taken) + 1) if table not in taken)
            assert couple.table == lowest, (event.at, couple.id, sorted(taken))
            taken[lowest] = couple.id
            seated += 1
        elif isinstance(event, ev.CoupleLeft):
            assert event.couple.table is not None
            assert taken.pop(event.couple.table) == event.couple.id  # theirs all along, and free from now
    assert taken == {}
    assert seated == len(log.of(ev.CoupleLeft)) == COUPLES  # every couple sat down once, to wait or to eat
    # Many shared the room at once, and tables were freed and taken again.
    assert 3 < len({c.table for c in log.couples()}) < COUPLES


def test_a_day_nobody_listens_to_seats_the_same_couples_at_the_same_tables() -> None:
    switches: Switches = {300.0: Mode.PARALLEL, 900.0: Mode.HYBRID}
    log, _ = a_day(Mode.HYBRID, switches)
    _, unheard = a_day(Mode.HYBRID, switches, listened=False)
    assert len(unheard) == COUPLES
    assert [(c.id, c.table) for c in unheard] == [(c.id, c.table) for c in log.couples()]
