"""What a dashboard panel is (:class:`Panel`), and the base of most: repaint only the lines that changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.symbols import Symbols

T = TypeVar("T")


class Panel(Protocol):
    """A part of the dashboard: each frame it is shown the restaurant's snapshot, and owns nothing else."""

    def show(self, snapshot: DaySnapshot) -> object:
        """Draw ``snapshot``; cheap when nothing visible changed."""
        ...


class MarkupPanel(Widget):
    """A panel whose content is markup computed from a :class:`DaySnapshot` (bordered when titled).

    Each frame most panels change one line, if any (a progress bar, the clock). A panel therefore
    renders its text to lines itself, line by line, and only the lines whose markup changed: Textual
    is asked to repaint only the rows that differ (a whole-panel repaint costs one styled line per
    row: border, padding, background, every frame), and a glance at one table does not parse and
    render the whole dining room again. Each line of markup stands alone: a tag opened on a line is
    closed on it.
    """

    DEFAULT_CSS = """
    MarkupPanel {
        height: auto;
    }
    """

    def __init__(self, symbols: Symbols, title: str | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="panel" if title else "")
        self.border_title = title
        self.symbols = symbols
        self._shown: str | None = None
        self._markup_lines: list[str] = []  # the text's lines as shown
        self._contents: list[Content] = []  # each parsed
        self._content: Content | None = Content()  # all of them, joined when asked
        self._lines: list[Strip] = []
        # The rows each line of text rendered to (several where it wraps), or None: not known.
        self._rows_by_line: list[list[Strip]] | None = None
        self._lines_for: tuple[object, ...] | None = None  # what ``_lines`` were rendered for

    def show(self, snapshot: DaySnapshot) -> bool:
        """Render ``snapshot``; a no-op when nothing visible changed (the common case).

        Returns whether the text changed.
        """
        markup = self.markup(snapshot)
        if markup == self._shown:
            return False
        self._shown = markup
        was = self._markup_lines
        lines = markup.split("\n")
        changed = [y for y, line in enumerate(lines) if y >= len(was) or was[y] != line]
        contents = self._contents[: len(lines)]
        for y in changed:
            content = Content.from_markup(lines[y])
            if y < len(contents):
                contents[y] = content
            else:
                contents.append(content)
        self._markup_lines, self._contents, self._content = lines, contents, None
        width, height = self.size
        if not (self.is_mounted and width and height):
            self._lines_for = None
            self.refresh()
            return True
        old = self._lines if self._lines_for == self._render_key() else None
        if old is None or self._rows_by_line is None or len(was) != len(lines):
            new = self._render_lines()
        else:
            new = self._render_changed(changed)
        if old is None or len(old) != len(new):
            self.refresh()
            return True
        # A panel's size comes from the stylesheet, never from its text: no re-layout, and only the
        # rows that changed are repainted.
        rows = [
            Region(0, y, width, 1)
            for y, (was_row, row) in enumerate(zip(old, new, strict=True))
            if was_row is not row and was_row != row
        ]
        if rows:
            self.refresh(*rows)
        return True

    def markup(self, snapshot: DaySnapshot) -> str:
        """The panel's text for ``snapshot``, as Textual markup."""
        raise NotImplementedError

    def render(self) -> Content:
        # Asked for the text's height (auto height) or a mouse selection: not every frame.
        if self._content is None:
            self._content = Content("\n").join(self._contents)
        return self._content

    def render_line(self, y: int) -> Strip:
        if self._lines_for != self._render_key():
            self._render_lines()
        if y < len(self._lines):
            return self._lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def _render_key(self) -> tuple[object, ...]:
        """Everything but the text that the rendered lines depend on."""
        return (self.size, self.visual_style, self.app.theme, self.text_selection)

    def _render_lines(self) -> list[Strip]:
        """Render the whole text at once, and learn which rows each line of it took, if it can."""
        width, height = self.size
        if self.styles.content_align != ("left", "top"):
            # Aligned in the panel, a line's rows depend on the others': always render them all.
            self._lines = Visual.to_strips(self, self.render(), width, height, self.visual_style)
            self._rows_by_line = None
            self._lines_for = self._render_key()
            return self._lines
        rows = Visual.to_strips(self, self.render(), width, None, self.visual_style)
        lines = len(self._contents)
        if len(rows) == lines:  # a row per line: none wrapped
            self._rows_by_line = [[row] for row in rows]
        elif lines == 1:
            self._rows_by_line = [rows]
        else:
            self._rows_by_line = None
        self._lines = rows[:height]
        self._lines_for = self._render_key()
        return self._lines

    def _render_changed(self, changed: Sequence[int]) -> list[Strip]:
        """Render only the ``changed`` lines of the text, each at its place; the others' rows stay."""
        assert self._rows_by_line is not None
        width, height = self.size
        style = self.visual_style
        for y in changed:
            # The lines above, blank, give each row of this one its place in the text (where a mouse
            # selection finds it); blank lines cost little to render.
            rows = Visual.to_strips(self, Content("\n" * y) + self._contents[y], width, None, style)
            self._rows_by_line[y] = rows[y:]
        self._lines = [row for rows in self._rows_by_line for row in rows][:height]
        return self._lines

    def capacity(self, cell_width: int) -> int | None:
        """How many cells of ``cell_width`` fit in the panel, or ``None`` before layout."""
        width, height = self.content_size
        if width <= 0 or height <= 0:
            return None
        return max(1, width // cell_width) * height


def fitting(items: Sequence[T], capacity: int | None) -> tuple[Sequence[T], int]:
    """The items whose cells fit and how many do not (their ``+N more`` cell takes the last place).

    Lets a panel build cells only for what it shows: 300 couples in line, 40 on screen.
    """
    if capacity is None or len(items) <= capacity:
        return items, 0
    shown = max(0, capacity - 1)
    return items[:shown], len(items) - shown


def bar(fraction: float, width: int) -> str:
    """A smooth text progress bar (eighth blocks)."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    return ("█" * full + partial).ljust(width, "·")


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal cells (emoji take two)."""
    return text + " " * max(0, width - cell_len(text))


def fit_markup(markup: str, width: int) -> str:
    """Markup cut (with an ellipsis) or padded with spaces to exactly ``width`` cells of what it shows."""
    return Content.from_markup(markup).truncate(width, ellipsis=True, pad=True).markup
