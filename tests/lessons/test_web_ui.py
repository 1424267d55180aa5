"""The web lesson's screen: its floor and numbers as they come from a recorded run, its snapshots, no server
left behind."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.widgets import Static

from burger_tui.lessons.web_results import STYLES, Style
from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.model import RestaurantConfig
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.screens.web_lesson import WebLessonScreen, describe
from burger_tui.ui.widgets.web_floor import WebFloor
from tests.helpers.meter import HANG_GUARD_S
from tests.helpers.serving import cmdline, descendants, exited
from tools.scenes import SCENE_SEED
from tools.web_scene import COOK_S, LOOKS, REQUESTS, RESULTS, TOKENS, recorded_lesson, web_lesson


class WebApp(App[None]):
    def __init__(self, screen: WebLessonScreen) -> None:
        super().__init__()
        self.lesson_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.lesson_screen)


def _recorded_app(stop_at: tuple[Style, int] | None = None) -> WebApp:
    screen = WebLessonScreen(
        requests=REQUESTS, cook_time=COOK_S, tokens=TOKENS, lesson=recorded_lesson(stop_at)
    )
    return WebApp(screen)


async def _until_shown(widget: Static, condition: Callable[[], bool]) -> None:
    """Until ``condition`` holds, looked at each time ``widget`` is updated (the event), not every so
    often. The timeout only guards against a hang."""
    updated = asyncio.Event()
    update = widget.update

    def spy(*args: Any, **kwargs: Any) -> None:
        update(*args, **kwargs)
        updated.set()

    widget.update = spy  # type: ignore[method-assign]
    async with asyncio.timeout(HANG_GUARD_S):
        while not condition():
            updated.clear()
            await updated.wait()


async def test_each_style_shows_its_numbers_its_busiest_floor_and_the_conclusion() -> None:
    app = _recorded_app()
    async with app.run_test(size=(110, 60)) as pilot:
        screen = app.lesson_screen
        async with asyncio.timeout(HANG_GUARD_S):
            await app.workers.wait_for_complete()  # the lesson, every style served
        await pilot.pause()
        assert screen.report is not None
        shown = {
            style: str(screen.query_one(f"#result-{style.value}", Static).render()).splitlines()
            for style in Style
        }
        for result in RESULTS:
            assert shown[result.style][0] == describe(result)
        assert "3 waves · theory 0.30 s: 1.74x" in shown[Style.DEF][0]  # the story's time beside
        # The recorded looks at their busiest: async's couples all talking, def's standing and waiting.
        assert shown[Style.ASYNC][1] == "At its busiest moment: 😍 100 talking · 🍔 0 served"
        assert shown[Style.DEF][1] == (
            "At its busiest moment: 👫 60 waiting for a token · 😞 40 standing · 🍔 0 served · "
            "40/40 tokens taken"
        )
        # Trivial def's busiest look: 47 in the app with nothing to cook, the 40 tokens all lent: 40 of them
        # in a thread (ordering), 7 waiting for a token, told with the tokens taken at that same look.
        assert shown[Style.TRIVIAL_DEF][1] == (
            "At its busiest moment: 🚶 43 at the door · 🗣 40 ordering · 👫 7 waiting for a token · "
            "🍔 10 served · 40/40 tokens taken"
        )
        assert shown[Style.BLOCKING][1] == (
            "At its busiest moment: 🍳 1 cooked on the loop · 🥶 97 frozen · 🍔 2 served"
        )
        conclusion = str(screen.query_one("#web-conclusion", Static).render())
        assert conclusion.startswith("async def + await served all 100 couples")
        floor = screen.query_one(WebFloor)
        summary = str(floor.render()).splitlines()
        assert summary[0].startswith("Each style at its busiest")
        # A style a line, its tally going on under the first entry where it does not fit (never cut).
        firsts = [line for line in summary[1:] if not line.startswith("   ")]
        assert [line.split("  ")[1] for line in firsts] == [STYLES[style].title for style in Style]
        assert all(cell_len(line) <= floor.content_size.width for line in summary[1:])
        said = " ".join(" ".join(summary[1:]).split())
        for style in Style:  # each style's busiest look, as its line said it
            assert " ".join(shown[style][1].removeprefix("At its busiest moment: ").split()) in said
        await pilot.press("escape")
        assert not isinstance(app.screen, WebLessonScreen)


async def test_the_floor_shows_the_style_being_served_and_brings_its_code_into_view() -> None:
    app = _recorded_app(stop_at=(Style.BLOCKING, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.lesson_screen
        floor = screen.query_one(WebFloor)
        async with asyncio.timeout(HANG_GUARD_S):
            while floor.now != (Style.BLOCKING, LOOKS[Style.BLOCKING][1]):
                await pilot.pause()
        await pilot.pause()
        lines = str(floor.render()).splitlines()
        assert lines[0].startswith(f"Now: {STYLES[Style.BLOCKING].title} · 100 couples")
        assert lines[1] == "Threadpool " + "░" * TOKENS + " 0/40 tokens taken"
        assert lines[2:6] == [  # rows of 25 couples in the order they were sent
            " ".join(["🍔"] * 25),
            " ".join(["🍔"] * 5 + ["🍳"] + ["🥶"] * 19),
            " ".join(["🥶"] * 25),
            " ".join(["🥶"] * 25),
        ]
        assert lines[6] == "🍳 1 cooked on the loop · 🥶 69 frozen · 🍔 30 served"
        assert lines[7].startswith("🥶 The server's loop is held by a blocking call: 3.18 s late")
        assert screen.query_one("#web-styles").scroll_y > 0  # scrolled to the style being served
        await pilot.press("escape")


@pytest.mark.parametrize(
    ("size", "stop_at", "ascii_only"),
    [
        ((120, 40), (Style.DEF, 1), False),
        ((80, 24), (Style.BLOCKING, 1), True),
        ((120, 40), None, False),
    ],
    ids=["def_mid_wave", "blocking_80x24_ascii", "every_style_served"],
)
def test_the_screen_on_a_recorded_run(
    snap_compare: Any, size: tuple[int, int], stop_at: tuple[Style, int] | None, ascii_only: bool
) -> None:
    app, run_before = web_lesson(stop_at, ascii_only=ascii_only)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def _kitchens() -> list[int]:
    return [pid for pid in descendants(os.getpid()) if b"web_kitchen" in cmdline(pid)]


async def test_escape_mid_lesson_ends_the_real_server() -> None:
    """The real lesson: once the blocking style holds the server, Escape closes the screen and ends it."""
    screen = WebLessonScreen(requests=4, cook_time=0.5, tokens=2)
    app = WebApp(screen)
    async with app.run_test(size=(110, 60)) as pilot:
        title = STYLES[Style.BLOCKING].title
        conclusion = screen.query_one("#web-conclusion", Static)
        await _until_shown(conclusion, lambda: title in str(conclusion.render()))
        kitchens = _kitchens()
        assert kitchens
        for style in (Style.ASYNC, Style.DEF):  # served before: their numbers are shown
            assert "threads" in str(screen.query_one(f"#result-{style.value}", Static).render())
        await pilot.press("escape")
        await exited(kitchens, timeout_s=HANG_GUARD_S)  # each one's pidfd: the kernel says when
        assert not _kitchens()


async def test_quitting_the_dashboard_mid_lesson_ends_the_real_server() -> None:
    """f on the dashboard starts the real lesson; the app quitting while it serves leaves no server."""
    app = BurgerApp(
        RestaurantConfig(seed=SCENE_SEED),
        auto_arrivals=False,
        time_source=ManualTimeSource(),
        loop_lag_meter=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, WebLessonScreen)
        floor = screen.query_one(WebFloor)
        async with asyncio.timeout(HANG_GUARD_S):
            while floor.now is None:  # the server is up and has been looked at: couples on their way
                await pilot.pause()
        kitchens = _kitchens()
        assert len(kitchens) == 1
        app.exit()
    await exited(kitchens, timeout_s=HANG_GUARD_S)
