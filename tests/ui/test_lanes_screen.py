"""Who ran when (``w``): the lanes open over the dashboard, follow the day, scroll and zoom in time, close.

The day runs on a ManualTimeSource (it moves only in ``advance``); the screen is painted as its frame timer
would paint it (``paint``), so what it shows comes from the seeded day alone.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from burger_tui.sim.lane_view import Kind, LanesView, Span, State
from burger_tui.sim.times import clock_text
from burger_tui.ui.dashboard import DashboardScreen
from burger_tui.ui.screens.lanes import FIRST_STEP, LABEL_WIDTH, STEPS, LanesScreen
from tests.helpers.driving import advance, dashboard, make_app, narration_text
from tools.scenes import lanes_of_both_models

SIZE = (120, 40)


def shown(screen: LanesScreen) -> LanesView:
    screen.paint()
    assert screen.view is not None
    return screen.view


async def test_w_opens_the_lanes_which_follow_the_day_scroll_zoom_and_close() -> None:
    app, source = make_app(auto=True, speed=16.0, seed=7)
    async with dashboard(app, size=SIZE) as pilot:
        session = app.dashboard.session
        await pilot.press("O")
        await advance(pilot, source, 20)  # 320 s of the day
        await pilot.press("w")
        screen = app.screen
        assert isinstance(screen, LanesScreen)
        view = shown(screen)
        kinds = [lane.kind for lane in view.lanes]
        assert [lane.label for lane in view.lanes][:4] == ["street", "Cashier", "Cook 1", "counter display"]
        assert kinds.index(Kind.YOU) < kinds.index(Kind.COUPLE)  # you first, then as many others as fit
        assert view.end == session.shown_time()
        assert screen.following

        await advance(pilot, source, 30)  # the day goes on behind the lanes: they follow it
        later = shown(screen)
        assert later.end == session.shown_time() > view.end
        assert len(later.lanes) >= len(view.lanes)
        assert any(span.state is State.TALKING for lane in later.lanes for span in lane.spans)

        await pilot.press("comma")  # back a quarter of the width: looking back, the view stays put
        back = shown(screen)
        assert not screen.following
        assert back.end < later.end
        await advance(pilot, source, 5)
        assert shown(screen).end == back.end
        await pilot.press("greater_than_sign")  # to now: following again
        assert screen.following
        assert shown(screen).end == session.shown_time()

        step = STEPS.index(FIRST_STEP)
        await pilot.press("plus")
        shown(screen)
        assert screen.window.step == STEPS[step - 1]
        await pilot.press("minus", "minus")
        assert screen.window.step == STEPS[step + 1]
        await pilot.press("less_than_sign")  # to the opening
        assert shown(screen).start == 0.0

        await pilot.press("w")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("w", "escape")  # escape closes it too
        assert isinstance(app.screen, DashboardScreen)


async def test_the_lanes_in_ascii_use_plain_characters() -> None:
    app, source = make_app(auto=True, speed=16.0, seed=7, ascii_only=True)
    async with dashboard(app, size=(80, 24)) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 10)
        await pilot.press("w")
        screen = app.screen
        assert isinstance(screen, LanesScreen)
        screen.paint()
        text = str(screen.query_one("#lanes-grid").content)  # type: ignore[attr-defined]
        assert text.isascii()
        assert "o" in text


async def test_gone_back_in_the_day_the_lanes_are_the_days_as_it_was_then() -> None:
    app, source = make_app(auto=True, speed=4.0, seed=2)
    async with dashboard(app, size=SIZE) as pilot:
        session = app.dashboard.session
        await pilot.press("O")
        await advance(pilot, source, 20)  # 80 simulated seconds
        await pilot.press("space")
        await pilot.press("w")
        screen = app.screen
        assert isinstance(screen, LanesScreen)
        newest = shown(screen)
        await pilot.press("escape", "left", "left", "w")  # 20 s back, replayed: then the lanes again
        screen = app.screen
        assert isinstance(screen, LanesScreen)
        back = shown(screen)
        assert back.end == session.shown_time() == pytest.approx(newest.end - 20)
        # The staff's, the display's and your lanes up to that instant: the day replayed tells them again.
        before = {lane.label: lane for lane in newest.lanes if lane.kind is not Kind.COUPLE}
        for lane in back.lanes:
            if lane.kind is not Kind.COUPLE:
                assert lane.spans == cut(before[lane.label].spans, back.end)
                assert lane.instants == tuple(at for at in before[lane.label].instants if at < back.end)


async def test_the_lane_of_you_marks_where_the_story_goes_on_with_another_couple_and_names_them() -> None:
    app, source = make_app(auto=True, speed=16.0, seed=7)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 25)  # 400 s of the day: "you" leaves and another couple is followed
        told = re.findall(r"(\d:\d\d:\d\d) You are now couple (\d+)", narration_text(app))
        assert told  # the narration says who you are now, and when
        await pilot.press("w")
        screen = app.screen
        assert isinstance(screen, LanesScreen)
        view = shown(screen)
        assert [(clock_text(c.at, tenths=False), str(c.couple)) for c in view.new_you] == told
        lines = str(screen.query_one("#lanes-grid").content).splitlines()  # type: ignore[attr-defined]
        (row,) = [line for line in lines if line.startswith("★ you")]
        starred = {screen.window.cell(change.at) for change in view.new_you}
        assert {k for k, glyph in enumerate(row[LABEL_WIDTH:]) if glyph == "★"} == starred
        legend = " ".join(lines[lines.index("") :])
        assert f"couple {told[-1][1]} ({told[-1][0]})" in legend  # the legend names who you are now


def cut(spans: tuple[Span, ...], end: float) -> tuple[Span, ...]:
    """``spans`` up to ``end``."""
    return tuple(span._replace(end=min(span.end, end)) for span in spans if span.start < end)


def test_who_ran_when_in_both_halves_of_the_story(snap_compare: Any) -> None:
    app, run_before = lanes_of_both_models()
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
