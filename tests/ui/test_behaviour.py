"""What users see beyond single keys: the story told, failures shown, small terminals handled."""

from __future__ import annotations

import html
import re
import sys

from burger_tui.sim.model import Mode
from burger_tui.ui.app import START_SWITCH_INTERVAL_S, BurgerApp
from burger_tui.ui.screens.sim_error import SimErrorScreen
from burger_tui.ui.symbols import ASCII
from burger_tui.ui.widgets.counter import CounterPanel
from burger_tui.ui.widgets.kitchen import KitchenPanel
from burger_tui.ui.widgets.narration_log import NarrationLog
from tests.helpers.days import every_day
from tests.helpers.driving import advance, dashboard, make_app, resize, settle

SIZE = (120, 40)


def narration_text(app: BurgerApp) -> str:
    """The narration log as one line of words."""
    return " ".join(app.query_one(NarrationLog).text.split())


async def test_the_narration_follows_you_through_the_concurrent_story() -> None:
    app, source = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("o")
        await advance(pilot, source, 20 * 60, step=2)
        text = narration_text(app)
        assert "walk in and stand in line" in text
        assert "gives you number 1" in text
        assert "You glance at the display: not yet." in text
        assert "Number 1!" in text
        assert "You leave." in text


async def test_the_narration_tells_the_parallel_story_and_the_switch() -> None:
    app, source = make_app(mode=Mode.PARALLEL)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("o")
        await advance(pilot, source, 30, step=2)
        await pilot.press("m")
        await settle(pilot)
        app.dashboard.frame()
        text = narration_text(app)
        assert "stand at the counter" in text
        assert "The restaurant becomes Hybrid Burgers" in text


async def test_an_actor_failure_is_shown_and_reset_recovers() -> None:
    app, source = make_app()
    days = every_day(app)
    async with dashboard(app, size=SIZE) as pilot:
        (failing,) = days

        def boom(*_: object) -> None:
            raise RuntimeError("the grill [/] caught [b]fire")  # words shown, not read as markup

        failing.board.add_ticket = boom  # type: ignore[method-assign, assignment]
        await pilot.press("o")
        await advance(pilot, source, 30, step=2)
        await settle(pilot)
        assert isinstance(app.screen, SimErrorScreen)
        assert "The restaurant stopped: RuntimeError: the grill [/] caught [b]fire" in narration_text(app)
        assert not failing.running
        assert not app.dashboard.session.running
        await pilot.press("r")
        await settle(pilot)
        assert not isinstance(app.screen, SimErrorScreen)
        assert app.dashboard.session.days == 2
        assert app.dashboard.session.running  # a new day, at work


async def test_a_tiny_terminal_asks_to_be_enlarged_and_recovers() -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await resize(pilot, 50, 15)
        await pilot.pause()
        assert app.dashboard.too_small
        assert app.query_one("#too-small").display
        await resize(pilot, 80, 24)
        await pilot.pause()
        assert not app.dashboard.too_small


async def test_ascii_mode_draws_no_emoji() -> None:
    app, source = make_app(ascii_only=True)
    assert app.symbols is ASCII
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 60, step=2)
        screen_text = html.unescape(app.export_screenshot())
        assert "walk in and stand in line" in narration_text(app)
        assert not any(ord(char) > 0x2FFF for char in screen_text), "an emoji slipped through"
        assert "oo" in screen_text


async def test_the_kitchen_and_the_counter_name_two_digit_staff_in_full() -> None:
    for mode, panel in ((Mode.HYBRID, KitchenPanel), (Mode.PARALLEL, CounterPanel)):
        app, _ = make_app(mode=mode, cooks=12)
        async with dashboard(app, size=(200, 60)) as pilot:
            await settle(pilot)
            text = app.dashboard.query_one(panel).markup(app.dashboard.session.snapshot()).lower()
            # "Cashier-cook 12 " at its station, or the idle cooks' "Cooks 1–12 " in the kitchen.
            assert re.search(r"cooks? (1–)?12(\[/b?\])? ", text), text
            assert "cook 12w" not in text
            assert "cook 12f" not in text


async def test_the_output_thread_is_quick_to_the_gil_only_until_the_first_frame() -> None:
    before = sys.getswitchinterval()
    app, _ = make_app()
    assert sys.getswitchinterval() == START_SWITCH_INTERVAL_S
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.pause()
        assert sys.getswitchinterval() == before  # the lessons' threads share the GIL as usual
