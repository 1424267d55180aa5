"""The loop-lag meter says what a spike came from: an ordinary action's (a resize, a key) is named and shown
plainly, the blocking lesson's is named and stands out, as does one nobody named. The meter's clock is a
fake one here, moved by the test, and its ticks are called by hand: what it measures is the test's."""

from __future__ import annotations

import re
import time

import pytest
from textual.app import App, ComposeResult

from burger_tui.ui.widgets.loop_lag import CAUSE_LINGERS_S, INTERVAL_S, LoopLagMeter


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


class MeterApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LoopLagMeter(id="loop-lag")


async def _tick_late(meter: LoopLagMeter, clock: Clock, late_s: float) -> None:
    """A tick that comes ``late_s`` after its time (the loop was held that long)."""
    clock.now += INTERVAL_S + late_s
    meter._tick()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(time, "perf_counter", fake)  # the meter's clock (it reads time.perf_counter)
    return fake


def _max_shown(meter: LoopLagMeter) -> tuple[int, str]:
    found = re.search(r"max +(\d+) ?(.*)$", meter.shown[0])
    assert found, meter.shown[0]
    return int(found[1]), found[2]


async def test_an_ordinary_spike_is_named_and_shown_plainly(clock: Clock) -> None:
    app = MeterApp()
    async with app.run_test(size=(80, 3)):
        meter = app.query_one(LoopLagMeter)
        meter._last_tick = clock.now
        meter.note("resize")
        await _tick_late(meter, clock, 0.08)
        assert meter.max_cause is not None
        assert meter.max_cause.what == "resize"
        assert _max_shown(meter) == (80, "resize")
        assert not meter.has_class("-spike")  # an ordinary action: no alarm


async def test_the_blocking_lesson_stands_out_even_after_its_key(clock: Clock) -> None:
    app = MeterApp()
    async with app.run_test(size=(80, 3)):
        meter = app.query_one(LoopLagMeter)
        meter._last_tick = clock.now
        meter.note("b block")  # the key, an ordinary action...
        meter.note("blocking call", ordinary=False)  # ...whose action holds the loop on purpose
        meter.note("redraw")  # and what came after it, noted before the late tick
        await _tick_late(meter, clock, 1.5)
        assert _max_shown(meter) == (1500, "blocking call")
        assert meter.has_class("-spike")
        await _tick_late(meter, clock, 0.06)  # a smaller ordinary spike later does not hide it
        meter.note("m model")
        await _tick_late(meter, clock, 0.07)
        assert _max_shown(meter) == (1500, "blocking call")


async def test_a_spike_nobody_named_stands_out_and_an_old_cause_names_nothing(clock: Clock) -> None:
    app = MeterApp()
    async with app.run_test(size=(80, 3)):
        meter = app.query_one(LoopLagMeter)
        meter._last_tick = clock.now
        meter.note("resize")
        for _ in range(int(CAUSE_LINGERS_S / INTERVAL_S) + 2):  # the resize is long done
            await _tick_late(meter, clock, 0.0)
        await _tick_late(meter, clock, 0.2)
        assert meter.max_cause is None
        assert _max_shown(meter) == (200, "")
        assert meter.has_class("-spike")


async def test_on_a_narrow_meter_the_words_get_shorter_and_the_cause_stays(clock: Clock) -> None:
    app = MeterApp()
    async with app.run_test(size=(36, 3)):
        meter = app.query_one(LoopLagMeter)
        meter._last_tick = clock.now
        meter.note("blocking call", ordinary=False)
        await _tick_late(meter, clock, 1.5)
        text, bars = meter.shown
        assert text == "lag 1500 ms max 1500 blocking call"  # the line's words, without their padding
        assert len(text) + 1 + len(bars) <= 36


async def test_a_process_suspended_is_no_lag(clock: Clock) -> None:
    """Ctrl+Z then fg: the loop ran nothing meanwhile and its first tick back came a minute late; the
    meter said "max 60000 ctrl+z suspend"."""
    app = MeterApp()
    async with app.run_test(size=(80, 3)):
        meter = app.query_one(LoopLagMeter)
        meter._last_tick = clock.now
        clock.now += 60.0  # suspended, then fg
        meter.measure_from_now()
        await _tick_late(meter, clock, 0.0)
        assert meter.max_lag_ms == 0
