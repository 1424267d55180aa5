"""The story is always readable: the newest line is in view after a notice comes and after any screen over
the dashboard closes, and notices never cover the narration or the floor (they are the caption's lines)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from textual.content import Content
from textual.pilot import Pilot

from burger_tui.sim.model import Mode
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.footer import Footer
from burger_tui.ui.screens.compare import CompareScreen
from burger_tui.ui.screens.export_dialog import ExportDialog
from burger_tui.ui.screens.help import HelpScreen
from burger_tui.ui.widgets.narration_log import NarrationLog
from burger_tui.ui.widgets.stats_panel import StatsPanel
from tests.helpers.driving import advance, dashboard, make_app, narration_on_screen, notices, settle

SIZE = (80, 24)  # the narration is five lines: a notice over it hid four


def newest_words(app: BurgerApp) -> str:
    """The end of the newest line of the story, as the screen would show it in words."""
    newest = app.dashboard.query_one(NarrationLog).text.splitlines()[-1]
    return " ".join(newest.split()[-4:])


async def the_newest_line_is_in_view(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.pause()  # the narration scrolls once its new text is laid out
    app = pilot.app
    assert isinstance(app, BurgerApp)
    assert newest_words(app) in narration_on_screen(app)


async def test_notices_cover_nothing_and_the_newest_line_stays_in_view() -> None:
    app, source = make_app(auto=True)
    async with dashboard(app, size=SIZE) as pilot:
        await advance(pilot, source, 30)
        await pilot.press("O", "m")  # two notices at once: a rush, a switch
        assert "A rush" in notices(app)
        assert "Model switched live" in notices(app)
        await the_newest_line_is_in_view(pilot)
        caption = app.dashboard.caption
        assert caption is not None
        # Beneath the floor and the narration, never over them: no region of theirs meets the caption's.
        for panel in ("#body", "#narration", "#tables", "#counter"):
            assert not caption.region.overlaps(app.dashboard.query_one(panel).region), panel
        assert not list(app._notifications)  # no toast floats over anything


Open = Callable[[Pilot[None]], Awaitable[None]]


async def open_compare(pilot: Pilot[None]) -> None:
    await pilot.press("c")
    assert isinstance(pilot.app.screen, CompareScreen)


async def open_help(pilot: Pilot[None]) -> None:
    await pilot.press("question_mark")
    assert isinstance(pilot.app.screen, HelpScreen)


async def open_export(pilot: Pilot[None]) -> None:
    await pilot.press("e")
    assert isinstance(pilot.app.screen, ExportDialog)


@pytest.mark.parametrize("mode", [Mode.CONCURRENT, Mode.PARALLEL], ids=str)
@pytest.mark.parametrize("open_screen", [open_compare, open_help, open_export], ids=lambda f: f.__name__)
async def test_the_newest_line_is_in_view_after_a_screen_closes(open_screen: Open, mode: Mode) -> None:
    """Compare runs the day on behind it (its lines are told as it closes); help and export pause it."""
    app, source = make_app(auto=True, mode=mode)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 40)
        told = len(app.dashboard.query_one(NarrationLog).text.splitlines())
        await open_screen(pilot)
        await advance(pilot, source, 60)
        await pilot.press("escape")
        await settle(pilot)
        app.dashboard.frame()
        await the_newest_line_is_in_view(pilot)
        if open_screen is open_compare:  # the day went on: what it told meanwhile is there, and in view
            assert len(app.dashboard.query_one(NarrationLog).text.splitlines()) > told


async def test_on_a_short_screen_a_notice_takes_the_footers_row_until_its_time_is_up() -> None:
    """At 60x20 the floor has no row to spare: the notice is the footer's line while it is up (the floor
    keeps every row), and the footer comes back when it goes."""
    app, _ = make_app()
    async with dashboard(app, size=(60, 20)) as pilot:
        await pilot.pause()
        body = app.dashboard.query_one("#body").size
        app.dashboard.notice(Content("A rush: 10 couples walk in."), kind="rush", timeout=None)
        await pilot.pause()
        assert notices(app) == "A rush: 10 couples walk in."
        assert not app.dashboard.query_one(Footer).display
        assert app.dashboard.query_one("#body").size == body
        app.dashboard.notice(Content("A rush: 10 couples walk in."), kind="rush", timeout=0.05)  # now it goes
        async with asyncio.timeout(5):  # its timer: a twentieth of a second
            while notices(app):
                await pilot.pause()
        await pilot.pause()
        assert app.dashboard.query_one(Footer).display
        assert app.dashboard.query_one("#body").size == body


async def test_at_60_columns_the_narration_has_half_the_width_and_the_stats_still_fit() -> None:
    """At 60x20 the narration had 18 columns: a line of the story took its five rows and more. It gets half
    the bottom row; the stats leave out their standing and talking columns to fit the rest."""
    app, source = make_app(auto=True)
    async with dashboard(app, size=(60, 20)) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 120)
        await pilot.pause()
        narration = app.dashboard.query_one(NarrationLog)
        stats = app.dashboard.query_one(StatsPanel)
        assert narration.outer_size.width >= 30
        assert app.dashboard.session.snapshot().by_model  # a model row is shown
        for line in stats.figures.splitlines()[:3]:
            assert len(line) <= stats.content_size.width, line  # no row wraps
        await the_newest_line_is_in_view(pilot)
