"""The compare screen on a tiny app: computes in a worker, shows the three models, escape closes it."""

from __future__ import annotations

import asyncio
import json
from itertools import permutations
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Label, Static
from textual_plotext import PlotextPlot

from burger_tui.cli import main
from burger_tui.report import COMPARISON_ROWS
from burger_tui.sim.compare import Comparison
from burger_tui.sim.distributions import parse_distribution
from burger_tui.sim.model import RestaurantConfig
from burger_tui.ui.screens.compare import MODE_STYLES, CompareScreen, DrawnPlot
from tests.helpers.driving import resize

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


def _cells(screen: CompareScreen) -> dict[str, list[str]]:
    """The table as shown: each row's label, and its cells."""
    table = screen.query_one("#compare-table", DataTable)
    return {
        str(row[0]): [str(cell) for cell in row[1:]] for row in map(table.get_row_at, range(table.row_count))
    }


async def test_the_talking_share_shown_is_the_tables_means_in_a_share() -> None:
    """Regression (issue 24): the screen said "talking share 80%" beside "standing / couple (s) 21.7" and
    "wait mean (s) 234.4", 91 % talking. What a reader computes from the two means is what it says."""
    app = CompareApp(RestaurantConfig(seed=0, opening_line=5))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        cells = _cells(app.screen)
    for wait, standing, share in zip(
        cells["wait mean (s)"], cells["standing / couple (s)"], cells["talking share"], strict=True
    ):
        # The means shown to a tenth of a second: the share from them within half a point of the one shown.
        low, high = (1 - (float(standing) + d) / (float(wait) - d) for d in (0.05, -0.05))
        assert 100 * low - 0.5 <= float(share.rstrip("%")) <= 100 * high + 0.5, (wait, standing, share)


@pytest.mark.parametrize("opening_line", [0, 5])
def test_the_title_names_the_line_at_the_door_and_the_command_agrees(
    opening_line: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression (issue 24): the dashboard's compare (its days open with 5 couples at the door) and
    ``burger-tui compare`` (none) had the same title and different numbers. The title says the line at the
    door, and with the same line both give the same figures."""
    title, shown = asyncio.run(_compared(RestaurantConfig(seed=4, opening_line=opening_line)))
    assert ("· 5 at the door ·" in title) is (opening_line == 5)
    options = ["--customers", str(CUSTOMERS), "--sweep-customers", str(SWEEP_CUSTOMERS), "--seed", "4"]
    options += ["--opening-line", str(opening_line)]
    assert main(["compare", *options, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert _without_wall_time(printed) == _without_wall_time(shown.as_dict())
    assert main(["compare", *options]) == 0
    heading = " ".join(capsys.readouterr().out.partition("Wait =")[0].split())
    assert ("5 at the door as it opens" in heading) is (opening_line == 5)


async def _compared(config: RestaurantConfig) -> tuple[str, Comparison]:
    """The compare screen's title and comparison for ``config``."""
    app = CompareApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.comparison is not None
        return str(screen.query_one("#compare-title", Static).render()), screen.comparison


def _without_wall_time(comparison: dict[str, Any]) -> dict[str, Any]:
    """A comparison's figures, without the wall times (of the whole and of each model's report)."""
    models = {
        mode: {**model, "report": {**model["report"], "wall_time_s": None}}
        for mode, model in comparison["models"].items()
    }
    return {**comparison, "models": models, "wall_time_s": None}


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
            await resize(pilot, *size)
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
