"""The caption: the dashboard's notices (what a key did, a step's note, the tour's stop) on lines of their
own between the floor and the footer, never over the narration or the floor.

One notice of a kind at a time: a key pressed four times at a limit shows one warning, a second model
switch replaces the first one's note. Each goes when its time is up; the tour's stays until its next
stop. The newest is on top. The caption takes rows only while it has a notice (the floor gives them up,
and takes them back); on a short terminal it shows the newest notice alone, in the footer's place (the
stylesheet hides the footer while the screen has the ``-noticed`` class the caption gives it) and a row
more where it needs two: a longer notice says its first sentences, the point, and an ellipsis; an error
keeps its reason, its last clause, and gives up the middle (a long path) instead.
"""

from __future__ import annotations

import math
import re
import time
from typing import NamedTuple

from textual.content import Content
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widget import Widget

STYLES: dict[SeverityLevel, str] = {"information": "", "warning": "$warning", "error": "$error"}
SHORT_LINES = 2  # a short terminal's caption: the footer's row, and one of the floor's where it needs it
PAUSES = re.compile(r"[.;:,](?= )")  # where a notice can stop: its sentences' and clauses' ends
WORDS = re.compile(r"(?<=\S) ")  # or, where none fits, its words' ends


class Notice(NamedTuple):
    """A notice shown: its text, when it goes (``time.monotonic()``; infinity: when replaced), and whether
    its reason comes last (an error's: "Export failed: cannot write PATH: Permission denied")."""

    content: Content
    until: float
    reason_last: bool = False


class Caption(Widget):
    """The notices shown, the newest first (see the module's docstring)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._notices: dict[str, Notice] = {}
        self._timer: Timer | None = None
        self._mounted = False  # (Textual's is_mounted is not yet true in on_mount)

    @property
    def text(self) -> str:
        """The notices shown, as plain text, one per line (before wrapping), the newest first."""
        return "\n".join(notice.content.plain for notice in reversed(self._notices.values()))

    def show(
        self,
        message: Content,
        *,
        kind: str,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = 3.0,
    ) -> None:
        """Show ``message`` in place of the notice of the same ``kind``, for ``timeout`` seconds (``None``:
        until replaced or cleared). Content, not markup: a notice may quote what the user typed (an export's
        path), which markup would read as tags (``ok[/``: the app ended)."""
        content = Content.assemble((f"{title}:", "bold"), " ", message) if title else message
        if style := STYLES[severity]:
            content = content.stylize(style)
        until = math.inf if timeout is None else time.monotonic() + timeout
        self._notices.pop(kind, None)  # the newest last
        self._notices[kind] = Notice(content, until, reason_last=severity == "error")
        self._changed()

    def clear(self, kind: str) -> None:
        """The notice of ``kind`` goes, if shown."""
        if self._notices.pop(kind, None) is not None:
            self._changed()

    def clear_all(self) -> None:
        """Every notice goes (a screenshot's scene: what a key said seconds ago is no part of the picture,
        and how long it stays is real time, which a scripted day's clock does not follow)."""
        self._notices.clear()
        self._changed()

    def on_mount(self) -> None:
        self._mounted = True
        self._changed()  # shown before it was mounted: the screen's class and its timer now

    def render(self) -> Content:
        newest_first = list(reversed(self._notices.values()))
        if self.screen.has_class("-short") and newest_first:
            newest = newest_first[0]
            return fitted(
                newest.content, self.content_size.width, SHORT_LINES, reason_last=newest.reason_last
            )
        return Content("\n").join(notice.content for notice in newest_first)

    def _changed(self) -> None:
        """Drop the notices whose time is up, redraw, and wake up when the next one's is."""
        now = time.monotonic()
        self._notices = {kind: notice for kind, notice in self._notices.items() if notice.until > now}
        self.display = bool(self._notices)
        if not self._mounted:
            return  # shown as it is mounted: on_mount does the rest
        self.screen.set_class(self.display, "-noticed")
        self.refresh(layout=True)  # its height follows its lines
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        soonest = min((notice.until for notice in self._notices.values()), default=math.inf)
        if soonest < math.inf:
            self._timer = self.set_timer(soonest - now, self._changed)


def fitted(notice: Content, width: int, lines: int, *, reason_last: bool = False) -> Content:
    """``notice`` in ``lines`` lines of ``width`` cells: whole where it fits, else as far as its last sentence
    or clause that fills them (the point comes first), else its last word that fits, and an ellipsis.
    ``reason_last``: its last clause (after the last ": ") is kept whole, and the middle gives way."""
    if width <= 0 or len(notice.wrap(width)) <= lines:
        return notice
    plain = notice.plain
    if reason_last and (reason := plain.rfind(": ")) > 0:
        for end in range(min(reason, width * lines), 0, -1):
            said = notice[:end] + "…" + notice[reason:]
            if len(said.wrap(width)) <= lines:
                return said
    for ends, room in ((PAUSES, range(lines, lines + 1)), (WORDS, range(1, lines + 1))):
        for end in reversed([found.start() for found in ends.finditer(plain)]):
            said = notice[:end] + "…"
            if len(said.wrap(width)) in room:
                return said
    return notice.truncate(width - 1) + "…"
