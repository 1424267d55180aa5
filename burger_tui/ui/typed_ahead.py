"""Keys typed ahead of a screen change go to the screen on top when their turn comes.

Textual hands each key to the focused widget as it arrives, and matches the bindings as the key comes back
to the app. A key typed right after one that opens a dialog (``e``, then a path) is handed to the dashboard
and comes back after ``e`` has opened the dialog, which has no binding for it: it was lost. ``e``, a path and
Enter typed quickly wrote the default name, replacing an export there, or nothing (the twelfth adversarial
pass: 9 of 9 sent in one burst, 7 of 49 key by key). Such a key is sent again, as if typed now, once the
screen on top has taken in what it had to (its input is focused by then).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual import events
from textual.app import App
from textual.screen import Screen


class TypedAhead:
    """Which screen each key was handed to, until it comes back to the app."""

    def __init__(self, app: App[None]) -> None:
        self._app = app
        self._handed_to: WeakKeyDictionary[events.Key, Screen[object]] = WeakKeyDictionary()

    def arrived(self, event: events.Event) -> None:
        """Call as the app takes an event in (before Textual hands it on)."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._handed_to[event] = self._app.screen

    def came_back(self, event: events.Key) -> None:
        """Call as a key comes back to the app: one handed to a screen no longer on top is sent again (and
        its bindings are not matched against the screen it was not meant for)."""
        handed_to = self._handed_to.pop(event, None)
        now_on_top = self._app.screen
        if handed_to is None or handed_to is now_on_top:
            return
        event.prevent_default()
        again = events.Key(event.key, event.character)
        if not now_on_top.call_later(self._app.post_message, again):  # after what the screen has to take in
            self._app.post_message(again)
