"""Simulated time in words, one way for every view of a day: the dashboard's clock, the program view, the
trace and the narration. It imports nothing: the dashboard's clock is on its first frame."""

from __future__ import annotations


def clock_text(seconds: float, *, tenths: bool = True) -> str:
    """``h:mm:ss`` of simulated time, with tenths (``h:mm:ss.t``) when the instant is not a whole second.

    Rounded to the tenth even without ``tenths``, so a clock that ticks in whole seconds and a step at
    the same instant always show the same second.
    """
    whole, tenth = divmod(round(seconds * 10), 10)
    text = f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
    return f"{text}.{tenth}" if tenths and tenth else text


def duration_text(seconds: float) -> str:
    """``1m05s`` / ``42s``: a wait in words a diner would use."""
    whole = round(seconds)
    return f"{whole // 60}m{whole % 60:02d}s" if whole >= 60 else f"{whole}s"
