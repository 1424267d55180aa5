"""The street and the cashier line: couples waiting to order, first in line first."""

from __future__ import annotations

from rich.cells import cell_len

from burger_tui.sim.model import Couple, Phase
from burger_tui.ui.scene import Scene
from burger_tui.ui.widgets.scene_panel import ScenePanel, fitting, pad

CELL = 7


def couple_cell(glyph: str, couple: Couple, text: str, you: str, width: int = CELL) -> str:
    """One couple as a fixed-width cell; *you* are highlighted and starred.

    Spaces inside a cell do not break, so a row of cells wraps only between cells.
    """
    text = text.replace(" ", "\u00a0")
    if couple.watched:
        return f"[b reverse $accent]{glyph}{text}{you}[/]" + pad("", width - cell_len(f"{glyph}{text}{you}"))
    return pad(f"{glyph}{text}", width)


class StreetPanel(ScenePanel):
    def __init__(self) -> None:
        super().__init__("Street & cashier line", id="street")

    def render_scene(self, scene: Scene) -> str:
        line = scene.couples(Phase.IN_LINE)
        if not line:
            return "[dim]Nobody in line. Press [b]o[/b] for a couple, [b]O[/b] for a rush.[/]"
        sym = scene.symbols
        shown, hidden = fitting(line, self.capacity(CELL))
        cells = [couple_cell(sym.couple, c, str(c.id), sym.you) for c in shown]
        return "".join(cells) + (f"+{hidden} more" if hidden else "")
