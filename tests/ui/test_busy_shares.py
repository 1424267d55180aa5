"""The stats' busy shares are of the model running now, since it started, and say so: back in Concurrent
after Parallel and Hybrid, its one cook with tickets waiting is busy, not a mean with eight others' idle
time (a teacher read 'ordering 13% · cooking 33%' beside a cook with 11 tickets waiting)."""

from __future__ import annotations

import re

from burger_tui.sim.model import Mode, Phase, Role
from burger_tui.sim.times import clock_text
from burger_tui.ui.widgets.stats_panel import StatsPanel
from tests.helpers.driving import advance, dashboard, make_app


async def test_back_in_concurrent_the_busy_shares_are_its_own_since_it_started() -> None:
    app, source = make_app(mode=Mode.CONCURRENT, speed=4.0, auto=True, seed=7, cooks=8, cook_time="fixed:90")
    async with dashboard(app, size=(120, 40)) as pilot:
        await pilot.press("O", "O")
        await advance(pilot, source, 30.0, step=0.5)
        for _ in range(3):  # parallel, hybrid, and back to concurrent, each for a while
            await pilot.press("m")
            await advance(pilot, source, 30.0, step=0.5)
        await pilot.press("O")  # a rush for the one cook
        await advance(pilot, source, 30.0, step=0.5)
        app.dashboard.frame()
        await pilot.pause()
        day = app.dashboard.session.snapshot()
        restaurant = app.dashboard.session.restaurant
        assert day.mode is Mode.CONCURRENT
        assert [m.role for m in day.staff if not m.off_duty].count(Role.COOK) == 1
        assert len(day.kitchen_queue) >= 3  # the one cook never waited for a ticket since the switch
        assert not any(m.role is Role.CASHIER_COOK for m in day.staff)
        switched = restaurant.reorganisations[-1].at
        busy = app.dashboard.query_one(StatsPanel).figures.splitlines()[-1]
        since = re.search(r"[Ss]ince (\d+:\d\d:\d\d):", busy)
        cooks = re.search(r"cooks (\d+)%", busy)
        assert since, busy
        assert cooks, busy
        assert since.group(1) == clock_text(switched, tenths=False)
        # Since the switch the cooks cooked all the time they were on duty (a ticket always waiting).
        assert int(cooks.group(1)) >= 99, busy
        assert day.couples(Phase.SEATED)
