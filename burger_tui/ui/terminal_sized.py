"""Screens laid out at the terminal's size, whatever size a resize event brings them.

Textual lays a screen out at the size its ``Resize`` carries, and a screen whose size changes sends
itself one more ``Resize`` of the new size. If the terminal changes twice while a screen is busy
(60x20 and back to 120x40), both sizes wait in its queue; during a batch (a footer recomposing holds
one) each layout also queues a repaint behind its ``Resize``, so the two sizes never meet to replace
each other. The screen then lays itself out at one, queues it again, lays itself out at the other,
queues that again, without ever waiting, so the batch that would end it never gets a turn: after a key
storm the app spun at 100 % CPU and grew without end, deaf to Escape (issue 25). The terminal's size
is the app's, set as each resize arrives: at that size the second layout changes nothing and the
screen sends itself nothing more.
"""

from __future__ import annotations

from textual.events import Event, Resize
from textual.message_pump import MessagePump


class TerminalSized(MessagePump):
    """Reads every ``Resize`` as the terminal's size now (see the module's docstring).

    Every screen of the app lists it after its Textual screen class (``class HelpScreen(Screen[None],
    TerminalSized)``): Textual takes a screen's CSS from the first base only, and no Textual screen class
    defines ``on_event``, so this one is the screen's.
    """

    async def on_event(self, event: Event) -> None:
        if isinstance(event, Resize) and event.size != self.app.size:
            size = self.app.size  # the terminal has changed since the event was sent
            event = Resize(size, size, size, event.pixel_size)
        await super().on_event(event)
