"""Snapshots of the main screen: fixed seed, a clock that moves only when the script says."""

from __future__ import annotations

from typing import Any

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.ui.app import BurgerApp
from tests.helpers.scenes import mid_rush


def test_concurrent_mid_rush(snap_compare: Any) -> None:
    app, run_before = mid_rush(Mode.CONCURRENT)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_parallel_mid_rush(snap_compare: Any) -> None:
    app, run_before = mid_rush(Mode.PARALLEL, seconds=40)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_hybrid_mid_rush(snap_compare: Any) -> None:
    app, run_before = mid_rush(Mode.HYBRID, seconds=60)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_compact_layout_80x24(snap_compare: Any) -> None:
    app, run_before = mid_rush(Mode.CONCURRENT)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_help_screen(snap_compare: Any) -> None:
    app = BurgerApp(
        RestaurantConfig(seed=7), auto_arrivals=False, time_source=ManualTimeSource(), loop_lag_meter=False
    )
    assert snap_compare(app, terminal_size=(120, 40), press=["question_mark"])
