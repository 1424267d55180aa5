"""Cleaning a house: CPU-bound work, done by one cleaner, by N threads and by N processes.

The seed: "There's no waiting anywhere, just a lot of work to be done, on multiple places of the house."
Each room is real, deterministic, seeded CPU work in pure Python (a xorshift loop summing "dust"), so every
variant does exactly the same work and must collect exactly the same dust. Threads share one interpreter and
take turns holding the GIL, so they clean no faster than one cleaner; processes each have their own
interpreter and clean on separate cores at the same time.

This module is imported by anyio's worker processes: keep its imports light and its top level free of work.
"""

from __future__ import annotations

import os
import sys
import textwrap
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from functools import partial
from typing import Any

import anyio
import anyio.from_thread
import anyio.to_process
import anyio.to_thread
from anyio.lowlevel import RunVar

from burger_tui.lessons.settings import DEFAULT_ROOMS as DEFAULT_ROOMS
from burger_tui.lessons.settings import DEFAULT_SEED as DEFAULT_SEED
from burger_tui.lessons.settings import DEFAULT_WORKERS
from burger_tui.lessons.settings import ROOM_STEPS as ROOM_STEPS
from burger_tui.sigint_held import sigint_held

_MASK = (1 << 64) - 1
STEPS_BETWEEN_LOOKS = 50_000  # a few milliseconds of cleaning
_CLEAR_WIN = 1.15  # below this speed-up, "about the same" (timing noise, start-up costs)


def clean_room(
    room: int,
    seed: int = DEFAULT_SEED,
    steps: int = ROOM_STEPS,
    *,
    between: Callable[[], object] | None = None,
) -> int:
    """Clean one room: ``steps`` rounds of xorshift arithmetic in pure Python. Returns the dust collected.

    Deterministic: the same room, seed and steps always give the same dust, whoever cleans it.
    ``between`` is called every :data:`STEPS_BETWEEN_LOOKS` steps: a cleaner in a thread looks there
    whether the lesson was stopped (and stops by raising), as a thread cannot be killed. Without it, Ctrl+C
    waited for the rooms being cleaned: Python's exit waits for its threads (up to 50 s a room).
    """
    x = ((seed * 1_000_003 + room) * 0x9E3779B97F4A7C15) & _MASK or 1
    dust = 0
    for done in range(0, steps, STEPS_BETWEEN_LOOKS):
        for _ in range(min(STEPS_BETWEEN_LOOKS, steps - done)):
            x ^= (x << 13) & _MASK
            x ^= x >> 7
            x ^= (x << 17) & _MASK
            dust = (dust + (x & 0xFFFF)) & _MASK
        if between is not None:
            between()
    return dust


def usable_cores() -> int:
    """Cores this process may run on (respects CPU affinity, e.g. in containers)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def default_workers() -> int:
    """One cleaner per core, and at least two so the comparison means something (DEFAULT_WORKERS)."""
    fewest, most = DEFAULT_WORKERS
    return max(fewest, min(usable_cores(), most))


def gil_enabled() -> bool:
    """Whether this Python has a GIL (free-threaded 3.13+ builds may not)."""
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


class Variant(StrEnum):
    """Who cleans the house."""

    ONE = "one"
    THREADS = "threads"
    PROCESSES = "processes"

    def label(self, workers: int) -> str:
        """A short human name, e.g. ``4 processes``."""
        if self is Variant.ONE:
            return "1 cleaner"
        return f"{workers} {self.value}"


ProgressCallback = Callable[[Variant, int, int], None]
"""Called on the event loop after each room: (variant, rooms done, rooms in the house)."""


@dataclass(frozen=True)
class CleaningResult:
    """One variant's measured run."""

    variant: Variant
    workers: int
    rooms: int
    seconds: float  # wall time to clean every room
    dust: int  # sum over rooms; the same for every variant, or the work was not the same
    startup_seconds: float = 0.0  # processes only: starting the worker processes, before the clock


