"""Textual's command palette, two of its defects set right (each ends a bare Textual 8 app too).

- It dismisses itself as Enter chooses a command; a second Enter arriving before it is gone dismissed it
  again, and that popped the screen under it (``ScreenStackError``: the app ended).
- A page key pressed as it opens, before its list is laid out (the list has its options, not yet their
  lines), raised ``KeyError`` in Textual's ``OptionList``: the app ended (found by an adversarial run).

The second overrides one of the palette's private actions: with :mod:`burger_tui.ui.textual_leaks`, the
only places this app touches Textual's private parts (their tests fail if those change).
"""

from __future__ import annotations

import asyncio

from textual.await_complete import AwaitComplete
from textual.command import CommandPalette

from burger_tui.ui.terminal_sized import TerminalSized


class OnceCommandPalette(CommandPalette, TerminalSized):
    """A palette whose second ``dismiss`` does nothing, and whose page keys wait for its list."""

    _dismissed = False

    def dismiss(self, result: None = None) -> AwaitComplete:
        if self._dismissed:
            return AwaitComplete(asyncio.sleep(0))
        self._dismissed = True
        return super().dismiss(result)

    def _action_command_list(self, action: str) -> None:
        """Textual's: pass ``action`` on to the list; a page key before the list is laid out does nothing."""
        try:
            super()._action_command_list(action)
        except KeyError:
            if not action.startswith("page_"):
                raise
