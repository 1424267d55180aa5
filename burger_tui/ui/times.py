"""Simulated times in words, for every panel and the narration."""

from __future__ import annotations

from burger_tui.sim import times


def clock_text(seconds: float) -> str:
    """``h:mm:ss``: the dashboard's clock ticks in whole seconds, the same second as the program view's."""
    return times.clock_text(seconds, tenths=False)


def duration_text(seconds: float) -> str:
    """``1m05s`` / ``42s``: a wait in words a diner would use."""
    whole = round(seconds)
    return f"{whole // 60}m{whole % 60:02d}s" if whole >= 60 else f"{whole}s"
