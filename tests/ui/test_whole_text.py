"""Nothing on screen is cut or pushed out, nor says more than the day holds (issue 24): every line read whole
as the screen draws it, at 80×24 and 60×20 as at 120 columns.

The stats keep the running model's row and their lines unwrapped; the busy shares are named by what the
staff did where cashier-cooks did both, and wait for time to have passed, as the rate waits for a few
couples; the kitchen's words, the notices, the status line and the lanes' title say their point within the
width; the lanes' title names the models of the stretch shown and says when the day shown is its past.
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from burger_tui.sim.model import Mode, Role
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.floor import DINING_ROWS_SHORT
from burger_tui.ui.screens.lanes import LanesScreen
from burger_tui.ui.widgets.caption import PAUSES, WORDS
from burger_tui.ui.widgets.stats_panel import StatsPanel
from burger_tui.ui.widgets.status_bar import StatusBar
from tests.helpers.driving import advance, dashboard, make_app, notices

SMALL = [(80, 24), (60, 20)]


def drawn(widget: Widget) -> list[str]:
    """The rows ``widget`` draws, its border's included, without trailing spaces."""
    width, height = widget.outer_size
    return [strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, width, height))]


def inside(rows: list[str]) -> list[str]:
    """A bordered panel's rows without the border and its padding."""
    return [row[2:-2].rstrip() for row in rows[1:-1]]


async def pressed(pilot: Pilot[None], *keys: str) -> None:
    """Press ``keys`` and wait for a jump in the day they make to land and be painted."""
    app = pilot.app
    assert isinstance(app, BurgerApp)
    await pilot.press(*keys)
    await app.dashboard.jumped()
    app.dashboard.frame()
    await pilot.pause()


def check_stats(app: BurgerApp) -> list[str]:
    """The stats as drawn: each line of the figures on its own row (none wrapped, cut or pushed out), and
    the models' rows shown and the "+N more model" in the border make every model's. Returns the rows."""
    day = app.dashboard.session.snapshot()
    stats = app.dashboard.query_one(StatsPanel)
    rows = drawn(stats)
    shown = inside(rows)
    assert shown == stats.figures.splitlines()
    assert not any(line.endswith("…") for line in shown)
    assert shown[-1].startswith(("Busy", "Since", "Ordering", "▸ ordering"))
    models = sum(1 for line in shown if re.match(r"(Concurrent|Parallel|Hybrid)", line))
    more = re.search(r"\+(\d+) more model", rows[-1])
    assert models + (int(more.group(1)) if more else 0) == len(day.by_model)
    return shown


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_stats_keep_the_running_models_row_and_every_line_whole(size: tuple[int, int]) -> None:
    """At 80×24 "Served 16 · 116/h · visit 4m36s avg" wrapped and pushed "Parallel▸" out of the box."""
    app, source = make_app(mode=Mode.CONCURRENT, speed=4.0, auto=True, seed=7)
    async with dashboard(app, size=size) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 30.0, step=0.25)
        await pilot.press("m")
        await advance(pilot, source, 0.5, step=0.25)
        # Nobody served in Parallel Burgers yet: no row of its own, and the room for Concurrent's.
        assert [row.mode for row in app.dashboard.session.snapshot().by_model] == [Mode.CONCURRENT]
        assert any(line.startswith("Concurrent") for line in check_stats(app))
        await advance(pilot, source, 90.0, step=0.25)
        day = app.dashboard.session.snapshot()
        assert day.stats.served >= 10
        assert len(day.by_model) == 2
        assert any(line.startswith("Parallel▸") for line in check_stats(app))  # the running model's row


def busy_words(app: BurgerApp) -> str:
    return app.dashboard.query_one(StatsPanel).figures.splitlines()[-1]


@pytest.mark.parametrize("mode", list(Mode), ids=lambda m: m.value)
async def test_busy_is_said_by_role_or_by_what_was_done_as_the_day_was_staffed(mode: Mode) -> None:
    """'Busy: cashier 26% · cooks 74%' in parallel, where nobody is a cashier."""
    app, source = make_app(mode=mode, speed=4.0, auto=True, seed=7)
    async with dashboard(app, size=(120, 40)) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 30.0, step=0.5)
        day = app.dashboard.session.snapshot()
        util = day.stats.utilization
        shares = f"{util['cashier']:.0%}", f"{util['cooks']:.0%}"
        if any(member.role is Role.CASHIER_COOK for member in day.staff):
            assert busy_words(app) == "Busy: taking orders {} · cooking {}".format(*shares)
        else:
            assert busy_words(app) == "Busy: cashier {} · cooks {}".format(*shares)
        if mode is Mode.PARALLEL:  # back to concurrent: the shares are still partly cashier-cooks'
            await pilot.press("m", "m")
            await advance(pilot, source, 1.0)
            assert "cashier" not in busy_words(app).lower()


