"""Panels repaint only what changed: the lines whose text differs, never the whole panel for one line."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region

from burger_tui.ui.scene import Scene
from burger_tui.ui.widgets.scene_panel import ScenePanel


class TextPanel(ScenePanel):
    """A panel showing whatever text it is given (the scene is not used)."""

    def __init__(self) -> None:
        super().__init__("Panel", id="panel")
        self.text = "first\nsecond\nthird"

    def render_scene(self, scene: Scene) -> str:
        return self.text


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TextPanel()


async def test_a_panel_repaints_only_the_lines_that_changed() -> None:
    app = PanelApp()
    scene = None  # TextPanel does not look at the scene
    async with app.run_test(size=(40, 10)) as pilot:
        panel = app.query_one(TextPanel)
        panel.show(scene)  # type: ignore[arg-type]
        await pilot.pause()
        refreshed: list[tuple[Region, ...]] = []
        refresh = panel.refresh

        def spy(*regions: Region, **options: bool) -> TextPanel:
            refreshed.append(regions)
            return refresh(*regions, **options)

        panel.refresh = spy  # type: ignore[method-assign]
        assert panel.show(scene) is False  # type: ignore[arg-type]
        assert refreshed == []

        panel.text = "first\nSECOND!\nthird"
        assert panel.show(scene) is True  # type: ignore[arg-type]
        assert refreshed == [(Region(0, 1, panel.size.width, 1),)]
        await pilot.pause()
        # What the screen gets: the new line, the others as they were.
        width, height = panel.outer_size
        lines = [strip.text.rstrip() for strip in panel.render_lines(Region(0, 0, width, height))]
        assert lines == ["first", "SECOND!", "third"]
