"""The loop-lag meter: how late the event loop wakes a small timer, in milliseconds, live.

A timer asks to run every ``INTERVAL_S``; the meter records how much later than that it actually ran. On a
free loop that is a millisecond or two. When something blocks the loop (a ``time.sleep`` inside
``async def``), the next tick comes late by the whole blocking call, and the sparkline shows the spike.

The meter measures every tick but repaints only when what it shows changes: lags below ``NOISE_MS``
(a free loop's jitter) are shown as ``<5``, so an idle app (paused, say) does not repaint it at all. A
spike is shown at once; smaller changes (jitter on a busy machine, the sparkline scrolling) at most
once every ``CALM_REPAINT_S``.

A spike says what it came from. Whoever is about to make the loop work (a key's action, a resize, a screen
coming back, the blocking lesson) says so first (:meth:`LoopLagMeter.note`); a spike measured while that
work ran, or just after it (the repaint it caused), is named after it: ``max 80 resize``, ``max 1500
blocking call``. An ordinary action's spike is shown plainly; the one the blocking lesson makes, or one
nobody named, stands out.

The number and the sparkline are one widget, drawn as one line of text: a label and a sparkline widget
beside it cost the dashboard's first frame two widgets more to mount and style (~2 % of its instructions).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from itertools import groupby
from typing import NamedTuple

from textual.color import Color
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

INTERVAL_S = 0.1
WINDOW_S = 6.0  # the sparkline shows the last few seconds
SPIKE_MS = 50.0  # above this a person notices the freeze
NOISE_MS = 5.0  # below this a lag is a free loop's jitter: shown as "<5", and not worth a repaint
CALM_REPAINT_S = 1.0  # without a spike, the meter repaints at most this often
BARS = "▁▂▃▄▅▆▇█"  # a sparkline's bars, lowest to highest
# A cause explains a spike measured up to this long after it was noted: the work a key or a resize asks for
# runs in the callbacks that follow (a layout, a full repaint), which a tick may fall between.
CAUSE_LINGERS_S = 0.5
MIN_BARS = 6  # cells the sparkline keeps: narrower, the meter's words get shorter


class Cause(NamedTuple):
    """What the loop was asked to do at ``at`` (``time.perf_counter()``), and whether it is an ordinary
    action (a key, a resize), whose spike is no lesson."""

    at: float
    what: str
    ordinary: bool


def _shown_ms(lag_ms: float) -> int:
    """A lag as the meter shows it: whole milliseconds, 0 below ``NOISE_MS``."""
    return 0 if lag_ms < NOISE_MS else round(lag_ms)


def _ms_text(lag_ms: float) -> str:
    return f"{'<' + format(NOISE_MS, 'g'):>5}" if lag_ms < NOISE_MS else f"{lag_ms:5.0f}"


class LoopLagMeter(Widget):
    """Measures the event-loop lag of the app it runs in and shows it as a number and a sparkline."""

    COMPONENT_CLASSES = {"loop-lag--spike", "loop-lag--min-color", "loop-lag--max-color"}
    DEFAULT_CSS = """
    LoopLagMeter {
        height: 1;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .loop-lag--spike {
            color: $text-error;
            text-style: bold;
        }
        & > .loop-lag--min-color {
            color: $success 60%;
        }
        & > .loop-lag--max-color {
            color: $error;
        }
    }
    """

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
        self._last_tick = 0.0
        self.lag_ms = 0.0
        """The lag of the latest tick, in milliseconds."""
        self._loud = 0  # samples in the window at or above NOISE_MS
        self._spikes = 0  # samples in the window at or above SPIKE_MS
        self.shown: tuple[str, list[int]] = (self._text(), self._sparkline_data(0))
        """What the meter shows: its text, and the sparkline's value in each cell."""
        self._painted_at = -CALM_REPAINT_S
        self._quiet_shown = False  # the meter shows a window with nothing above the noise
        self._spike_shown = False  # the meter shows a spike in the window
        self._noted: deque[Cause] = deque(maxlen=8)  # the latest causes said
        # What each spike in the window came from (None: nobody said), sample for sample.
        self.causes: deque[Cause | None] = deque([None] * len(self.samples), maxlen=self.samples.maxlen)

    @property
    def max_lag_ms(self) -> float:
        """The worst lag in the window, in milliseconds."""
        return max(self.samples)

    @property
    def max_cause(self) -> Cause | None:
        """What the worst lag in the window came from, if it is a spike somebody named."""
        worst = max(range(len(self.samples)), key=self.samples.__getitem__)
        return self.causes[worst] if self.samples[worst] >= SPIKE_MS else None

    def note(self, what: str, *, ordinary: bool = True) -> None:
        """Say what the loop is about to do (``"resize"``, ``"blocking call"``): a spike it makes is named
        after it. ``ordinary``: an action of the app's, not a lesson in blocking."""
        self._noted.append(Cause(time.perf_counter(), what, ordinary))

    def measure_from_now(self) -> None:
        """The loop did not run meanwhile and was never late (the process was suspended, Ctrl+Z): the next
        tick, overdue by all that time, measures from now."""
        self._last_tick = time.perf_counter()

    def _cause_between(self, start: float, end: float) -> Cause | None:
        """The latest cause noted from ``CAUSE_LINGERS_S`` before ``start`` to ``end``: a lesson's first (its
        key, noted too, is an ordinary action)."""
        causes = [cause for cause in self._noted if start - CAUSE_LINGERS_S <= cause.at <= end]
        lessons = [cause for cause in causes if not cause.ordinary]
        named = lessons or causes
        return named[-1] if named else None

    def on_mount(self) -> None:
        self.tooltip = (
            "How late the event loop wakes a timer that asks to run every "
            f"{self.interval * 1000:.0f} ms. A blocking call inside async def makes it spike; a spike says "
            "what it came from (a resize, a key's action, the blocking call)."
        )
        self._last_tick = time.perf_counter()
        # A bare event-loop timer, not a Textual one: the probe is what it measures, and it wakes ten
        # times a second for the app's whole life, so each wake-up must cost next to nothing.
        self._probe = asyncio.get_running_loop().call_later(self.interval, self._tick)

    def on_unmount(self) -> None:
        self._probe.cancel()

    def _tick(self) -> None:
        now = time.perf_counter()
        self._probe = asyncio.get_running_loop().call_later(self.interval, self._tick)
        lag = self.lag_ms = max(0.0, (now - self._last_tick - self.interval) * 1000)
        cause = self._cause_between(self._last_tick, now) if lag >= SPIKE_MS else None
        self._last_tick = now
        dropped = self.samples[0]
        self._loud += (lag >= NOISE_MS) - (dropped >= NOISE_MS)
        self._spikes += (lag >= SPIKE_MS) - (dropped >= SPIKE_MS)
        self.samples.append(lag)
        self.causes.append(cause)
        if lag >= SPIKE_MS or (self._spikes > 0) != self._spike_shown:
            self._show(now)  # a spike, or the last one leaving the window: at once
        elif (self._loud or not self._quiet_shown) and now - self._painted_at >= CALM_REPAINT_S:
            self._show(now)  # anything else at most once a calm interval; nothing at all when idle

    def _show(self, now: float) -> None:
        """Repaint the number and the sparkline, if what they show changed."""
        self._painted_at = now
        self._quiet_shown = not self._loud
        cause = self.max_cause
        # An ordinary action's spike is named, not alarming: the lesson's (or an unexplained one) stands out.
        self._spike_shown = self._spikes > 0 and (cause is None or not cause.ordinary)
        text = self._text(cause)
        shown = (text, self._sparkline_data(max(0, self.size.width - len(text) - 1)))
        if shown == self.shown:
            return
        self.shown = shown
        self.set_class(self._spike_shown, "-spike")
        self.refresh()  # one line, of a fixed width: no screen re-layout

    def render(self) -> Content:
        text, data = self.shown
        label = Content(text + " ")
        if self._spike_shown:
            label = label.stylize(Style.from_rich_style(self.get_component_rich_style("loop-lag--spike")))
        return Content.assemble(label, *self._bars(data))

    def _bars(self, data: list[int]) -> list[tuple[str, Style]]:
        """The sparkline: a bar per value, its height and colour from the lowest value to the highest."""
        _, background = self.background_colors
        low = background + self.get_component_styles("loop-lag--min-color").color
        high = background + self.get_component_styles("loop-lag--max-color").color
        least, most = min(data, default=0), max(data, default=0)
        bars = []
        for value, run in groupby(data):  # a run of equal bars is one span: one style to render
            height = (value - least) / (most - least or 1)
            colour: Color = low.blend(high, height)
            bars.append((BARS[int(height * (len(BARS) - 1))] * len(list(run)), Style(foreground=colour)))
        return bars

    def _sparkline_data(self, width: int) -> list[int]:
        """The samples as shown, one value per cell of a sparkline ``width`` cells wide (the worst lag
        of the cell), or all of them if ``width`` is unknown (0).

        A spike then moves one cell every few ticks instead of changing the data at every tick.
        """
        shown = [_shown_ms(lag) for lag in self.samples]
        count = len(shown)
        if not 0 < width < count:
            return shown
        return [max(shown[cell * count // width : (cell + 1) * count // width]) for cell in range(width)]

    def _text(self, cause: Cause | None = None) -> str:
        """``loop lag    <5 ms  max  1500 blocking call``; shorter where the line has little room."""
        named = f" {cause.what}" if cause is not None else ""
        text = f"loop lag {_ms_text(self.lag_ms)} ms  max {_ms_text(self.max_lag_ms)}{named}"
        if self.size.width and len(text) + 1 + MIN_BARS > self.size.width:
            text = f"lag {_ms_text(self.lag_ms).strip()} ms max {_ms_text(self.max_lag_ms).strip()}{named}"
        return text
