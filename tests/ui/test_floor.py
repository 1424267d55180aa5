"""The floor tells the story: narration that follows, notices that replace, dialogs that pause, a tour."""

from __future__ import annotations

import asyncio

import pytest
from textual.content import Content

from burger_tui.cli.parser import dashboard_parser, the_opening_line
from burger_tui.sim.events import CoupleArrived
from burger_tui.sim.headless import run_simulation
from burger_tui.sim.limits import DEFAULT_OPENING_LINE
from burger_tui.sim.model import Couple, Mode, RestaurantConfig
from burger_tui.sim.program.snapshot import Program
from burger_tui.ui.dashboard import DashboardScreen
from burger_tui.ui.screens.help import HelpScreen
from burger_tui.ui.widgets import narration_log
from burger_tui.ui.widgets.loop_lag import LoopLagMeter
from burger_tui.ui.widgets.narration_log import NarrationLog
from burger_tui.ui.widgets.program_view import ProgramView
from burger_tui.ui.widgets.tables import TablesPanel
from tests.helpers.days import on_each_day
from tests.helpers.driving import (
    advance,
    dashboard,
    make_app,
    narration_text,
    notices,
    quick_press,
    resize,
    settle,
)
from tests.helpers.meter import Ticks
from tests.helpers.sim import EventLog

SIZE = (120, 40)


async def test_the_narration_follows_the_newest_line_unless_the_reader_scrolled_up() -> None:
    app, source = make_app(auto=True, arrival_rate_per_min=6.0)
    async with dashboard(app, size=SIZE) as pilot:
        log = app.dashboard.query_one(NarrationLog)
        await advance(pilot, source, 400, step=4)
        await pilot.pause()
        assert log.max_scroll_y > 0
        assert log.scroll_y == log.max_scroll_y  # the newest line in view

        log.scroll_to(y=0, animate=False)
        await pilot.pause()
        assert not log.following
        await advance(pilot, source, 200, step=4)
        await pilot.pause()
        assert log.scroll_y == 0  # reading an older line: left where the reader is

        log.scroll_end(animate=False)
        await pilot.pause()
        assert log.following
        await pilot.press("question_mark")  # help, then back, then a resize: still following
        await pilot.press("escape")
        await resize(pilot, 100, 30)
        await advance(pilot, source, 200, step=4)
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y


async def test_repeated_glances_are_one_line_that_counts() -> None:
    app, source = make_app(cook_time="fixed:120")
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("o")
        await advance(pilot, source, 300, step=2)
        lines = app.dashboard.query_one(NarrationLog).text.splitlines()
        glances = [line for line in lines if "You glance at the display: not yet." in line]
        assert len(glances) == 1, lines
        assert "(×" in glances[0]
        repeats = int(glances[0].split("(×")[1].rstrip(")"))
        assert repeats >= 10  # two minutes of cooking, a glance every 8 s


async def test_the_story_written_again_after_a_jump_back_parses_only_the_lines_it_had_not_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, source = make_app(auto=True, arrival_rate_per_min=6.0)
    async with dashboard(app, size=SIZE) as pilot:
        await advance(pilot, source, 200, step=4)
        await pilot.press("space")
        log = app.dashboard.query_one(NarrationLog)
        shown = log.text.splitlines()
        parsed: list[str] = []

        class Counted(Content):
            @classmethod
            def from_markup(cls, markup: str | Content, **variables: object) -> Content:
                parsed.append(str(markup))
                return Content.from_markup(markup, **variables)

        monkeypatch.setattr(narration_log, "Content", Counted)
        await pilot.press("left")
        await app.dashboard.jumped()
        again = log.text.splitlines()
        assert 0 < len(again) <= len(shown)
        assert len(parsed) == len(set(again) - set(shown))  # the lines shown before the jump are reused


async def test_a_warning_pressed_again_replaces_its_notice() -> None:
    app, _ = make_app(speed=16.0)
    async with dashboard(app, size=SIZE) as pilot:
        for _ in range(4):
            await pilot.press("right_square_bracket")  # at the limit: a warning each time
        await pilot.press("m")
        await pilot.pause()
        shown = notices(app)
        assert shown.count("Speed stays between 0.25× and 16×.") == 1, shown
        assert "Parallel Burgers" in shown  # another kind stays beside it


async def test_help_pauses_the_restaurant_and_says_so_closing_it_goes_on() -> None:
    app, source = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 10)
        session = app.dashboard.session
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert session.snapshot().paused
        frozen = session.shown_time()
        await advance(pilot, source, 30)
        assert session.shown_time() == frozen  # no jump when it closes
        await pilot.press("escape")
        assert not session.snapshot().paused
        await advance(pilot, source, 5)
        assert session.shown_time() == frozen + 5
        # Paused before: stays paused after.
        await pilot.press("space", "question_mark", "escape")
        assert session.snapshot().paused


async def test_each_couple_sits_at_a_table_with_its_number_and_its_ticket() -> None:
    app, source = make_app(mode=Mode.CONCURRENT)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 150)
        snapshot = app.dashboard.session.snapshot()
        floor = app.dashboard.query_one(TablesPanel).markup(snapshot)
        seated = [c for phase in snapshot.by_phase.values() for c in phase if c.turn_number is not None]
        assert seated
        for couple in seated:
            assert f"{couple.id}" in floor
            assert f"🎫{couple.turn_number}" in floor


