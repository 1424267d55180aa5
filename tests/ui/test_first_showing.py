"""The dashboard's first showing styles each widget once, as it is mounted (issue 20: start-up).

Textual styles a screen's widgets again when the screen is resumed, and when its size's classes arrive with
the first resize. The dashboard takes its size's classes before its widgets are mounted, and asks its first
resume not to (``DashboardScreen.compose``, ``on_screen_resume``). These tests hold both halves: a restyle
at the first frame would change nothing, and none happens. The footer, blank in its first frame, is mounted
just after it, in the place of a blank row of its colour.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from textual._context import active_app
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets._footer import FooterKey

import burger_tui.ui
from burger_tui.sim.model import Mode
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.footer import Footer
from tests.helpers.driving import make_app
from tests.helpers.styles import styles_of


@pytest.mark.parametrize(
    ("size", "mode", "ascii_only"),
    [((160, 50), Mode.CONCURRENT, False), ((80, 24), Mode.PARALLEL, False), ((120, 40), Mode.HYBRID, True)],
)
async def test_a_restyle_at_the_first_frame_would_change_nothing(
    size: tuple[int, int], mode: Mode, ascii_only: bool
) -> None:
    app, _ = make_app(mode=mode, ascii_only=ascii_only)
    async with app.run_test(size=size):
        first = styles_of(app.dashboard)
        app.dashboard.update_node_styles(animate=False)  # what Textual's first resume would have done
        assert styles_of(app.dashboard) == first


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (59, 19)])
async def test_each_widget_is_styled_once_before_the_first_frame(
    monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    styled: Counter[DOMNode] = Counter()
    apply = Stylesheet.apply

    def counting_apply(stylesheet: Stylesheet, node: DOMNode, **options: Any) -> None:
        styled[node] += 1
        apply(stylesheet, node, **options)

    monkeypatch.setattr(Stylesheet, "apply", counting_apply)
    at_first_frame: dict[str, int] = {}

    class Probe(BurgerApp):
        CSS_PATH = str(Path(burger_tui.ui.__file__).parent / "app.tcss")  # else looked for beside this test

        def on_ready(self) -> None:  # Textual calls BurgerApp's too, after this one
            # The widget given the focus is styled again for it (the narration, and its text).
            focused = self.dashboard.focused
            again = set() if focused is None else {focused, *focused.walk_children()}
            at_first_frame.update(
                {
                    f"{type(node).__name__}#{node.id}": styled[node] - (node in again)
                    for node in self.dashboard.walk_children(Widget)
                }
            )

    async with Probe(auto_arrivals=False).run_test(size=size):
        pass
    assert len(at_first_frame) > 10  # the dashboard's widgets, each styled once
    assert set(at_first_frame.values()) == {1}, at_first_frame


async def test_the_footer_takes_its_row_just_after_the_first_frame() -> None:
    at_first_frame: list[str] = []

    class Probe(BurgerApp):
        CSS_PATH = str(Path(burger_tui.ui.__file__).parent / "app.tcss")  # else looked for beside this test

        def on_ready(self) -> None:
            at_first_frame.extend(type(child).__name__ + f"#{child.id}" for child in self.dashboard.children)

    app = Probe(auto_arrivals=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.dashboard.session.wait_open()
        await pilot.pause()
        footer = app.dashboard.query_one(Footer)
        assert footer.region == Region(0, 39, 120, 1)  # where its row was
        assert {"Help", "Quit"} <= {key.description for key in footer.query(FooterKey)}  # its keys
        assert not app.dashboard.query("#footer-row")
    assert at_first_frame == ["StatusBar#status", "Rows#body", "Static#footer-row"]


async def test_a_footer_due_as_the_app_ends_is_not_mounted() -> None:
    """Seen under load in the signal tests: SIGTERM just after the first frame ended the app before the
    footer's turn, which then mounted it on the dashboard, detached by then (MountError, exit 1)."""
    app, _ = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.dashboard.session.wait_open()
        await pilot.pause()
    screen = app.dashboard
    assert not screen.is_attached
    active_app.set(app)  # as in the app's own tasks, still ending
    await screen._mount_the_footer()  # what the callback after the first frame does
