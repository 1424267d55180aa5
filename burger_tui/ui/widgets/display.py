"""The counter display: ready turn numbers in large digits, the newest highlighted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from burger_tui.sim.model import Mode, Phase
from burger_tui.sim.snapshot import DaySnapshot


class DisplayPanel(Vertical):
    """Draws the restaurant's counter display (``burger_tui.sim.restaurant.CounterDisplay``)."""

    def __init__(self) -> None:
        super().__init__(id="display", classes="panel")
        self.border_title = "Counter display"
        self._shown: tuple[tuple[int, ...], bool] | None = None  # (numbers shown, "no numbers" note)

    def compose(self) -> ComposeResult:
        yield Digits("--", id="newest")
        yield Static("", id="ready")

    def show(self, snapshot: DaySnapshot) -> None:
        numbers = snapshot.display_numbers
        # After a switch to parallel, couples seated with a number still wait for it on this display.
        no_numbers = snapshot.mode is Mode.PARALLEL and not snapshot.couples(Phase.SEATED)
        if (numbers, no_numbers) == self._shown:
            return
        self._shown = (numbers, no_numbers)
        newest = self.query_one("#newest", Digits)
        newest.update(str(numbers[-1]) if numbers else "--")
        newest.set_class(bool(numbers), "-lit")
        if numbers:
            # Every ready number, newest first: the big digits show only the newest, and are hidden
            # on a short terminal.
            note = "ready: " + " ".join(str(n) for n in reversed(numbers))
        elif no_numbers:
            note = "[dim]parallel: no numbers[/]"
        else:
            note = "[dim]no number ready yet[/]"
        self.query_one("#ready", Static).update(note)
