"""Panels render line by line, moving parts put in place: the rows of the whole text rendered afresh."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Region
from textual.visual import Visual

from burger_tui.sim.model import Mode
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.symbols import EMOJI
from burger_tui.ui.widgets.panel import MarkupPanel, bar, moving
from tests.helpers.driving import advance, make_app
from tests.helpers.panels import watch_refreshes


class ProgressPanel(MarkupPanel):
    """A title line, then a bar and its percentage as moving parts (the snapshot is not used)."""

    def __init__(self) -> None:
        super().__init__(EMOJI, "Panel", id="panel")
        self.done = 0.0

    def markup_and_parts(self, snapshot: DaySnapshot) -> tuple[str, tuple[str, ...]]:
        parts: list[str] = []
        progress = moving(parts, bar(self.done, 12))
        share = moving(parts, f"{self.done:4.0%}")
        return f"[b]Cook 1[/]\n🍳 [$success]{progress}[/] {share} for 7", tuple(parts)


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ProgressPanel()


def afresh(panel: MarkupPanel, markup: str) -> list[str]:
    """The rows of ``markup`` rendered whole by Textual, as text with their styles."""
    width, height = panel.size
    strips = Visual.to_strips(panel, Content.from_markup(markup), width, height, panel.visual_style)
    return [repr(strip) for strip in strips]


async def test_a_moving_part_is_put_in_its_rendered_row_as_if_rendered_afresh() -> None:
    app = PanelApp()
    snapshot = None  # ProgressPanel does not look at the snapshot
    async with app.run_test(size=(40, 6)) as pilot:
        panel = app.query_one(ProgressPanel)
        panel.show(snapshot)  # type: ignore[arg-type]
        await pilot.pause()
        refreshed = watch_refreshes(panel)
        for done in (0.01, 0.3, 0.35, 0.99, 1.0):
            panel.done = done
            assert panel.show(snapshot) is True  # type: ignore[arg-type]
            markup = panel.markup(snapshot)  # type: ignore[arg-type]
            assert f"{done:4.0%}" in markup
            assert "\ue000" not in markup
            assert [repr(strip) for strip in panel._lines] == afresh(panel, markup)
            assert refreshed.pop() == (Region(0, 1, panel.size.width, 1),)  # the title stays


async def test_every_panel_of_the_floor_shows_what_a_fresh_render_of_its_text_shows() -> None:
    for mode in Mode:
        app, source = make_app(mode=mode, cooks=3)
        async with app.run_test(size=(160, 50)) as pilot:
            for _ in range(3):
                await pilot.press("O")
            for seconds in (5, 30, 60, 120):
                await advance(pilot, source, seconds, step=0.5)
                snapshot = app.dashboard.session.snapshot()  # the frame's: the clock has not moved
                for panel in app.dashboard.query(MarkupPanel):
                    if panel.size.width and panel.size.height:
                        markup = panel.markup(snapshot)
                        assert [repr(strip) for strip in panel._lines] == afresh(panel, markup), (
                            f"{mode} {type(panel).__name__} at {seconds}"
                        )
