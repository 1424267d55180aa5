"""Every screen laid out at the terminal's size, however its resizes reach it (issue 25's last freeze)."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import pkgutil

import pytest
from textual.events import Resize
from textual.geometry import Region, Size
from textual.pilot import Pilot
from textual.screen import Screen

import burger_tui.ui
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.dashboard import MIN_HEIGHT, MIN_WIDTH, TALL_FROM, WIDE_FROM
from burger_tui.ui.screens import compare as compare_screen
from burger_tui.ui.terminal_sized import TerminalSized
from burger_tui.ui.widgets.status_bar import StatusBar
from tests.helpers.driving import dashboard, make_app, quick_resize, resize, small_compare
from tests.helpers.watchdog import answering_within

SIZE = (120, 40)
BOUND_S = 10  # a screen settles in a few loop turns; past this it spins
LOOP_TURNS = 20
# The screens over the dashboard in the freeze: compare (a screen of its own) and help; export's is a dialog.
OVER_THE_DASHBOARD = ["c", "question_mark", "e"]
# Each side of every breakpoint of the dashboard (its own; the other screens have none), and the extremes,
# each width with two heights: every breakpoint crossed both ways, one dimension or both at once.
WIDTHS = (1, MIN_WIDTH - 1, MIN_WIDTH, WIDE_FROM - 1, WIDE_FROM, 200)
HEIGHTS = (1, MIN_HEIGHT - 1, MIN_HEIGHT, TALL_FROM - 1, TALL_FROM, 60)
SIZES = [*zip(WIDTHS, HEIGHTS, strict=True), *zip(reversed(WIDTHS), HEIGHTS, strict=True)]


def status_line(app: BurgerApp) -> str:
    """The dashboard's top line as it is drawn now."""
    bar = app.dashboard.query_one(StatusBar)
    return "".join(strip.text for strip in bar.render_lines(Region(0, 0, bar.size.width, 1)))


def laid_out_at(app: BurgerApp) -> list[Size]:
    """The size each screen of the stack was last laid out at."""
    return [screen.outer_size for screen in app.screen_stack]


async def still_answers(pilot: Pilot[None]) -> None:
    """Escape closes whatever is over the dashboard, and a key reaches the restaurant."""
    app = pilot.app
    assert isinstance(app, BurgerApp)
    await pilot.press("escape")
    assert app.screen_stack == [app.dashboard]
    arrived = app.dashboard.session.snapshot().stats.arrived
    await pilot.press("o")
    assert app.dashboard.session.snapshot().stats.arrived == arrived + 1