async def test_no_share_of_no_time_and_no_rate_from_one_couple() -> None:
    """After home (0:00:00) 'Busy: cashier 100%'; 'Served 1 · 41/h' from one couple."""
    app, source = make_app(mode=Mode.CONCURRENT, speed=4.0, auto=True, opening_line=5, seed=7)
    async with dashboard(app, size=(80, 24)) as pilot:
        session = app.dashboard.session
        while session.snapshot().stats.served < 1:
            await advance(pilot, source, 0.5, step=0.25)
        day = session.snapshot()
        served = app.dashboard.query_one(StatsPanel).figures.splitlines()[0]
        assert (day.stats.served, served) == (1, "Served 1")  # a rate from one couple says nothing
        assert day.now < 300
        await advance(pilot, source, 100.0, step=0.5)  # 400 s of the day: a rate now
        assert re.fullmatch(
            r"Served \d+ · \d+/h.*", app.dashboard.query_one(StatsPanel).figures.split("\n")[0]
        )
        await pressed(pilot, "home")
        assert session.snapshot().now == 0.0
        assert busy_words(app) == "Busy: cashier – · cooks –"


async def test_the_kitchen_says_its_words_whole_at_80_columns() -> None:
    """'No cooks back here: the cashier-cooks cook at the c…' and a cook's '(then hom…' at 80×24."""
    app, source = make_app(mode=Mode.HYBRID, speed=4.0, cook_time="fixed:300", seed=7)
    async with dashboard(app, size=(80, 24)) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 20.0, step=0.25)  # five orders cooking
        await pilot.press("m")  # to concurrent: the cooks sent home finish their burgers
        await advance(pilot, source, 0.5, step=0.25)
        kitchen = drawn(app.dashboard.query_one("#kitchen"))
        assert any("(then home)" in row for row in kitchen), kitchen
        assert not any("…" in row for row in kitchen), kitchen
    app, source = make_app(mode=Mode.CONCURRENT, speed=4.0, auto=True, seed=7)
    async with dashboard(app, size=(80, 24)) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 20.0, step=0.25)
        await pilot.press("m")  # parallel, with numbers and seated couples left: the kitchen stays
        session = app.dashboard.session
        for _ in range(200):  # until the cook has gone home with the last burger
            await advance(pilot, source, 0.25)
            if not any(member.role is Role.COOK for member in session.snapshot().staff):
                break
        assert app.dashboard.query_one("#back").display
        kitchen = drawn(app.dashboard.query_one("#kitchen"))
        said = " ".join(inside(kitchen))
        assert "No cooks" in said or "Cashier-cooks cook" in said
        assert not any("…" in row for row in kitchen), kitchen


def caption_on_screen(app: BurgerApp) -> str:
    """The notices as the caption draws them, its rows joined."""
    caption = app.dashboard.caption
    assert caption is not None
    assert caption.display
    return " ".join(row.strip() for row in drawn(caption) if row.strip())


def says_its_point(shown: str, notice: str, *, or_words: bool = False) -> bool:
    """Whether ``shown`` is ``notice`` whole, or its first sentences or clauses (``or_words``: or its first
    words) and an ellipsis."""
    if shown == notice:
        return True
    ends = [*PAUSES.finditer(notice), *(WORDS.finditer(notice) if or_words else ())]
    return shown.endswith("…") and shown.removesuffix("…") in [notice[: end.start()] for end in ends]


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_notices_say_their_point_within_the_width(size: tuple[int, int]) -> None:
    """'A new branch: … (what came after …' (the 'is gone' lost), '…before its newest instan…', and the
    step's '… await self.clock.sleep_u…' at 80 columns."""
    app, source = make_app(mode=Mode.CONCURRENT, speed=4.0, auto=True, seed=7)
    async with dashboard(app, size=size) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 30.0, step=0.25)
        await pressed(pilot, "left", "left", "left")
        rewound = notices(app)
        assert "before its newest instant" in rewound
        assert says_its_point(caption_on_screen(app), rewound)
        assert "before its newest instant" in caption_on_screen(app)
        await pressed(pilot, "o")  # a key that changes the day: a new branch
        branch = notices(app)
        assert "before its newest" not in branch  # the day as it was is the day now: that notice went
        assert caption_on_screen(app) == branch
        assert caption_on_screen(app).endswith("is gone).")
        await pressed(pilot, "n")
        step = notices(app).splitlines()[0]
        assert step.startswith("Step 1:")
        # A clause, or where none fits on two lines (a long await at 60 columns), whole words.
        assert says_its_point(caption_on_screen(app), step, or_words=True)
        assert "woke at" in caption_on_screen(app)