async def test_g_plays_the_tour_and_any_key_takes_over() -> None:
    app, source = make_app(mode=Mode.HYBRID)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("g")
        await settle(pilot)
        assert "Tour 1/" in narration_text(app)
        assert app.dashboard.session.snapshot().mode is Mode.CONCURRENT  # the story starts at the start
        await advance(pilot, source, 160, step=2)
        assert "Tour 2/" in narration_text(app)
        arrived = app.dashboard.session.snapshot().stats.arrived
        await pilot.press("o")
        await settle(pilot)
        assert app.dashboard.session.snapshot().stats.arrived == arrived + 1  # the key did its work
        await advance(pilot, source, 400, step=4)
        assert "Tour 3/" not in narration_text(app)  # and the tour stopped
        assert app.dashboard.session.snapshot().mode is Mode.CONCURRENT


async def test_a_key_right_after_g_takes_over_too() -> None:
    """A key pressed before the tour's worker had started (g then o, back to back) left the tour playing:
    only a running tour was stopped."""
    app, source = make_app(mode=Mode.HYBRID)
    async with dashboard(app, size=SIZE) as pilot:
        await quick_press(pilot, "g", "o")
        await settle(pilot)
        assert "Tour stopped" in notices(app)
        await advance(pilot, source, 400, step=4)
        assert "Tour 2/" not in narration_text(app)


@pytest.mark.parametrize("opening_line", [0, DEFAULT_OPENING_LINE])
async def test_same_seed_same_couples_as_simulate(opening_line: int) -> None:
    """The dashboard opens as the seeded stream's first couple walks in (or with its line at the door):
    couple k has the same needs as simulate's couple k with the same settings, and arrives when it does
    (give or take the test's one-second steps)."""
    seed, rate = 11, 2.0
    app, source = make_app(auto=True, seed=seed, arrival_rate_per_min=rate, opening_line=opening_line)
    seen: list[Couple] = []

    def note_arrival(event: object) -> None:
        if isinstance(event, CoupleArrived):
            seen.append(event.couple)

    on_each_day(app, lambda _restaurant: [note_arrival])
    async with dashboard(app, size=SIZE) as pilot:
        await advance(pilot, source, 600, step=1)
    log = EventLog()
    # simulate's own loop, in a thread: this test's loop is running.
    config = RestaurantConfig(seed=seed, arrival_rate_per_min=rate, opening_line=opening_line)
    await asyncio.to_thread(run_simulation, config, len(seen), None, [log])
    expected = log.couples()
    assert len(seen) >= 15
    assert [(c.id, c.demand) for c in seen] == [(c.id, c.demand) for c in expected]
    for ours, theirs in zip(seen, expected, strict=True):
        assert theirs.arrived_at <= ours.arrived_at < theirs.arrived_at + 1.0


async def test_the_program_view_names_who_holds_the_thread_during_a_blocking_call() -> None:
    app, source = make_app()
    async with dashboard(app, size=(160, 50)) as pilot:
        await pilot.press("O", "p")
        await advance(pilot, source, 20)
        view = app.dashboard.query_one(ProgramView)
        shown: list[Program] = []
        show = view.show

        def spy(program: Program) -> bool:
            shown.append(program)
            return show(program)

        view.show = spy  # type: ignore[method-assign]
        ticks = Ticks(app.query_one(LoopLagMeter))
        app.simulate_key("b")
        # The freeze is real (the lesson holds the loop): the meter ticks again once it is over and told.
        await ticks.until(lambda: "held everyone for" in narration_text(app))
        holders = [p.running for p in shown if p.running]
        assert holders
        assert "blocking call" in holders[0]  # shown before the thread was held
        assert "held everyone for" in narration_text(app)


async def test_the_first_minute_shows_the_story_without_a_key() -> None:
    """At the dashboard's default settings (the command line's), within a minute on screen: at least five
    couples in, and one served (it was about two couples in two simulated minutes unless O was pressed).
    The first minutes of every seed's stream can be empty: the line at the door is part of the settings."""
    args = dashboard_parser().parse_args([])
    for seed in (args.seed, 7, 12345):
        app, source = make_app(
            auto=not args.no_auto,
            speed=args.speed,
            mode=args.mode,
            cooks=args.cooks,
            seed=seed,
            opening_line=the_opening_line(args),
        )
        async with dashboard(app, size=SIZE) as pilot:
            await advance(pilot, source, 60, step=1)
            stats = app.dashboard.session.snapshot().stats
            assert stats.arrived >= 5, seed
            assert stats.served >= 1, seed
            assert "behind 4 couples" in narration_text(app)  # you, last of the line at the door


async def test_a_frame_before_the_welcome_keeps_the_openings_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """A frame can come between the day's opening and its welcome (a timer tick on a busy machine, a
    resize): the lines of the opening it would tell are told after the welcome, not taken away by it."""
    welcome_the_day = DashboardScreen._welcome_the_day

    def framed_first(screen: DashboardScreen) -> None:
        screen.frame()
        welcome_the_day(screen)

    monkeypatch.setattr(DashboardScreen, "_welcome_the_day", framed_first)
    app, source = make_app(opening_line=DEFAULT_OPENING_LINE)
    async with dashboard(app, size=SIZE) as pilot:
        await advance(pilot, source, 1, step=1)
        assert "stand in line behind 4 couples" in narration_text(app)
