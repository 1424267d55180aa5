"""The tables: couples talking while they wait, glancing at the display, walking, eating."""

from __future__ import annotations

from burger_tui.sim.model import Phase
from burger_tui.sim.snapshot import CoupleView, DaySnapshot
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.widgets.panel import MarkupPanel, fitting
from burger_tui.ui.widgets.street import couple_cell

CELL = 8


class TablesPanel(MarkupPanel):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(symbols, "Tables", id="tables")

    def markup(self, snapshot: DaySnapshot) -> str:
        couples = (
            snapshot.couples(Phase.SEATED) + snapshot.couples(Phase.WALKING) + snapshot.couples(Phase.EATING)
        )
        if not couples:
            return "[dim]Empty tables.[/]"
        shown, hidden = fitting(couples, self.capacity(CELL))
        return "".join(self._cell(c) for c in shown) + (f"+{hidden} more" if hidden else "")

    def _cell(self, couple: CoupleView) -> str:
        sym = self.symbols
        if couple.phase is Phase.SEATED:
            glyph = sym.glancing if couple.glancing else sym.talking
        else:
            glyph = sym.walking if couple.phase is Phase.WALKING else sym.eating
        if couple.phase is Phase.EATING and not couple.turn_number:
            text = str(couple.id)  # parallel: no turn numbers
        else:
            text = f"#{couple.turn_number}"
        return couple_cell(glyph, couple, text, sym.you, CELL)
