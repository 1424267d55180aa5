"""The export's JSON says what the screen said of the same day: the rate per hour the stats showed (a
teacher saw '121/h' on screen and '"throughput_per_hour": null' in the file), and the staff the day
opened with (it recorded Concurrent with 8 cooks, the setting Parallel and Hybrid use, beside its one)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from textual.widgets import Input

from burger_tui.sim.model import Mode
from burger_tui.ui.screens.export_dialog import ExportDialog
from burger_tui.ui.widgets.stats_panel import StatsPanel
from tests.helpers.driving import advance, dashboard, make_app


async def test_the_export_says_the_rate_and_the_staff_the_screen_showed(tmp_path: Path) -> None:
    app, source = make_app(mode=Mode.CONCURRENT, cooks=8, seed=3, speed=4.0, auto=True)
    async with dashboard(app, size=(120, 40)) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 45.0, step=0.5)  # 3 minutes of the day: well under an hour
        await pilot.press("m")  # to parallel: the file records the model the day opened with
        await advance(pilot, source, 15.0, step=0.5)
        await pilot.press("space")  # paused: the screen and the file are of one instant
        app.dashboard.frame()
        await pilot.pause()
        served = app.dashboard.query_one(StatsPanel).figures.splitlines()[0]
        shown = re.search(r"Served (\d+) · (\d+)/h", served)
        assert shown, served
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one(Input).value = str(tmp_path / "day")
        await pilot.press("enter")
        await pilot.pause()
    stats = json.loads((tmp_path / "day.json").read_text())
    assert stats["sim_time_s"] < 3600
    assert stats["served"] == int(shown[1])
    assert stats["throughput_per_hour"] is not None
    assert round(stats["throughput_per_hour"]) == int(shown[2])
    assert stats["started_as"]["mode"] == "concurrent"
    assert stats["started_as"]["staff"] == {"cashier": 1, "cook": 1}
