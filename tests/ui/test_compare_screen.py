"""The compare screen on a tiny app: computes in a worker, shows the three models, escape closes it."""

from __future__ import annotations

import asyncio
import io
import json
import re
from itertools import permutations
from typing import Any

import pytest
from rich.console import Console
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, Label, Static
from textual_plotext import PlotextPlot

from burger_tui.cli import main
from burger_tui.report import COMPARISON_ROWS, day_settings, print_comparison
from burger_tui.sim.compare import Comparison
from burger_tui.sim.distributions import parse_distribution
from burger_tui.sim.limits import DEFAULT_COMPARE_CUSTOMERS
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.ui.screens.compare import CompareScreen, CompareTitle, DrawnPlot
from burger_tui.ui.screens.compare_plots import MODE_STYLES
from tests.helpers.driving import resize, small_compare

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
def test_the_title_names_every_setting_and_the_command_agrees(
    opening_line: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression (issue 24): the dashboard's compare (its days open with 5 couples at the door) and
    ``burger-tui compare`` (none) had the same title and different numbers; and the title named the cook's
    time but not the order's or the meal's, which change the figures as much. The title names every setting
    the command's heading does, in the same words, and with the same settings both give the same figures."""
    config = RestaurantConfig(
        seed=4,
        opening_line=opening_line,
        order_time=parse_distribution("uniform:5:15"),
        eat_time=parse_distribution("fixed:90"),
    )
    title, shown = asyncio.run(_compared(config))
    assert ("· 5 at the door as it opens ·" in title) is (opening_line == 5)
    options = ["--customers", str(CUSTOMERS), "--sweep-customers", str(SWEEP_CUSTOMERS), "--seed", "4"]
    options += ["--opening-line", str(opening_line), "--order-time", "uniform:5:15", "--eat-time", "fixed:90"]
    assert main(["compare", *options, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert _without_wall_time(printed) == _without_wall_time(shown.as_dict())
    assert main(["compare", *options]) == 0
    heading = " ".join(capsys.readouterr().out.partition("Wait =")[0].split())
    for setting in day_settings(config):
        assert setting.words in heading, (setting, heading)
        assert f"· {setting.words}" in title, (setting, title)
    assert ("5 at the door as it opens" in heading) is (opening_line == 5)
    assert "order uniform:5:15" in title
    assert "eat fixed:90" in title


async def _compared(config: RestaurantConfig) -> tuple[str, Comparison]:
    """The compare screen's title (wide enough for its longest form) and comparison for ``config``."""
    app = CompareApp(config)
    async with app.run_test(size=(200, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.comparison is not None
        return str(screen.query_one(CompareTitle).render()), screen.comparison


@pytest.mark.parametrize("width", [80, 120, 200])
async def test_the_title_fits_one_line_and_still_names_every_setting(width: int) -> None:
    """Regression (issue 24): the title is on one line at 80 columns as at 200 (in short words where the full
    ones do not fit: ``order 10–20``), and names each setting at every width."""
    config = RestaurantConfig(opening_line=5)  # the dashboard's day
    shown = await _title(config, width)
    for setting in day_settings(config):
        assert setting.words in shown or setting.short in shown, (setting, shown)
    assert "order" in shown
    assert "eat" in shown


async def _title(config: RestaurantConfig, width: int) -> str:
    """The title of the dashboard's comparison of ``config`` (there before the figures), ``width`` columns
    wide: on one line."""
    app = CompareApp(config, customers=DEFAULT_COMPARE_CUSTOMERS)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        title = app.screen.query_one(CompareTitle)
        shown = str(title.render())
        assert title.size.height == 1, shown
        assert len(shown) <= title.content_size.width, shown
        await pilot.press("escape")
    return shown


def test_a_day_files_walk_and_look_at_the_counter_are_named_too() -> None:
    """The walk to the counter and how often couples look at it change the figures too; no command line
    sets them, a day file can: the title and the command's heading name them where they are not the usual."""
    config = RestaurantConfig(walk_time=6, glance_every=10)
    shown = asyncio.run(_title(config, 200))
    printed = io.StringIO()
    print_comparison(small_compare(config, 60), Console(file=printed, width=300))
    heading = printed.getvalue().partition("Wait =")[0]
    for words in ("walk 6 s to the counter", "a look every 10 s at the counter"):
        assert words in shown, shown
        assert words in heading, heading
    usual = " ".join(map(str, day_settings(RestaurantConfig())))
    assert "walk" not in usual
    assert "look" not in usual


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


async def _finished(pilot: Pilot[None]) -> None:
    """Until the comparison is shown and the plots are drawn at their size."""
    await pilot.app.workers.wait_for_complete()
    # The table, verdict and plots are filled at once; the layout settles over a few refreshes (the
    # table's size, then the plots'), and a plot drawn before that was drawn at another size.
    sizes = None
    for _ in range(20):
        await pilot.pause()
        now = [(plot.size, plot.region) for plot in pilot.app.screen.query(DrawnPlot)]
        if now == sizes:
            break
        sizes = now


def test_compare_screen_snapshot(snap_compare: object) -> None:
    assert snap_compare(CompareApp(), terminal_size=(80, 24), run_before=_finished)  # type: ignore[operator]


# Every word the plots write: their titles, the x label's, the lines' names (lower case, split at what is
# not a letter). Any other is two labels drawn over each other.
PLOT_WORDS = {*(mode.value for mode in Mode), "with", "burgers", "within", "t", "s", "log", "mean", "wait"}
PLOT_WORDS |= {"by", "couples", "min", "at", "the", "table", "day", "served"}


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40), (200, 60)])
async def test_every_label_of_the_plots_can_be_read(size: tuple[int, int]) -> None:
    """Regression (issue 24): at 80x24 the sweep's lines were named over each other ('paralleconcurrent',
    'hybrid' gone): its names were placed by rows worked out without the x label's. Each line's name is
    whole at every size, nothing is written over anything else (what does not fit is shortened or left
    out), and each plot keeps a title (at 60x20 the shares' was left out whole)."""
    app = CompareApp(RestaurantConfig(seed=0, opening_line=5), customers=DEFAULT_COMPARE_CUSTOMERS)
    async with app.run_test(size=size) as pilot:
        await _finished(pilot)
        drawn = {str(plot.id): str(plot.render()) for plot in app.screen.query(DrawnPlot)}
    for picture in drawn.values():
        # A run of x is the hybrid line's crosses, wherever a name is written at the end of its line.
        words = {word.lstrip("x") or "x" for word in re.findall("[a-z]+", picture.lower())}
        assert words <= PLOT_WORDS | {"x"}, (words - PLOT_WORDS, picture)
        assert picture.splitlines()[0].strip(), picture
    for mode in Mode:
        assert re.search(rf"(?<![a-wyz]){mode.value}(?![a-z])", drawn["compare-sweep"]), (mode, drawn)


# About the page in Chromium at 1024x768 (118x36: the dots of 0 % were drawn below the tick 0), and others.
@pytest.mark.parametrize("size", [(118, 36), (100, 30), (120, 40), (200, 60)])
async def test_no_share_is_drawn_below_0_or_above_100_percent(size: tuple[int, int]) -> None:
    """Regression (issue 24): in a browser at 1024 px the cumulative shares' fine dots of 0 % were drawn a
    row below the tick 0 and those of 100 % a row above the tick 100. Every mark is on or between them."""
    app = CompareApp(RestaurantConfig(seed=0, opening_line=5), customers=DEFAULT_COMPARE_CUSTOMERS)
    async with app.run_test(size=size) as pilot:
        await _finished(pilot)
        rows = str(app.screen.query_one("#compare-waits", DrawnPlot).render()).splitlines()
    ticks = {int(row.split("┤")[0]): i for i, row in enumerate(rows) if "┤" in row}
    assert {0, 100} <= ticks.keys(), rows
    for i, row in enumerate(rows):
        canvas = re.split("[│┤]", row, maxsplit=1)[-1] if re.search("[│┤]", row) else ""
        canvas = re.sub(rf"\S\S ({'|'.join(mode.value for mode in Mode)})", "", canvas)  # the legend
        if not ticks[100] <= i <= ticks[0]:
            assert not canvas.strip(" │"), (i, "\n".join(rows))


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
    ("config", "size", "ends"),
    [
        (RestaurantConfig(seed=4), (120, 40), [("concurrent",), ("hybrid",), ("parallel",)]),
        # Long cooking, many cooks: parallel and hybrid end together, on one row (at 120x40, on two rows).
        (
            RestaurantConfig(
                seed=7, cooks=16, cook_time=parse_distribution("exp:300"), arrival_rate_per_min=2.0
            ),
            (120, 36),
            [("concurrent",), ("hybrid", "parallel")],
        ),
    ],
    ids=["defaults", "lines-together"],
)
async def test_every_line_of_the_sweep_is_named_and_so_is_the_days_rate(
    config: RestaurantConfig, size: tuple[int, int], ends: list[tuple[str, ...]]
) -> None:
    """Regression (issue 24): in a browser the sweep's line at the day's rate had no label, and a line drawn
    over another hid it. Each line is named at its end (lines that end together share the name), each model
    has its own marker besides its colour, and the line at the day's rate says what it is."""
    app = CompareApp(config)
    async with app.run_test(size=size) as pilot:
        await _finished(pilot)
        sweep = app.screen.query_one("#compare-sweep", PlotextPlot)
        drawn = str(sweep.render())
        rows = [row.rstrip(" │┤") for row in drawn.splitlines()]
        assert f"│ at {config.arrival_rate_per_min:g}: the table's day" in drawn
        for names in ends:  # each line's name at its right end; lines ending together, in either order
            labels = {" = ".join(order) for order in permutations(names)}
            assert any(row.endswith(tuple(labels)) for row in rows), (names, drawn)
        markers = {marker for _colour, marker in MODE_STYLES.values()}
        assert len(markers) == len(MODE_STYLES)  # never colour alone
