"""A blocking call inside ``async def`` freezes the restaurant; the same work in a thread does not.

The seed: "When you declare a path operation function with normal def instead of async def, it is run in
an external threadpool that is then awaited, instead of being called directly (as it would block the
server)." Here the cook's work is a real ``time.sleep``: called directly inside async code it holds the
event loop, so nobody else can move; handed to ``anyio.to_thread.run_sync`` it only holds the cook.

The proof is a loop-lag probe: a task that asks the loop to wake it every few milliseconds and records how
late it actually woke. On a free loop it is late by a fraction of a millisecond; behind a blocking call it
is late by the whole call.
"""

from __future__ import annotations

import statistics
import textwrap
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any

import anyio

from burger_tui.lessons.settings import DEFAULT_BLOCK_S as DEFAULT_BLOCK_S
from burger_tui.lessons.settings import MAX_BLOCK_S as MAX_BLOCK_S
from burger_tui.sim.model import Mode
from burger_tui.sim.times import duration_text, whole_seconds

PROBE_INTERVAL_S = 0.02


def _bounded(seconds: float) -> float:
    return min(max(seconds, 0.0), MAX_BLOCK_S)


def _cook_synchronously(seconds: float) -> float:
    """The cook's plain-``def`` work: a real blocking sleep. Returns the seconds it really took."""
    started = time.perf_counter()
    time.sleep(_bounded(seconds))
    return time.perf_counter() - started


async def blocking_burger(seconds: float) -> float:
    """Cook inside ``async def`` with a blocking call: the whole event loop stops for ``seconds``.

    Bounded to ``MAX_BLOCK_S``. Returns the seconds the loop was really held.
    """
    return _cook_synchronously(seconds)


async def threaded_burger(seconds: float) -> float:
    """The same work the way the seed recommends: in a worker thread, awaited, so the loop stays free.

    Bounded to ``MAX_BLOCK_S``. Returns the seconds the cook was busy.
    """
    return await anyio.to_thread.run_sync(_cook_synchronously, seconds)


class LagProbe:
    """Asks the event loop to wake it every ``interval`` seconds and records how late each wake-up was."""

    def __init__(self, interval: float = PROBE_INTERVAL_S) -> None:
        self.interval = interval
        self.lags: list[float] = []  # seconds late, one per wake-up
        self.woke_at: list[float] = []  # perf_counter of each wake-up

    async def run(self) -> None:
        """Measure until cancelled."""
        while True:
            before = time.perf_counter()
            await anyio.sleep(self.interval)
            now = time.perf_counter()
            self.lags.append(max(0.0, now - before - self.interval))
            self.woke_at.append(now)

    def wakeups_between(self, start: float, end: float) -> int:
        """How many times the loop got round to the probe between two ``perf_counter`` readings."""
        return sum(start < t < end for t in self.woke_at)


@dataclass(frozen=True)
class VariantResult:
    """What the probe saw while one variant of the cook worked."""

    variant: str
    how: str
    cook_seconds: float  # measured: how long the cook was busy
    max_lag_ms: float
    mean_lag_ms: float
    wakeups: int  # probe wake-ups over the whole measurement
    wakeups_while_cooking: int  # of those, while the cook was busy
    expected_wakeups_while_cooking: int  # what a free loop would have managed


@dataclass(frozen=True)
class BlockingReport:
    """Both variants measured with the same probe settings, and what the numbers say."""

    seconds: float
    interval_ms: float
    blocking: VariantResult
    thread: VariantResult
    conclusion: str

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {"lesson": "blocking", **asdict(self)}


async def measure_variant(
    name: str,
    how: str,
    cook: Callable[[float], Awaitable[float]],
    seconds: float,
    interval: float = PROBE_INTERVAL_S,
) -> VariantResult:
    """Run ``cook(seconds)`` on this loop while a ``LagProbe`` measures the loop's lag."""
    probe = LagProbe(interval)
    async with anyio.create_task_group() as tg:
        tg.start_soon(probe.run)
        await anyio.sleep(interval * 5)  # the probe is ticking before the cook starts
        started = time.perf_counter()
        busy = await cook(seconds)
        finished = time.perf_counter()
        await anyio.sleep(interval * 5)  # let the probe record the late wake-up, and a calm tail
        tg.cancel_scope.cancel()
    lags_ms = [lag * 1000 for lag in probe.lags] or [0.0]
    return VariantResult(
        variant=name,
        how=how,
        cook_seconds=round(busy, 4),
        max_lag_ms=round(max(lags_ms), 2),
        mean_lag_ms=round(statistics.fmean(lags_ms), 2),
        wakeups=len(probe.lags),
        wakeups_while_cooking=probe.wakeups_between(started, finished),
        expected_wakeups_while_cooking=int((finished - started) / interval),
    )


