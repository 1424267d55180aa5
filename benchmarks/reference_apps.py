"""The reference apps the UI benchmarks compare the dashboard with.

``python -m benchmarks.reference_apps floor``: the *floor*, a minimal Textual app with 300 static
widgets and one ``Digits`` and one ``ProgressBar`` updated at 30 fps: what any 30 fps dashboard of this
size costs. ``python -m benchmarks.reference_apps bare``: a bare Textual app (one line of text), for
start-up time.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.containers import Grid
from textual.widgets import Digits, ProgressBar, Static

READY = "reference app ready"
STATIC_WIDGETS = 300
FPS = 30.0


class BareApp(App[None]):
    """One line; ``]`` and ``[`` change it (the responsiveness benchmark's calibration)."""

    BINDINGS = [("right_square_bracket", "speed('0.5')"), ("left_square_bracket", "speed('0.25')")]

    def compose(self) -> ComposeResult:
        yield Static(READY)

    def action_speed(self, speed: str) -> None:
        self.query_one(Static).update(f"{READY} {speed}×")


class FloorApp(App[None]):
    CSS = """
    Grid { grid-size: 20; height: 1fr; }
    Grid > Static { height: 1; }
    #digits { height: 3; }
    """

    def compose(self) -> ComposeResult:
        yield Static(READY)
        yield Digits("0", id="digits")
        yield ProgressBar(total=100, id="progress")
        with Grid():
            for n in range(STATIC_WIDGETS):
                yield Static(f"w{n}")

    def on_mount(self) -> None:
        self._frames = 0
        self._digits = self.query_one(Digits)
        self._progress = self.query_one(ProgressBar)
        self.set_interval(1 / FPS, self._frame)

    def _frame(self) -> None:
        self._frames += 1
        self._digits.update(str(self._frames))
        self._progress.update(progress=self._frames % 101)


if __name__ == "__main__":
    apps = {"floor": FloorApp, "bare": BareApp}
    apps[sys.argv[1]]().run()
