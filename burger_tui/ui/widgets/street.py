"""The door and the cashier line: couples waiting to order, first in line first."""

from __future__ import annotations

from rich.cells import cell_len

from burger_tui.sim.live import RUSH_SIZE
from burger_tui.sim.snapshot import CoupleView, DaySnapshot
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.widgets.panel import MarkupPanel, fitting, pad

CELL = 7


def couple_cell(glyph: str, couple: CoupleView, text: str, you: str, width: int = CELL) -> str:
    """One couple as a fixed-width cell; *you* are highlighted and starred.

    Spaces inside a cell do not break, so a row of cells wraps only between cells.
    """
    text = text.replace(" ", "\u00a0")
    if couple.watched:
        return f"[b reverse $you]{glyph}{text}{you}[/]" + pad("", width - cell_len(f"{glyph}{text}{you}"))
    return pad(f"{glyph}{text}", width)


class StreetPanel(MarkupPanel):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(symbols, "Door & line", id="street")
        self._text: tuple[tuple[object, ...], str] | None = None  # the last text, and what it shows

    def markup(self, snapshot: DaySnapshot) -> str:
        # The line changes a few times a minute, and an unchanged line is the same views (see
        # DaySnapshot): most frames compare it by identity.
        shows = (snapshot.line, self.capacity(CELL))
        if self._text is None or self._text[0] != shows:
            self._text = (shows, self._markup(*shows))
        return self._text[1]

    def _markup(self, line: tuple[CoupleView, ...], capacity: int | None) -> str:
        sym = self.symbols
        if not line:
            return (
                f"{sym.door} [dim]Nobody in line. [b]o[/b]: a couple walks in · "
                f"[b]O[/b]: a rush of {RUSH_SIZE}.[/]"
            )
        shown, hidden = fitting(line, capacity)
        cells = [couple_cell(sym.couple, c, str(c.id), sym.you) for c in shown]
        return "".join(cells) + (f"+{hidden} more" if hidden else "")
