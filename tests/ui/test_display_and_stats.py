"""The counter display and the stats panel draw their own text: what Textual's Digits and Sparkline would
draw, the ready numbers on one line on a short terminal, and a repaint only when what they show changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.geometry import Region
from textual.renderables.digits import Digits as TextualDigits
from textual.renderables.sparkline import Sparkline as TextualSparkline

import burger_tui.ui
from burger_tui.sim.live import DaySettings
from burger_tui.sim.model import Mode, Phase, RestaurantConfig
from burger_tui.sim.snapshot import CoupleView, DaySnapshot, opening_snapshot
from burger_tui.ui.symbols import COLOURS, EMOJI
from burger_tui.ui.widgets.display import DisplayPanel, big_digits
from burger_tui.ui.widgets.stats_panel import StatsPanel, sparkline
from tests.helpers.panels import watch_refreshes


class PanelsApp(App[None]):
    CSS_PATH = Path(burger_tui.ui.__file__).parent / "app.tcss"  # the dashboard's look
    CSS = "Vertical { height: 10; }"

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **COLOURS}  # the dashboard's colours, which it uses

    def compose(self) -> ComposeResult:
        with Vertical():
            yield DisplayPanel()
        with Vertical():
            yield StatsPanel(EMOJI)


def snapshot(
    mode: Mode = Mode.CONCURRENT,
    numbers: tuple[int, ...] = (),
    visits: tuple[float, ...] = (),
    seated: tuple[int | None, ...] = (),
) -> DaySnapshot:
    """A day in ``mode`` with ``numbers`` ready, ``visits`` over, and couples seated holding ``seated``."""
    opening = opening_snapshot(DaySettings(RestaurantConfig(mode=mode)))
    stats = opening.stats._replace(served=len(visits), left=len(visits), recent_visits=visits)
    sitting = tuple(
        CoupleView(id, Phase.SEATED, 0.0, 0.0, number, id - 1, "Cashier", False, None)
        for id, number in enumerate(seated, start=1)
    )
    by_phase = {**opening.by_phase, Phase.SEATED: sitting}
    return opening._replace(display_numbers=numbers, stats=stats, by_phase=by_phase)


def lines(panel: DisplayPanel | StatsPanel) -> list[str]:
    """The panel's content as the screen gets it, each row without its border and trailing spaces."""
    width, height = panel.outer_size
    rows = [strip.text for strip in panel.render_lines(Region(0, 0, width, height))]
    return [row[2:-2].rstrip() for row in rows[1:-1]]


