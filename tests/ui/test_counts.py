"""Every count on the floor adds up to what the day holds, at every size and in every model.

Read from the panels as the screen draws them (their borders included) and compared with the day's
snapshot, never with fixed words: the stations shown and the "+N more stations" are every station, the
couples standing shown and those the more counts are every couple standing (a station taking an order is
not one), the cashier is always in view, and so on for the cooks, the rail, the line and the tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
from textual.geometry import Region
from textual.widget import Widget

from burger_tui.sim.model import Mode, Phase, Role
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.symbols import EMOJI
from burger_tui.ui.widgets.tables import AT_TABLES, FREE_TABLES
from tests.helpers.driving import advance, dashboard, make_app

# What a scenario does: a key, or seconds of real time to let pass (at 4x).
Step = str | float
SCENARIOS: dict[str, tuple[Mode, Sequence[Step]]] = {
    "concurrent, a rush": (Mode.CONCURRENT, ("O", 60.0)),
    "parallel, two rushes": (Mode.PARALLEL, ("O", "O", 10.0)),
    "hybrid, two rushes": (Mode.HYBRID, ("O", "O", 15.0)),
    "hybrid right after parallel": (Mode.PARALLEL, ("O", "O", 8.0, "m", 0.25)),
    "concurrent after hybrid": (Mode.HYBRID, ("O", 10.0, "m", 0.5)),
    "parallel with couples seated before": (Mode.CONCURRENT, ("O", 8.0, "m", "O", 1.0)),
    "parallel, fewer then more cooks": (Mode.PARALLEL, ("O", "O", 5.0, "minus", 2.0, "plus", "plus", 1.0)),
}
SIZES = [(80, 24), (60, 20)]


def rows(app: BurgerApp, selector: str) -> list[str]:
    """The rows a panel draws, its border's included."""
    panel = app.dashboard.query_one(selector, Widget)
    width, height = panel.outer_size
    return [strip.text for strip in panel.render_lines(Region(0, 0, width, height))]


def number(pattern: str, text: str) -> int:
    """The number ``pattern`` (one group) finds in ``text``, or 0 if it is not there."""
    found = re.search(pattern, text)
    return int(found.group(1)) if found else 0


def check_counter(app: BurgerApp, day: DaySnapshot) -> None:
    top, *inside, bottom = rows(app, "#counter")
    shown = " ".join(inside)
    at_counter = [member for member in day.staff if member.role is not Role.COOK]
    standing = len(day.couples(Phase.AT_COUNTER))
    stations = len(re.findall(r"Cashier-cook \d+|Cashier(?!-)", shown))
    assert stations + number(r"\+(\d+) more station", bottom) == len(at_counter), (shown, bottom)
    assert number(r"(\d+) standing", top) == standing, top
    standing_shown = shown.count(EMOJI.standing)
    assert standing_shown + number(rf"(\d+) {EMOJI.standing} standing", bottom) == standing, (shown, bottom)
    if any(member.role is Role.CASHIER for member in day.staff):
        assert re.search(r"Cashier(?!-)", shown), shown  # always in view where there is one


def cooks_in(text: str) -> int:
    """The cooks a kitchen row names: ``Cook 3``, or ``Cooks 2, 5–8`` (five)."""
    named = len(re.findall(r"Cook \d+", text))
    for group in re.findall(r"Cooks ([\d, –]+) wait", text):
        for part in group.split(", "):
            first, _, last = part.partition("–")
            named += int(last or first) - int(first) + 1
    return named


def check_kitchen(app: BurgerApp, day: DaySnapshot) -> None:
    cooks = sum(1 for member in day.staff if member.role is Role.COOK)
    if not app.dashboard.query_one("#back").display:  # left out only when nothing is back there
        assert (cooks, day.kitchen_queue, day.display_numbers, day.couples(Phase.SEATED)) == (0, (), (), ())
        return
    rail, *inside, bottom = rows(app, "#kitchen")
    assert cooks_in(" ".join(inside)) + number(r"\+(\d+) more cook", bottom) == cooks, (inside, bottom)
    tickets = len(re.findall(rf"{EMOJI.ticket}\d+", rail)) + number(r"\+(\d+) more", rail)
    assert tickets == len(day.kitchen_queue), rail


