"""A day leaves nothing behind: after a reset the old day's restaurant, couples and staff can be freed.

Before, every day of the dashboard stayed in memory with all its couples (RSS crept 49.5 -> 54.1 MB over
nine resets). ``benchmarks/resets.py`` measures RSS over 50 resets of the dashboard in a terminal;
``tests/ui/test_textual_leaks.py`` covers what those days' notices and screens leave behind.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Sequence

from burger_tui.sim.model import Couple, Mode
from burger_tui.sim.restaurant import Listener, Restaurant
from tests.helpers.days import on_each_day
from tests.helpers.driving import advance, dashboard, make_app


async def test_after_resets_only_the_current_day_is_alive() -> None:
    gc.collect()
    # Couples of other tests' days may still be alive (a `b` lesson's thread ends after its test): not ours.
    elsewhere = {id(o) for o in gc.get_objects() if isinstance(o, Couple)}
    app, source = make_app(mode=Mode.PARALLEL, cooks=4)
    days: list[weakref.ref[Restaurant]] = []

    def note(restaurant: Restaurant) -> Sequence[Listener]:
        days.append(weakref.ref(restaurant))  # only weakly: the test must not keep a day alive itself
        return ()

    on_each_day(app, note)
    async with dashboard(app, size=(120, 40)) as pilot:
        for _ in range(6):
            await pilot.press("O")
            await advance(pilot, source, 30, step=5)  # couples in every phase when the day ends
            await pilot.press("r")
        gc.collect()
        assert len(days) == app.dashboard.session.days == 7  # every day heard: the six reset, a new one
        days.pop()  # the day open now
        alive = [day() for day in days if day() is not None]
        assert alive == [], f"{len(alive)} old days still in memory"
        couples = [o for o in gc.get_objects() if isinstance(o, Couple) and id(o) not in elsewhere]
        assert couples == []  # the new day has none yet: nobody of the old days is kept either
        assert app.dashboard.session.running
