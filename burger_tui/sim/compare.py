"""The three models side by side on the same couples: the seed's point, in numbers.

Every couple's needs are drawn from seeded streams that do not depend on the model, so for one
seed the three runs serve exactly the same couples arriving at exactly the same instants; only the
organisation of the restaurant differs. Each run is a plain :func:`run_simulation`, so its report
is what ``burger-tui simulate --mode M`` prints for the same options.

"Wait" here is the one the story is about: from walking in to burgers in hand. Of that wait, a
couple spends some seated at a table talking (concurrent, hybrid) and the rest standing: in line,
at the cashier, at the counter (parallel), walking to pick up.

The days are independent, so they run on every core: the seed's "cleaning a house" lesson applied to
the product itself. The calling thread and worker processes each claim their next day until none is
left (see :func:`compare`); each day is the same seeded run wherever it runs, so the result is the
same as one after another in one process, to the last bit.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing import connection, resource_tracker
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, TypeAlias

from burger_tui.parent_death import die_with_parent
from burger_tui.sim import events as ev
from burger_tui.sim.headless import ProgressCallback as HeadlessProgress
from burger_tui.sim.headless import RunReport, run_simulation
from burger_tui.sim.limits import DEFAULT_COMPARE_CUSTOMERS, DEFAULT_SWEEP_CUSTOMERS
from burger_tui.sim.model import Mode, RestaurantConfig, describe_staff
from burger_tui.sim.restaurant import Listener
from burger_tui.sim.stats import QuantileSketch, Summary

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext, ForkServerContext, SpawnContext

    _Context: TypeAlias = ForkContext | ForkServerContext | SpawnContext

# Times the configured arrival rate. Every point serves the same couples (the same seed), only
# closer together. The point at 1.0 is the main run itself (the table's numbers); the others serve
# ``sweep_customers`` couples each: as many as the main run makes the curve smooth through it.
SWEEP_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5)
MAIN_RATE = 1.0  # the sweep factor whose point is the main run
PROGRESS_POLL_S = 0.05  # how often progress is read while the calling thread waits for workers
STOP_GRACE_S = 1.0  # after the last message (or the stop flag), a worker gets this long to end, then SIGKILL
HISTOGRAM_BINS = 40
PARALLEL_WIN_MARGIN = 0.05  # "wins on time" needs a mean wait at least 5 % lower

ProgressCallback = Callable[[int, int], None]  # (couples done, couples in the whole comparison)


class ComparisonCancelled(Exception):
    """Raise it from the progress callback to stop a comparison between two progress reports."""


class WorkerLost(RuntimeError):
    """A worker process died before sending its days (killed, or out of memory); the message is one line."""


def offered_load(config: RestaurantConfig) -> float:
    """Busy share of the bottleneck station if it kept up (above 1: queues grow without bound)."""
    rate = config.arrival_rate_per_min / 60
    order, cook = config.order_time.mean, config.cook_time.mean
    if config.mode is Mode.PARALLEL:
        return rate * (order + cook) / config.cooks
    cooks = 1 if config.mode is Mode.CONCURRENT else config.cooks
    return max(rate * order, rate * cook / cooks)


class WaitTally:
    """Listens for ``CoupleLeft``: waits to burgers in hand, and the share of them spent standing.

    Streaming, in bounded memory: the histogram of waits is read from the summary's sketch.
    """

    def __init__(self) -> None:
        self.wait = Summary()
        self.standing = Summary()

    def __call__(self, event: ev.Event) -> None:
        if not isinstance(event, ev.CoupleLeft):
            return
        couple = event.couple
        assert couple.picked_up_at is not None
        wait = couple.picked_up_at - couple.arrived_at
        self.wait.add(wait)
        self.standing.add(max(0.0, wait - couple.talking))


@dataclass(frozen=True)
class ModelResult:
    """One model's day in the comparison."""

    mode: Mode
    staff: str  # "1 cashier, 8 cooks"
    report: RunReport  # exactly what ``simulate`` reports for this model
    wait: dict[str, float]  # arrival -> burgers in hand: mean, p50, p95, p99, max
    standing_s: float  # mean seconds per couple of that wait spent standing, not talking
    offered_load: float
    histogram: list[int]  # couples per wait bin (each wait within 1 % of its own); edges shared by all models

    @property
    def talking_share(self) -> float:
        return self.report.talking_share

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": str(self.mode),
            "staff": self.staff,
            "served_per_hour": self.report.throughput_per_hour,
            "wait_s": self.wait,
            "standing_s": self.standing_s,
            "talking_share": self.report.talking_share,
            "utilization": self.report.utilization,
            "offered_load": self.offered_load,
            "histogram": self.histogram,
            "report": self.report.as_dict(),
        }


