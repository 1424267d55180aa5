"""The guided tour cannot get stuck (started while paused, it resumes the restaurant and plays on), its
captions are true of the floor beside them while they stay, whole at 80×24, and its end says so."""

from __future__ import annotations

import re

import pytest
from textual.content import Content

from burger_tui.session import TOUR_RESUMES
from burger_tui.sim.model import Phase
from burger_tui.ui.dashboard import DashboardScreen
from burger_tui.ui.screens import compare as compare_screen
from burger_tui.ui.widgets.caption import SHORT_LINES
from tests.helpers.driving import advance, dashboard, make_app, narration_text, notices, settle, small_compare

SIZE = (120, 40)
SHORT = (80, 24)  # the caption's two lines
TOUR_S = 600  # real seconds at 1×: more than the tour's stops take


async def test_the_tour_started_while_paused_resumes_the_day_and_moves_on() -> None:
    app, source = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("space")
        assert app.dashboard.session.snapshot().paused
        await pilot.press("g")
        await settle(pilot)
        assert not app.dashboard.session.snapshot().paused
        assert TOUR_RESUMES in narration_text(app)
        await advance(pilot, source, 160, step=2)
        assert "Tour 2/" in narration_text(app)  # it moved on (paused, it stayed at its first stop)


def _said(pattern: str, caption: str) -> int:
    found = re.search(pattern, caption)
    assert found is not None, caption
    return int(found[1])


async def test_a_stops_caption_is_said_of_the_day_on_screen_while_it_stays() -> None:
    # Stop 2 said "Seated with a number: 11 couples" for its whole stay, while 13 tables were taken.
    app, source = make_app()
    async with dashboard(app, size=SHORT) as pilot:
        await pilot.press("g")
        await advance(pilot, source, 155, step=5)  # to stop 2
        counts = set()
        for _ in range(20):
            caption = notices(app)
            assert "Tour 2/5" in caption
            seated = len(app.dashboard.session.snapshot().couples(Phase.SEATED))  # the frame just painted
            assert _said(r"Seated with a number: (\d+) couple", caption) == seated
            counts.add(seated)
            await advance(pilot, source, 5, step=5)
        assert len(counts) > 1  # the day moved on beneath the stop, and its caption with it


async def test_at_80x24_each_stop_says_its_point_whole_and_the_end_says_the_tour_is_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every stop's caption ended in "…" for its ~40 s: a learner never read the rest.
    monkeypatch.setattr(compare_screen, "compare", small_compare)
    app, source = make_app()
    async with dashboard(app, size=SHORT) as pilot:
        await pilot.press("g")
        stops: list[str] = []
        for _ in range(TOUR_S // 10):
            if not isinstance(app.screen, DashboardScreen):
                break
            await advance(pilot, source, 10, step=5)
            caption = app.dashboard.caption
            if caption is not None and isinstance(app.screen, DashboardScreen) and "Tour" in notices(app):
                shown = caption.render().plain
                assert "…" not in shown
                stops.append(shown.split(" ", 2)[1])
                # Whole too on a busier day: every count in two digits.
                busier = Content(re.sub(r"\d+", "99", notices(app).splitlines()[0]))
                assert len(busier.wrap(caption.content_size.width)) <= SHORT_LINES
        assert list(dict.fromkeys(stops)) == [f"{n}/5" for n in range(1, 5)]  # 5/5 opens compare at once
        assert isinstance(app.screen, compare_screen.CompareScreen)
        assert [n.title for n in app._notifications] == ["Tour over"]
        assert "Esc returns to the restaurant" in next(iter(app._notifications)).message
