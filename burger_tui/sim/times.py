"""Simulated time in words, one way for every view of a day: the dashboard's clock, its panels, the
narration, the program view and the trace. It imports nothing: the dashboard's clock is on its first frame.

Every shown time goes through :func:`whole_seconds`: a wait, a mean or an instant of the same length never
shows as two different seconds on one screen.
"""

from __future__ import annotations


def whole_seconds(seconds: float) -> int:
    """The second shown for ``seconds``: rounded to the tenth, then the tenth left out.

    Rounded to the tenth first, so a clock that ticks in whole seconds and a step shown in tenths at the
    same instant show the same second (59.96 is 1:00 on both).
    """
    return round(seconds * 10) // 10


def clock_text(seconds: float, *, tenths: bool = True) -> str:
    """``h:mm:ss`` of simulated time, with tenths (``h:mm:ss.t``) when the instant is not a whole second."""
    whole, tenth = divmod(round(seconds * 10), 10)
    text = f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
    return f"{text}.{tenth}" if tenths and tenth else text


def duration_text(seconds: float) -> str:
    """``1m05s`` / ``42s``: a wait in words a diner would use."""
    whole = max(0, whole_seconds(seconds))
    return f"{whole // 60}m{whole % 60:02d}s" if whole >= 60 else f"{whole}s"


def span_text(start: float, end: float) -> str:
    """The time from the instant ``start`` to ``end`` as the clock showed them: the seconds between the two
    shown seconds, so a span told beside its two times always agrees with them (10.96 to 14.96 is 4 s,
    shown 0:00:11 to 0:00:15; 10.94 to 15.0 is 5 s, shown 0:00:10 to 0:00:15)."""
    return duration_text(whole_seconds(end) - whole_seconds(start))


def short_duration_text(seconds: float) -> str:
    """``42s`` or ``4m05``: a wait in five cells at most (up to 99 minutes), for a table's column."""
    whole = max(0, whole_seconds(seconds))
    return f"{whole}s" if whole < 60 else f"{whole // 60}m{whole % 60:02d}"
