"""Pilot tests for the loop-lag meter and the cleaning screen, on a tiny app of their own."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Label, ProgressBar
from textual.worker import Worker

from burger_tui.lessons.blocking import blocking_burger, threaded_burger
from burger_tui.lessons.cleaning import Variant
from burger_tui.ui.screens.cleaning import CleaningScreen
from burger_tui.ui.widgets.loop_lag import LoopLagMeter


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


async def _pause_until(pilot, condition, tries: int = 200) -> None:  # type: ignore[no-untyped-def]
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not reached")


async def test_meter_spikes_on_a_blocking_call() -> None:
    app = LessonApp()
    async with app.run_test() as pilot:
        meter = app.query_one(LoopLagMeter)
        await pilot.pause(0.2)
        await pilot.press("b")
        await pilot.pause(0.1)
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
        await pilot.pause(0.1)
        # Only the lesson's lag counts, not the app's start on a busy machine: a window of zeros.
        meter.samples.extend([0.0] * (meter.samples.maxlen or 0))
        await pilot.press("t")
        assert app.cook is not None
        assert await app.cook.wait() >= 0.29  # the cook was busy in a thread for 0.3 s...
        # ...and the loop kept ticking: far below the 300 ms a blocking call would show.
        assert 0 < meter.max_lag_ms < 150


async def test_an_idle_meter_measures_every_tick_but_hardly_repaints() -> None:
    app = LessonApp()
    async with app.run_test() as pilot:
        meter = app.query_one(LoopLagMeter)
        await pilot.pause(0.3)
        painted: list[str] = []
        render = meter.render

        def spy() -> Content:
            painted.append(meter.shown[0])
            return render()

        meter.render = spy  # type: ignore[method-assign]
        before = list(meter.samples)
        await pilot.pause(2.0)
        assert list(meter.samples) != before  # ~100 ticks of 20 ms were measured...
        # ...but a free loop's jitter is not shown: at most one calm repaint a second (a few more if
        # the machine is so busy that the loop really lagged).
        assert len(painted) <= 5, painted


async def test_cleaning_screen_runs_all_three_and_concludes_from_the_numbers() -> None:
    app = LessonApp()
    async with app.run_test() as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CleaningScreen)
        await _pause_until(pilot, lambda: bool(screen.conclusion))
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
        await pilot.pause(0.1)
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, CleaningScreen)
