"""The top line: model, restaurant clock, speed, paused state, arrivals."""

from __future__ import annotations

from burger_tui.sim.model import describe_staff
from burger_tui.ui.narration import clock_text
from burger_tui.ui.scene import Scene
from burger_tui.ui.widgets.scene_panel import ScenePanel


class StatusBar(ScenePanel):
    def __init__(self) -> None:
        super().__init__(id="status")

    def render_scene(self, scene: Scene) -> str:
        sym = scene.symbols
        state = f"[b $warning]{sym.paused} PAUSED[/]" if scene.paused else f"{sym.running} running"
        arrivals = "auto arrivals" if scene.auto_arrivals else "[dim]arrivals off[/]"
        staff = f"[dim]({describe_staff(scene.mode, scene.cooks)})[/]   " if self.size.width >= 110 else ""
        return (
            f"[b]{sym.eating} burger_tui[/]  [b $accent]{scene.mode.story_title}[/] {staff}"
            f"{sym.clock} {clock_text(scene.now)}   {scene.speed:g}×   {state}   {arrivals}"
        )
