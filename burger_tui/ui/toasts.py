"""Textual's own notices (a screenshot from the palette...), as toasts whose timers are never negative.

The dashboard's notices do not come here: they are its caption (``ui/widgets/caption.py``), which covers
nothing of the floor or the story.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.notifications import Notification, Notify, SeverityLevel

# The shortest a toast's timer runs: a notice whose time ran out as its toast was made is up this long.
MIN_TOAST_S = 0.1


class Notice(Notification):
    """A notification whose toast never gets a timer with a negative delay.

    Textual's toast rack skips a notification whose time has run out, then makes its toast, which reads
    the time left again for its timer. If the main thread loses the GIL between the two reads (to
    compare's worker thread, for a switch interval or more), the second read is negative, and a Textual
    timer with a negative interval spins in ``Timer._run`` forever: the dashboard froze at 100 % CPU
    (issue 25). Whether it has run out still goes by the real time left.
    """

    @property
    def time_left(self) -> float:
        return max(MIN_TOAST_S, super().time_left)

    @property
    def has_expired(self) -> bool:
        return super().time_left <= 0


def notify(
    app: App[Any],
    message: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float,
    markup: bool = True,
) -> None:
    """``App.notify``, with a :class:`Notice` (``App.notify`` makes a plain ``Notification``)."""
    app.post_message(Notify(Notice(message, title, severity, timeout, markup=markup)))
