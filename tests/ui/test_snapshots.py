"""Snapshots of the floor: fixed seed, a clock that moves only when the script says.

Every model at 80×24, 120×40 and 200×60 (the space goes to what matters: the tables in concurrent
and hybrid, the crowd standing at the counter in parallel), ``--ascii``, and help.
"""

from __future__ import annotations

from typing import Any

import pytest

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.ui.app import BurgerApp
from tools.scenes import mid_rush

SIZES = [(80, 24), (120, 40), (200, 60)]
# Long enough into the rush for every model to show its point: concurrent's couples seated and waiting
# for the one cook, parallel's crowd standing, hybrid's several cooks.
SECONDS = {Mode.CONCURRENT: 150, Mode.PARALLEL: 40, Mode.HYBRID: 60}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("mode", list(Mode), ids=str)
def test_the_floor(snap_compare: Any, mode: Mode, size: tuple[int, int]) -> None:
    app, run_before = mid_rush(mode, SECONDS[mode])
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("mode", [Mode.CONCURRENT, Mode.PARALLEL], ids=str)
def test_the_floor_in_ascii(snap_compare: Any, mode: Mode) -> None:
    app, run_before = mid_rush(mode, SECONDS[mode], ascii_only=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize("mode", [Mode.CONCURRENT, Mode.PARALLEL], ids=str)
def test_the_floor_on_a_projector(snap_compare: Any, mode: Mode) -> None:
    """``--projector`` at 100x30: the clock and the ready number in big digits, the narration the width."""
    app, run_before = mid_rush(mode, SECONDS[mode], projector=True)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_help_screen(snap_compare: Any) -> None:
    app = BurgerApp(
        RestaurantConfig(seed=7), auto_arrivals=False, time_source=ManualTimeSource(), loop_lag_meter=False
    )
    assert snap_compare(app, terminal_size=(120, 40), press=["question_mark"])
