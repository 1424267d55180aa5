"""Asks where to export the day's statistics (JSON) and per-couple records (CSV)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from burger_tui.ui.screens.dialog import DIALOG_CSS
from burger_tui.ui.terminal_sized import TerminalSized


class ExportDialog(ModalScreen[str | None], TerminalSized):
    """Dismisses with the path prefix typed (``PREFIX.json`` and ``PREFIX.csv``), or ``None``."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    ExportDialog {
        align: center middle;
    }
    ExportDialog #export-box {
        width: 70;
    }
    """
    )

    # Enter and escape are the dialog's own priority keys: Textual matches them against the screen on top
    # as each key arrives, before the input sees it, so keys act in the order pressed and a quick second
    # one goes to the dashboard, never to this dialog once closed. (Through the input's Submitted, which
    # arrives later, Enter twice closed the dialog twice, the second time popping the dashboard itself:
    # ScreenStackError; and Enter then Escape cancelled.)
    BINDINGS = [
        Binding("enter", "submit", "Write", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, default_prefix: str) -> None:
        super().__init__()
        self._default = default_prefix

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog"):
            yield Static("[b]Export this day[/]: statistics as PREFIX.json, every couple as PREFIX.csv")
            prefix = Input(self._default, placeholder="path prefix", id="export-prefix")
            # Asked for no motion (TEXTUAL_ANIMATIONS=none): a still cursor, where it is.
            prefix.cursor_blink = self.app.animation_level != "none"
            yield prefix
            yield Static("[dim]enter: write · escape: cancel · the restaurant waits, paused, until then[/]")

    def action_submit(self) -> None:
        self.dismiss(self.query_one(Input).value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
