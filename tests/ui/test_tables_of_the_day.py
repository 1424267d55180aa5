"""The dining room draws each couple at the table the day seated them at: painted often or seldom, after a
jump back (``←``), and in a run with no screen at all, the same couples sit at the same tables."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from textual.geometry import Region

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.day import open_day
from burger_tui.sim.model import Couple, Mode, RestaurantConfig
from burger_tui.sim.virtual_loop import run_virtual
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.widgets.tables import CELL_HEIGHT, CELL_WIDTH, TablesPanel
from tests.helpers.driving import advance, dashboard, make_app
from tests.helpers.sim import restaurant_config
from tests.ui.test_rewind_keys import pressed

SIZE = (120, 40)
FRAMELESS = 0.001  # frames per second of the frame timer: a test paints its own frames (advance's)
LOOK_S = 2.5  # real seconds between looks: 10 simulated seconds at 4x
LOOKS = 12
TABLE_TOP = re.compile(r"╭─*(\d+)★?─*╮")
Tables = dict[int, int]  # couple -> the table it is drawn at (0 the first, row by row)


def day_config(mode: Mode) -> dict[str, Any]:
    """A busy day of ``mode`` from an opening line, couples coming and going: tables are freed and taken again
    between two frames."""
    return {
        "mode": mode,
        "cooks": 4,
        "arrival_rate_per_min": 8.0,
        "order_time": "uniform:4:8",
        "cook_time": "exp:20",
        "eat_time": "uniform:15:40",
        "seed": 4,
        "opening_line": 5,
    }


def day_app(mode: Mode) -> tuple[BurgerApp, ManualTimeSource]:
    """The day of ``mode`` on the dashboard at 4x, painted only when the test says."""
    return make_app(auto=True, speed=4.0, fps=FRAMELESS, **day_config(mode))


def drawn_tables(app: BurgerApp) -> Tables:
    """Each couple the dining room draws, at the table it draws it at, read from the rows on screen."""
    panel = app.dashboard.query_one(TablesPanel)
    gutter = panel.styles.gutter
    columns = max(1, panel.content_size.width // CELL_WIDTH)
    width, height = panel.outer_size
    rows = [strip.text for strip in panel.render_lines(Region(0, 0, width, height))]
    content = rows[gutter.top : height - gutter.bottom]
    drawn: Tables = {}
    for row, line in enumerate(content[::CELL_HEIGHT]):
        for top in TABLE_TOP.finditer(line):
            drawn[int(top.group(1))] = row * columns + (top.start() - gutter.left) // CELL_WIDTH
    return drawn


async def painted(mode: Mode, frame_every: float) -> list[tuple[float, Tables]]:
    """The day's instant and the tables drawn at each look, a frame painted every ``frame_every`` real
    seconds between looks."""
    app, source = day_app(mode)
    looks = []
    async with dashboard(app, size=SIZE) as pilot:
        for _ in range(LOOKS):
            for _ in range(round(LOOK_S / frame_every)):
                await advance(pilot, source, frame_every)
            looks.append((app.dashboard.session.snapshot().now, drawn_tables(app)))
    return looks


async def test_the_same_day_painted_often_or_seldom_seats_the_same_couples_at_the_same_tables() -> None:
    often = await painted(Mode.PARALLEL, 0.125)
    seldom = await painted(Mode.PARALLEL, LOOK_S)
    assert seldom == often
    assert sum(len(tables) for _, tables in often) > 3 * LOOKS  # the room was in use, not empty


async def test_a_jump_back_shows_the_tables_the_day_had_at_that_instant() -> None:
    app, source = day_app(Mode.HYBRID)
    async with dashboard(app, size=SIZE) as pilot:
        session = app.dashboard.session
        lived: dict[float, Tables] = {}
        for _ in range(LOOKS):
            await advance(pilot, source, LOOK_S)
            lived[round(session.snapshot().now, 6)] = drawn_tables(app)
        await pilot.press("space")
        for _ in range(LOOKS - 1):
            await pressed(pilot, "left")
            back = round(session.snapshot().now, 6)
            assert back in lived
            assert drawn_tables(app) == lived[back], back
    assert len({tuple(tables.items()) for tables in lived.values()}) > LOOKS // 2  # the room changed


def _headless_tables(config: RestaurantConfig, until: float) -> Tables:
    """Each couple's table in the same day run on virtual time to ``until``, no screen, nobody listening."""

    async def day() -> Tables:
        seen: dict[int, Couple] = {}
        async with open_day(config) as restaurant:
            while restaurant.clock.now() < until:
                seen.update(restaurant.present)
                await restaurant.clock.sleep(1.0)
        return {couple.id: couple.table for couple in seen.values() if couple.table is not None}

    return run_virtual(day)


async def test_a_headless_run_seats_the_couples_at_the_tables_the_dashboard_draws() -> None:
    for mode in (Mode.PARALLEL, Mode.HYBRID):
        looks = await painted(mode, LOOK_S)
        drawn = {couple: table for _, tables in looks for couple, table in tables.items()}
        assert len(drawn) > 5
        # On its own virtual-time loop, in a thread: this one is the dashboard's.
        headless = await asyncio.to_thread(
            _headless_tables, restaurant_config(**day_config(mode)), looks[-1][0]
        )
        assert {couple: headless[couple] for couple in drawn} == drawn