@pytest.mark.parametrize("key", OVER_THE_DASHBOARD)
async def test_two_sizes_waiting_for_a_screen_settle_at_the_terminals_size(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (issue 25): after a key storm the app spun at 100 % CPU, 61 MB to 230 MB, Escape unheard,
    compare drawn 60 columns wide in a 120-column terminal.

    Textual lays a screen out at the size its Resize carries, and a screen whose size changes sends itself
    one more Resize of that size. The terminal went 60x20 and back to 120x40 while the screen was busy, so
    both sizes waited for it; during a batch (a footer recomposing holds one) each layout also queues a
    repaint behind its Resize. The two sizes then never met to replace each other: each layout queued the
    size it left again, for ever, and the batch that would have ended it never got a turn. Delivered here as
    Textual delivers them, to the screen on top (the dashboard under it got the same from that screen)."""
    monkeypatch.setattr(compare_screen, "compare", small_compare)
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press(key)
        top: Screen[object] = app.screen
        assert top is not app.dashboard
        with answering_within(BOUND_S):
            with app.batch_update():
                for width, height in ((60, 20), SIZE):
                    size = Size(width, height)
                    top.post_message(Resize(size, size))
                    top.call_later(top.refresh)  # a repaint queued behind it, as a batch queues one
                for _ in range(LOOP_TURNS):
                    await asyncio.sleep(0)
            await pilot.pause()
        assert laid_out_at(app) == [app.size] * 2
        await still_answers(pilot)


@pytest.mark.parametrize("settled", [False, True], ids=["working", "settled"])
@pytest.mark.parametrize("key", [None, "p", "ctrl+p", *OVER_THE_DASHBOARD])
async def test_resizes_across_every_breakpoint_leave_every_screen_at_the_terminals_size(
    key: str | None, settled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every size on each side of every breakpoint, back to back, over each screen (the program view and the
    palette too), still working or with its result: the app answers, and each screen is laid out at the size
    the terminal ends at.

    Settled is a regression: compare's result laid out one column wide ended the app (its title's height was
    asked of Rich at no width). CI met it once, when the comparison finished before that resize."""
    monkeypatch.setattr(compare_screen, "compare", small_compare)
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        if key is not None:
            await pilot.press(key)
        if settled and app.screen is not app.dashboard:  # its work done (the restaurant's runs all day)
            await asyncio.gather(*(worker.wait() for worker in app.workers if worker.node is app.screen))
            await pilot.pause()
        with answering_within(BOUND_S * 3):
            for width, height in SIZES:  # settled, each size is laid out: back to back, some never are
                await (resize if settled else quick_resize)(pilot, width, height)
            await resize(pilot, *SIZE)
        assert laid_out_at(app) == [app.size] * len(app.screen_stack)
        assert {"-wide", "-tall"} <= app.dashboard.classes
        await still_answers(pilot)


def test_every_screen_of_the_app_is_laid_out_at_the_terminals_size() -> None:
    """A new screen that forgot :class:`TerminalSized` could freeze the app as above."""
    screens = [
        cls
        for module in pkgutil.walk_packages(burger_tui.ui.__path__, "burger_tui.ui.")
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass)
        if issubclass(cls, Screen) and cls.__module__ == module.name
    ]
    assert len(screens) >= 8, screens  # the dashboard, its six screens and the palette
    assert [cls for cls in screens if cls.on_event is not TerminalSized.on_event] == []


@pytest.mark.parametrize("over", [None, "c"])
async def test_a_resize_shows_at_once_even_paused(over: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the third adversarial pass: paused, the status bar kept the form of the width it was last
    painted at (compact at 120 columns after a key storm) until the restaurant ran again: the dashboard
    paints on its frame timer, which rests while paused. Resized under compare, it shows on its return."""
    monkeypatch.setattr(compare_screen, "compare", small_compare)
    app, _ = make_app()
    async with dashboard(app, size=(80, 24)) as pilot:
        await pilot.press("space")
        assert app.dashboard.session.snapshot().paused
        assert "(1 cashier, 1 cook)" not in status_line(app)  # compact: no staff in words
        if over is not None:
            await pilot.press(over)
        await resize(pilot, *SIZE)
        if over is not None:
            await pilot.press("escape")
        assert app.screen is app.dashboard
        assert "(1 cashier, 1 cook)" in status_line(app)  # (the brand too where it fits: not paused here)
        assert "(1 cashier, 1 cook)" in status_line(app)


async def test_under_compare_the_running_dashboard_paints_no_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the third adversarial pass: the dashboard painted 30 frames a second under compare (its
    frame timer asked Textual's ``is_current``, true for the screen under one that hides it), each making
    compare repaint what it covered. The first frame back catches up."""
    monkeypatch.setattr(compare_screen, "compare", small_compare)
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        paints = 0
        paint = app.dashboard.painter.paint

        def counted() -> DaySnapshot:
            nonlocal paints
            paints += 1
            return paint()

        monkeypatch.setattr(app.dashboard.painter, "paint", counted)
        await pilot.press("c")
        assert not app.dashboard.session.snapshot().paused
        before = paints
        app.dashboard._tick()  # the frame timer's call
        assert paints == before
        await pilot.press("escape")
        before = paints
        app.dashboard._tick()
        assert paints == before + 1
