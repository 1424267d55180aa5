"""Textual's command palette, five of its defects set right (each one ended the app).

- It dismisses itself as Enter chooses a command; a second Enter arriving before it is gone dismissed it
  again, and that popped the screen under it (``ScreenStackError``: the app ended).
- A page key pressed as it opens, before its list is laid out (the list has its options, not yet their
  lines), raised ``KeyError`` in Textual's ``OptionList``: the app ended (found by an adversarial run).
- A key typed just before Escape or Enter reaches the palette (as ``Input.Changed``) after it was
  dismissed, and Textual starts a search for it; the palette's children go first as it is removed, its
  searches only with it, so that search found no ``CommandList`` (``NoMatches``: the app ended; the
  adversarial pass's most frequent crash). A dismissed palette cancels its searches and starts none.
- Left before its ``Mount`` came (the theme picker, then PageDown Enter at once, in a key storm: its keys
  are the app's bindings, run before the palette's own messages), its mount handler still ran: it started
  the first search with its list gone (``NoMatches``), or found no screen under it (``IndexError``).
  A palette left before it mounted does not open at all.
- Enter twice on a command, both on their way before the first was handled, ran it twice (the theme
  command: two theme pickers, one over the other). An Escape on its way to the first then dismissed it
  under the second, and Textual's dismiss pops the screen on top: the second went, and the first's next
  Escape gave its result again (``InvalidStateError``: the app ended; the sixth storm). A palette acts
  (dismisses, searches, runs a command) only while it is open: not dismissed, and on top.

Every palette the app opens is this one (``BurgerApp``: ctrl+p, the theme picker, ``search_commands``).
The second overrides one of the palette's private actions: with :mod:`burger_tui.ui.textual_leaks`, the
only places this app touches Textual's private parts (their tests fail if those change).
"""

from __future__ import annotations

import asyncio

from textual import on
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.events import Mount
from textual.widgets import Input, OptionList

from burger_tui.ui.terminal_sized import TerminalSized


class OnceCommandPalette(CommandPalette, TerminalSized):
    """A palette that acts only while it is open (on top, not dismissed), opens nothing if left before it
    mounted, and whose page keys wait for its list."""

    _dismissed = False

    @property
    def in_front(self) -> bool:
        """Not yet dismissed, and on top: what reaches it otherwise was meant for a palette no longer seen."""
        return not self._dismissed and self.app.screen is self

    def dismiss(self, result: None = None) -> AwaitComplete:
        if not self.in_front:  # Textual's would pop the screen on top, and give this one's result again
            return AwaitComplete(asyncio.sleep(0))
        return super().dismiss(result)  # the app pops it: see leave

    def leave(self) -> None:
        """Off the stack: its searches end now, and it starts none (``BurgerApp.pop_screen`` calls it).

        Textual's Escape and Enter cancel the searches first, but another screen's ``dismiss`` pops the
        screen on top, this one too (the cleaning lesson's close, as a palette came over it)."""
        self._dismissed = True
        self.workers.cancel_node(self)

    @on(Mount)
    def _open_unless_left(self, event: Mount) -> None:
        """Textual's mount handler (next in line) opens the palette: its providers and its first search.
        Not for a palette already left: then no handler below this one runs."""
        if self._dismissed:
            event.prevent_default()

    @on(Input.Changed)
    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def _only_while_open(self, event: Input.Changed | Input.Submitted | OptionList.OptionSelected) -> None:
        """What is typed starts a search, and what is chosen runs (Textual's handlers, next in line), only
        while the palette is open."""
        if not self.in_front:
            event.stop()
            event.prevent_default()  # the handlers of the classes below this one: Textual's

    def _action_command_list(self, action: str) -> None:
        """Textual's: pass ``action`` on to the list; a page key before the list is laid out does nothing."""
        try:
            super()._action_command_list(action)
        except KeyError:
            if not action.startswith("page_"):
                raise