@dataclass(frozen=True)
class SweepPoint:
    """One model at one arrival rate (a short run: for the shape of the curve, not the digits)."""

    mode: Mode
    arrival_rate_per_min: float
    mean_wait_s: float
    p95_wait_s: float
    talking_share: float
    offered_load: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": str(self.mode),
            "arrival_rate_per_min": self.arrival_rate_per_min,
            "mean_wait_s": self.mean_wait_s,
            "p95_wait_s": self.p95_wait_s,
            "talking_share": self.talking_share,
            "offered_load": self.offered_load,
        }


@dataclass(frozen=True)
class Verdict:
    """The seed's point, computed from the numbers."""

    talking: Mode  # the highest talking share
    standing: Mode  # the most seconds per couple spent standing and waiting
    fastest: Mode  # the lowest mean wait to burgers
    parallel_wins_on_time: bool  # parallel's mean wait is clearly the lowest
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "talking": str(self.talking),
            "standing": str(self.standing),
            "fastest": str(self.fastest),
            "parallel_wins_on_time": self.parallel_wins_on_time,
            "text": self.text,
        }


@dataclass(frozen=True)
class Comparison:
    """All three models on the same couples, a sweep of arrival rates, and the verdict."""

    config: RestaurantConfig  # its ``mode`` is ignored: every model runs
    customers: int
    sweep_customers: int
    models: tuple[ModelResult, ...]
    histogram_edges: list[float]  # len(histogram) + 1 edges, seconds
    sweep: tuple[SweepPoint, ...]
    verdict: Verdict
    wall_time_s: float

    def model(self, mode: Mode) -> ModelResult:
        return next(m for m in self.models if m.mode is mode)

    def sweep_of(self, mode: Mode) -> list[SweepPoint]:
        return [p for p in self.sweep if p.mode is mode]

    def as_dict(self) -> dict[str, Any]:
        config = self.config.as_dict()
        del config["mode"]
        return {
            "config": {**config, "customers": self.customers, "sweep_customers": self.sweep_customers},
            "models": {str(m.mode): m.as_dict() for m in self.models},
            "histogram_edges_s": self.histogram_edges,
            "sweep": [p.as_dict() for p in self.sweep],
            "verdict": self.verdict.as_dict(),
            "wall_time_s": self.wall_time_s,
        }


