"""Base of the dashboard's panels: re-render only when the text actually changed."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Static

from burger_tui.ui.scene import Scene


class ScenePanel(Static):
    """A panel whose content is markup computed from a :class:`Scene` (bordered when titled)."""

    def __init__(self, title: str | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="panel" if title else "")
        self.border_title = title
        self._shown: str | None = None

    def show(self, scene: Scene) -> None:
        """Render ``scene``; a no-op when nothing visible changed (the common case)."""
        markup = self.render_scene(scene)
        if markup != self._shown:
            self._shown = markup
            # A panel's size comes from the stylesheet, never from its text: repaint it without
            # re-laying out the whole screen (which costs more than every panel's text together).
            self.update(markup, layout=False)

    def render_scene(self, scene: Scene) -> str:
        raise NotImplementedError

    def capacity(self, cell_width: int) -> int | None:
        """How many cells of ``cell_width`` fit in the panel, or ``None`` before layout."""
        width, height = self.content_size
        if width <= 0 or height <= 0:
            return None
        return max(1, width // cell_width) * height


def fit(cells: list[str], capacity: int | None, more: str = "+{} more") -> list[str]:
    """Keep the cells that fit, replacing the overflow with a ``+N more`` cell."""
    if capacity is None or len(cells) <= capacity:
        return cells
    shown = max(0, capacity - 1)
    return [*cells[:shown], more.format(len(cells) - shown)]


def bar(fraction: float, width: int) -> str:
    """A smooth text progress bar (eighth blocks)."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    return ("█" * full + partial).ljust(width, "·")


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal cells (emoji take two)."""
    return text + " " * max(0, width - cell_len(text))