def status_text(app: BurgerApp) -> tuple[str, str]:
    """The status line as drawn, and all it has to say."""
    bar = app.dashboard.query_one(StatusBar)
    whole = Content.from_markup(bar.markup(app.dashboard.session.snapshot())).plain
    return drawn(bar)[0].strip(), whole.strip()


@pytest.mark.parametrize("width", [60, 80, 128, 200])
async def test_the_status_line_is_whole_going_back_in_the_day(width: int) -> None:
    """In a browser at 1024 px (128 columns) the status line was cut: '⏪ 0:01:23 before the'."""
    app, source = make_app(mode=Mode.PARALLEL, speed=4.0, auto=True, seed=7)
    async with dashboard(app, size=(width, 40)) as pilot:
        await advance(pilot, source, 30.0, step=0.5)
        await pressed(pilot, "left", "left", "left")
        shown, whole = status_text(app)
        assert shown == whole
        assert re.search(r"⏪ 0:00:30 (before the newest|back)", shown)
        assert "PAUSED" in shown


def lanes_title(app: BurgerApp) -> str:
    screen = app.screen
    assert isinstance(screen, LanesScreen)
    screen.paint()
    title = screen.query_one("#lanes-title", Static)
    return drawn(title)[0].strip()


async def test_the_lanes_title_says_the_models_shown_and_the_past_within_80_columns() -> None:
    """After ← three times, 'w' said '… · Parallel Burgers · 0:02:05–0:10:28 · 5 s a column · live', and
    named the model running now for a stretch that was all concurrent."""
    app, source = make_app(mode=Mode.CONCURRENT, speed=4.0, auto=True, opening_line=5, seed=7)
    async with dashboard(app, size=(80, 24)) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 100.0, step=0.5)  # 400 s of the day in Concurrent Burgers
        switched_at = app.dashboard.session.snapshot().now
        await pilot.press("m")
        await advance(pilot, source, 30.0, step=0.5)
        await pressed(pilot, "left", "left", "left")
        await pilot.press("w")
        await pilot.pause()
        title = lanes_title(app)
        title_widget = app.screen.query_one("#lanes-title", Static)
        assert cell_len(title) <= title_widget.size.width - 2
        assert not title.endswith("…")
        assert "live" not in title
        assert "⏪ 0:00:30" in title  # the day shown is its past
        assert "Parallel" in title  # the stretch shown ends in Parallel Burgers
        await pilot.press("less_than_sign")  # the opening: a stretch all in Concurrent Burgers
        screen = app.screen
        assert isinstance(screen, LanesScreen)
        title = lanes_title(app)
        assert screen.window.end <= switched_at
        assert "Parallel" not in title
        assert "looking back" in title
        assert "⏪ 0:00:30" in title


async def test_a_two_line_notice_while_paused_leaves_the_floor_whole() -> None:
    """A step's note takes two rows at 80×24 while paused: the floor was fitted before the caption took its
    second row, and no frame came after: the dining room lost a row of its tables."""
    app, source = make_app(mode=Mode.PARALLEL, speed=4.0, auto=True, seed=7)
    async with dashboard(app, size=(80, 24)) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 20.0, step=0.25)
        await pilot.press("space", "n")
        await pilot.pause()
        caption = app.dashboard.caption
        assert caption is not None
        assert caption.outer_size.height == 2
        body = app.dashboard.query_one("#body")
        panels = [child for child in body.children if child.display]
        assert sum(child.outer_size.height for child in panels) == body.size.height
        assert app.dashboard.query_one("#front").outer_size.height >= DINING_ROWS_SHORT
