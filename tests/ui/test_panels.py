"""Panels repaint only what changed: the lines whose text differs, never the whole panel for one line."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region

from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.symbols import EMOJI
from burger_tui.ui.widgets.panel import MarkupPanel
from tests.helpers.panels import watch_refreshes


class TextPanel(MarkupPanel):
    """A panel showing whatever text it is given (the snapshot is not used)."""

    def __init__(self) -> None:
        super().__init__(EMOJI, "Panel", id="panel")
        self.text = "first\nsecond\nthird"

    def markup(self, snapshot: DaySnapshot) -> str:
        return self.text


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TextPanel()


async def test_a_panel_repaints_only_the_lines_that_changed() -> None:
    app = PanelApp()
    snapshot = None  # TextPanel does not look at the snapshot
    async with app.run_test(size=(40, 10)) as pilot:
        panel = app.query_one(TextPanel)
        panel.show(snapshot)  # type: ignore[arg-type]
        await pilot.pause()
        refreshed = watch_refreshes(panel)
        assert panel.show(snapshot) is False  # type: ignore[arg-type]
        assert refreshed == []

        panel.text = "first\nSECOND!\nthird"
        assert panel.show(snapshot) is True  # type: ignore[arg-type]
        assert refreshed == [(Region(0, 1, panel.size.width, 1),)]
        await pilot.pause()
        # What the screen gets: the new line, the others as they were.
        width, height = panel.outer_size
        lines = [strip.text.rstrip() for strip in panel.render_lines(Region(0, 0, width, height))]
        assert lines == ["first", "SECOND!", "third"]
