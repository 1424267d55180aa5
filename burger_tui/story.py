"""The day's story as plain lines: kept until the screen takes them, and a while longer for a jump back.

A jump back in the day shows the story as it stood at the instant gone to: its last lines told by then.
:class:`Story` keeps the lines the day's events told (not the session's own remarks, which a day replayed
does not tell again) for :data:`LINES_KEPT_FOR_A_JUMP` lines, with their instants, and cuts them there.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

# Lines of the story kept until the screen takes them: a screen not looking (compare open) or a rewind
# replaying a long day tells thousands, of which the narration shows the newest.
STORY_LINES_KEPT = 200
# Lines the events told kept for a jump back (~150 kB): the followed couple's story, a few lines a minute.
LINES_KEPT_FOR_A_JUMP = 5 * STORY_LINES_KEPT


class Line(NamedTuple):
    """A line of the story: when (simulated seconds) and what, in Rich markup."""

    at: float
    text: str


class _Heard(NamedTuple):
    line: Line
    glance: bool  # told by ``Restaurant.tell_glances``: a glance at the display that found no number


class Story:
    """The lines told since the screen last took them, and those the day's events told lately."""

    def __init__(self) -> None:
        self._untold: deque[Line] = deque(maxlen=STORY_LINES_KEPT)
        self._heard: deque[_Heard] = deque(maxlen=LINES_KEPT_FOR_A_JUMP)
        self._whole = True  # the lines heard go back to the day's opening

    def heard(self, line: Line, *, glance: bool) -> None:
        """A line an event of the day told (``glance``: an unanswered glance at the display)."""
        if len(self._heard) == LINES_KEPT_FOR_A_JUMP:
            self._whole = False
        self._heard.append(_Heard(line, glance))
        self._untold.append(line)

    def tell(self, line: Line) -> None:
        """A line of the session's own (a lesson, the tour): shown, not told again after a jump back."""
        self._untold.append(line)

    def take(self) -> list[Line]:
        """The lines told since the last call, oldest first."""
        lines = list(self._untold)
        self._untold.clear()
        return lines

    def clear(self) -> None:
        """A new day: nothing told yet."""
        self._untold.clear()
        self._heard.clear()
        self._whole = True

    def can_go_back_to(self, at: float) -> bool:
        """Whether the lines kept hold the story's last :data:`STORY_LINES_KEPT` lines at ``at``."""
        if self._whole:
            return True
        oldest = self._heard[0].line.at  # lines forgotten may have been told at that instant too
        return sum(oldest < told.line.at for told in self._by(at)) >= STORY_LINES_KEPT

    def go_back_to(self, at: float) -> None:
        """The story as a day replayed to the instant ``at`` has it, once the screen has asked (its glances
        before ``at`` told): the last :data:`STORY_LINES_KEPT` lines, in the order it tells them, then
        those told since the lines were last taken (as the day was replayed to ``at``)."""
        assert self.can_go_back_to(at)
        kept = self._by(at)
        self._heard = deque(kept, maxlen=LINES_KEPT_FOR_A_JUMP)
        told_since = self._untold
        self._untold = deque((told.line for told in kept), maxlen=STORY_LINES_KEPT)
        self._untold.extend(told_since)

    def _by(self, at: float) -> list[_Heard]:
        """The lines a day at rest at ``at`` has told, in its order: a glance is told once the day is past
        it (before the next event, or as the screen asks), so after the events of its instant; and a glance
        at ``at`` itself not yet."""
        told = [
            heard for heard in self._heard if heard.line.at < at or (heard.line.at == at and not heard.glance)
        ]
        return sorted(told, key=lambda heard: (heard.line.at, heard.glance))
