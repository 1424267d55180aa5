"""Keys typed ahead wait their turn: the app hands on one key (or paste) at a time.

Textual hands each key to the focused widget as it arrives, and matches the bindings as the key comes back
to the app, against whichever screen is on top by then. So a key that changes the screen changes the meaning
of the keys already in flight. ``e``, a path and Enter typed quickly (a script, a paste, a fast typist on a
busy machine) went wrong in every way the adversarial passes could find: the path's letters ran as the
dashboard's commands (``r`` reset the day), went to the dialog's screen instead of its text box, or to a
dialog being closed; the default name was written over an earlier export, or nothing at all (the twelfth
pass: 9 of 9 bursts; the thirteenth, under load: 9 of 43).

Here a key is handed on only once the one before it has been taken in everywhere it goes: by the widget it
was handed to and each of its parents up to the app (where its binding runs, and the dialog it opens is
pushed), and then by the screen on top (a dialog just opened has focused its text box). Keys that arrive
meanwhile wait in order, so each acts exactly where it would have if typed slowly.
"""

from __future__ import annotations

import asyncio
import sys
from collections import deque

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.screen import Screen

# How often a long turn looks whether its mark was dropped: a widget removed with the mark in its queue never
# runs it, and the keys behind would wait for ever. Not a time limit: a slow turn (a busy machine, the
# export written) is waited for, however long; ending it early handed keys to a dialog not yet open (CI).
LOOK_AGAIN_S = 0.25

Typed = events.Key | events.Paste


def is_a_text_box(widget: MessagePump) -> bool:
    """Whether ``widget`` is a Textual ``Input`` (not imported for it: the first frame has none)."""
    text_boxes = sys.modules.get("textual.widgets._input")
    return text_boxes is not None and isinstance(widget, text_boxes.Input)


class TypedAhead:
    """The keys and pastes the app holds back until the one in hand has been taken in."""

    def __init__(self, app: App[None]) -> None:
        self._app = app
        self._in_hand: Typed | None = None
        self._waiting: deque[Typed] = deque()
        self._look_again: asyncio.TimerHandle | None = None
        self._marked: MessagePump | None = None  # where the mark of the key in hand waits
        self._typed_into: MessagePump | None = None  # the text box the character in hand went to, if any

    @property
    def holding(self) -> bool:
        """Whether a key is in hand (not yet taken in everywhere it goes) or waiting."""
        return self._in_hand is not None

    def its_turn(self, event: events.Event) -> bool:
        """Call as the app takes an event in: ``False`` for a key that must wait (the app is then not to
        handle it; it is posted again at its turn)."""
        if not isinstance(event, Typed) or event.is_forwarded or event is self._in_hand:
            return True
        if self._in_hand is None or (not self._waiting and self._typed_on(event)):
            self._take(event)
            return True
        self._waiting.append(event)
        return False

    def _typed_on(self, event: Typed) -> bool:
        """Whether ``event`` is a character typed after one the focused text box took: it goes to the same
        box, which takes keys in order and binds no character, so it changes no screen. Such keys follow one
        another at once, as Textual hands keys on; a path typed in the export dialog (every key followed to
        the app and back, a frame drawn between two) came 5 times slower."""
        return (
            self._typed_into is not None
            and self._typed_into is self._app.focused
            and isinstance(event, events.Key)
            and event.is_printable
        )

    def handled(self, event: events.Event) -> None:
        """Call once the app has handled ``event`` at its turn: it follows the key where Textual sent it."""
        if event is not self._in_hand:
            return
        if not event.is_forwarded:  # taken by a priority binding, already run
            self._settle()
            return
        top = self._top()
        handed_to = self._app if top is None else self._app.focused or top  # as Textual forwarded it
        if is_a_text_box(handed_to) and isinstance(event, events.Key) and event.is_printable:
            self._typed_into = handed_to
            if self._waiting and self._typed_on(self._waiting[0]):
                self._next(event)
                return
        self._after(handed_to, event)

    def _after(self, node: MessagePump, event: Typed) -> None:
        """Once ``node`` has taken ``event`` in (and so bubbled it to its parent), the same for the parent;
        after the app (its binding run), the screen on top. A parent is followed whether or not the key
        bubbled on: a needless wait costs nothing, a missed one would hand on the next key too soon."""
        if node.call_later(self._reached, node, event):
            self._marked = node
        else:  # closing: what it holds is dropped
            self._passed(node, event)

    def _reached(self, node: MessagePump, event: Typed) -> None:
        if event is self._in_hand:  # not if a character typed on took its place
            self._passed(node, event)

    def _passed(self, node: MessagePump, event: Typed) -> None:
        if node is self._app:
            self._settle()
        else:
            parent = node.parent if isinstance(node, DOMNode) else None
            self._after(parent or self._app, event)

    def _settle(self) -> None:
        """The next key once the screen on top has taken in what it had to."""
        key = self._in_hand
        top = self._top() or self._app
        if top.call_later(self._next, key):
            self._marked = top
        else:
            self._next(key)

    def _top(self) -> Screen[object] | None:
        """The screen on top (where Textual sends a key nothing is focused to take), if any."""
        stack = self._app.screen_stack
        return stack[-1] if stack else None

    def _take(self, event: Typed) -> None:
        if self._look_again is not None:  # a character typed on: the one before it is left to its box
            self._look_again.cancel()
        self._in_hand, self._marked = event, None
        self._look_again = asyncio.get_running_loop().call_later(LOOK_AGAIN_S, self._dropped, event)

    def _dropped(self, event: Typed) -> None:
        """If the mark of ``event`` (still in hand) waits in a widget removed meanwhile, go on without it."""
        if event is not self._in_hand:
            return
        if (marked := self._marked) is not None and not marked.is_attached and not marked.is_running:
            self._passed(marked, event)
        if event is self._in_hand:
            self._look_again = asyncio.get_running_loop().call_later(LOOK_AGAIN_S, self._dropped, event)

    def _next(self, ended: Typed | None) -> None:
        if ended is not self._in_hand:
            return
        if self._look_again is not None:
            self._look_again.cancel()
        self._in_hand = self._look_again = self._marked = self._typed_into = None
        if self._waiting:
            event = self._waiting.popleft()
            self._take(event)
            self._app.post_message(event)
