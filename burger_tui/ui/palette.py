"""Textual's command palette, dismissed once.

Textual 8's palette dismisses itself as Enter chooses a command; a second Enter arriving before it is gone
dismissed it again, and that popped the screen under it (``ScreenStackError``: the app ended). The same
happens in a bare Textual app.
"""

from __future__ import annotations

import asyncio

from textual.await_complete import AwaitComplete
from textual.command import CommandPalette


class OnceCommandPalette(CommandPalette):
    """A palette whose second ``dismiss`` does nothing."""

    _dismissed = False

    def dismiss(self, result: None = None) -> AwaitComplete:
        if self._dismissed:
            return AwaitComplete(asyncio.sleep(0))
        self._dismissed = True
        return super().dismiss(result)
