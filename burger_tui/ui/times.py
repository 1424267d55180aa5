"""Simulated times in words, for every panel."""

from __future__ import annotations

from burger_tui.sim import times
from burger_tui.sim.times import duration_text as duration_text  # the narration's too, outside ui/


def clock_text(seconds: float) -> str:
    """``h:mm:ss``: the dashboard's clock ticks in whole seconds, the same second as the program view's."""
    return times.clock_text(seconds, tenths=False)
