"""The restaurant's clock in big digits, for a room to read from its back (``--projector``)."""

from __future__ import annotations

from textual.widgets import Digits

from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.times import clock_text


class BigClock(Digits):
    """The clock of the day on screen, in Textual's ``Digits`` (imported only on a projector: not a terminal's
    first frame)."""

    def __init__(self) -> None:
        super().__init__(clock_text(0.0), id="big-clock")

    def show(self, snapshot: DaySnapshot) -> None:
        text = clock_text(snapshot.now)
        if text != self.value:  # a tick a second, of the same width: no re-layout
            self.update(text)