def compare(
    config: RestaurantConfig,
    customers: int = DEFAULT_COMPARE_CUSTOMERS,
    *,
    sweep_customers: int = DEFAULT_SWEEP_CUSTOMERS,
    sweep_factors: Sequence[float] = SWEEP_FACTORS,
    on_progress: ProgressCallback | None = None,
    listeners: Callable[[Mode], Sequence[Listener]] | None = None,
    jobs: int | None = None,
) -> Comparison:
    """Run every model on the same seeded couples, then sweep the arrival rate.

    The days run on ``jobs`` cores (default: every core this process may use): in the calling
    thread and in ``jobs - 1`` worker processes; ``jobs=1`` runs them one after another in the calling
    thread. A Textual thread worker is a good home for the call. ``on_progress`` is called in the
    calling thread and may raise :class:`ComparisonCancelled` to stop early (the workers stop too).
    ``listeners`` gives extra event listeners for each model's main run (e.g. a per-couple recorder):
    those days run in the calling thread, where the listeners are. Where workers are not forked from
    the caller (a thread calls, or not on Linux), a script that calls this must guard its top level
    with ``if __name__ == "__main__":`` (worker processes import the main module).
    """
    if customers < 1:
        raise ValueError(f"customers must be at least 1, got {customers}")
    if sweep_factors and sweep_customers < 1:
        raise ValueError(f"sweep customers must be at least 1, got {sweep_customers}")
    started = time.perf_counter()
    modes = list(Mode)
    days = [_Day(i, dataclasses.replace(config, mode=mode), customers, True) for i, mode in enumerate(modes)]
    points: list[tuple[Mode, int]] = []  # each sweep point: its model and the day that serves it
    for main, mode in zip(days[: len(modes)], modes, strict=True):
        for factor in sweep_factors:
            if factor == MAIN_RATE:  # the main run is this point: the curve goes through the table
                points.append((mode, main.index))
                continue
            rate = config.arrival_rate_per_min * factor
            cfg = dataclasses.replace(config, mode=mode, arrival_rate_per_min=rate)
            points.append((mode, len(days)))
            days.append(_Day(len(days), cfg, sweep_customers, False))
    extra = {day.index: listeners(day.config.mode) for day in days if day.main} if listeners else {}
    served = _Days(days, extra, on_progress).serve(_jobs(jobs))

    sweep = [
        SweepPoint(
            mode,
            days[index].config.arrival_rate_per_min,
            served[index].tally.wait.mean,
            served[index].tally.wait.sketch.quantile(0.95),
            served[index].report.talking_share,
            offered_load(days[index].config),
        )
        for mode, index in points
    ]
    mains = [served[day.index] for day in days if day.main]
    edges = _histogram_edges([m.tally.wait for m in mains])
    models = tuple(
        ModelResult(
            mode=mode,
            staff=describe_staff(mode, config.cooks),
            report=main.report,
            wait=main.tally.wait.as_dict(),
            standing_s=main.tally.standing.mean,
            offered_load=offered_load(main.report.config),
            histogram=_histogram(main.tally.wait.sketch, edges),
        )
        for mode, main in zip(modes, mains, strict=True)
    )
    return Comparison(
        config=config,
        customers=customers,
        sweep_customers=sweep_customers if sweep_factors else 0,
        models=models,
        histogram_edges=edges,
        sweep=tuple(sweep),
        verdict=verdict(models),
        wall_time_s=time.perf_counter() - started,
    )


@dataclass(frozen=True)
class _Day:
    """One run of a comparison: a model's main day, or a point of the sweep."""

    index: int
    config: RestaurantConfig
    customers: int
    main: bool  # a model's day at the configured rate (the table), not a point of the sweep only


@dataclass(frozen=True)
class _Served:
    """What a comparison needs of a day that has run."""

    report: RunReport
    tally: WaitTally


def _serve(day: _Day, on_progress: HeadlessProgress | None, listeners: Sequence[Listener]) -> _Served:
    tally = WaitTally()
    report = run_simulation(day.config, day.customers, on_progress, [tally, *listeners])
    return _Served(report, tally)


def _raised(group: BaseExceptionGroup[BaseException], kind: type[Exception]) -> bool:
    """Whether ``kind`` was raised inside a day (the restaurant's task groups wrap it in a group)."""
    return group.subgroup(kind) is not None


class _Stopped(Exception):
    """A day stopped because the comparison stops: cancelled, or a day failed elsewhere."""


class _Shared:
    """What the calling thread and the worker processes share: which days are still free, each day's
    progress and the flag that stops every day at its next progress report."""

    def __init__(self, context: _Context, days: int) -> None:
        self.progress: Any = context.RawArray("q", days)  # couples left so far, per day
        self.stop: Any = context.RawValue("b", 0)
        self._claimed: Any = context.RawArray("i", 2)  # days claimed from the front, from the back
        self._lock = context.Lock()

    def claim(self, count: int, *, back: bool = False) -> int | None:
        """The first of ``count`` days in claim order that nobody has claimed yet, or with ``back`` the
        last; ``None`` when none is left, or when stopping."""
        with self._lock:
            front: int = self._claimed[0]
            behind: int = self._claimed[1]
            if front + behind >= count or self.stop.value:
                return None
            if back:
                self._claimed[1] = behind + 1
                return count - 1 - behind
            self._claimed[0] = front + 1
            return front


