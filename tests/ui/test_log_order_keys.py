"""Keys pressed back to back around ``r``: each day's log holds its own commands in the order of their
instants, and replays (the adversarial pass: ``g`` then ``r`` logged the tour's switch of the day reset
in the new day, at the old day's instant, and ``replay`` refused the export)."""

from __future__ import annotations

import asyncio

from burger_tui.session import replayed
from burger_tui.sim.live import DayLog
from burger_tui.sim.model import Mode
from burger_tui.sim.virtual_loop import run_virtual
from burger_tui.ui.app import BurgerApp
from tests.helpers.driving import advance, dashboard, make_app, quick_press, settle

SIZE = (120, 40)
DAY_S = 25.0  # real seconds before the keys: 200 s of the day at 8x


async def keys_after_a_while(*keys: str) -> tuple[BurgerApp, DayLog, float]:
    """A day 200 s in, ``keys`` back to back, then ``a``: the app, the day's log and its newest instant."""
    app, source = make_app(mode=Mode.PARALLEL, cooks=8, auto=True, speed=8.0, seed=0)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, DAY_S)
        await quick_press(pilot, *keys)
        await app.dashboard.jumped()
        await settle(pilot)
        await advance(pilot, source, 1)
        await pilot.press("a")
        session = app.dashboard.session
        return app, session.log, await session.settled_instant()


def replays(log: DayLog, until: float) -> DayLog:
    async def again() -> DayLog:
        async with replayed(log, until=until) as session:
            return session.log

    return run_virtual(again)


def test_the_tours_commands_beside_a_reset_are_logged_in_the_new_day_at_its_instants() -> None:
    # A key right after g does not stop the tour (see on_key): its switch and rush run beside the reset.
    _app, log, until = asyncio.run(keys_after_a_while("g", "r"))  # replayed below, on its own loop
    instants = [entry.at for entry in log.entries]
    assert instants == sorted(instants), log.entries
    assert until < 100.0  # the new day's (the old one was 200 s in)
    assert replays(log, until) == log


async def test_r_during_a_jump_resets_the_day_the_jump_lands_on() -> None:
    app, log, until = await keys_after_a_while("left", "r")
    assert app.dashboard.session.days == 3  # the first, the jump's, the reset's
    assert until < 100.0  # a new day from its opening, not the jump's day carried on
    assert [entry.command for entry in log.entries] == ["toggle_auto"]