def centred(rows: list[str]) -> list[str]:
    """The big digits' rows centred in the display's 22 cells (a cell more on the right if need be)."""
    return [(" " * ((22 - len(row)) // 2) + row).rstrip() for row in rows]


def segments(renderable: TextualDigits | TextualSparkline[float], width: int) -> list[Segment]:
    console = Console(width=width, color_system="truecolor")
    return list(console.render(renderable))


@pytest.mark.parametrize("bold", [False, True])
def test_the_digits_are_textuals_glyphs(bold: bool) -> None:
    text = "0123456789--"
    style = "bold" if bold else ""
    rows = "".join(s.text for s in segments(TextualDigits(text, style), 80)).splitlines()
    assert big_digits(text, bold=bold) == rows


@pytest.mark.parametrize(
    ("values", "width"),
    [((), 10), ((5.0,), 10), ((1.0, 9.0), 10), ((3.0, 1.0, 4.0, 1.5, 9.0, 2.6), 7), (tuple(range(60)), 34)],
)
def test_the_sparkline_is_textuals(values: tuple[float, ...], width: int) -> None:
    low, high = Color(0, 0, 0), Color(200, 100, 50)
    drawn = segments(
        TextualSparkline(values, width=width, min_color=low.rich_color, max_color=high.rich_color), width
    )
    cells = [(bar, s.style.color if s.style else None) for s in drawn for bar in s.text if bar != "\n"]
    ours = [(bar, low.blend(high, height).rich_color) for bar, height in sparkline(values, width)]
    assert ours == cells


async def test_the_display_shows_the_newest_number_big_and_every_ready_number_beneath() -> None:
    app = PanelsApp()
    async with app.run_test(size=(60, 30)) as pilot:
        panel = app.query_one(DisplayPanel)
        await pilot.pause()
        thin_dashes = centred(big_digits("--", bold=False))
        assert lines(panel)[:4] == [*thin_dashes, "no number ready".center(22).rstrip()]

        panel.show(snapshot(numbers=(3, 12), seated=(3, 12, 14)))
        await pilot.pause()
        assert lines(panel)[:4] == [*centred(big_digits("12", bold=True)), "ready: 12 3".center(22).rstrip()]

        panel.show(snapshot(Mode.PARALLEL))
        await pilot.pause()
        assert lines(panel)[:4] == [*thin_dashes, "parallel: no numbers".center(22).rstrip()]


@pytest.mark.parametrize("mode", list(Mode), ids=str)
async def test_the_displays_words_are_true_of_the_day(mode: Mode) -> None:
    """Not "no number ready yet" after twenty couples were served, nor in parallel, where nobody holds
    a number: the words say how many numbers are ready and how many seated couples wait for theirs."""
    app = PanelsApp()
    async with app.run_test(size=(60, 30)) as pilot:
        panel = app.query_one(DisplayPanel)
        served = (60.0,) * 20
        for day, note in [
            (
                snapshot(mode, visits=served),
                "parallel: no numbers" if mode is Mode.PARALLEL else "no number ready",
            ),
            (snapshot(mode, visits=served, seated=(21, 22, 23)), "none ready · 3 wait"),
            (snapshot(mode, numbers=(21,), seated=(21, 22)), "ready: 21"),
        ]:
            panel.show(day)
            await pilot.pause()
            assert lines(panel)[3] == note.center(22).rstrip()


async def test_on_a_short_terminal_the_display_is_its_one_line() -> None:
    app = PanelsApp()
    async with app.run_test(size=(60, 30)) as pilot:
        panel = app.query_one(DisplayPanel)
        panel.show(snapshot(numbers=(3, 12)))
        app.screen.add_class("-short")
        await pilot.pause()
        assert lines(panel)[:2] == ["ready: 12 3".center(22).rstrip(), ""]
        app.screen.remove_class("-short")
        await pilot.pause()
        assert lines(panel)[0] == centred(big_digits("12", bold=True))[0]


async def test_the_panels_repaint_only_when_what_they_show_changed() -> None:
    app = PanelsApp()
    async with app.run_test(size=(60, 30)) as pilot:
        display, stats = app.query_one(DisplayPanel), app.query_one(StatsPanel)
        display.show(snapshot(numbers=(3,)))
        stats.show(snapshot(visits=(60.0, 90.0)))
        await pilot.pause()
        display_refreshes, stats_refreshes = watch_refreshes(display), watch_refreshes(stats)
        display.show(snapshot(numbers=(3,)))
        stats.show(snapshot(visits=(60.0, 90.0)))
        assert display_refreshes == []
        assert stats_refreshes == []
        display.show(snapshot(numbers=(3, 4)))
        stats.show(snapshot(visits=(60.0, 90.0, 30.0)))
        assert display_refreshes == [()]  # the whole panel: its size stays
        assert stats_refreshes == [()]


async def test_the_stats_show_the_figures_and_the_recent_visits_but_on_a_short_terminal() -> None:
    app = PanelsApp()
    async with app.run_test(size=(60, 30)) as pilot:
        panel = app.query_one(StatsPanel)
        panel.show(snapshot())
        await pilot.pause()
        width = panel.content_size.width
        figures = [
            "Served 0",  # no rate, nor busy shares, at the opening: they would be of next to no time
            "To burgers: nobody served yet",
            "Busy: cashier – · cooks –",
        ]
        assert lines(panel)[:5] == [*figures, "Last visits: nobody has left yet", "▁" * width]

        panel.show(snapshot(visits=(60.0, 150.0, 90.0)))
        await pilot.pause()
        bars = "".join(bar for bar, _ in sparkline((60.0, 150.0, 90.0), width))
        assert lines(panel)[3:5] == ["Last 3 visits: ▁ 1m00s … █ 2m30s", bars]
        panel.show(snapshot(visits=(75.0,)))
        await pilot.pause()
        assert lines(panel)[3] == "Last visit: 1m15s"  # one visit, not "Last 1 visits"
        panel.show(snapshot(visits=(60.0, 150.0, 90.0)))
        await pilot.pause()
        # The shortest visit at the bottom, the longest at the top.
        assert bars.startswith("▁")
        assert "█" in bars

        app.screen.add_class("-short")
        await pilot.pause()
        assert lines(panel)[3:5] == ["", ""]
        assert panel.figures.splitlines()[-1] == figures[-1]
