"""``burger-tui replay FILE`` on the dashboard: the recorded day's keys played at their instants, the same day
again (its log entry for entry); any key of the user's takes over, and the day goes on from there."""

from __future__ import annotations

import tempfile

import pytest

from burger_tui.cli import main
from burger_tui.session import PLAYBACK_ENDS, Playback
from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.live import DayLog, DaySettings
from burger_tui.sim.model import Mode
from burger_tui.sim.virtual_loop import run_virtual
from burger_tui.ui.app import BurgerApp
from tests.helpers.driving import advance, apps_opened, dashboard, narration_text, notices
from tests.helpers.presses import a_day_of_presses
from tests.helpers.sim import restaurant_config

SIZE = (120, 40)
PRESSES = [(5.0, "rush"), (12.0, "next_model"), (8.0, "add_order"), (20.0, "more_cooks"), (30.0, "rush")]


@pytest.fixture(scope="module")
def recorded() -> tuple[DayLog, float]:
    """A day of presses at 4x, as the dashboard records it, and the instant it was exported at."""
    config = restaurant_config(Mode.CONCURRENT, cooks=2, arrival_rate_per_min=2.0, seed=3)
    with tempfile.TemporaryDirectory() as folder:
        log, until, _files = run_virtual(a_day_of_presses, DaySettings(config), PRESSES, folder)
    return log, until


def played(recorded: tuple[DayLog, float]) -> tuple[BurgerApp, ManualTimeSource]:
    log, _until = recorded
    source = ManualTimeSource()
    settings = log.settings
    app = BurgerApp(
        settings.config,
        speed=settings.speed,
        auto_arrivals=settings.auto_arrivals,
        time_source=source,
        loop_lag_meter=False,
        playback=Playback(*recorded),
    )
    return app, source


async def test_the_recorded_days_keys_are_played_at_their_instants(recorded: tuple[DayLog, float]) -> None:
    log, until = recorded
    app, source = played(recorded)
    async with dashboard(app, size=SIZE) as pilot:
        # Real seconds at the recorded speed, past the instant the day was exported at.
        await advance(pilot, source, until / log.settings.speed + 5, step=1)
        assert app.dashboard.session.log.entries == log.entries  # the same keys at the same instants
        assert f"{PLAYBACK_ENDS.text}" in narration_text(app)


async def test_a_key_of_the_users_takes_over_and_the_day_forks(recorded: tuple[DayLog, float]) -> None:
    log, until = recorded
    app, source = played(recorded)
    async with dashboard(app, size=SIZE) as pilot:
        await advance(pilot, source, log.entries[1].at / log.settings.speed + 1, step=1)
        await pilot.press("o")  # a couple of the user's: the rest of the recording is not played
        assert "The keys are yours" in notices(app)
        await advance(pilot, source, until / log.settings.speed + 5, step=1)
        entries = app.dashboard.session.log.entries
        assert entries[:2] == log.entries[:2]
        assert [entry.command for entry in entries[2:]] == ["add_order"]  # the user's, and nothing after


def test_replay_opens_the_dashboard_playing_the_day(
    recorded: tuple[DayLog, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = apps_opened(monkeypatch)
    config = restaurant_config(Mode.CONCURRENT, cooks=2, arrival_rate_per_min=2.0, seed=3)
    with tempfile.TemporaryDirectory() as folder:
        run_virtual(a_day_of_presses, DaySettings(config), PRESSES, folder)
        assert main(["--ascii", "replay", f"{folder}/burger-day-seed3.json"]) == 0
    (app,) = opened
    assert app.dashboard.session.next_day == recorded[0].settings  # the recorded day's settings and seed
