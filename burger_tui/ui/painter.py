"""Painting the day on the dashboard: a frozen snapshot to every panel, the story told since, the program
while it is shown, and the floor's rows fitted to the staff. Reading changes nothing of the day."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widget import Widget

from burger_tui.session import DaySession
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.floor import FLOOR_ROWS_AT_START, STATUS_AND_FOOTER, floor_rows
from burger_tui.ui.symbols import ASCII, Symbols
from burger_tui.ui.times import clock_text
from burger_tui.ui.widgets.counter import CounterPanel
from burger_tui.ui.widgets.display import DisplayPanel
from burger_tui.ui.widgets.kitchen import KitchenPanel
from burger_tui.ui.widgets.narration_log import NarrationLog
from burger_tui.ui.widgets.panel import Panel
from burger_tui.ui.widgets.stats_panel import StatsPanel
from burger_tui.ui.widgets.status_bar import StatusBar
from burger_tui.ui.widgets.street import StreetPanel
from burger_tui.ui.widgets.tables import TablesPanel

if TYPE_CHECKING:  # mounted the first time the program is asked for
    from burger_tui.ui.widgets.program_view import ProgramView

PROGRAM_EVERY_S = 0.5  # real seconds between reads of the program while it runs (it shows whole seconds)
PROGRAM_COUPLES = 2  # couples the program view lists one by one (the others are grouped by their await)


class Painter:
    """Paints ``session``'s day on the panels of ``screen`` (composed with every panel below), and on ``also``
    (the projector's big clock)."""

    def __init__(
        self, screen: Screen[None], session: DaySession, symbols: Symbols, also: Sequence[Panel] = ()
    ) -> None:
        self._screen, self._session, self._symbols = screen, session, symbols
        # Found by id, with the type checked: Textual finds an id without parsing a selector and testing it
        # on every widget (a query by type cost the first frame ~0.4 M instructions each).
        self._panels: Sequence[Panel] = [
            *also,
            screen.query_one("#status", StatusBar),
            screen.query_one("#street", StreetPanel),
            screen.query_one("#counter", CounterPanel),
            screen.query_one("#display", DisplayPanel),
            screen.query_one("#kitchen", KitchenPanel),
            screen.query_one("#tables", TablesPanel),
            screen.query_one("#stats", StatsPanel),
        ]
        self._narration = screen.query_one("#narration", NarrationLog)
        self._back, self._counter = screen.query_one("#back"), screen.query_one("#counter", CounterPanel)
        self._body, self._bottom = screen.query_one("#body"), screen.query_one("#bottom")
        # What is above the floor: the status line, or on a projector the header with the big clock.
        self._top = screen.query_one("#header" if screen.has_class("-projector") else "#status")
        self._floor_rows = FLOOR_ROWS_AT_START
        self._program_view: ProgramView | None = None
        self._program_read_at = -math.inf
        # The day's lines are told once its welcome is written (start_day): a frame between the day's
        # opening and its welcome (a timer tick, a resize) would tell the opening's lines, and the welcome
        # would then take them away, as it takes the last day's.
        self._telling = False

    def paint(self) -> DaySnapshot:
        """One frame from a fresh snapshot (panels skip unchanged text); the snapshot painted."""
        session = self._session
        snapshot = session.snapshot()
        self._fit_floor(snapshot)
        for panel in self._panels:
            panel.show(snapshot)
        if self.program_shown:  # read only while looked at
            now = time.monotonic()
            # Its waits are shown in whole seconds: a few looks a second are enough, and each redraws
            # the whole list. Paused (a step, a key), it is read at once.
            if snapshot.paused or now - self._program_read_at >= PROGRAM_EVERY_S:
                self._program_read_at = now
                self.show_program()
        if self._telling and (lines := session.take_lines()):
            self._narration.write_lines([self._stamped(at, line) for at, line in lines])
        return snapshot

    def start_day(self, at: float, line: str) -> None:
        """A new day's story: the last day's lines go, ``line`` (told at ``at``) is the first."""
        self.forget_story()
        self.write(at, line)
        self._telling = True

    def forget_story(self) -> None:
        """The story shown goes (a day replayed to an earlier instant tells its own, from its opening)."""
        self._narration.clear()

    def write(self, at: float, line: str) -> None:
        """A line of the story, stamped with the simulated time ``at``."""
        self._narration.write_lines([self._stamped(at, line)])

    def _stamped(self, at: float, line: str) -> tuple[str, str]:
        """A line of the story as the narration writes it, and its time."""
        if self._symbols is ASCII:
            from burger_tui.narration import in_ascii  # the story's module is not on the first frame

            line = in_ascii(line)
        return line, f"[dim]{clock_text(at)}[/dim]"

    # -- the program behind the story ----------------------------------------------------------
    @property
    def program_shown(self) -> bool:
        return self._program_view is not None and self._program_view.display

    def show_program(self, *, running: str | None = None) -> None:
        """Read the program now and show it (``running``: who holds the loop, if not the reader)."""
        if self._program_view is not None:
            program = self._session.program(detail_couples=PROGRAM_COUPLES)
            self._program_view.show(program if running is None else replace(program, running=running))

    async def toggle_program(self, body: Widget) -> None:
        """Show or hide the program view (mounted in ``body`` the first time: not needed for the first
        frame), read at the next frame."""
        if self._program_view is None:
            from burger_tui.ui.widgets.program_view import ProgramView

            self._program_view = ProgramView(id="program")
            await body.mount(self._program_view, after="#front")
        # On the body, not the screen: a class restyles every widget under it (the body's 14, not the
        # screen's 31: ~6 ms of the loop at 160x50).
        body.toggle_class("-program")
        self._program_read_at = -math.inf

    # -- the floor ----------------------------------------------------------------------------
    def _fit_floor(self, snapshot: DaySnapshot) -> None:
        """Give the kitchen and the counter the rows their staff need; the dining room gets the rest.

        Heights change only when the staff do (a switch, a cook more), or the kitchen comes into use or
        out of it: a re-layout is not cheap.
        """
        screen = self._screen
        size = screen.size
        # The body's rows once laid out (a notice's caption beneath takes some); before, the screen's but
        # what is above (a line, or a projector's header) and the footer.
        above = max(0, self._top.outer_size.height - 1)
        body = self._body.size.height or size.height - STATUS_AND_FOOTER - above
        rows = floor_rows(
            snapshot,
            width=size.width,
            body=body,
            bottom=self._bottom.outer_size.height,
            short=screen.has_class("-short"),
            big_display=screen.has_class("-projector"),
        )
        if rows is not None and rows != self._floor_rows:
            self._floor_rows = rows
            self._back.display = rows.back > 0  # the kitchen left out: nothing back there
            self._back.styles.height = rows.back
            self._counter.styles.height = rows.counter
            # Painted again once laid out: a panel's words follow its size (shorter where it is narrow),
            # and a panel shown again (the kitchen) has none yet. Paused, no frame would follow.
            self._screen.call_after_refresh(self.paint)
