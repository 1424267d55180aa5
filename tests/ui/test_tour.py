"""The guided tour cannot get stuck: started while paused, it resumes the restaurant and plays on."""

from __future__ import annotations

from burger_tui.session import TOUR_RESUMES
from tests.helpers.driving import advance, dashboard, make_app, narration_text, settle

SIZE = (120, 40)


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
