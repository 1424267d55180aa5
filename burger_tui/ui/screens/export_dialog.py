"""Asks where to export the day's statistics (JSON) and per-couple records (CSV), and says where they land.

The path offered is the folder the dashboard was started in, written out (``~/`` for the home folder, or
from ``/``) rather than a bare name, and a line under it says, as the path is typed, the two files it
writes (a folder ending in ``/`` holds the day's name) and which of them it replaces, or, for a path that
cannot be, why, in one line: nobody has to guess which folder a relative name meant.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from burger_tui.atomic_files import WriteError, check_target, shown
from burger_tui.export import ExportError, ExportPaths
from burger_tui.ui.screens.dialog import DIALOG_CSS
from burger_tui.ui.terminal_sized import TerminalSized


def from_the_root(path: Path) -> Path | None:
    """``path`` from the root, not resolved (a symlinked folder keeps the name the user knows); ``None`` for
    a relative path once the folder the dashboard was started in is gone (removed since)."""
    try:
        return Path(os.path.abspath(path))
    except FileNotFoundError:  # os.getcwd(): the current folder no longer exists
        return None


def written_out(path: Path) -> str:
    """``path`` (from the root) said plainly: from ``~/`` when it is in the home folder."""
    home = Path.home()
    if not path.is_relative_to(home):
        return str(path)
    return "~" if path == home else f"~/{path.relative_to(home)}"


def landing(prefix: str, name_in_folder: str) -> str:
    """Where an export to ``prefix`` writes, as the dialog says it: the two files, each new or replacing
    one already there, or why not (one line)."""
    try:
        paths = ExportPaths.of(prefix, name_in_folder=name_in_folder)
    except ExportError as error:
        return str(error)
    folder = from_the_root(paths.json.parent)
    if folder is None:
        return f"cannot export to {shown(prefix)}: the folder burger-tui started in is gone (give / or ~/)"
    files = (paths.json, paths.csv)
    if folders := [path.name for path in files if os.path.isdir(path)]:
        in_the_way = " and ".join(folders) + (" is a folder" if len(folders) == 1 else " are folders")
        return f"cannot export there: {in_the_way} in {written_out(folder)}"
    try:  # what Enter would be told, said as the path is typed: a folder missing, a name too long, ...
        for path in files:
            check_target(path)
    except WriteError as error:
        return str(error)
    there = [os.path.exists(path) for path in files]
    new = " and ".join(path.name for path, old in zip(files, there, strict=True) if not old)
    replaced = " and ".join(path.name for path, old in zip(files, there, strict=True) if old)
    said = ", ".join(([f"writes {new}"] if new else []) + ([f"replaces {replaced}"] if replaced else []))
    return f"{said} in {written_out(folder)}"


class ExportDialog(ModalScreen[str | None], TerminalSized):
    """Dismisses with the path prefix typed (``PREFIX.json`` and ``PREFIX.csv``), or ``None``; offers
    ``day_name`` in the current folder, written out."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    ExportDialog {
        align: center middle;
    }
    ExportDialog #export-box {
        width: 70;
    }
    ExportDialog #export-where {
        color: $text-muted;
    }
    """
    )

    # Enter and escape are the dialog's own priority keys: Textual matches them against the screen on top
    # as each key arrives, so a quick second one goes to the dashboard, never to this dialog once closed.
    # (Through the input's Submitted, Enter twice closed the dialog twice, the second time popping the
    # dashboard itself: ScreenStackError.) The keys typed before them have been taken in by then: the app
    # hands on one key at a time (see typed_ahead).
    BINDINGS = [
        Binding("enter", "submit", "Write", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, day_name: str) -> None:
        super().__init__()
        self._day_name = day_name
        self._dismissing = False
        self._saying_where = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog"):
            yield Static("[b]Export this day[/]: statistics as PREFIX.json, every couple as PREFIX.csv")
            # The folder the dashboard was started in, or the home folder if that one is gone.
            offered = from_the_root(Path(self._day_name)) or Path.home() / self._day_name
            prefix = Input(written_out(offered), placeholder="path prefix", id="export-prefix")
            # Asked for no motion (TEXTUAL_ANIMATIONS=none): a still cursor, where it is.
            prefix.cursor_blink = self.app.animation_level != "none"
            yield prefix
            yield Static(self._where(prefix.value), id="export-where")
            yield Static("[dim]enter: write · escape: cancel · the restaurant waits, paused, until then[/]")

    def on_input_changed(self, _event: Input.Changed) -> None:
        # Said once for the changes queued together: a long path typed quickly (or by a script) looked at
        # the disk once per character, each time longer (4,500 characters took 13 s to show).
        if not self._saying_where:
            self._saying_where = True
            self.call_later(self._say_where)

    def _say_where(self) -> None:
        self._saying_where = False
        self.query_one("#export-where", Static).update(self._where(self.query_one(Input).value))

    def _where(self, prefix: str) -> Content:
        said = landing(prefix.strip(), self._day_name) if prefix.strip() else "no path: enter writes nothing"
        return Content(said)  # not markup: the path is what the user typed, and "[/" or "[@" read as tags

    def action_submit(self) -> None:
        self._close(self.query_one(Input).value.strip() or None)

    def action_cancel(self) -> None:
        self._close(None)

    def _close(self, prefix: str | None) -> None:
        # Not once closing, nor under another screen (dismiss pops the screen on top, whichever it is).
        if not self._dismissing and self.app.screen is self:
            self._dismissing = True
            self.dismiss(prefix)
