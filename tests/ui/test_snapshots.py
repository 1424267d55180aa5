"""Snapshots of the main screen: fixed seed, a clock that moves only when the script says."""

from __future__ import annotations

from textual.pilot import Pilot

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.ui.app import BurgerApp

from .driving import advance


def _mid_rush(mode: Mode, seconds: float = 150) -> tuple[BurgerApp, object]:
    source = ManualTimeSource()
    app = BurgerApp(RestaurantConfig(mode=mode, seed=7), speed=1.0, time_source=source, loop_lag_meter=False)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("O")
        await advance(pilot, source, seconds, step=1.0)
        app.clear_notifications()
        app.frame()

    return app, run_before


def test_concurrent_mid_rush(snap_compare: object) -> None:
    app, run_before = _mid_rush(Mode.CONCURRENT)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)  # type: ignore[operator]


def test_parallel_mid_rush(snap_compare: object) -> None:
    app, run_before = _mid_rush(Mode.PARALLEL, seconds=40)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)  # type: ignore[operator]


def test_compact_layout_80x24(snap_compare: object) -> None:
    app, run_before = _mid_rush(Mode.CONCURRENT)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]


def test_help_screen(snap_compare: object) -> None:
    source = ManualTimeSource()
    app = BurgerApp(RestaurantConfig(seed=7), auto_arrivals=False, time_source=source, loop_lag_meter=False)
    assert snap_compare(app, terminal_size=(120, 40), press=["question_mark"])  # type: ignore[operator]
