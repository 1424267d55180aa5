"""What the compare screen's two plots draw, at the size they are given.

plotext lays a figure out by itself: a title row, the frame, the x axis' tick labels and an x label
around a canvas, each y tick and text on the canvas row its value maps to. A label it is told to draw
where there is no room is drawn anyway, over what is there: these functions work out the canvas as
plotext will, and leave out or shorten whatever would not fit (an x label, a legend, a tick), so that
every label drawn can be read at 80x24 as at 200x60.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

from textual.geometry import Size
from textual_plotext import Plot

from burger_tui.sim.compare import Comparison
from burger_tui.sim.model import Mode

# Each model's line in both plots: a colour of Okabe and Ito's palette (told apart with any colour vision,
# on dark and light themes) and a marker of its own, so that neither tells a line alone.
MODE_STYLES: dict[Mode, tuple[tuple[int, int, int], str]] = {
    Mode.CONCURRENT: ((0, 114, 178), "braille"),  # blue, fine dots
    Mode.PARALLEL: ((213, 94, 0), "dot"),  # vermillion, bullets
    Mode.HYBRID: ((0, 158, 115), "x"),  # bluish green, crosses
}
GRAY = (128, 128, 128)
FRAME_ROWS = 4  # a plot's rows around its canvas: the title, the frame's two, the x axis' tick labels
FRAME_COLUMNS = 2  # the frame's two, besides the y axis' tick labels
LEGEND_COLUMNS = 3  # a legend entry's marker before its name (plotext pads the name with a space each side)
WAITS_TITLES = ["% with burgers within t s (log)", "% with burgers by t s (log)", "% served by t s"]
SEPARATE = " = "  # between the names of lines that end on one row, one drawn over the other


def canvas_row(value: float, low: float, high: float, rows: int) -> int:
    """The canvas row (0 at the bottom) plotext draws a tick or a text at ``value`` on: its own arithmetic."""
    return math.floor(round(0.5 + (rows - 1) * (value - low) / (high - low), 8))


def plot_waits(comparison: Comparison, plt: Plot, size: Size) -> None:
    """The share of couples with burgers within t seconds, per model."""
    # Cumulative: a curve far to the right is a restaurant where couples wait long.
    edges = comparison.histogram_edges
    for model in comparison.models:
        total = sum(model.histogram) or 1
        shares, seen = [], 0
        for count in model.histogram:
            seen += count
            shares.append(100 * seen / total)
        # Each curve from its last 0 % to its first 100 %: drawn further, along 0 % or 100 %, it would
        # hide the other models' curves there and tell nothing.
        if model.wait["max"] > edges[-1]:  # its last bin holds the waits beyond the plot too: not within t
            shares.pop()
        start = max(0, next((i for i, share in enumerate(shares) if share > 0), 0) - 1)
        end = max(start + 2, next((i for i, share in enumerate(shares) if share >= 100), len(shares)) + 1)
        # Upper bin edges on a log axis: short and long waits both get room.
        colour, marker = MODE_STYLES[model.mode]
        plt.plot(
            edges[1 + start : 1 + end], shares[start:end], label=model.mode.value, color=colour, marker=marker
        )
    plt.xscale("log")
    # Exactly 0..100: the rows of the ticks 0 and 100 are the canvas' first and last, and every share is drawn
    # on or between them. (Padded to -3..103, a fine dot's row and a tick's row were worked out on different
    # grids: at 1024 px in a browser the dots of 0 % were drawn a row below the tick 0, those of 100 % a row
    # above 100.)
    plt.ylim(0, 100)
    # Ticks two rows apart at least: two on one row, plotext draws one of them, which one varying from one
    # process to the next (the plot at 80x24 said 0 or 25 there, then 50 or 100).
    rows = size.height - FRAME_ROWS
    step = next((step for step in (25, 50, 100) if step * (rows - 1) >= 2 * 100), None)
    ticks = [float(tick) for tick in range(0, 101, step)] if step else []
    plt.yticks(ticks, [f"{tick:.0f}" for tick in ticks])
    start = len("100") + 1 if ticks else 1  # the y axis' widest label, and the axis
    plt.title(_centred(WAITS_TITLES, start, size) or "")


class Canvas(NamedTuple):
    """Where plotext will draw the sweep's lines: its rows and columns, and the y axis' ticks beside it."""

    rows: int
    ticks: list[float]
    labels: list[str]
    start: int  # the canvas' first column: the y axis' labels and the axis before it

    @classmethod
    def of(cls, rows: int, low: float, high: float) -> Canvas:
        """The canvas of ``rows`` rows, its ticks between the log limits ``low`` and ``high``."""
        ticks = _wait_ticks(low, high, rows)
        labels = [f"{tick:.0f}" for tick in ticks]
        return cls(rows, ticks, labels, max(map(len, labels), default=0) + 1)

    def columns(self, size: Size) -> int:
        return size.width - self.start - 1

    def centred(self, forms: Sequence[str], size: Size) -> str | None:
        return _centred(forms, self.start, size)


def plot_sweep(comparison: Comparison, plt: Plot, size: Size) -> None:
    """The mean wait at each arrival rate of the sweep, per model, each line named at its end; the day's own
    rate marked."""
    if not comparison.sweep:
        plt.title("No sweep of arrival rates")
        return
    lines = {mode: comparison.sweep_of(mode) for mode in Mode if comparison.sweep_of(mode)}
    waits = {mode: [max(1.0, p.mean_wait_s) for p in points] for mode, points in lines.items()}
    every = [wait for line in waits.values() for wait in line]
    # Off the frame, so the axis does not draw over the lowest line. (On a log axis plotext's limits are the
    # logarithms; a tick's or a text's place is in the data's units.)
    low, high = math.log10(min(every) / 1.3), math.log10(max(every) * 1.3)
    rate = comparison.config.arrival_rate_per_min
    # The x label (what the vertical line is) where the canvas keeps a row for each line besides it: at 80x24
    # its row is worth more as a second row of the lines.
    canvas = Canvas.of(size.height - FRAME_ROWS - 1, low, high)
    forms = [f"couples/min (│ at {rate:g}: the table's day)", f"couples/min (│ {rate:g}: the table's)"]
    xlabel = canvas.centred(forms, size) if canvas.rows >= len(lines) else None
    if xlabel is None:
        canvas = Canvas.of(size.height - FRAME_ROWS, low, high)
    columns = canvas.columns(size)
    ends = _named_ends(
        {mode: line[-1] for mode, line in waits.items()},
        lambda wait: canvas_row(math.log10(wait), low, high, canvas.rows),
        columns,
    )
    # A legend under a name would hide both: the names say which line is which, the legend is left out.
    legend = max(len(mode.value) + 2 for mode in lines) + LEGEND_COLUMNS + 1
    with_legend = all(
        row < canvas.rows - len(lines) or len(names) + legend <= columns for row, names, _ in ends
    )
    for mode, points in lines.items():
        colour, marker = MODE_STYLES[mode]
        label = mode.value if with_legend else None
        plt.plot(
            [p.arrival_rate_per_min for p in points], waits[mode], label=label, color=colour, marker=marker
        )
    plt.yscale("log")
    plt.ylim(low, high)
    plt.yticks(canvas.ticks, canvas.labels)
    plt.vline(rate, GRAY)
    last = max(p.arrival_rate_per_min for p in comparison.sweep)
    for _row, names, (wait, mode) in ends:
        colour, _ = MODE_STYLES[mode]
        # (A text's background is the canvas's when drawn, before the theme's: "default" is the plot's.)
        plt.text(names, last, wait, color=colour, background="default", alignment="right")
    if xlabel:
        plt.title("Mean wait (s, log)")
        plt.xlabel(xlabel)
    else:  # the x axis named in the title, where it fits
        plt.title(canvas.centred(["Mean wait (s, log) by couples/min", "Mean wait (s, log)"], size) or "")


def _centred(forms: Sequence[str], start: int, size: Size) -> str | None:
    """The first of ``forms`` that plotext draws whole, centred on a canvas from column ``start`` to the
    plot's frame (it leaves out a title or an x label that would not be whole)."""
    middle = start + (size.width - start - 1) // 2
    return next((form for form in forms if 0 <= middle - len(form) // 2 <= size.width - len(form)), None)


def _wait_ticks(low: float, high: float, rows: int) -> list[float]:
    """Round waits (1, 2, 5 times a power of ten) between the log limits, two rows apart at least."""
    ticks: list[float] = []
    for power in range(math.floor(low), math.ceil(high) + 1):
        for mantissa in (1, 2, 5):
            tick = mantissa * 10.0**power
            at = canvas_row(math.log10(tick), low, high, rows)
            if low <= math.log10(tick) <= high and (
                not ticks or at >= canvas_row(math.log10(ticks[-1]), low, high, rows) + 2
            ):
                ticks.append(tick)
    return ticks


def _named_ends(
    ends: dict[Mode, float], row: Callable[[float], int], columns: int
) -> list[tuple[int, str, tuple[float, Mode]]]:
    """Each row where lines end: the row, their names (those that fit ``columns`` cells: none is cut), and
    where to write them and in whose colour (the highest end of the row's)."""
    groups: dict[int, list[tuple[float, Mode]]] = {}
    for mode, wait in sorted(ends.items(), key=lambda end: end[1]):
        groups.setdefault(row(wait), []).append((wait, mode))
    named = []
    for at, group in groups.items():
        forms = (separator.join(mode.value for _, mode in group) for separator in (SEPARATE, "="))
        if names := next((form for form in forms if len(form) <= columns), None):
            named.append((at, names, group[-1]))
    return named
