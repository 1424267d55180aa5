"""A snapshot reuses the last one's views where nothing changed, and reads exactly what a first look reads."""

from __future__ import annotations

import pytest

from burger_tui.sim.day import open_day
from burger_tui.sim.model import Mode
from burger_tui.sim.restaurant import Restaurant
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import busy_config

LOOK_EVERY_S = 0.937  # as in test_looking_changes_nothing: instants that are not round numbers
LOOKS = 2000  # about half an hour of a busy day: couples glance, sit, walk, eat and leave meanwhile
COMPARED_AT = (400, 1100, 1999)  # looks at which a first look is taken too, on the same day replayed


def _looks(mode: Mode, *, every_time: bool) -> dict[int, DaySnapshot]:
    """The snapshots at :data:`COMPARED_AT`, taken looking every :data:`LOOK_EVERY_S` or only then."""

    async def day() -> dict[int, DaySnapshot]:
        taken: dict[int, DaySnapshot] = {}
        async with open_day(busy_config(mode, seed=7)) as restaurant:
            for look in range(LOOKS):
                if every_time or look in COMPARED_AT:
                    snapshot = DaySnapshot.of(restaurant)
                    if look in COMPARED_AT:
                        taken[look] = snapshot
                await restaurant.clock.sleep(LOOK_EVERY_S)
        return taken

    return run_virtual(day)


@pytest.mark.parametrize("mode", list(Mode), ids=str)
def test_a_snapshot_after_thousands_reads_what_a_first_look_reads(mode: Mode) -> None:
    looked_all_along = _looks(mode, every_time=True)
    first_looks = _looks(mode, every_time=False)  # the first of each day builds every view afresh
    assert looked_all_along.keys() == first_looks.keys() == set(COMPARED_AT)
    for look in COMPARED_AT:
        assert looked_all_along[look] == first_looks[look], f"look {look}"
    inside = sum(len(s.couples(phase)) for s in first_looks.values() for phase in s.by_phase)
    assert inside > 0  # there was somebody inside to compare


def test_the_views_of_unchanged_couples_are_the_last_snapshots() -> None:
    async def day() -> tuple[Restaurant, DaySnapshot, DaySnapshot]:
        async with open_day(busy_config(Mode.CONCURRENT, seed=1)) as restaurant:
            await restaurant.clock.sleep(900)
            first = DaySnapshot.of(restaurant)
            return restaurant, first, DaySnapshot.of(restaurant)

    _, first, second = run_virtual(day)
    assert first.line
    assert all(a is b for a, b in zip(first.line, second.line, strict=True))
    assert first.stats.waits is second.stats.waits
