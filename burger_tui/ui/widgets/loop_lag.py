"""The loop-lag meter: how late the event loop wakes a small timer, in milliseconds, live.

A timer asks to run every ``INTERVAL_S``; the meter records how much later than that it actually ran. On a
free loop that is a millisecond or two. When something blocks the loop (a ``time.sleep`` inside
``async def``), the next tick comes late by the whole blocking call, and the sparkline shows the spike.
"""

from __future__ import annotations

import time
from collections import deque

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, Sparkline

INTERVAL_S = 0.1
WINDOW_S = 6.0  # the sparkline shows the last few seconds
SPIKE_MS = 50.0  # above this a person notices the freeze


class LoopLagMeter(Widget):
    """Measures the event-loop lag of the app it runs in and shows it as a number and a sparkline."""

    DEFAULT_CSS = """
    LoopLagMeter {
        height: 1;
        width: 1fr;
        layout: horizontal;
    }
    LoopLagMeter > Label {
        width: auto;
        min-width: 24;
        padding: 0 1 0 0;
    }
    LoopLagMeter > Label.-spike {
        color: $text-error;
        text-style: bold;
    }
    LoopLagMeter > Sparkline {
        width: 1fr;
    }
    LoopLagMeter > Sparkline > .sparkline--min-color {
        color: $success 60%;
    }
    LoopLagMeter > Sparkline > .sparkline--max-color {
        color: $error;
    }
    """

    lag_ms: reactive[float] = reactive(0.0, init=False, always_update=True)
    """The lag of the latest tick, in milliseconds."""

    def __init__(
        self,
        *,
        interval: float = INTERVAL_S,
        window: float = WINDOW_S,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.interval = interval
        self.samples: deque[float] = deque(
            [0.0] * max(2, int(window / interval)), maxlen=max(2, int(window / interval))
        )
        self._last_tick: float | None = None

    @property
    def max_lag_ms(self) -> float:
        """The worst lag in the window, in milliseconds."""
        return max(self.samples)

    def compose(self) -> ComposeResult:
        yield Label(self._text(), id="loop-lag-value")
        yield Sparkline(list(self.samples), id="loop-lag-sparkline")

    def on_mount(self) -> None:
        self.tooltip = (
            "How late the event loop wakes a timer that asks to run every "
            f"{self.interval * 1000:.0f} ms. A blocking call inside async def makes it spike."
        )
        self._last_tick = time.perf_counter()
        self._timer = self.set_interval(self.interval, self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last_tick is not None:
            self.samples.append(max(0.0, (now - self._last_tick - self.interval) * 1000))
            self.lag_ms = self.samples[-1]
        self._last_tick = now

    def watch_lag_ms(self) -> None:
        label = self.query_one("#loop-lag-value", Label)
        label.update(self._text(), layout=False)  # fixed-width text: no screen re-layout at 10 Hz
        label.set_class(self.max_lag_ms >= SPIKE_MS, "-spike")
        self.query_one("#loop-lag-sparkline", Sparkline).data = list(self.samples)

    def _text(self) -> str:
        return f"loop lag {self.lag_ms:5.0f} ms  max {self.max_lag_ms:5.0f}"
