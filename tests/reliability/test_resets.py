"""A day leaves nothing behind: after a reset the old day's restaurant, couples and staff can be freed.

Before, every day of the dashboard stayed in memory with all its couples (RSS crept 49.5 -> 54.1 MB over
nine resets). ``benchmarks/resets.py`` measures RSS over 50 resets of the dashboard in a terminal;
``tests/ui/test_textual_leaks.py`` covers what those days' notices and screens leave behind.
"""

from __future__ import annotations

import gc
import weakref

from burger_tui.sim.model import Couple, Mode
from tests.helpers.driving import advance, dashboard, make_app


async def test_after_resets_only_the_current_day_is_alive() -> None:
    gc.collect()
    # Couples of other tests' days may still be alive (a `b` lesson's thread ends after its test): not ours.
    elsewhere = {id(o) for o in gc.get_objects() if isinstance(o, Couple)}
    app, source = make_app(mode=Mode.PARALLEL, cooks=4)
    days: list[weakref.ref[object]] = []
    async with dashboard(app, size=(120, 40)) as pilot:
        for _ in range(6):
            live = app.dashboard.session
            days.append(weakref.ref(live.restaurant))
            await pilot.press("O")
            await advance(pilot, source, 30, step=5)  # couples in every phase when the day ends
            await pilot.press("r")
        gc.collect()
        alive = [day() for day in days if day() is not None]
        assert alive == [], f"{len(alive)} old days still in memory"
        couples = [o for o in gc.get_objects() if isinstance(o, Couple) and id(o) not in elsewhere]
        assert couples == []  # the new day has none yet: nobody of the old days is kept either
        assert app.dashboard.session.restaurant.running
