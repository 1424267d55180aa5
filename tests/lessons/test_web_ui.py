"""The web lesson's screen: its numbers as they come, a fixed result's snapshot, no server left behind."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.widgets import Static

from burger_tui.lessons.web import KitchenNow
from burger_tui.lessons.web_results import STYLES, Style, StyleResult, WebReport, conclude, theory_s
from burger_tui.ui.screens.web_lesson import WebLessonScreen, describe, kitchen_line
from tests.helpers.meter import HANG_GUARD_S
from tests.helpers.serving import cmdline, descendants, exited

REQUESTS, COOK_S, TOKENS = 10, 0.2, 4


def _fixed(style: Style) -> StyleResult:
    """A plausible, fixed measurement: the story's time, a little late."""
    theory = theory_s(style, REQUESTS, COOK_S, TOKENS)
    cooked = theory is not None
    return StyleResult(
        style=style,
        requests=REQUESTS,
        wall_s=round((theory or 0.02) * 1.1, 4),
        p50_s=round((theory or 0.02) * 0.6, 4),
        p95_s=round((theory or 0.02) * 1.05, 4),
        in_app_p50_s={Style.TRIVIAL_DEF: 0.0023, Style.TRIVIAL_ASYNC: 0.00015}.get(style, COOK_S),
        theory_s=theory,
        max_threads=TOKENS if style in (Style.DEF, Style.DEF_DEPENDENCY, Style.TRIVIAL_DEF) else 0,
        waves={Style.ASYNC: 1, Style.BLOCKING: REQUESTS}.get(style, 3) if cooked else 0,
        most_at_once={Style.ASYNC: REQUESTS, Style.BLOCKING: 1}.get(style, TOKENS) if cooked else 0,
        in_threads=REQUESTS if style in (Style.DEF, Style.DEF_DEPENDENCY) else 0,
        max_loop_lag_s=0.45 if style is Style.BLOCKING else 0.002,
    )


async def fixed_lesson(
    requests: int,
    cook_time: float,
    tokens: int,
    *,
    on_progress: Callable[[Style, int, int], None],
    on_result: Callable[[StyleResult], None],
    on_kitchen: Callable[[KitchenNow | None], None],
) -> WebReport:
    """The lesson's stand-in: every style served at once, with the fixed results."""
    on_kitchen(KitchenNow(threads=TOKENS, tokens=TOKENS, cooking=TOKENS))
    results = [_fixed(style) for style in Style]
    for result in results:
        on_progress(result.style, requests, requests)
        on_result(result)
    return WebReport(requests, cook_time, tokens, results, conclude(results, tokens))


class WebApp(App[None]):
    def __init__(self, screen: WebLessonScreen) -> None:
        super().__init__()
        self.lesson_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.lesson_screen)


def _fixed_app() -> WebApp:
    return WebApp(WebLessonScreen(requests=REQUESTS, cook_time=COOK_S, tokens=TOKENS, lesson=fixed_lesson))


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


async def test_each_style_shows_its_numbers_and_the_conclusion() -> None:
    app = _fixed_app()
    async with app.run_test(size=(110, 60)) as pilot:
        screen = app.lesson_screen
        async with asyncio.timeout(HANG_GUARD_S):
            await app.workers.wait_for_complete()  # the lesson, every style served
        await pilot.pause()
        assert screen.report is not None
        for style in Style:
            shown = str(screen.query_one(f"#result-{style.value}", Static).render())
            assert shown == describe(_fixed(style))
        assert "theory 0.60 s: 1.10x" in describe(_fixed(Style.DEF))
        conclusion = str(screen.query_one("#web-conclusion", Static).render())
        assert conclusion.startswith("async def + await served all 10 couples")
        await pilot.press("escape")
        assert not isinstance(app.screen, WebLessonScreen)


def test_the_screen_with_a_fixed_result(snap_compare: Any) -> None:
    assert snap_compare(_fixed_app(), terminal_size=(110, 70))


def test_the_kitchen_line_shows_the_rack_and_a_frozen_kitchen() -> None:
    assert kitchen_line(KitchenNow(threads=1, tokens=4, cooking=1)) == (
        "Threadpool █░░░ 1/4 tokens lent · 1 burger cooking"
    )
    assert kitchen_line(KitchenNow(threads=40, tokens=80, cooking=40)).count("█") == 20  # 40 cells at most
    assert kitchen_line(None).startswith("Kitchen: no answer.")


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
