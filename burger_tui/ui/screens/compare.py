"""The compare screen: all three models on the same seeded couples, side by side.

The comparison runs headless in a thread worker (each run makes its own virtual-time event loop, so
it cannot share the app's loop); the screen shows a progress bar meanwhile, then a table, two plots
and the verdict. Nothing here shows wall time, so the screen is the same for the same settings.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from multiprocessing import resource_tracker

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker
from textual_plotext import Plot, PlotextPlot

from burger_tui.compare_pool import ComparisonCancelled, compare
from burger_tui.report import COMPARISON_ROWS, day_settings
from burger_tui.sigint_held import signals_held
from burger_tui.sim.compare import Comparison
from burger_tui.sim.limits import DEFAULT_COMPARE_CUSTOMERS, DEFAULT_SWEEP_CUSTOMERS, SWEEP_FACTORS
from burger_tui.sim.model import RestaurantConfig
from burger_tui.ui.screens.compare_plots import plot_sweep, plot_waits
from burger_tui.ui.terminal_sized import TerminalSized


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with the terminal's stderr, before compare's workers.

    Called from a thread of the app, compare starts its workers from a fork server, which needs the
    tracker; the tracker's process is given our stderr's file descriptor, and under Textual
    ``sys.stderr`` is a capture whose ``fileno()`` is -1, which the tracker fails to start with.
    Started once, the tracker serves every later comparison.

    It starts with SIGHUP held back, as Python's holds back SIGINT and SIGTERM: it is in the terminal's
    process group, and a terminal closed during compare (SIGHUP to the group) killed it; multiprocessing
    relaunched it and printed a traceback after the app had ended (the eighth adversarial pass, 7 of 7).
    It ends when the app does, as its pipe closes.
    """
    captured = sys.stderr
    if sys.__stderr__ is not None:  # (no stderr at all, pythonw: the tracker leaves it out)
        sys.stderr = sys.__stderr__
    try:
        with signals_held("SIGHUP"):
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


class CompareTitle(Widget):
    """The comparison's settings: every one that changes its figures, in the longest words that fit.

    Made of :func:`~burger_tui.report.day_settings`, as ``burger-tui compare``'s heading is, so that the two
    never disagree; in full where there is room, in short (``order 10–20``) at 80 columns, and wrapped only
    where even that does not fit (a seed of many digits, a day file's walk or look at the counter).
    """

    def __init__(self, config: RestaurantConfig, customers: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        settings = day_settings(config)
        couples, cooks = f"{customers} couples", f"{config.cooks} cooks"
        self.forms = [
            " · ".join([f"Same {couples}", cooks, *(setting.words for setting in settings)]),
            " · ".join([f"Same {couples}", cooks, *(setting.short for setting in settings)]),
            "·".join([couples, cooks, *(setting.short for setting in settings)]),
        ]

    def fitting(self, width: int) -> str:
        """The longest form that fits ``width`` cells, else the shortest (which wraps)."""
        return next((form for form in self.forms if cell_len(form) <= width), self.forms[-1])

    def render(self) -> RenderResult:
        return Content(self.fitting(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # The form for this width: the one rendered last may be another width's. At no width (a terminal a
        # column or two wide, less the padding) Rich cannot wrap at all: a line, cut.
        return len(Content(self.fitting(width)).wrap(width)) if width > 0 else 1


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
        height: auto;
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
        yield CompareTitle(self.config, self.customers, id="compare-title")
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
            if not busy.is_attached:  # the app is ending: a signal to its group ended the workers too
                return
            busy.remove_children()
            busy.mount(Static(f"The comparison failed: {worker.error}", id="compare-error", markup=False))

    def show(self, comparison: Comparison) -> None:
        """Fill the table, the plots and the verdict (also usable directly, e.g. from a test)."""
        self.comparison = comparison
        self._fill_table(comparison)
        self.query_one("#compare-verdict", Static).update("\n".join(comparison.verdict.sentences))
        self.query_one("#compare-waits", DrawnPlot).draw(partial(plot_waits, comparison))
        self.query_one("#compare-sweep", DrawnPlot).draw(partial(plot_sweep, comparison))
        self.add_class("-done")

    def _fill_table(self, comparison: Comparison) -> None:
        table = self.query_one("#compare-table", DataTable)
        table.clear(columns=True)
        table.add_column("", key="label")
        for model in comparison.models:
            table.add_column(Text(model.mode.value.capitalize(), justify="right"), key=model.mode.value)
        for label, cell in COMPARISON_ROWS:
            table.add_row(label, *(Text(cell(m), justify="right") for m in comparison.models))
