"""Toasts that replace, never stack: one per kind at a time.

A key pressed four times at a limit shows one warning, not four over the narration; a second model
switch replaces the first one's note.
"""

from __future__ import annotations

import time
from typing import NamedTuple

from textual.app import App
from textual.notifications import SeverityLevel


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
            self._app.notify(
                toast.message, title=toast.title, severity=toast.severity, timeout=toast.until - now
            )
