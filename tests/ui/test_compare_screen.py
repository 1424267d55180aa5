"""The compare screen on a tiny app: computes in a worker, shows the three models, escape closes it."""

from __future__ import annotations

from itertools import permutations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Label, Static
from textual_plotext import PlotextPlot

from burger_tui.report import COMPARISON_ROWS
from burger_tui.sim.distributions import parse_distribution
from burger_tui.sim.model import RestaurantConfig
from burger_tui.ui.screens.compare import MODE_STYLES, CompareScreen, DrawnPlot

CUSTOMERS = 120
SWEEP_CUSTOMERS = 30


class CompareApp(App[None]):
    """Just enough app to push the compare screen over a placeholder."""

    def __init__(self, config: RestaurantConfig | None = None, customers: int = CUSTOMERS) -> None:
        super().__init__()
        self.config = config or RestaurantConfig(seed=4)
        self.customers = customers

    def compose(self) -> ComposeResult:
        yield Label("the restaurant", id="home")

    def on_mount(self) -> None:
        self.open_compare()

    def open_compare(self) -> None:
        self.push_screen(
            CompareScreen(self.config, customers=self.customers, sweep_customers=SWEEP_CUSTOMERS)
        )


async def test_compare_screen_computes_then_shows_and_escape_closes() -> None:
    app = CompareApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        comparison = screen.comparison
        assert comparison is not None
        assert comparison.customers == CUSTOMERS
        assert screen.has_class("-done")
        table = screen.query_one("#compare-table", DataTable)
        assert table.row_count == len(COMPARISON_ROWS)
        assert len(table.columns) == 4
        verdict = screen.query_one("#compare-verdict", Static)
        assert str(verdict.render()) == "\n".join(comparison.verdict.sentences)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)


async def test_leaving_early_cancels_the_worker() -> None:
    app = CompareApp(customers=1_000_000)  # minutes of work: it cannot finish before escape
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.comparison is None
        assert not isinstance(app.screen, CompareScreen)


def test_compare_screen_snapshot(snap_compare: object) -> None:
    async def finish(pilot: object) -> None:
        app = pilot.app  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        # The table, verdict and plots are filled at once; the layout settles over a few refreshes (the
        # table's size, then the plots'), and a plot drawn before that was drawn at another size.
        sizes = None
        for _ in range(20):
            await pilot.pause()  # type: ignore[attr-defined]
            now = [(plot.size, plot.region) for plot in app.screen.query(DrawnPlot)]
            if now == sizes:
                break
            sizes = now

    assert snap_compare(CompareApp(), terminal_size=(80, 24), run_before=finish)  # type: ignore[operator]


async def test_the_results_survive_resizes_and_repaints() -> None:
    """Regression (issue 25): plotext rewrites a figure as it builds it (a log axis took the log of the
    stored data again), so the second build of the sweep's plot raised IndexError and a resize ended the
    app. Each repaint must draw the same picture for the same size."""
    app = CompareApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        plots = list(app.screen.query(PlotextPlot))
        assert len(plots) == 2
        first = [plot.render() for plot in plots]
        assert all("log" in str(picture) for picture in first)  # both plots have a log axis
        for size in ((110, 40), (80, 24), (200, 60), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.is_running
        assert [plot.render() for plot in plots] == first
        assert [plot.render() for plot in plots] == first  # and again: any number of builds


@pytest.mark.parametrize(
    ("config", "ends"),
    [
        (RestaurantConfig(seed=4), [("concurrent",), ("hybrid",), ("parallel",)]),
        # Long cooking, many cooks: parallel and hybrid end together, one line over the other.
        (
            RestaurantConfig(
                seed=7, cooks=16, cook_time=parse_distribution("exp:300"), arrival_rate_per_min=2.0
            ),
            [("concurrent",), ("hybrid", "parallel")],
        ),
    ],
    ids=["defaults", "lines-together"],
)
async def test_every_line_of_the_sweep_is_named_and_so_is_the_days_rate(
    config: RestaurantConfig, ends: list[tuple[str, ...]]
) -> None:
    """Regression (issue 24): in a browser the sweep's line at the day's rate had no label, and a line drawn
    over another hid it. Each line is named at its end (lines that end together share the name), each model
    has its own marker besides its colour, and the line at the day's rate says what it is."""
    app = CompareApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        sweep = app.screen.query_one("#compare-sweep", PlotextPlot)
        drawn = str(sweep.render())
        rows = [row.rstrip(" │┤") for row in drawn.splitlines()]
        assert f"│ at {config.arrival_rate_per_min:g}: the table's day" in drawn
        for names in ends:  # each line's name at its right end; lines ending together, in either order
            labels = {" = ".join(order) for order in permutations(names)}
            assert any(row.endswith(tuple(labels)) for row in rows), (names, drawn)
        markers = {marker for _colour, marker in MODE_STYLES.values()}
        assert len(markers) == len(MODE_STYLES)  # never colour alone
