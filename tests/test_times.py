"""Simulated time is written one way: the dashboard's clock (whole seconds) and a step (tenths) agree."""

from __future__ import annotations

import pytest

from burger_tui.sim.program.snapshot import clock_text as step_time
from burger_tui.sim.times import clock_text
from burger_tui.ui.times import clock_text as dashboard_clock


@pytest.mark.parametrize(
    ("seconds", "with_tenths", "whole"),
    [
        (0.0, "0:00:00", "0:00:00"),
        (2.3, "0:00:02.3", "0:00:02"),  # 2.3 * 10 is 22.999...: rounded, not cut to 2.2
        (59.94, "0:00:59.9", "0:00:59"),
        (59.96, "0:01:00", "0:01:00"),  # the step and the clock show the same second
        (3723.0, "1:02:03", "1:02:03"),
        (36_000.5, "10:00:00.5", "10:00:00"),
    ],
)
def test_the_clock_and_a_step_show_the_same_second(seconds: float, with_tenths: str, whole: str) -> None:
    assert clock_text(seconds) == step_time(seconds) == with_tenths
    assert clock_text(seconds, tenths=False) == dashboard_clock(seconds) == whole
