"""The compare screen: all three models on the same seeded couples, side by side.

The comparison runs headless in a thread worker (each run makes its own virtual-time event loop, so
it cannot share the app's loop); the screen shows a progress bar meanwhile, then a table, two plots
and the verdict. Nothing here shows wall time, so the screen is the same for the same settings.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from multiprocessing import resource_tracker

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker
from textual_plotext import Plot, PlotextPlot

from burger_tui.compare_pool import ComparisonCancelled, compare
from burger_tui.report import COMPARISON_ROWS, at_the_door
from burger_tui.sim.compare import Comparison
from burger_tui.sim.limits import DEFAULT_COMPARE_CUSTOMERS, DEFAULT_SWEEP_CUSTOMERS, SWEEP_FACTORS
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.ui.terminal_sized import TerminalSized

# Each model's line in both plots: a colour of Okabe and Ito's palette (told apart with any colour vision,
# on dark and light themes) and a marker of its own, so that neither tells a line alone.
MODE_STYLES: dict[Mode, tuple[tuple[int, int, int], str]] = {
    Mode.CONCURRENT: ((0, 114, 178), "braille"),  # blue, fine dots
    Mode.PARALLEL: ((213, 94, 0), "dot"),  # vermillion, bullets
    Mode.HYBRID: ((0, 158, 115), "x"),  # bluish green, crosses
}
PLOT_FRAME_ROWS = 6  # a plot's rows that are not the data's: title, frame, ticks, tick labels, x label
GRAY = (128, 128, 128)


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with the terminal's stderr, before compare's workers.

    Called from a thread of the app, compare starts its workers from a fork server, which needs the
    tracker; the tracker's process is given our stderr's file descriptor, and under Textual
    ``sys.stderr`` is a capture whose ``fileno()`` is -1, which the tracker fails to start with.
    Started once, the tracker serves every later comparison.
    """
    if sys.__stderr__ is None:  # no stderr at all (pythonw): the tracker leaves it out
        resource_tracker.ensure_running()
        return
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


@dataclass
class ComparisonProgress(Message):
    """Posted from the worker thread (``post_message`` is thread-safe)."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ComparisonProgress)


PLOT_FRAME_ROWS = 4  # a plot's rows not for its y axis: the title, the frame, the x axis' ticks


class DrawnPlot(PlotextPlot):
    """A plot drawn again from its data at every render, so it can be built any number of times.

    plotext rewrites a figure as it builds it: a log axis takes the log of the stored data in place,
    and the limits and legend markers found are stored too. The second build of the sweep's plot
    raised IndexError, and a resize of the finished compare screen ended the app. Each render starts
    from a new figure instead; renders come with a resize or a refresh, and a plot is a few hundred
    points.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._draw: Callable[[Plot, Size], None] | None = None

    def draw(self, draw: Callable[[Plot, Size], None]) -> None:
        """Show what ``draw`` draws on an empty figure of the plot's size, now and at every repaint."""
        self._draw = draw
        self.refresh()

    def render(self) -> RenderResult:
        self.plt.clear_figure()
        if self._draw is not None:
            self._draw(self.plt, self.size)
        return super().render()


