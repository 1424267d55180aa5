"""The tables: couples talking while they wait, glancing at the display, walking, eating."""

from __future__ import annotations

from burger_tui.sim.model import Phase
from burger_tui.ui.scene import Scene
from burger_tui.ui.widgets.scene_panel import ScenePanel, fit
from burger_tui.ui.widgets.street import couple_cell

CELL = 8


class TablesPanel(ScenePanel):
    def __init__(self) -> None:
        super().__init__("Tables", id="tables")

    def render_scene(self, scene: Scene) -> str:
        sym = scene.symbols
        cells: list[str] = []
        for couple in scene.couples(Phase.SEATED):
            glyph = sym.glancing if scene.is_glancing(couple) else sym.talking
            cells.append(couple_cell(glyph, couple, f"#{couple.turn_number}", sym.you, CELL))
        for couple in scene.couples(Phase.WALKING):
            cells.append(couple_cell(sym.walking, couple, f"#{couple.turn_number}", sym.you, CELL))
        for couple in scene.couples(Phase.EATING):
            text = f"#{couple.turn_number}" if couple.turn_number else str(couple.id)
            cells.append(couple_cell(sym.eating, couple, text, sym.you, CELL))
        if not cells:
            return "[dim]Empty tables.[/]"
        return "".join(fit(cells, self.capacity(CELL)))