def _work(
    order: Sequence[_Day],
    shared: _Shared,
    results: Connection,
    caller: int | None,
    inherited: Sequence[Connection],
) -> None:
    """A worker process: serve the next unclaimed day of ``order`` until none is left, then send every
    day it served in one message (or the error that stopped it) and close.

    ``caller`` is the pid of the process that forked it (``None`` when it was not forked from the
    caller: a fork server's child, or spawned); ``inherited`` are the read ends of the results pipes it
    got in the fork, its own included."""
    # Ctrl+C reaches the whole process group: the caller stops the workers through the shared flag.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held back over the fork
    _let_go(caller, inherited)
    served: dict[int, _Served] = {}
    message: dict[int, _Served] | BaseException = served
    try:
        while (claimed := shared.claim(len(order))) is not None:
            day = order[claimed]
            served[day.index] = _serve_in_worker(day, shared)
            shared.progress[day.index] = day.customers
    except _Stopped:
        pass  # the caller is stopping; what it gets from here no longer matters
    except Exception as error:
        shared.stop.value = 1  # the other days stop early: the comparison fails with this error
        message = error
    try:
        results.send(message)
    except OSError:
        pass  # the caller stopped listening: it is stopping
    except Exception as error:  # an error that does not pickle: send its text
        with suppress(OSError):
            results.send(RuntimeError(f"{type(message).__name__}: {message} (not picklable: {error})"))
    finally:
        results.close()


def _let_go(caller: int | None, inherited: Sequence[Connection]) -> None:
    """What a worker does first: it dies with its parent, and keeps none of the caller's pipes.

    Killed (SIGKILL, or SIGTERM's default action), the caller cannot stop its workers: they would serve
    days nobody wants, then hold the command's stdout open, so that ``$(burger-tui compare ...)`` never
    returned. A read end of a results pipe kept here would be one more reader: sending into a pipe that
    the caller no longer reads would block for ever instead of failing (the caller waited for that
    worker when Ctrl+C stopped it). Nothing a worker prints is wanted: its stdout is /dev/null."""
    if (request := die_with_parent(caller)) is not None:
        request()
    if caller is None and (parent := multiprocessing.parent_process()) is not None:
        # Not the caller's child: a fork server's, which lives on while any of its children does (each
        # holds its "still needed" pipe), so it does not die with the caller. What ends with the caller
        # is the sentinel multiprocessing gives every child.
        threading.Thread(target=_exit_when_ended, args=(parent.sentinel,), daemon=True).start()
    for receiver in inherited:
        receiver.close()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


def _exit_when_ended(sentinel: int) -> None:
    connection.wait([sentinel])
    os._exit(1)


def _serve_in_worker(day: _Day, shared: _Shared) -> _Served:
    """A day in a worker process: progress into the shared array, stopped by the shared flag."""

    def report(left: int, _customers: int) -> None:
        if shared.stop.value:
            raise _Stopped
        shared.progress[day.index] = left

    try:
        return _serve(day, report, ())
    except BaseExceptionGroup as group:
        if _raised(group, _Stopped):
            raise _Stopped from None
        raise


@contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold Ctrl+C back from this thread meanwhile (it comes after). A worker forked meanwhile holds it
    too until it ignores it: else one landing before that would interrupt the worker with a traceback."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: workers are spawned, no fork to guard
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _jobs(jobs: int | None) -> int:
    if jobs is not None:
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, got {jobs}")
        return jobs
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _process_context() -> _Context:
    """How worker processes start. Forked, where the platform forks safely (Linux) and this process has
    one thread (the command line): a copy of this process, ready at once. Else never forked from the
    caller (the compare screen calls from a thread of the app): forked from a fresh server process that
    has imported this module (each comparison after the first in a process starts its workers in
    milliseconds), or spawned where there is none."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    _start_resource_tracker()
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (forkserver and spawn need it) with a real stderr.

    The tracker's process shares our stderr's file descriptor; under Textual ``sys.stderr`` is a
    capture whose ``fileno()`` is -1, which the tracker would pass on and fail to start with.
    """
    try:
        usable = sys.stderr is None or sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = True  # no descriptor at all: the tracker leaves stderr out
    if usable or sys.__stderr__ is None:
        resource_tracker.ensure_running()
        return
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


