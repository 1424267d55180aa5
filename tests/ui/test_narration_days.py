"""Each day's story starts afresh: one welcome line, and nothing of the day before a reset."""

from __future__ import annotations

from tests.helpers.driving import advance, dashboard, make_app, narration_text, settle

SIZE = (120, 40)


async def test_the_first_day_is_welcomed_once() -> None:
    app, _source = make_app(auto=True)
    async with dashboard(app, size=SIZE) as pilot:
        await settle(pilot)
        told = narration_text(app)
        assert told.count("Welcome to Concurrent Burgers") == 1
        assert "(×2)" not in told  # the welcome painted before the day opened is not told again beside it


async def test_a_reset_leaves_nothing_of_the_day_before() -> None:
    app, source = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 60, step=2)
        assert "You and your crush walk in" in narration_text(app)
        await pilot.press("r")
        await settle(pilot)
        told = narration_text(app)
        assert "You and your crush walk in" not in told  # arrivals are off: nobody came in the new day
        assert told.count("Welcome to Concurrent Burgers") == 1
