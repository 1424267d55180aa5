"""What a dashboard panel is (:class:`Panel`), and the base of most: repaint only the lines that changed."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar, cast

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.symbols import Symbols

T = TypeVar("T")
RenderKey = tuple[Size, Style, str, Selection | None]  # what a panel's rows depend on, but its text


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

    What moves every frame (a progress bar, its percentage, the clock) is a *moving part* (see
    :func:`moving`): its line is parsed and rendered once, and each frame only the part's characters
    are put in their place in the rendered row.

    A panel defines :meth:`markup`, or :meth:`markup_and_parts` if it has moving parts.
    """

    DEFAULT_CSS = """
    MarkupPanel {
        height: auto;
    }
    """

    def __init__(self, symbols: Symbols, title: str | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="panel" if title else "")
        self.border_title = title
        self._titles = (title or "", "")  # the border's top and bottom, as last set
        self.symbols = symbols
        self._shown: tuple[str, tuple[str, ...]] | None = None  # the text and its moving parts
        self._markup_lines: list[str] = []  # the text's lines, moving parts as placeholders
        self._parts_by_line: list[tuple[str, ...]] = []  # the moving parts each line shows
        self._contents: list[Content] = []  # each line parsed (placeholders and all)
        self._content: Content | None = Content()  # the whole text, joined when asked
        self._lines: list[Strip] = []
        self._blank_row = Strip.blank(0)  # a row below the text (set as the lines are rendered)
        # The rows each line of text rendered to (several where it wraps), or None: not known.
        self._rows_by_line: list[list[Strip]] | None = None
        # Each line's rows rendered with its placeholders, where the parts go in them (``None``: not known).
        self._placeholder_rows: list[list[Strip] | None] = []
        self._parts: tuple[str, ...] = ()
        self._lines_for: tuple[object, ...] | None = None  # what ``_lines`` were rendered for

    def show(self, snapshot: DaySnapshot) -> bool:
        """Render ``snapshot``; a no-op when nothing visible changed (the common case).

        Returns whether the text changed.
        """
        shown = self.markup_and_parts(snapshot)
        if shown == self._shown:
            return False
        self._shown = shown
        markup, parts = shown
        was, was_parts = self._markup_lines, self._parts_by_line
        lines = markup.split("\n")
        parts_by_line = [_parts_in(line, parts) for line in lines]
        # Lines whose markup changed are parsed again; those whose moving parts alone did, are not.
        reparse = [y for y, line in enumerate(lines) if y >= len(was) or was[y] != line]
        changed = [
            y for y, line_parts in enumerate(parts_by_line) if y >= len(was) or was_parts[y] != line_parts
        ]
        contents = self._contents[: len(lines)]
        placeholder_rows = self._placeholder_rows[: len(lines)]
        for y in reparse:
            content = Content.from_markup(lines[y])
            if y < len(contents):
                contents[y], placeholder_rows[y] = content, None
            else:
                contents.append(content)
                placeholder_rows.append(None)
        self._markup_lines, self._parts_by_line, self._parts = lines, parts_by_line, parts
        self._contents, self._placeholder_rows, self._content = contents, placeholder_rows, None
        size = self.size
        width, height = size
        if not (self.is_mounted and width and height):
            self._lines_for = None
            self.refresh()
            return True
        key = self._render_key(size)
        old = self._lines if self._lines_for == key else None
        if old is None or self._rows_by_line is None or len(was) != len(lines):
            new = self._render_lines(key)
        else:
            new = self._render_changed(sorted({*reparse, *changed}), key)
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

    def markup_and_parts(self, snapshot: DaySnapshot) -> tuple[str, tuple[str, ...]]:
        """The panel's markup for ``snapshot`` with a placeholder for each moving part, and the parts."""
        return self.markup(snapshot), ()

    def markup(self, snapshot: DaySnapshot) -> str:
        """The panel's text for ``snapshot``, as Textual markup."""
        return put_in(*self.markup_and_parts(snapshot))

    def render(self) -> Content:
        # Asked for the text's height (auto height) or a mouse selection: not every frame.
        if self._content is None:
            self._content = Content("\n").join(_filled(content, self._parts) for content in self._contents)
        return self._content

    def render_lines(self, crop: Region) -> list[Strip]:
        # The lines are brought up to date once for all the rows Textual asks for (``render_line``, a row at
        # a time): the key's look-ups (size, style, selection) cost as much per row as Textual's own work.
        key = self._render_key(self.size)
        if self._lines_for != key:
            self._render_lines(key)
        self._blank_row = Strip.blank(key[0].width, key[1].rich_style)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        return self._lines[y] if y < len(self._lines) else self._blank_row

    def _render_key(self, size: Size) -> RenderKey:
        """Everything but the text that the rendered lines depend on (``size``: the panel's)."""
        return (size, self.visual_style, self.app.theme, self.text_selection)

    def _render_lines(self, key: RenderKey) -> list[Strip]:
        """Render the whole text at once, and learn which rows each line of it took, if it can."""
        (width, height), style, _, _ = key
        self._placeholder_rows = [None] * len(self._contents)
        self._lines_for = key
        if self.styles.content_align != ("left", "top"):
            # Aligned in the panel, a line's rows depend on the others': always render them all.
            self._lines = Visual.to_strips(self, self.render(), width, height, style)
            self._rows_by_line = None
            return self._lines
        rows = Visual.to_strips(self, self.render(), width, None, style)
        lines = len(self._contents)
        if len(rows) == lines:  # a row per line: none wrapped
            self._rows_by_line = [[row] for row in rows]
        elif lines == 1:
            self._rows_by_line = [rows]
        else:
            self._rows_by_line = None
        self._lines = rows[:height]
        return self._lines

    def _render_changed(self, changed: Sequence[int], key: RenderKey) -> list[Strip]:
        """Render only the ``changed`` lines of the text, each at its place; the others' rows stay."""
        assert self._rows_by_line is not None
        (width, height), style, _, selection = key
        # A line without links, nothing selected: what Visual.to_strips renders, without what it
        # looks up or redoes for links and selections on every call (most of a line's cost).
        plain = selection is None
        # Justified, a line's spaces are spread out: a part with spaces would not fill its place.
        fill_rows = self.styles.text_align != "justify"
        # The widget's styles as the rules, as Visual.to_strips passes them (they answer ``get``).
        options = RenderOptions(self._get_style, cast("RulesMap", self.styles))

        def render(y: int, content: Content) -> list[Strip]:
            # The lines above, blank, give each row of this one its place in the text (where a mouse
            # selection finds it); blank lines cost little to render.
            text = Content("\n" * y) + content
            if plain and "@click" not in self._markup_lines[y]:
                return text.render_strips(width, None, style, options)[y:]
            return Visual.to_strips(self, text, width, None, style)[y:]

        for y in changed:
            content = self._contents[y]
            parts = self._parts_by_line[y]
            if not parts:
                self._rows_by_line[y] = render(y, content)
                continue
            rows = self._placeholder_rows[y]
            if rows is None and fill_rows:
                rows = render(y, content)
                # The placeholders are where the parts go, cell for cell (a part has a cell per
                # character, as its placeholder), in one row or wrapped if no part has a space: a line
                # breaks only at spaces, so the parts break it where their placeholders did (at 120
                # columns the status bar wraps into its hidden second row, and its clock moves 4 times
                # a second at 4x). A part with a space may break it elsewhere: rendered whole each time.
                if len(rows) > 1 and any(_SPACE.search(part) for part in parts):
                    rows = None
                self._placeholder_rows[y] = rows
            if rows is None:
                self._rows_by_line[y] = render(y, _filled(content, self._parts))
            else:
                self._rows_by_line[y] = _put_in_rows(rows, self._parts)
        self._lines = [row for rows in self._rows_by_line for row in rows][:height]
        return self._lines

    def set_titles(self, title: str, subtitle: str) -> None:
        """Markup for the border's top and bottom: set only when changed (setting one repaints the panel)."""
        if (title, subtitle) != self._titles:
            self._titles = (title, subtitle)
            self.border_title, self.border_subtitle = title, subtitle or None

    def capacity(self, cell_width: int) -> int | None:
        """How many cells of ``cell_width`` fit in the panel, or ``None`` before layout."""
        width, height = self.content_size
        if width <= 0 or height <= 0:
            return None
        return max(1, width // cell_width) * height


# Unicode's private use area: no panel shows these characters, so they can stand for moving parts.
_FIRST_MARK, _LAST_MARK = 0xE000, 0xF8FF
_MARKS = re.compile(f"[{chr(_FIRST_MARK)}-{chr(_LAST_MARK)}]+")
_SPACE = re.compile(r"\s")  # where a line may break (as Rich's divide_line splits words)


def moving(parts: list[str], text: str) -> str:
    """A placeholder for ``text``, a part of a panel's text that changes from frame to frame.

    ``text`` is added to ``parts``, which the panel's :meth:`MarkupPanel.markup_and_parts` returns with its
    markup. The placeholder takes the cells ``text`` takes: ``text`` must be plain (no markup) with a
    cell per character, as bars, digits and percentages are; other text is returned as it is.
    """
    mark = _FIRST_MARK + len(parts)
    if mark > _LAST_MARK or "[" in text or "\\" in text or cell_len(text) != len(text):
        return text
    parts.append(text)
    return chr(mark) * len(text)


def put_in(text: str, parts: Sequence[str]) -> str:
    """``text`` with each moving part in place of its placeholder."""
    return _MARKS.sub(_filler(parts), text) if parts else text


def _filler(parts: Sequence[str]) -> Callable[[re.Match[str]], str]:
    """What replaces each run of placeholders, in order: the next characters of their parts."""
    used = [0] * len(parts)

    def put(found: re.Match[str]) -> str:
        characters = []
        for mark in found.group():  # parts may be side by side
            index = ord(mark) - _FIRST_MARK
            characters.append(parts[index][used[index]])
            used[index] += 1
        return "".join(characters)

    return put


def _parts_in(line: str, parts: Sequence[str]) -> tuple[str, ...]:
    """The moving parts ``line`` shows (what changes the line's look from frame to frame)."""
    if not parts:
        return ()
    marks = dict.fromkeys("".join(_MARKS.findall(line)))
    return tuple(parts[ord(mark) - _FIRST_MARK] for mark in marks)


def _filled(content: Content, parts: Sequence[str]) -> Content:
    """Parsed ``content`` with each moving part in place of its placeholder (their spans are alike)."""
    return Content(put_in(content.plain, parts), list(content.spans)) if parts else content


def _put_in_rows(rows: Sequence[Strip], parts: Sequence[str]) -> list[Strip]:
    """Rendered rows with each moving part in place of its placeholder (a cell for a cell)."""
    put = _filler(parts)  # one for all the rows: a part folded over two rows goes on where it left off
    filled = []
    for row in rows:
        segments = [Segment(_MARKS.sub(put, text), style, control) for text, style, control in row]
        filled.append(Strip(segments, row.cell_length))
    return filled


def fitting(items: Sequence[T], capacity: int | None) -> tuple[Sequence[T], int]:
    """The items whose cells fit and how many do not (their ``+N more`` cell takes the last place).

    Lets a panel build cells only for what it shows: 300 couples in line, 40 on screen.
    """
    if capacity is None or len(items) <= capacity:
        return items, 0
    shown = max(0, capacity - 1)
    return items[:shown], len(items) - shown


def bar(fraction: float, width: int) -> str:
    """A text progress bar of lower half blocks, to the half cell.

    Half blocks leave a gap above each bar: full ones (with eighth blocks for the end) filled their cells
    to the edge, so bars on the rows one under another (the counter's stations) touched, and a browser's
    terminal, which draws block characters to the pixel, showed them as one staircase."""
    halves = round(max(0.0, min(1.0, fraction)) * width * 2)
    full, half = divmod(halves, 2)
    return ("▄" * full + ("▖" if half else "")).ljust(width, "·")


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal cells (emoji take two)."""
    return text + " " * max(0, width - cell_len(text))


def fit_markup(markup: str, width: int) -> str:
    """Markup cut (with an ellipsis) or padded with spaces to exactly ``width`` cells of what it shows."""
    return Content.from_markup(markup).truncate(width, ellipsis=True, pad=True).markup