def check_line_and_tables(app: BurgerApp, day: DaySnapshot) -> None:
    street = " ".join(rows(app, "#street")[1:-1])
    in_line = street.count(EMOJI.couple) + number(r"\+(\d+)", street.replace("\xa0", " "))
    assert in_line == len(day.line), street
    tables = rows(app, "#tables")[1:-1]
    seated = len(re.findall(r"╭─*\d+★?─*╮", " ".join(tables)))
    more = number(r"\+(\d+)", " ".join(tables))
    assert seated + more == sum(len(day.couples(phase)) for phase in AT_TABLES), tables


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_every_count_adds_up_to_the_day(scenario: str, size: tuple[int, int]) -> None:
    mode, steps = SCENARIOS[scenario]
    app, source = make_app(mode=mode, speed=4.0, auto=True, seed=7)
    async with dashboard(app, size=size) as pilot:
        for step in steps:
            if isinstance(step, str):
                await pilot.press(step)
            else:
                await advance(pilot, source, step, step=0.25)
        app.dashboard.frame()
        await pilot.pause()
        day = app.dashboard.session.snapshot()
        check_counter(app, day)
        check_kitchen(app, day)
        check_line_and_tables(app, day)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_cooks_sent_home_with_burgers_in_hand_are_counted(size: tuple[int, int]) -> None:
    """Hybrid to concurrent with the cooks busy: those sent home finish the burgers in hand, "(then home)",
    which made their rows wrap and pushed the cook staying on out of view, uncounted."""
    app, source = make_app(mode=Mode.HYBRID, speed=4.0, cook_time="fixed:300", seed=7)
    async with dashboard(app, size=size) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 20.0, step=0.25)  # 80 s of the day: five orders taken, five cooking
        await pilot.press("m")
        app.dashboard.frame()
        await pilot.pause()
        day = app.dashboard.session.snapshot()
        assert sum(1 for member in day.staff if member.off_duty) >= 3
        check_kitchen(app, day)


async def test_every_standing_couple_is_in_view_at_120x40_with_eight_cashier_cooks() -> None:
    app, source = make_app(mode=Mode.PARALLEL, speed=4.0, auto=True, seed=7)
    async with dashboard(app, size=(120, 40)) as pilot:
        await pilot.press("O", "O")
        await advance(pilot, source, 10.0, step=0.25)
        app.dashboard.frame()
        await pilot.pause()
        day = app.dashboard.session.snapshot()
        assert len(day.couples(Phase.AT_COUNTER)) >= 6  # the crowd the model is about
        _, *inside, bottom = rows(app, "#counter")
        assert " ".join(inside).count(EMOJI.standing) == len(day.couples(Phase.AT_COUNTER))
        assert "more" not in bottom
        # And the dining room draws the tables in use and a few free, not a wall of empty ones.
        tables = " ".join(rows(app, "#tables"))
        at_tables = sum(len(day.couples(phase)) for phase in AT_TABLES)
        assert tables.count("╭") <= at_tables + FREE_TABLES + 1  # the panel's own border has one


async def test_more_couples_at_tables_are_never_beside_an_empty_table() -> None:
    """Parallel at 80x24: couples eating at tables beyond the room were counted '+5 more' beside empty
    tables drawn, which read as five more couples with tables free for them. Each step of two rushes:
    where a "+N more" is drawn, every table drawn beside it has a couple, and they and N are every couple."""
    app, source = make_app(mode=Mode.PARALLEL, speed=4.0, auto=True, seed=7)
    async with dashboard(app, size=(80, 24)) as pilot:
        await pilot.press("O", "O")
        more_seen = False
        for _ in range(120):
            await advance(pilot, source, 1.0, step=0.25)
            app.dashboard.frame()
            await pilot.pause()
            tables = " ".join(rows(app, "#tables")[1:-1])
            if re.search(r"\+\d+", tables):
                more_seen = True
                assert not re.search(r"╭─{5}╮", tables), tables
                check_line_and_tables(app, app.dashboard.session.snapshot())
        assert more_seen