class _Days:
    """Serve the days of a comparison, here and in worker processes; progress as couples served."""

    def __init__(
        self, days: list[_Day], listeners: dict[int, Sequence[Listener]], on_progress: ProgressCallback | None
    ) -> None:
        self._days = days
        self._listeners = listeners
        self._on_progress = on_progress
        self._total = sum(day.customers for day in days)
        self._progress: Any = [0] * len(days)  # couples left so far, per day (shared with the workers)
        self._served: list[_Served | None] = [None] * len(days)

    def serve(self, jobs: int) -> list[_Served]:
        # Days with listeners run here; the others wherever a core is free, in order of length.
        here = [day for day in self._days if day.index in self._listeners]
        anywhere = sorted((day for day in self._days if day.index not in self._listeners), key=_longest)
        workers = min(jobs - 1, len(anywhere))
        if workers < 1:
            for day in [*here, *anywhere]:
                self._serve_here(day)
        else:
            self._serve_with_workers(here, anywhere, workers)
        self._report()
        return [served for served in self._served if served is not None]

    def _serve_here(self, day: _Day, stop: Any = None) -> None:
        """Serve ``day`` in the calling thread; a set ``stop`` flag stops it (a day failed elsewhere)."""

        def report(left: int, _customers: int) -> None:
            if stop is not None and stop.value:
                raise _Stopped
            self._progress[day.index] = left
            self._report()

        try:
            self._served[day.index] = _serve(day, report, self._listeners.get(day.index, ()))
        except BaseExceptionGroup as group:
            if _raised(group, ComparisonCancelled):
                raise ComparisonCancelled from None
            if _raised(group, _Stopped):
                raise _Stopped from None
            raise
        self._progress[day.index] = day.customers

    def _serve_with_workers(self, here: list[_Day], anywhere: list[_Day], workers: int) -> None:
        """Every process claims its next day of ``anywhere`` from the shared claims until none is left,
        so none waits for another to hand it work. Each worker sends what it served in one message at
        the end. The calling thread serves ``here`` first."""
        context = _process_context()
        shared = _Shared(context, len(self._days))
        self._progress = shared.progress
        receivers: dict[Connection, multiprocessing.process.BaseProcess] = {}
        # A forked worker gets copies of this process's pipes: it closes the read ends (see _let_go).
        # One from a fork server gets only its arguments (these would be pickled as new copies).
        forked = context.get_start_method() == "fork"
        caller = os.getpid() if forked else None
        try:
            for _ in range(workers):
                receiver, sender = context.Pipe(duplex=False)
                inherited = [*receivers, receiver] if forked else []
                args = (anywhere, shared, sender, caller, inherited)
                process = context.Process(target=_work, args=args, daemon=True)
                receivers[receiver] = process
                with _sigint_held():
                    process.start()
                sender.close()  # the worker holds the only copy: its end reads as the worker's end
            try:
                for day in here:
                    self._serve_here(day, shared.stop)
                # The workers claim the longest days first; this thread the shortest, from the other end:
                # where they meet, the last days are short and everyone finishes at about the same time
                # (all at one end, the day counts decide: with 15 alike days, one process serves the
                # 15th alone).
                while (claimed := shared.claim(len(anywhere), back=True)) is not None:
                    self._serve_here(anywhere[claimed], shared.stop)
            except _Stopped:
                pass  # a worker's day failed: its error is raised below
            self._collect(receivers)
        except BaseException:
            shared.stop.value = 1  # the workers stop at their day's next progress report
            raise
        finally:
            for receiver in receivers:
                receiver.close()  # a worker still sending gets an error, which it ignores
            _end(list(receivers.values()))

    def _collect(self, receivers: dict[Connection, multiprocessing.process.BaseProcess]) -> None:
        """Wait for every worker's days, reporting progress meanwhile; raise a worker's error."""
        pending = list(receivers)
        while pending:
            ready = connection.wait(pending, PROGRESS_POLL_S)
            self._report()
            for receiver in ready:
                assert isinstance(receiver, Connection)
                pending.remove(receiver)
                try:
                    served = receiver.recv()
                except EOFError:  # it died without a word (killed, out of memory)
                    process = receivers[receiver]
                    process.join()
                    raise WorkerLost(
                        f"a worker process of the comparison stopped (exit code {process.exitcode})"
                    ) from None
                if isinstance(served, BaseException):
                    raise served
                for index, day in served.items():
                    self._served[index] = day

    def _report(self) -> None:
        if self._on_progress is not None:
            self._on_progress(sum(self._progress), self._total)