@dataclass(frozen=True)
class CleaningReport:
    """All three variants on the same house, and what the numbers say."""

    rooms: int
    workers: int
    steps: int
    seed: int
    cores: int
    gil: bool
    results: list[CleaningResult] = field(default_factory=list)
    conclusion: str = ""

    def result(self, variant: Variant) -> CleaningResult:
        """The result of one variant."""
        return next(r for r in self.results if r.variant is variant)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary; times in seconds, keyed by variant."""
        data = asdict(self)
        data["results"] = {r.variant.value: {**asdict(r), "variant": r.variant.value} for r in self.results}
        return {"lesson": "cleaning", **data}


async def warm_up_processes(workers: int) -> float:
    """Start ``workers`` worker processes (hiring the cleaners) and return how long that took.

    anyio keeps idle worker processes for a while, so the timed run measures cleaning, not hiring.

    Hiring is never interrupted halfway, and the cleaners are deaf to Ctrl+C (it reaches the whole
    process group): see :func:`_dismiss_cleaners`.
    """
    started = time.perf_counter()
    limiter = anyio.CapacityLimiter(workers)
    with anyio.CancelScope(shield=True), sigint_held():
        async with anyio.create_task_group() as tg:
            for _ in range(workers):
                # A short sleep keeps each worker busy long enough that the next job needs a new process.
                tg.start_soon(_run_in_process, time.sleep, 0.05, limiter)
    return time.perf_counter() - started


async def _dismiss_cleaners() -> None:
    """Kill this event loop's worker processes and wait for each: once, while it is alive; then take them
    out of anyio's pool.

    asyncio's child watcher waits for each child in a thread; killing a child that has already died
    reaps it first (``Popen.send_signal`` polls before it signals), and the watcher then warns "Unknown
    child process pid ..., will report returncode 255". anyio's own clean-up at the loop's end kills
    twice (a done-callback, then its shutdown task), and kills workers that Ctrl+C killed first; one
    lesson in ten under Ctrl+C printed the warning. Here each cleaner is killed while alive (they are
    deaf to Ctrl+C and were hired in full) and waited for, so anyio finds nothing left to kill. Left in
    its pool, a next run's pruning of workers idle for 5 minutes killed them again
    (``ProcessLookupError``: the dashboard ended, the seventh adversarial pass). anyio has no public way
    to its pool: the private names read are here.
    """
    try:
        workers = anyio.to_process._process_pool_workers.get()
        idle = anyio.to_process._process_pool_idle_workers.get()
    except LookupError:  # no worker process was ever started on this loop
        return
    with anyio.CancelScope(shield=True):
        for process in list(workers):
            if process.returncode is None:
                process.kill()
            await process.aclose()
        workers.clear()
        idle.clear()


async def _run_in_process(func: Callable[..., Any], arg: Any, limiter: anyio.CapacityLimiter) -> Any:
    return await anyio.to_process.run_sync(func, arg, cancellable=True, limiter=limiter)


async def clean_house(
    variant: Variant,
    rooms: int = DEFAULT_ROOMS,
    workers: int = 2,
    *,
    seed: int = DEFAULT_SEED,
    steps: int = ROOM_STEPS,
    on_progress: ProgressCallback | None = None,
) -> CleaningResult:
    """Clean every room with ``variant`` and measure the wall time.

    The single cleaner also works in a thread so the event loop (and a UI on it) stays responsive;
    one thread at a time is still one cleaner.
    """
    n = 1 if variant is Variant.ONE else workers
    async with _hired(n) if variant is Variant.PROCESSES else nullcontext(0.0) as startup:
        return await _clean(variant, rooms, n, seed, steps, on_progress, startup)


@asynccontextmanager
async def _hired(cleaners: int) -> AsyncIterator[float]:
    """Worker processes for the cleaners meanwhile, dismissed after; gives how long hiring took.

    One house at a time on an event loop: the loop's worker processes are one pool, and a run dismisses
    them all. Two runs at once (the dashboard's ``r``, the run before still ending) killed each other's."""
    async with _one_house_at_a_time():
        try:
            yield await warm_up_processes(cleaners)
        finally:
            await _dismiss_cleaners()


_HOUSE = RunVar[anyio.Lock]("burger_tui.cleaning.house")


def _one_house_at_a_time() -> anyio.Lock:
    """This event loop's lock on its worker processes."""
    try:
        return _HOUSE.get()
    except LookupError:
        lock = anyio.Lock()
        _HOUSE.set(lock)
        return lock


async def _clean(
    variant: Variant,
    rooms: int,
    n: int,
    seed: int,
    steps: int,
    on_progress: ProgressCallback | None,
    startup: float,
) -> CleaningResult:
    limiter = anyio.CapacityLimiter(n)
    todo = list(range(rooms))
    dust_by_room: dict[int, int] = {}

    async def clean(room: int) -> int:
        if variant is Variant.PROCESSES:
            return await anyio.to_process.run_sync(
                clean_room, room, seed, steps, cancellable=True, limiter=limiter
            )
        return await anyio.to_thread.run_sync(
            partial(clean_room, room, seed, steps, between=anyio.from_thread.check_cancelled),
            abandon_on_cancel=True,
            limiter=limiter,
        )

    async def cleaner() -> None:
        while todo:
            room = todo.pop(0)
            dust_by_room[room] = await clean(room)
            if on_progress is not None:
                on_progress(variant, len(dust_by_room), rooms)

    started = time.perf_counter()
    async with anyio.create_task_group() as tg:
        for _ in range(n):
            tg.start_soon(cleaner)
    seconds = time.perf_counter() - started
    return CleaningResult(
        variant=variant,
        workers=n,
        rooms=rooms,
        seconds=round(seconds, 4),
        dust=sum(dust_by_room.values()) & _MASK,
        startup_seconds=round(startup, 4),
    )


def conclude(results: list[CleaningResult], cores: int, gil: bool) -> str:
    """Say what the measured times show (computed from them, never fixed text)."""
    by = {r.variant: r for r in results}
    one, threads, procs = by[Variant.ONE], by[Variant.THREADS], by[Variant.PROCESSES]
    n = threads.workers
    parts: list[str] = []
    thread_speedup = one.seconds / threads.seconds
    if thread_speedup < _CLEAR_WIN:
        parts.append(
            f"{n} threads took {threads.seconds:.2f} s against {one.seconds:.2f} s for 1 cleaner "
            f"({thread_speedup:.2f}x): no faster, because "
            + (
                "the GIL lets only one thread run Python at a time, so the cleaners just take turns "
                "(concurrency, not parallelism)."
                if gil
                else "this machine could not give them more than one core."
            )
        )
    else:
        parts.append(
            f"{n} threads took {threads.seconds:.2f} s against {one.seconds:.2f} s for 1 cleaner "
            f"({thread_speedup:.2f}x faster)"
            + (
                ": this Python runs without the GIL, so threads can clean in parallel."
                if not gil
                else ": surprising with the GIL, which lets one thread run Python at a time; the single "
                "cleaner was probably slowed by other programs on this machine. Try again when it is quiet."
            )
        )
    proc_speedup = one.seconds / procs.seconds
    if proc_speedup >= _CLEAR_WIN:
        parts.append(
            f"{procs.workers} processes took {procs.seconds:.2f} s ({proc_speedup:.2f}x faster than 1 "
            f"cleaner): each has its own interpreter and GIL, so they cleaned on {min(cores, procs.workers)} "
            f"cores at once. Hiring them took {procs.startup_seconds:.2f} s before the clock started."
        )
    elif cores < 2:
        parts.append(
            f"{procs.workers} processes took {procs.seconds:.2f} s: with only 1 core there is nobody to "
            "share the work with, so parallelism cannot pay here."
        )
    else:
        parts.append(
            f"{procs.workers} processes took {procs.seconds:.2f} s ({proc_speedup:.2f}x): not clearly "
            "faster; the rooms may be too small for the hand-over cost, or the machine is busy."
        )
    if one.dust == threads.dust == procs.dust:
        parts.append("All three collected the same dust, so all did exactly the same work.")
    else:
        parts.append("Warning: the variants collected different dust; the work was not the same.")
    return " ".join(parts)


async def run_cleaning_lesson(
    rooms: int = DEFAULT_ROOMS,
    workers: int | None = None,
    *,
    seed: int = DEFAULT_SEED,
    steps: int = ROOM_STEPS,
    on_progress: ProgressCallback | None = None,
) -> CleaningReport:
    """Clean the same house three ways, one after another so they never compete for the cores."""
    workers = workers or default_workers()
    results = [
        await clean_house(v, rooms, workers, seed=seed, steps=steps, on_progress=on_progress) for v in Variant
    ]
    cores, gil = usable_cores(), gil_enabled()
    return CleaningReport(
        rooms=rooms,
        workers=workers,
        steps=steps,
        seed=seed,
        cores=cores,
        gil=gil,
        results=results,
        conclusion=conclude(results, cores, gil),
    )


def format_report(report: CleaningReport) -> str:
    """The report as a small table and the conclusion, for a terminal."""
    fastest = min(r.seconds for r in report.results)
    rows = [
        f"Cleaning a house of {report.rooms} rooms ({report.steps:,} steps of pure-Python work each) "
        f"on {report.cores} core{'s' if report.cores != 1 else ''}.",
        "",
        f"  {'who cleans':<14} {'wall time':>10} {'vs 1 cleaner':>13}",
    ]
    one = report.result(Variant.ONE).seconds
    for r in report.results:
        mark = "  <- fastest" if r.seconds == fastest else ""
        rows.append(f"  {r.variant.label(r.workers):<14} {r.seconds:>8.2f} s {one / r.seconds:>12.2f}x{mark}")
    rows += ["", textwrap.fill(report.conclusion, width=100)]
    return "\n".join(rows)
