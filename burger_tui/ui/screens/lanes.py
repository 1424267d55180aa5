"""Who ran when (key ``w``): the day's lanes, time left to right, one per actor, following the live day.

Each frame (the app's rhythm, only while the screen is shown) it reads a frozen view of the day's
:class:`~burger_tui.sim.lanes.LaneRecorder` (reading changes nothing) and draws it when something it
shows has moved: an event, a new cell of time, a scroll or a zoom. The day goes on behind it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from burger_tui.lane_looks import (
    COUNT_SHORT,
    COUNT_WORDS,
    COUPLE_STATES,
    COUPLE_WORDS,
    LOOKS,
    STAFF_STATES,
    STAFF_WORDS,
    mark_glyph,
    mark_words,
    new_you_words,
)
from burger_tui.session import DaySession
from burger_tui.sim.lane_view import Kind, LanesView, State
from burger_tui.sim.model import Mode
from burger_tui.sim.times import clock_text
from burger_tui.ui.footer import Footer
from burger_tui.ui.lanes_grid import EXTRA_ROWS, Window, grid
from burger_tui.ui.symbols import ASCII, Symbols
from burger_tui.ui.terminal_sized import TerminalSized

if TYPE_CHECKING:
    from burger_tui.sim.restaurant import Restaurant

TITLE = "Who ran when"
LIVE = "live"  # the lanes follow the day at its newest instant
STEPS = (0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)  # seconds a cell
FIRST_STEP = 5.0  # an order (10-20 s) is a few cells, a minute of the day a dozen
LABEL_WIDTH, NARROW_LABEL_WIDTH, NARROW = 17, 16, 100
LEGEND_SHARE = 5  # the legend takes at most a fifth of the rows, or says it in fewer words


class LanesScreen(Screen[None], TerminalSized):
    """The lanes of ``session``'s day, live; scrolled and zoomed in time by its own keys."""

    DEFAULT_CSS = """
    LanesScreen { layout: vertical; }
    LanesScreen > #lanes-title { height: 1; padding: 0 1; background: $panel; text-wrap: nowrap; }
    LanesScreen > #lanes-grid { height: 1fr; padding: 0 1; text-wrap: nowrap; }
    """
    BINDINGS = [
        Binding("comma", "scroll(-1)", "Back", key_display=","),
        Binding("full_stop", "scroll(1)", "On", key_display="."),
        Binding("less_than_sign", "opening", "Opening", key_display="<"),
        Binding("greater_than_sign", "now", "Now", key_display=">"),
        Binding("plus", "zoom(-1)", "Zoom in", key_display="+"),
        Binding("minus", "zoom(1)", "Zoom out", key_display="-"),
        Binding("escape", "dismiss", "Close"),
        Binding("w", "dismiss", "Close", show=False),
    ]

    def __init__(self, session: DaySession, symbols: Symbols, *, fps: float) -> None:
        super().__init__()
        self._session, self._symbols, self._fps = session, symbols, fps
        self._step = FIRST_STEP
        self._last: int | None = None  # the last cell shown when looking back; None: following the day
        self._window = Window(0, FIRST_STEP, 1)  # as last drawn
        self._newest = self._oldest = 0  # the last cells of the newest and the oldest windows, as last drawn
        self._drawn: tuple[object, ...] = ()
        self.view: LanesView | None = None  # as last drawn

    def compose(self) -> ComposeResult:
        yield Static(id="lanes-title")
        yield Static(id="lanes-grid")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.set_interval(1 / self._fps, self._tick)
        self.call_after_refresh(self.paint)  # once the grid has its size

    def _tick(self) -> None:
        if self.is_current:
            self.paint()

    @property
    def window(self) -> Window:
        """The cells of time drawn last."""
        return self._window

    @property
    def following(self) -> bool:
        """Whether the newest cell shown is now's (the view moves on with the day)."""
        return self._last is None

    def paint(self) -> None:
        """Draw the lanes if anything shown has moved since the last drawing."""
        lanes, title = self._session.lanes, self.query_one("#lanes-title", Static)
        if lanes is None:
            title.update(f"{TITLE}: the day has not opened yet")
            return
        now = self._session.shown_time()
        area = self.query_one("#lanes-grid", Static)
        width, rows = area.content_size
        label_width = NARROW_LABEL_WIDTH if width < NARROW else LABEL_WIDTH
        window = self._window_for(lanes.kept_from, now, max(1, width - label_width))
        key = (id(lanes), lanes.version, window, rows, label_width, math.floor(now / window.step * 4))
        if key == self._drawn:
            return
        self._drawn, self._window = key, window
        plain = self._symbols is ASCII
        view = lanes.view(window.start, window.end, now, couples=0)
        for _ in range(2):  # the couples may bring a state more to the legend, a line more: then one fewer
            you = self._symbols.you
            words = legend(view, plain=plain, width=width, you=you)
            if _height(words) > rows // LEGEND_SHARE:  # a small screen: the lanes first
                words = legend(view, plain=plain, width=width, you=you, short=True)
            room = rows - _height(words) - 1  # a blank line between the lanes and the legend
            others = sum(lane.kind is not Kind.COUPLE for lane in view.lanes)
            couples = max(0, room - EXTRA_ROWS - others)
            if couples == len(view.lanes) - others:
                break
            view = lanes.view(window.start, window.end, now, couples=couples)
        drawn, _ = grid(view, window, label_width=label_width, rows=room, plain=plain, you=self._symbols.you)
        area.update(Content("\n").join([drawn, Content(), words]))
        title.update(self._title(view, window, max(1, title.size.width - 2)))
        self.view = view

    def _window_for(self, kept_from: float, now: float, cells: int) -> Window:
        step = self._step
        self._oldest = oldest = math.floor(kept_from / step) + cells - 1
        self._newest = newest = max(math.floor(now / step), oldest)
        last = newest if self._last is None else min(max(self._last, oldest), newest)
        return Window(last - cells + 1, step, cells)

    def _title(self, view: LanesView, window: Window, width: int) -> Content:
        """What the lanes show, in the longest words that fit ``width`` cells: the models of the stretch
        shown, its times, the scale, and whether it follows the day, looks back, or shows a day gone back."""
        newest = self._session.snapshot().newest  # gone back in the day (a rewind): this is its past
        behind = None if newest is None else clock_text(newest - view.now, tenths=False)
        modes = _modes(self._session.restaurant, view.start, view.end) if self._session.days else ()
        times = f"{clock_text(view.start, tenths=False)}–{clock_text(view.end, tenths=False)}"
        in_full = " → ".join(mode.story_title for mode in modes)
        in_short = "→".join(mode.value.capitalize() for mode in modes)
        # The models in full, in short, then none (the lanes' switch marks name them too); the scale in full,
        # in short, then none (the time axis has it).
        in_words, in_short_words = f"{window.step:g} s a column", f"{window.step:g} s/col"
        forms = [
            (in_full, in_words, False),
            (in_short, in_words, False),
            (in_short, in_short_words, True),
            (in_short, "", True),
            ("", in_short_words, True),
            ("", "", True),
        ]
        for models, step, short in forms:
            where = self._where(behind, short=short)
            middle = " · ".join(part for part in (models, times, step) if part)
            if cell_len(f"{TITLE} · {middle} · {where}") <= width:
                break
        return Content.assemble((TITLE, "bold"), f" · {middle} · ", (where, "" if where == LIVE else "bold"))

    def _where(self, behind: str | None, *, short: bool) -> str:
        """``live``; or looking back (an earlier stretch than now's); or ``behind`` the day's newest instant,
        the day gone back to (a rewind): the lanes end at the instant shown, not at the day's newest."""
        said = []
        if not self.following:
            said.append("looking back" if short else "looking back (> follows the day again)")
        if behind is not None:
            said.append(f"{self._symbols.rewind} {behind} {'back' if short else 'before the newest'}")
        return " · ".join(said) or LIVE

    # -- the keys: scroll and zoom in time -----------------------------------------------------
    def _look_at(self, last: int) -> None:
        last = max(last, self._oldest)
        self._last = None if last >= self._newest else last
        self.paint()

    def action_scroll(self, direction: int) -> None:
        """A quarter of the width back (-1) or on (1)."""
        window = self._window
        self._look_at(window.first + window.cells - 1 + direction * max(1, window.cells // 4))

    def action_opening(self) -> None:
        """Back to the day's opening (or as far back as the lanes are kept)."""
        self._look_at(-(10**12))

    def action_now(self) -> None:
        self._look_at(self._newest)

    def action_zoom(self, direction: int) -> None:
        """A finer (-1) or coarser (1) step, the middle of the window kept (following: the newest cell)."""
        index = STEPS.index(self._step) + direction
        if not 0 <= index < len(STEPS):
            return
        window, self._step = self._window, STEPS[index]
        if self._last is not None:
            middle = (window.first + window.cells / 2) * window.step
            self._last = math.floor(middle / self._step) + window.cells // 2
        self.paint()


def _modes(restaurant: Restaurant, start: float, end: float) -> tuple[Mode, ...]:
    """The models the day ran from ``start`` to ``end``, in order (its live switches)."""
    modes = [restaurant.config.mode]
    for change in restaurant.reorganisations:
        if change.at <= start:
            modes = [change.mode]
        elif change.at < end and change.mode is not modes[-1]:
            modes.append(change.mode)
    return tuple(modes)


def _height(content: Content) -> int:
    return str(content).count("\n") + 1


def legend(view: LanesView, *, plain: bool, width: int, you: str, short: bool = False) -> Content:
    """What the glyphs and colours of ``view`` mean, in words: the states it shows, its marks (``you``: the
    star in the lane of *you* where another couple becomes *you*, naming them) and the counts, an entry
    never cut across lines (``width`` columns); ``short``: in fewer words, for a small screen."""
    glyph: Callable[[State], str] = (lambda s: LOOKS[s].plain) if plain else (lambda s: LOOKS[s].glyph)
    words: Callable[[State], str] = (lambda s: LOOKS[s].short) if short else (lambda s: LOOKS[s].words)
    staff = {span.state for lane in view.lanes if lane.kind is Kind.STAFF for span in lane.spans}
    couples = {span.state for lane in view.lanes if lane.kind >= Kind.YOU for span in lane.spans}
    groups: list[tuple[str, list[tuple[str, str, str]]]] = []
    for title, order, shown in ((STAFF_WORDS, STAFF_STATES, staff), (COUPLE_WORDS, COUPLE_STATES, couples)):
        if shown:
            colour = {s: "bold" if s is State.HOLDING else LOOKS[s].colour for s in shown}
            states = [state for state in order if state in shown]
            groups.append(
                (title.split()[0] if short else title, [(glyph(s), colour[s], words(s)) for s in states])
            )
    marks = {
        mark_glyph(m.kind, m.text, plain=plain): mark_words(m.kind, m.text, short=short) for m in view.marks
    }
    entries = [(shown_as, "bold", said) for shown_as, said in sorted(marks.items(), key=lambda i: i[1])]
    if view.new_you:
        entries.append((you, "bold reverse", new_you_words(view.new_you, short=short)))
    groups.append(("marks", [*entries, ("1-9", "bold", COUNT_SHORT if short else COUNT_WORDS)]))
    parts: list[str | tuple[str, str]] = []
    for title, group in groups:
        parts += ["\n" if parts else "", (f"{title}:", "bold")]
        used = len(title) + 1
        for shown_as, style, said in group:
            size = 2 + len(shown_as) + 1 + len(said)
            if used + size > width:
                parts.append("\n ")
                used = 1
            parts += ["  ", (shown_as, style), f" {said}"]
            used += size
    return Content.assemble(*parts)
