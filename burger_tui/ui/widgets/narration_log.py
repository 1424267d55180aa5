"""The narration panel: the story's latest lines, newest at the bottom.

Textual's ``RichLog`` would do, but importing it imports ``rich.pretty`` and, through it, ``attrs``:
about a tenth of the dashboard's start-up, for a log of a few short lines of markup. This panel
keeps the last lines as :class:`~textual.content.Content` in one ``Static`` (wrapped to the panel's
width, again after a resize).

It follows the newest line, as a log should, unless the reader scrolled up to read an older one;
scrolling back to the bottom follows again. A line that repeats the one before (a glance at the
display, "not yet", every few seconds) is not added again: the last line counts the repeats.

Each line is parsed once, as it is shown (not the counts a frame passed over), and kept parsed while it is
shown and across a clear: a jump back in the day clears the log and writes the story again, mostly the
lines it showed (parsing 200 lines of markup again was a tenth of a jump).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
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
        self._lines: deque[str] = deque(maxlen=max_lines)  # as shown: markup after its stamp
        self._parsed: dict[str, Content] = {}  # the lines shown (and those before a clear), parsed
        self._text = Static()
        self._last: str | None = None  # the last line's words (without its time), to spot repeats
        self._repeats = 1
        self.following = True  # scrolled to the newest line: new lines keep it in view

    def compose(self) -> ComposeResult:
        yield self._text

    @property
    def text(self) -> str:
        """The lines as plain text, one per line (before wrapping)."""
        return "\n".join(self._parsed[line].plain for line in self._lines)

    def write(self, markup: str, *, stamp: str = "") -> None:
        """Add a line of Textual markup at the bottom, after ``stamp`` (its time, say).

        The same ``markup`` as the line before replaces that line, counted: "… (×3)".
        """
        self.write_lines([(markup, stamp)])

    def write_lines(self, lines: Iterable[tuple[str, str]]) -> None:
        """Add lines (markup, stamp) at the bottom, as :meth:`write` does each, and show them once: a day
        replayed to an earlier instant tells its newest lines all at once."""
        for markup, stamp in lines:
            if markup == self._last and self._lines:
                self._repeats += 1
                self._lines.pop()
                shown = f"{stamp} {markup} [dim](×{self._repeats})[/dim]"
            else:
                self._last, self._repeats = markup, 1
                shown = f"{stamp} {markup}" if stamp else markup
            self._lines.append(shown)
        parsed = self._parsed
        self._parsed = {line: parsed.get(line) or Content.from_markup(line) for line in self._lines}
        self._text.update(Content("\n").join(self._parsed[line] for line in self._lines))
        self.keep_following()

    def clear(self) -> None:
        self._lines.clear()
        self._last = None
        self._text.update(Content())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # Scrolled by the reader (or to the end by us): follow again only from the bottom.
        self.following = new_value >= self.max_scroll_y

    def on_resize(self, event: Resize) -> None:
        self.keep_following()

    def keep_following(self) -> None:
        """The newest line in view once laid out, unless the reader scrolled up (also when the screen
        comes back: lines told while another screen covered it were laid out for the old height)."""
        if self.following:
            # Once the new text is laid out: its height is not known before.
            self.call_after_refresh(self.scroll_end, animate=False, immediate=True)