def conclude(blocking: VariantResult, thread: VariantResult) -> str:
    """Say what the measured numbers show, in the seed's terms (computed, never fixed text)."""
    if blocking.max_lag_ms > 5 * max(thread.max_lag_ms, 1.0):
        return (
            f"With time.sleep() inside async def the loop was stuck for up to {blocking.max_lag_ms:.0f} ms: "
            f"while the cook worked ({blocking.cook_seconds:.2f} s) the loop woke the probe "
            f"{blocking.wakeups_while_cooking} times out of {blocking.expected_wakeups_while_cooking}, so "
            f"nobody could order, be called or eat. In a thread the cook was just as busy "
            f"({thread.cook_seconds:.2f} s) but the loop lagged at most {thread.max_lag_ms:.1f} ms and kept "
            f"serving ({thread.wakeups_while_cooking} wake-ups). That is why FastAPI runs plain def "
            "functions in a thread pool."
        )
    return (
        f"Unexpected: the blocking call lagged the loop {blocking.max_lag_ms:.1f} ms and the thread "
        f"{thread.max_lag_ms:.1f} ms, not clearly different. The machine may be very busy; try again."
    )


async def run_blocking_lesson(
    seconds: float = DEFAULT_BLOCK_S, interval: float = PROBE_INTERVAL_S
) -> BlockingReport:
    """Measure the loop lag with the cook blocking the loop, then with the cook in a thread."""
    seconds = _bounded(seconds)
    blocking = await measure_variant(
        "blocking", "time.sleep() inside async def", blocking_burger, seconds, interval
    )
    thread = await measure_variant(
        "thread", "anyio.to_thread.run_sync(time.sleep)", threaded_burger, seconds, interval
    )
    return BlockingReport(
        seconds=seconds,
        interval_ms=round(interval * 1000, 3),
        blocking=blocking,
        thread=thread,
        conclusion=conclude(blocking, thread),
    )


def format_report(report: BlockingReport) -> str:
    """The report as a small table and the conclusion, for a terminal."""
    rows = [
        f"The cook works {report.seconds:g} s of real time, twice; a probe asks the loop to wake it "
        f"every {report.interval_ms:g} ms.",
        "",
        f"  {'how the cook works':<40} {'max lag':>9} {'mean lag':>9} {'loop wake-ups while cooking':>28}",
    ]
    for v in (report.blocking, report.thread):
        woke = f"{v.wakeups_while_cooking} of {v.expected_wakeups_while_cooking}"
        rows.append(f"  {v.how:<40} {v.max_lag_ms:>6.1f} ms {v.mean_lag_ms:>6.1f} ms {woke:>28}")
    rows += ["", textwrap.fill(report.conclusion, width=100)]
    return "\n".join(rows)


def who_blocks(mode: Mode) -> str:
    """Who does the blocking work in the model running: ``'the cook'``, ``'a cook'``, ``'a cashier-cook'``."""
    return {Mode.CONCURRENT: "the cook", Mode.HYBRID: "a cook", Mode.PARALLEL: "a cashier-cook"}[mode]


def narrate_blocking(
    held_seconds: float, *, who: str, day_seconds: float, late: int, paused: bool = False
) -> str:
    """What happened after ``blocking_burger``, in the seed's words, for the dashboard's narration: ``who``
    held the loop ``held_seconds``, the day's clock moved ``day_seconds`` meanwhile (not at all when
    ``paused``), and ``late`` wake-ups due in them could not happen until the loop was free."""
    if paused:
        clock = " The day was paused, so its clock stood still."
    elif not whole_seconds(day_seconds):  # a clock that did not move (a script's): nothing to tell
        clock = ""
    elif late:
        clock = (
            f" The day's clock kept time: the {duration_text(day_seconds)} of the day that passed meanwhile "
            f"did pass, and the {late} wake-up{'s' if late != 1 else ''} due in them came late, all at "
            "once, when the loop was free again."
        )
    else:
        clock = (
            f" The day's clock kept time: the {duration_text(day_seconds)} of the day that passed meanwhile "
            "did pass (nothing happened to be due in them)."
        )
    return (
        f"{who.capitalize()} called a blocking function inside async def and held everyone for "
        f"{held_seconds:.2f} s: nobody could take an order or finish one, no number could show, even this "
        f"screen froze.{clock} Async code must await; blocking work belongs in a thread (FastAPI runs "
        "plain def in a thread pool)."
    )


def narrate_threaded(busy_seconds: float, *, who: str) -> str:
    """What happened after ``threaded_burger``, for the dashboard's narration."""
    return (
        f"{who.capitalize()} did the same {busy_seconds:.2f} s of blocking work in a worker thread "
        "(anyio.to_thread.run_sync) and awaited it: busy, but the loop kept running, so orders, numbers "
        "and this screen kept moving and the loop-lag meter stayed flat."
    )
