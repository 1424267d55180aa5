"""``←``, ``→`` and ``home`` on the dashboard, and ``replay FILE --at``: the screen shows the day at the
instant gone to, says how far it is from the day's newest instant, and the story is the replayed day's."""

from __future__ import annotations

import tempfile

import pytest
from textual.pilot import Pilot

from burger_tui.cli import main
from burger_tui.sim.live import DaySettings
from burger_tui.sim.model import Mode
from burger_tui.sim.virtual_loop import run_virtual
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.widgets.status_bar import StatusBar
from tests.helpers.driving import (
    advance,
    apps_opened,
    dashboard,
    make_app,
    narration_text,
    notices,
    quick_press,
)
from tests.helpers.presses import a_day_of_presses
from tests.helpers.sim import restaurant_config

SIZE = (120, 40)


async def pressed(pilot: Pilot[None], *keys: str) -> None:
    """Press ``keys`` (←, →, home), then wait for the jump they make to land."""
    await pilot.press(*keys)
    await pilot.app.dashboard.jumped()  # type: ignore[attr-defined]


def status(app: BurgerApp) -> str:
    return str(app.dashboard.query_one(StatusBar).render())


async def test_left_shows_the_day_ten_seconds_back_and_right_comes_back_to_the_newest() -> None:
    app, source = make_app(auto=True, speed=4.0, arrival_rate_per_min=4.0, seed=2)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 10)  # 40 simulated seconds
        await pilot.press("space")
        session = app.dashboard.session
        newest = session.snapshot()
        await pressed(pilot, "left")
        back = session.snapshot()
        assert session.jumps_carried == 1  # its listeners carried back, not told the day again
        assert back.now == pytest.approx(newest.now - 10)
        assert back.newest == newest.now
        assert back.paused  # paused it was, paused it stays
        assert "before the newest" in status(app)
        assert "You and your crush walk in" in narration_text(
            app
        )  # the replayed day's story, from its opening
        await pressed(pilot, "right")
        assert session.snapshot() == newest
        assert "before the newest" not in status(app)
        await pressed(pilot, "home", "end")  # the opening, then straight back to the newest instant
        assert session.snapshot() == newest


async def test_going_back_while_the_day_runs_pauses_it_there() -> None:
    app, source = make_app(auto=True, speed=4.0, arrival_rate_per_min=4.0, seed=2)
    async with dashboard(app, size=SIZE) as pilot:
        await advance(pilot, source, 10)
        await pressed(pilot, "left")
        assert app.dashboard.session.snapshot().paused  # at 4x it would be back where it was in 2.5 s
        assert "PAUSED" in status(app)


async def test_a_held_left_goes_back_ten_seconds_a_press_in_one_replay_not_one_each() -> None:
    app, source = make_app(auto=True, speed=4.0, arrival_rate_per_min=4.0, seed=2)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 30)
        await pilot.press("space")
        session = app.dashboard.session
        newest, days = session.snapshot().now, session.days
        await quick_press(pilot, *["left"] * 6)  # as a held key repeats: queued while the first replays
        await app.dashboard.jumped()
        assert session.snapshot().now == pytest.approx(newest - 60)
        assert session.days - days <= 2  # the first press's replay, then one for the five queued


async def test_home_goes_to_the_opening_and_a_key_that_changes_the_day_starts_a_branch() -> None:
    app, source = make_app(auto=True, speed=4.0, arrival_rate_per_min=4.0, seed=2)
    async with dashboard(app, size=SIZE) as pilot:
        await advance(pilot, source, 1)  # a rush at the opening instant would be part of the opening
        await pilot.press("O")
        await advance(pilot, source, 10)
        session = app.dashboard.session
        await pressed(pilot, "home")
        assert session.snapshot().stats.arrived <= 1  # the first couple walks in
        await pilot.press("o")
        assert session.snapshot().newest is None
        assert "The keys are yours" in notices(app)


def test_replay_at_opens_the_recorded_day_paused_at_that_instant(monkeypatch: pytest.MonkeyPatch) -> None:
    opened = apps_opened(monkeypatch)
    config = restaurant_config(Mode.CONCURRENT, cooks=2, arrival_rate_per_min=2.0, seed=3)
    presses = [(5.0, "rush"), (12.0, "next_model"), (8.0, "add_order")]
    with tempfile.TemporaryDirectory() as folder:
        run_virtual(a_day_of_presses, DaySettings(config), presses, folder)
        assert main(["--ascii", "replay", f"{folder}/burger-day-seed3.json", "--at", "0:01:00"]) == 0
    (app,) = opened

    async def look() -> tuple[float, bool, float | None]:
        async with dashboard(app, size=SIZE) as pilot:
            await pilot.pause()
            while app.dashboard.session.snapshot().now < 60:  # the jump starts as the day opens
                await pilot.pause()
            await app.dashboard.jumped()
            snapshot = app.dashboard.session.snapshot()
            return snapshot.now, snapshot.paused, snapshot.newest

    now, paused, newest = run_virtual(look)
    assert now == 60.0
    assert paused
    assert newest is not None
    assert newest > 60.0


def test_replay_at_after_the_days_end_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    config = restaurant_config(Mode.CONCURRENT, cooks=2, arrival_rate_per_min=2.0, seed=3)
    with tempfile.TemporaryDirectory() as folder:
        run_virtual(a_day_of_presses, DaySettings(config), [(5.0, "rush")], folder)
        with pytest.raises(SystemExit) as exited:
            main(["replay", f"{folder}/burger-day-seed3.json", "--at", "9:00:00"])
    assert exited.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "--at: 9:00:00 is after the day's end" in line