class CompareScreen(Screen[None], TerminalSized):
    """Runs :func:`~burger_tui.compare_pool.compare` for ``config`` and shows the result. Escape closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
    ]
    # Narrower, the verdict goes under the table, across the screen: beside it, its sentences took a
    # word a line and pushed the plots off an 80x24 screen.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    DEFAULT_CSS = """
    CompareScreen {
        layout: vertical;
    }
    CompareScreen #compare-title {
        width: 1fr;
        padding: 0 1;
        text-style: bold;
        background: $panel;
    }
    CompareScreen #compare-busy {
        height: auto;
        padding: 1 2;
    }
    CompareScreen #compare-busy ProgressBar {
        margin-top: 1;
    }
    CompareScreen #compare-result {
        display: none;
        height: 1fr;
    }
    CompareScreen.-done #compare-busy {
        display: none;
    }
    CompareScreen.-done #compare-result {
        display: block;
    }
    CompareScreen #compare-top {
        height: auto;
    }
    CompareScreen #compare-table {
        width: auto;
        height: auto;
        margin: 0 1 0 0;
    }
    CompareScreen #compare-verdict {
        width: 1fr;
        min-width: 20;
        padding: 0 1;
        color: $text;
        border-left: thick $accent;
    }
    CompareScreen.-narrow #compare-top {
        layout: vertical;
    }
    CompareScreen #compare-plots {
        height: 1fr;
        min-height: 6;
    }
    CompareScreen PlotextPlot {
        width: 1fr;
        height: 1fr;
    }
    CompareScreen #compare-error {
        color: $error;
        padding: 1 2;
    }
    """

    def __init__(
        self,
        config: RestaurantConfig,
        *,
        customers: int = DEFAULT_COMPARE_CUSTOMERS,
        sweep_customers: int = DEFAULT_SWEEP_CUSTOMERS,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.config = config
        self.customers = customers
        self.sweep_customers = sweep_customers
        self.comparison: Comparison | None = None

    def compose(self) -> ComposeResult:
        cfg = self.config
        # The line at the door too: the dashboard's days open with one, compare's by default without, and
        # the same title over different figures looked like a contradiction. (The three restaurants are the
        # table's columns: saying so too wrapped the title at 80 columns.)
        settings = [f"{cfg.arrival_rate_per_min:g}/min", at_the_door(cfg), f"cook {cfg.cook_time}"]
        settings += [f"{cfg.cooks} cooks", f"seed {cfg.seed}"]
        yield Static(
            " · ".join([f"Same {self.customers} couples", *filter(None, settings)]), id="compare-title"
        )
        with Vertical(id="compare-busy"):
            yield Label("Serving the same couples in all three restaurants...")
            yield ProgressBar(id="compare-progress", show_eta=False)
        with Vertical(id="compare-result"):
            with Horizontal(id="compare-top"):
                yield DataTable(id="compare-table", cursor_type="none", zebra_stripes=True)
                yield Static(id="compare-verdict")
            with Horizontal(id="compare-plots"):
                yield DrawnPlot(id="compare-waits")
                yield DrawnPlot(id="compare-sweep")
        yield Footer()

    def on_mount(self) -> None:
        self._compute()

    # A thread cannot be killed: when the screen closes, Textual cancels its workers and this one
    # notices at its next progress report and stops.
    @work(name="compare", thread=True, exit_on_error=False)
    def _compute(self) -> Comparison:
        worker = get_current_worker()
        last = -1

        def on_progress(done: int, total: int) -> None:
            nonlocal last
            if worker.is_cancelled:
                raise ComparisonCancelled
            percent = done * 100 // total
            if percent != last:
                last = percent
                self.post_message(ComparisonProgress(done, total))

        start_resource_tracker()
        return compare(
            self.config,
            self.customers,
            sweep_customers=self.sweep_customers,
            sweep_factors=SWEEP_FACTORS if self.sweep_customers else (),
            on_progress=on_progress,
        )

    @on(ComparisonProgress)
    def _progress(self, message: ComparisonProgress) -> None:
        self.query_one("#compare-progress", ProgressBar).update(total=message.total, progress=message.done)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name != "compare":
            return
        if event.state is WorkerState.SUCCESS and isinstance(worker.result, Comparison):
            self.show(worker.result)
        elif event.state is WorkerState.ERROR:
            busy = self.query_one("#compare-busy", Vertical)
            busy.remove_children()
            busy.mount(Static(f"The comparison failed: {worker.error}", id="compare-error", markup=False))

    def show(self, comparison: Comparison) -> None:
        """Fill the table, the plots and the verdict (also usable directly, e.g. from a test)."""
        self.comparison = comparison
        self._fill_table(comparison)
        self.query_one("#compare-verdict", Static).update("\n".join(comparison.verdict.sentences))
        self.query_one("#compare-waits", DrawnPlot).draw(partial(self._plot_waits, comparison))
        self.query_one("#compare-sweep", DrawnPlot).draw(partial(self._plot_sweep, comparison))
        self.add_class("-done")

    def _fill_table(self, comparison: Comparison) -> None:
        table = self.query_one("#compare-table", DataTable)
        table.clear(columns=True)
        table.add_column("", key="label")
        for model in comparison.models:
            table.add_column(Text(model.mode.value.capitalize(), justify="right"), key=model.mode.value)
        for label, cell in COMPARISON_ROWS:
            table.add_row(label, *(Text(cell(m), justify="right") for m in comparison.models))

    @staticmethod
    def _plot_waits(comparison: Comparison, plt: Plot, size: Size) -> None:
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
            if (
                model.wait["max"] > edges[-1]
            ):  # its last bin holds the waits beyond the plot too: not within t
                shares.pop()
            start = max(0, next((i for i, share in enumerate(shares) if share > 0), 0) - 1)
            end = max(start + 2, next((i for i, share in enumerate(shares) if share >= 100), len(shares)) + 1)
            # Upper bin edges on a log axis: short and long waits both get room.
            colour, marker = MODE_STYLES[model.mode]
            plt.plot(
                edges[1 + start : 1 + end],
                shares[start:end],
                label=model.mode.value,
                color=colour,
                marker=marker,
            )
        plt.xscale("log")
        plt.title("% with burgers within t s (log)")
        plt.ylim(-3, 103)  # off the frame: a curve at 0 % or 100 % is not drawn over by it
        # Ticks a row apart at least: two on one row, plotext draws one of them, which one varying from one
        # process to the next (the plot at 80x24 said 0 or 25 there, then 50 or 100).
        rows = size.height - PLOT_FRAME_ROWS
        step = next((step for step in (25, 50, 100) if step * rows >= 2 * 106), None)
        plt.yticks(list(range(0, 101, step)) if step else [])

    @staticmethod
    def _plot_sweep(comparison: Comparison, plt: Plot, size: Size) -> None:
        """The mean wait at each arrival rate of the sweep, per model; the day's own rate marked."""
        if not comparison.sweep:
            plt.title("No sweep of arrival rates")
            return
        every: list[float] = []
        ends: list[tuple[float, Mode]] = []  # each line's last wait
        for mode in Mode:
            points = comparison.sweep_of(mode)
            if points:
                waits = [max(1.0, p.mean_wait_s) for p in points]
                colour, marker = MODE_STYLES[mode]
                plt.plot(
                    [p.arrival_rate_per_min for p in points],
                    waits,
                    label=mode.value,
                    color=colour,
                    marker=marker,
                )
                every += waits
                ends.append((waits[-1], mode))
        plt.yscale("log")
        # Off the frame, so the axis does not draw over the lowest line. (On a log axis plotext's limits are
        # the logarithms; a text's place is in the data's units.)
        low, high = math.log10(min(every) / 1.3), math.log10(max(every) * 1.3)
        plt.ylim(low, high)
        rate = comparison.config.arrival_rate_per_min
        plt.vline(rate, GRAY)
        # Each line named at its end; lines ending on one row (one drawn over the other) share the name.
        rows = max(1, size.height - PLOT_FRAME_ROWS)
        last = max(p.arrival_rate_per_min for p in comparison.sweep)
        for group in _by_row(ends, lambda wait: int((math.log10(wait) - low) / (high - low) * rows)):
            colour, _ = MODE_STYLES[group[-1][1]]
            names = " = ".join(mode.value for _, mode in group)
            # (A text's background is the canvas's when drawn, before the theme's: "default" is the plot's.)
            plt.text(names, last, group[-1][0], color=colour, background="default", alignment="right")
        plt.title("Mean wait (s, log)")
        plt.xlabel(f"couples/min (│ at {rate:g}: the table's day)")


def _by_row(ends: list[tuple[float, Mode]], row: Callable[[float], int]) -> list[list[tuple[float, Mode]]]:
    """The lines' ends, lowest first, in groups of those on one ``row`` of the plot."""
    groups: list[list[tuple[float, Mode]]] = []
    for end in sorted(ends):
        if groups and row(end[0]) == row(groups[-1][-1][0]):
            groups[-1].append(end)
        else:
            groups.append([end])
    return groups
