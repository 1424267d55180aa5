"""Cleaning a house: the same CPU-bound rooms cleaned by 1 cleaner, N threads and N processes, live.

The variants run one after another (so they never compete for the cores), each with its own progress bar
and measured wall time; the conclusion underneath is computed from those times.
"""

from __future__ import annotations

from contextlib import suppress

from anyio import BrokenWorkerProcess
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static

from burger_tui.lessons.cleaning import (
    DEFAULT_ROOMS,
    DEFAULT_SEED,
    ROOM_STEPS,
    CleaningResult,
    Variant,
    conclude,
    default_workers,
    gil_enabled,
    usable_cores,
)
from burger_tui.lessons.cleaning import clean_house as _clean_house
from burger_tui.ui.screens.dialog import DIALOG_CSS
from burger_tui.ui.terminal_sized import TerminalSized

WORKERS_KILLED = "The cleaners' processes were killed from outside: r cleans again."
INTRO = (
    "There is no waiting here, just work: every room is pure-Python CPU work. Who cleans the house faster?"
)


class CleaningScreen(ModalScreen[None], TerminalSized):
    """Runs the cleaning lesson in a worker, with a live progress bar per variant. Escape closes it."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    CleaningScreen {
        align: center middle;
    }
    CleaningScreen > #cleaning-dialog {
        width: 84;
    }
    CleaningScreen #cleaning-title {
        text-style: bold;
        width: 1fr;
        content-align: center middle;
    }
    CleaningScreen #cleaning-intro {
        color: $text-muted;
        margin: 1 0;
    }
    CleaningScreen Grid {
        grid-size: 3;
        grid-columns: 14 1fr 12;
        grid-rows: 1;
        grid-gutter: 1 2;
        height: auto;
    }
    CleaningScreen Grid > ProgressBar Bar {
        width: 1fr;
    }
    CleaningScreen Grid > ProgressBar {
        width: 1fr;
    }
    CleaningScreen .time {
        width: 1fr;
        content-align: right middle;
    }
    CleaningScreen #cleaning-conclusion {
        margin-top: 1;
        height: auto;
    }
    CleaningScreen #cleaning-keys {
        color: $text-muted;
        margin-top: 1;
    }
    """
    )

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("r", "again", "Clean again"),
    ]

    def __init__(
        self,
        *,
        rooms: int = DEFAULT_ROOMS,
        workers: int | None = None,
        steps: int = ROOM_STEPS,
        seed: int = DEFAULT_SEED,
    ) -> None:
        super().__init__()
        self.rooms = rooms
        self.cleaners = workers or default_workers()
        self.steps = steps
        self.seed = seed
        self.results: list[CleaningResult] = []
        self.conclusion = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="cleaning-dialog", classes="dialog"):
            yield Label("Cleaning a house", id="cleaning-title")
            yield Static(
                f"{INTRO} {self.rooms} rooms, {self.cleaners} workers, {usable_cores()} cores. "
                "(The restaurant waits, paused, until you close this.)",
                id="cleaning-intro",
            )
            with Grid():
                for variant in Variant:
                    yield Label(variant.label(self.cleaners))
                    yield ProgressBar(
                        total=self.rooms, show_eta=False, show_percentage=False, id=f"bar-{variant.value}"
                    )
                    yield Label("waiting", id=f"time-{variant.value}", classes="time")
            yield Static("Cleaning…", id="cleaning-conclusion")
            yield Label("esc close · r clean again", id="cleaning-keys")

    def on_mount(self) -> None:
        self.clean()

    def action_close(self) -> None:
        """Close the screen; a run in progress is cancelled with it."""
        self.dismiss(None)

    def action_again(self) -> None:
        """Clean the house again (cancels a run in progress)."""
        self.clean()

    @work(exclusive=True, group="cleaning")
    async def clean(self) -> None:
        """Clean the house three ways, one after another, updating the bars as rooms finish."""
        try:
            with suppress(NoMatches):  # the screen closed while a room was finishing; nothing left to show
                await self._clean()
        except* BrokenWorkerProcess:  # killed from outside (a signal to the app's group): the app ended
            with suppress(NoMatches):
                self.query_one("#cleaning-conclusion", Static).update(WORKERS_KILLED)

    async def _clean(self) -> None:
        self.results = []
        self.conclusion = ""
        for variant in Variant:
            self.query_one(f"#bar-{variant.value}", ProgressBar).update(progress=0)
            self.query_one(f"#time-{variant.value}", Label).update("waiting")
        self.query_one("#cleaning-conclusion", Static).update("Cleaning…")
        for variant in Variant:
            self.query_one(f"#time-{variant.value}", Label).update("cleaning")
            result = await _clean_house(
                variant,
                self.rooms,
                self.cleaners,
                seed=self.seed,
                steps=self.steps,
                on_progress=self._on_progress,
            )
            self.results.append(result)
            self.query_one(f"#time-{variant.value}", Label).update(f"{result.seconds:.2f} s")
        self.conclusion = conclude(self.results, usable_cores(), gil_enabled())
        self.query_one("#cleaning-conclusion", Static).update(self.conclusion)

    def _on_progress(self, variant: Variant, done: int, total: int) -> None:
        with suppress(NoMatches):  # closed mid-room: the room finished after the bars went away
            self.query_one(f"#bar-{variant.value}", ProgressBar).update(progress=done, total=total)
