"""Toasts that replace, never stack: one per kind at a time.

A key pressed four times at a limit shows one warning, not four over the narration; a second model
switch replaces the first one's note.
"""

from __future__ import annotations

import time
from typing import Any, NamedTuple

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


class _Toast(NamedTuple):  # not a dataclass: start-up (see symbols.py)
    message: str
    title: str
    severity: SeverityLevel
    until: float  # time.monotonic() when it goes away


class Toasts:
    """The app's notifications, by kind."""

    def __init__(self, app: App[object]) -> None:
        self._app = app
        self._shown: dict[str, _Toast] = {}

    def show(
        self,
        message: str,
        *,
        kind: str,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float = 3.0,
    ) -> None:
        """Show ``message``, replacing the toast of the same ``kind`` if one is still up."""
        now = time.monotonic()
        shown = {k: toast for k, toast in self._shown.items() if toast.until > now}
        replacing = kind in shown
        shown[kind] = _Toast(message, title, severity, now + timeout)
        self._shown = shown
        if replacing:  # Textual has no public "replace one": clear them all, show the others again
            self._app.clear_notifications()
        for toast in shown.values() if replacing else [shown[kind]]:
            notify(
                self._app,
                toast.message,
                title=toast.title,
                severity=toast.severity,
                timeout=toast.until - now,
            )
