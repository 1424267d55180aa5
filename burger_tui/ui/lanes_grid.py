"""The lanes in text: a row per lane and a cell per stretch of time, the marks above, the time axis below;
in the lane of *you* a star where the story goes on with another couple.

Cell ``k`` of a :class:`Window` is simulated time ``k * step`` to ``(k + 1) * step``, so the cells stay put
as the day goes on and only the newest one changes. A cell shows the state its lane spent most of that
stretch in (the SVG handout draws the exact spans).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

from textual.content import Content

from burger_tui.lane_looks import LOOKS, MARK_PRIORITY, count_glyph, mark_glyph
from burger_tui.sim.lane_view import Kind, Lane, LanesView, Mark, Span, State
from burger_tui.sim.times import clock_text

AXIS_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400)
TICK_CELLS = 10  # the fewest cells between two labelled ticks ("0:03:00" and a space)
EXTRA_ROWS = 3  # the marks above the lanes, and the axis's two rows below


class Window(NamedTuple):
    """``cells`` cells of ``step`` simulated seconds, from cell number ``first``."""

    first: int
    step: float
    cells: int

    @property
    def start(self) -> float:
        return self.first * self.step

    @property
    def end(self) -> float:
        return (self.first + self.cells) * self.step

    def cell(self, at: float) -> int:
        """The cell of the instant ``at`` (may be outside the window)."""
        return math.floor(at / self.step) - self.first


def lane_cells(spans: Sequence[Span], window: Window) -> list[State]:
    """The state of each cell: what the lane did most of that cell's time (``OFF``: nothing)."""
    cells = [State.OFF] * window.cells
    shares: dict[int, dict[State, float]] = {}

    def share(cell: int, state: State, time: float) -> None:
        if 0 <= cell < window.cells:
            of_cell = shares.setdefault(cell, {})
            of_cell[state] = of_cell.get(state, 0.0) + time

    for span in spans:
        a, b = (span.start - window.start) / window.step, (span.end - window.start) / window.step
        first, last = math.floor(a), math.floor(b)
        if first == last:
            share(first, span.state, b - a)
            continue
        share(first, span.state, first + 1 - a)
        whole = range(max(first + 1, 0), min(last, window.cells))
        cells[whole.start : whole.stop] = [span.state] * len(whole)
        share(last, span.state, b - last)
    for cell, of_cell in shares.items():
        cells[cell] = max(of_cell, key=lambda state: of_cell[state])
    return cells


def instant_counts(instants: Sequence[float], window: Window) -> list[int]:
    """How many of ``instants`` (in order) fall in each cell."""
    bounds = [bisect_left(instants, (window.first + k) * window.step) for k in range(window.cells + 1)]
    return [bounds[k + 1] - bounds[k] for k in range(window.cells)]


def grid(
    view: LanesView, window: Window, *, label_width: int, rows: int, plain: bool, you: str
) -> tuple[Content, int]:
    """The marks row, up to ``rows - EXTRA_ROWS`` lanes and the axis; and how many lanes did not fit (the
    last members of staff first: you stay). ``you`` is the star of *you*: its label's, and in its lane the
    glyph of each cell where another couple became *you*."""
    room = max(1, rows - EXTRA_ROWS)
    lanes = view.lanes
    hide: set[int] = set()
    if len(lanes) > room:  # a row says how many more there are
        staff = [i for i, lane in enumerate(lanes) if lane.kind is Kind.STAFF]
        others = [i for i, lane in enumerate(lanes) if lane.kind is not Kind.STAFF]
        hide = set((staff[::-1] + others[::-1])[: len(lanes) - room + 1])
    parts: list[str | tuple[str, str]] = [
        _label("marks", label_width, "dim"),
        *_marks(view.marks, window, plain),
    ]
    live = window.cell(view.now)
    for number, lane in enumerate(lanes):
        if hide and number == min(hide):
            parts += ["\n", (f"… {len(hide)} more lanes: a taller terminal shows them", "dim")]
        if number in hide:
            continue
        label = f"{you} you" if lane.kind is Kind.YOU else lane.label
        parts += ["\n", _label(label, label_width, "bold" if lane.kind is Kind.YOU else "")]
        new_you = {window.cell(change.at) for change in view.new_you} if lane.kind is Kind.YOU else set()
        parts += _row(lane, window, live, plain, new_you, you)
    parts += ["\n", *_axis(window, label_width, plain)]
    return Content.assemble(*parts), len(hide)


def _label(text: str, width: int, style: str) -> tuple[str, str]:
    cut = text if len(text) < width else text[: width - 2] + "…"
    return cut.ljust(width), style


def _row(
    lane: Lane, window: Window, live: int, plain: bool, starred: set[int], star: str
) -> list[tuple[str, str]]:
    """The lane's cells as runs of one glyph and colour, ``star`` in the cells ``starred``; nothing after
    the cell of now."""
    states = lane_cells(lane.spans, window)
    counts = instant_counts(lane.instants, window) if lane.kind in (Kind.STREET, Kind.DISPLAY) else None
    runs: list[tuple[str, str]] = []
    for k in range(min(window.cells, live + 1)):
        if k in starred:
            glyph, style = star, "bold reverse"
        elif counts is not None and counts[k]:
            glyph, style = count_glyph(counts[k]), "bold"
        elif (state := states[k]) is State.OFF:
            glyph, style = " ", ""
        else:
            look = LOOKS[state]
            glyph = look.plain if plain else look.glyph
            style = "bold" if state is State.HOLDING else look.colour  # black: the theme's text instead
        if runs and runs[-1][1] == style:
            runs[-1] = (runs[-1][0] + glyph, style)
        else:
            runs.append((glyph, style))
    return runs


def _marks(marks: Sequence[Mark], window: Window, plain: bool) -> list[tuple[str, str]]:
    """The marks row: in each cell the most telling mark (a freeze over all its cells)."""
    row: list[tuple[int, str]] = [(len(MARK_PRIORITY), " ")] * window.cells
    for mark in marks:
        rank = MARK_PRIORITY.index(mark.kind)
        glyph = mark_glyph(mark.kind, mark.text, plain=plain)
        for k in range(max(0, window.cell(mark.at)), min(window.cells, window.cell(mark.end) + 1)):
            row[k] = min(row[k], (rank, glyph))
    return [("".join(glyph for _, glyph in row), "bold")]


def _axis(window: Window, label_width: int, plain: bool) -> list[str | tuple[str, str]]:
    """A rule with a tick every few cells, and the ticks' times under them."""
    every = next((s for s in AXIS_STEPS if s >= TICK_CELLS * window.step), AXIS_STEPS[-1])
    rule, labels = ["-" if plain else "─"] * window.cells, [" "] * window.cells
    tick = math.ceil(window.start / every) * every
    while tick < window.end:
        k = window.cell(tick + window.step / 2)  # the cell the tick's instant starts (no rounding slip)
        rule[k] = "+" if plain else "┬"
        text = clock_text(tick, tenths=False)
        if k + len(text) <= window.cells:  # a time cut short would read as another
            labels[k : k + len(text)] = text
        tick += every
    return [
        ("time".ljust(label_width), "dim"),
        ("".join(rule), "dim"),
        "\n" + " " * label_width,
        ("".join(labels[: window.cells]).rstrip(), "dim"),
    ]
