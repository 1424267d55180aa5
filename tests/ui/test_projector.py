"""``--projector``: fewer, larger things for a room, at 100x30: the clock and the ready number in big digits,
the narration the width of the screen; and every tab of ``serve --projector`` gets it."""

from __future__ import annotations

import pytest
from textual.widgets import Digits

import burger_tui.serve
from burger_tui.cli import main
from burger_tui.ui.times import clock_text
from burger_tui.ui.widgets.display import DisplayPanel, big_digits
from burger_tui.ui.widgets.narration_log import NarrationLog
from burger_tui.ui.widgets.stats_panel import StatsPanel
from burger_tui.ui.widgets.status_bar import StatusBar
from tests.helpers.driving import advance, apps_opened, dashboard, make_app

SIZE = (100, 30)


async def test_a_room_reads_the_clock_and_the_ready_number_in_big_digits() -> None:
    app, source = make_app(auto=True, seed=7, projector=True)
    async with dashboard(app, size=SIZE) as pilot:
        screen = app.dashboard
        await pilot.press("O")
        for _ in range(300):  # until a number is ready, to be read from the back of the room
            await advance(pilot, source, 1)
            snapshot = screen.session.snapshot()
            if snapshot.display_numbers:
                break
        clock = screen.query_one(Digits)
        assert clock.value == clock_text(snapshot.now)
        assert clock.outer_size.height == 3
        display = screen.query_one(DisplayPanel)
        shown = [row.strip() for row in str(display.render()).splitlines()]
        digits = big_digits(str(snapshot.display_numbers[-1]), bold=True)
        assert shown[:3] == [row.strip() for row in digits]  # on a screen this short, big all the same
        assert clock_text(snapshot.now) not in str(screen.query_one(StatusBar).render())  # told once
        assert screen.query_one(StatsPanel).region.area == 0  # small print, left out: compare has it
        assert screen.query_one(NarrationLog).outer_size.width == SIZE[0]


def test_the_option_reaches_the_dashboard(monkeypatch: pytest.MonkeyPatch) -> None:
    opened = apps_opened(monkeypatch)
    assert main(["--projector"]) == 0
    assert main([]) == 0
    assert [app.dashboard.projector for app in opened] == [True, False]
    assert opened[0].dashboard.has_class("-projector")


@pytest.mark.parametrize("argv", [["serve", "--projector"], ["--projector", "serve"]])
def test_every_served_tab_gets_it(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[list[str]] = []
    monkeypatch.setattr(
        burger_tui.serve, "serve", lambda _host, _port, tab_argv, **_k: served.append(tab_argv)
    )
    assert main(argv) == 0
    assert served == [["--projector"]]
