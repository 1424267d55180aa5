"""An actor that fails: the user sees the error on screen, then resets or quits cleanly, no traceback.

Faults are injected into one day's restaurant: in a couple's own task (taking the burgers from the
counter), in the street (the next arrival), and in the kitchen hand-off.
"""

from __future__ import annotations

import html
import re

import pytest
from textual.widgets import Static

from burger_tui.sim.restaurant import Restaurant
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.screens.sim_error import SimErrorScreen
from tests.helpers.days import every_day
from tests.helpers.driving import advance, dashboard, make_app, settle

SIZE = (120, 40)


def screen_text(app: BurgerApp) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    text = html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot()))
    return text.replace("\xa0", " ")


def fail_in_a_couple_task(restaurant: Restaurant) -> str:
    def tray_dropped(_turn_number: int) -> None:
        raise RuntimeError("a couple dropped the tray")

    restaurant.display.take = tray_dropped  # type: ignore[method-assign, assignment]  # in the couple's own task
    return "RuntimeError: a couple dropped the tray"


def fail_in_the_street(restaurant: Restaurant) -> str:
    class Roadworks:
        def expovariate(self, _rate: float) -> float:
            raise OSError("the street is closed for roadworks")

    restaurant._arrival_rng = Roadworks()  # type: ignore[assignment]  # the street's next arrival
    return "OSError: the street is closed for roadworks"


def fail_in_the_kitchen(restaurant: Restaurant) -> str:
    def grill_fire(*_: object) -> None:
        raise ValueError("the grill caught fire")

    restaurant.board.add_ticket = grill_fire  # type: ignore[method-assign, assignment]  # in the cashier's task
    return "ValueError: the grill caught fire"


FAULTS = [fail_in_a_couple_task, fail_in_the_street, fail_in_the_kitchen]


async def break_the_day(
    app: BurgerApp, days: list[Restaurant], pilot: object, source: object, inject: object
) -> tuple[Restaurant, str]:
    """Inject the fault into the day open (the last of ``days``), then start the work that runs into it."""
    failing = days[-1]
    message = inject(failing)  # type: ignore[operator]
    await pilot.press("o")  # type: ignore[attr-defined]
    if inject is fail_in_the_street:
        await pilot.press("a")  # type: ignore[attr-defined]  # automatic arrivals on: the street walks
    for _ in range(60):
        await advance(pilot, source, 30, step=10)  # type: ignore[arg-type]
        if isinstance(app.screen, SimErrorScreen):
            break
    await settle(pilot)  # type: ignore[arg-type]
    return failing, message


@pytest.mark.parametrize("inject", FAULTS, ids=lambda f: f.__name__)
async def test_a_failing_actor_is_shown_and_reset_starts_a_working_day(
    inject: object, capfd: pytest.CaptureFixture[str]
) -> None:
    app, source = make_app()
    days = every_day(app)
    async with dashboard(app, size=SIZE) as pilot:
        session = app.dashboard.session
        failing, message = await break_the_day(app, days, pilot, source, inject)
        assert isinstance(app.screen, SimErrorScreen)
        assert not failing.running  # every actor of the failed day has stopped
        assert not session.running
        assert message in str(app.screen.query_one("#error-message", Static).render())
        assert message in screen_text(app)
        assert session.snapshot().paused  # the frozen scene stays as it was when it failed
        await pilot.press("r")
        await settle(pilot)
        assert not isinstance(app.screen, SimErrorScreen)
        assert session.days == 2
        assert session.running  # a new day, at work
        await pilot.press("o")
        await advance(pilot, source, 20 * 60, step=60)
        # The new day serves couples from door to door.
        assert session.snapshot().stats.left >= 1
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


@pytest.mark.parametrize("inject", FAULTS, ids=lambda f: f.__name__)
async def test_quit_after_a_failure_exits_cleanly(inject: object, capfd: pytest.CaptureFixture[str]) -> None:
    app, source = make_app()
    days = every_day(app)
    async with dashboard(app, size=SIZE) as pilot:
        failing, _ = await break_the_day(app, days, pilot, source, inject)
        assert isinstance(app.screen, SimErrorScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
    assert not failing.running
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


async def test_escape_on_the_error_screen_resets_too() -> None:
    app, source = make_app()
    days = every_day(app)
    async with dashboard(app, size=SIZE) as pilot:
        failing, _ = await break_the_day(app, days, pilot, source, fail_in_the_kitchen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SimErrorScreen)
        assert not failing.running
        assert app.dashboard.session.days == 2
        assert app.dashboard.session.running  # a new day, at work
