"""Shown when an actor of the simulation fails: the error, and the way out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from burger_tui.ui.screens.dialog import DIALOG_CSS
from burger_tui.ui.terminal_sized import TerminalSized


class SimErrorScreen(ModalScreen[str], TerminalSized):
    """Dismisses with ``"reset"`` or ``"quit"``."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    SimErrorScreen {
        align: center middle;
    }
    SimErrorScreen #error-box {
        width: 70%;
    }
    SimErrorScreen #error-message {
        color: $error;
        margin: 1 0;
    }
    """
    )

    BINDINGS = [
        Binding("r", "choose('reset')", "Reset"),
        Binding("q", "choose('quit')", "Quit"),
        Binding("escape", "choose('reset')", "Reset", show=False),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self._message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box", classes="dialog -error"):
            yield Static("[b]The restaurant stopped: an actor failed.[/]")
            yield Static(self._message, id="error-message", markup=False)
            yield Static("Press [b]r[/] to start a new day or [b]q[/] to quit.")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
