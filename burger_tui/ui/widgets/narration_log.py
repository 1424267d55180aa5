"""The narration panel: the story's latest lines, newest at the bottom.

Textual's ``RichLog`` would do, but importing it imports ``rich.pretty`` and, through it, ``attrs``:
about a tenth of the dashboard's start-up, for a log of a few short lines of markup. This panel
keeps the last lines as :class:`~textual.content.Content` in one ``Static`` (wrapped to the panel's
width, again after a resize) and, like ``RichLog``, scrolls to the newest line on each write.
"""

from __future__ import annotations

from collections import deque

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


class NarrationLog(VerticalScroll):
    """A scrollable log of markup lines that keeps the last ``max_lines``."""

    DEFAULT_CSS = """
    NarrationLog {
        background: $surface;
        color: $foreground;
        overflow-y: scroll;
        &:focus {
            background-tint: $foreground 5%;
        }
        & > Static {
            height: auto;
        }
    }
    """

    def __init__(self, max_lines: int, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: deque[Content] = deque(maxlen=max_lines)
        self._text = Static()

    def compose(self) -> ComposeResult:
        yield self._text

    @property
    def text(self) -> str:
        """The lines as plain text, one per line (before wrapping)."""
        return "\n".join(line.plain for line in self._lines)

    def write(self, markup: str) -> None:
        """Add a line of Textual markup at the bottom."""
        self._lines.append(Content.from_markup(markup))
        self._text.update(Content("\n").join(self._lines))
        self.scroll_end(animate=False)  # once the new line is laid out

    def clear(self) -> None:
        self._lines.clear()
        self._text.update(Content())
