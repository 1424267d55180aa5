"""Asks where to export the day's statistics (JSON) and per-couple records (CSV)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class ExportDialog(ModalScreen[str | None]):
    """Dismisses with the path prefix typed (``PREFIX.json`` and ``PREFIX.csv``), or ``None``."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, default_prefix: str) -> None:
        super().__init__()
        self._default = default_prefix

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog"):
            yield Static("[b]Export this day[/]: statistics as PREFIX.json, every couple as PREFIX.csv")
            yield Input(self._default, placeholder="path prefix", id="export-prefix")
            yield Static("[dim]enter: write · escape: cancel · the restaurant waits, paused, until then[/]")

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