def _end(workers: Sequence[multiprocessing.process.BaseProcess]) -> None:
    """Wait for ``workers`` to end, those still running after ``STOP_GRACE_S`` killed: whatever they
    were doing is no longer wanted (they have sent their days, or the comparison stops)."""
    deadline = time.monotonic() + STOP_GRACE_S
    for worker in workers:
        if worker.pid is None:  # never started
            continue
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.exitcode is None:
            worker.kill()
            worker.join()


# Time per couple of each model's day, relative (measured on a day of the default settings: the
# parallel restaurant's couples never sit at a table). Only the order days are claimed in depends on it.
_COST_PER_COUPLE = {Mode.CONCURRENT: 1.0, Mode.PARALLEL: 0.78, Mode.HYBRID: 1.05}


def _longest(day: _Day) -> float:
    return -day.customers * _COST_PER_COUPLE[day.config.mode]


def verdict(models: Sequence[ModelResult]) -> Verdict:
    """Which model keeps couples talking, which keeps them standing, and does parallel win on time.

    "Parallel wins on time" compares the story's two restaurants, parallel against concurrent:
    it does when the cooking is long and there are many cooks to share it (the seed's "cleaning a
    house"). A model that cannot keep up (offered load of 1 or more) is left out of "talking":
    its couples talk only because they wait all day.
    """
    by_mode = {m.mode: m for m in models}
    keeping_up = [m for m in models if m.offered_load < 1] or list(models)
    talking = max(keeping_up, key=lambda m: m.talking_share)
    standing = max(models, key=lambda m: m.standing_s)
    fastest = min(models, key=lambda m: m.wait["mean"])
    text = (
        f"{talking.mode.story_title} keeps couples talking ({talking.talking_share:.0%} of the wait); "
        f"{standing.mode.story_title} keeps them standing ({standing.standing_s:.0f} s each)."
    )
    parallel, concurrent = by_mode.get(Mode.PARALLEL), by_mode.get(Mode.CONCURRENT)
    wins = False
    if parallel is not None and concurrent is not None:
        p, c = parallel.wait["mean"], concurrent.wait["mean"]
        wins = p <= (1 - PARALLEL_WIN_MARGIN) * c
        if wins:
            text += f" Parallel wins on time: {p:.0f} s to burgers vs {c:.0f} s concurrent"
            hybrid = by_mode.get(Mode.HYBRID)
            if hybrid is not None and hybrid.wait["mean"] <= (1 + PARALLEL_WIN_MARGIN) * p:
                text += f"; hybrid is as quick ({hybrid.wait['mean']:.0f} s) and they talk."
            elif hybrid is not None:
                text += f"; hybrid takes {hybrid.wait['mean']:.0f} s, talking."
            else:
                text += "."
        else:
            text += f" Parallel does not win on time: {p:.0f} s to burgers vs {c:.0f} s concurrent."
    overloaded = [m.mode.value for m in models if m.offered_load >= 1]
    if overloaded:
        text += f" {' and '.join(overloaded).capitalize()} cannot keep up: the queue grows all day."
    return Verdict(talking.mode, standing.mode, fastest.mode, wins, text)


def _histogram_edges(waits: Sequence[Summary]) -> list[float]:
    """Shared bins from 0 to the largest p99 of any model (the p99 the comparison reports), so outliers
    do not flatten the plot."""
    top = max((wait.quantile(0.99) for wait in waits), default=0.0)
    top = top if top > 0 else 1.0
    width = top / HISTOGRAM_BINS
    return [i * width for i in range(HISTOGRAM_BINS + 1)]


def _histogram(sketch: QuantileSketch, edges: Sequence[float]) -> list[int]:
    """Couples per bin, each wait counted at its sketch's value for it (within 1 %: a wait that close to
    an edge may be counted in the bin beside its own); beyond the last edge, in the last bin.

    (Every wait kept for exact bins cost 32 MB a model's day of a million couples.)"""
    counts = [0] * (len(edges) - 1)
    width = edges[1] - edges[0]
    for value, count in sketch.counts():
        counts[min(len(counts) - 1, max(0, int(value / width)))] += count
    return counts
