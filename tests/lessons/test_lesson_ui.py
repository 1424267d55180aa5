"""Pilot tests for the loop-lag meter and the cleaning screen, on a tiny app of their own."""

from __future__ import annotations

import asyncio

import pytest
from anyio import BrokenWorkerProcess
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Label, ProgressBar, Static
from textual.worker import Worker, WorkerState

from burger_tui.lessons.blocking import blocking_burger, threaded_burger
from burger_tui.lessons.cleaning import Variant
from burger_tui.ui.screens import cleaning as cleaning_screen
from burger_tui.ui.screens.cleaning import CleaningScreen
from burger_tui.ui.widgets.loop_lag import LoopLagMeter
from tests.helpers.meter import HANG_GUARD_S, Ticks


class LessonApp(App[None]):
    """The wiring the dashboard is expected to do: the meter, `b`, `t` and `c`."""

    BINDINGS = [
        Binding("b", "blocking_call", "Block"),
        Binding("t", "threaded_call", "Thread"),
        Binding("c", "cleaning", "Clean"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.blocked_for = 0.0
        self.cook: Worker[float] | None = None

    def compose(self) -> ComposeResult:
        yield Label("restaurant")
        yield LoopLagMeter(interval=0.02)

    async def action_blocking_call(self) -> None:
        self.blocked_for = await blocking_burger(0.3)

    def action_threaded_call(self) -> None:
        self.cook = self.run_worker(threaded_burger(0.3), group="cook")

    def action_cleaning(self) -> None:
        self.push_screen(CleaningScreen(rooms=3, workers=2, steps=2_000))


async def _workers_done(app: App[None]) -> None:
    async with asyncio.timeout(HANG_GUARD_S):
        await app.workers.wait_for_complete()


async def test_meter_spikes_on_a_blocking_call() -> None:
    app = LessonApp()
    async with app.run_test() as pilot:
        meter = app.query_one(LoopLagMeter)
        ticks = Ticks(meter)
        await ticks.wait(10)  # the meter at work
        await pilot.press("b")
        # The call blocks the loop for real (0.3 s): that freeze is what the meter is to show.
        await ticks.until(lambda: app.blocked_for > 0)
        await ticks.wait(1)  # the late tick, measured
        assert app.blocked_for >= 0.29
        # Coarse: the blocked loop woke the meter's timer late by most of the blocking call.
        assert meter.max_lag_ms >= 200
        assert meter.has_class("-spike")
        text, bars = meter.shown
        assert max(bars) >= 200
        assert int(text.split("max")[1]) >= 200


async def test_threaded_call_keeps_the_meter_flat() -> None:
    app = LessonApp()
    async with app.run_test() as pilot:
        meter = app.query_one(LoopLagMeter)
        await Ticks(meter).wait(5)  # past the app's start
        # Only the lesson's lag counts, not the app's start on a busy machine: a window of zeros.
        meter.samples.extend([0.0] * (meter.samples.maxlen or 0))
        await pilot.press("t")
        assert app.cook is not None
        assert await app.cook.wait() >= 0.29  # the cook was busy in a thread for 0.3 s...
        # ...and the loop kept ticking: far below the 300 ms a blocking call would show.
        assert 0 < meter.max_lag_ms < 150


async def test_an_idle_meter_measures_every_tick_but_hardly_repaints() -> None:
    app = LessonApp()
    async with app.run_test():
        meter = app.query_one(LoopLagMeter)
        ticks = Ticks(meter)
        await ticks.wait(15)  # past the app's start
        painted: list[str] = []
        render = meter.render

        def spy() -> Content:
            painted.append(meter.shown[0])
            return render()

        meter.render = spy  # type: ignore[method-assign]
        before = list(meter.samples)
        await ticks.wait(100)  # 2 s of a free loop's ticks (real time: what the meter measures)
        assert list(meter.samples) != before  # 100 ticks of 20 ms were measured...
        # ...but a free loop's jitter is not shown: at most one calm repaint a second (a few more if
        # the machine is so busy that the loop really lagged).
        assert len(painted) <= 5, painted


async def test_cleaning_screen_runs_all_three_and_concludes_from_the_numbers() -> None:
    app = LessonApp()
    async with app.run_test() as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CleaningScreen)
        await _workers_done(app)  # the three runs, one after another
        await pilot.pause()
        assert screen.conclusion
        assert [r.variant for r in screen.results] == list(Variant)
        for result in screen.results:
            bar = screen.query_one(f"#bar-{result.variant.value}", ProgressBar)
            assert bar.progress == bar.total == 3
            assert f"{result.seconds:.2f} s" in str(
                screen.query_one(f"#time-{result.variant.value}").render()
            )
            assert f"{result.seconds:.2f} s" in screen.conclusion
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CleaningScreen)


async def test_escape_during_a_run_closes_the_screen() -> None:
    app = LessonApp()
    async with app.run_test() as pilot:
        app.push_screen(CleaningScreen(rooms=50, workers=2, steps=50_000))
        await pilot.pause()
        (run,) = [worker for worker in app.workers if worker.group == "cleaning"]
        assert run.is_running  # minutes of cleaning ahead
        await pilot.press("escape")
        await _workers_done(app)
        await pilot.pause()
        assert not isinstance(app.screen, CleaningScreen)
        assert run.state is WorkerState.CANCELLED  # the run went with the screen


async def test_cleaners_killed_from_outside_are_said_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    """The eighth adversarial pass: SIGTERM to the app's process group killed the cleaners' processes too,
    and their run's ``BrokenWorkerProcess`` ended the app with a traceback (exit 1)."""

    async def killed(*_args: object, **_kwargs: object) -> None:
        raise ExceptionGroup("unhandled errors in a TaskGroup", [BrokenWorkerProcess()])

    monkeypatch.setattr(cleaning_screen, "_clean_house", killed)
    app = LessonApp()
    async with app.run_test() as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CleaningScreen)
        await _workers_done(app)
        await pilot.pause()
        assert app.is_running
        assert (
            str(screen.query_one("#cleaning-conclusion", Static).render()) == cleaning_screen.WORKERS_KILLED
        )
