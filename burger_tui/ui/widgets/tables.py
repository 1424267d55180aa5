"""The tables: couples talking while they wait, glancing at the display, walking, eating."""

from __future__ import annotations

from burger_tui.sim.model import Couple, Phase
from burger_tui.ui.scene import Scene
from burger_tui.ui.widgets.scene_panel import ScenePanel, fitting
from burger_tui.ui.widgets.street import couple_cell

CELL = 8


class TablesPanel(ScenePanel):
    def __init__(self) -> None:
        super().__init__("Tables", id="tables")

    def render_scene(self, scene: Scene) -> str:
        couples = scene.couples(Phase.SEATED) + scene.couples(Phase.WALKING) + scene.couples(Phase.EATING)
        shown, hidden = fitting(couples, self.capacity(CELL))
        if not couples:
            return "[dim]Empty tables.[/]"
        return "".join(_cell(scene, c) for c in shown) + (f"+{hidden} more" if hidden else "")


def _cell(scene: Scene, couple: Couple) -> str:
    sym = scene.symbols
    if couple.phase is Phase.SEATED:
        glyph = sym.glancing if scene.is_glancing(couple) else sym.talking
    else:
        glyph = sym.walking if couple.phase is Phase.WALKING else sym.eating
    if couple.phase is Phase.EATING and not couple.turn_number:
        text = str(couple.id)  # parallel: no turn numbers
    else:
        text = f"#{couple.turn_number}"
    return couple_cell(glyph, couple, text, sym.you, CELL)
