"""Run a comparison's days on every core: the seed's "cleaning a house" lesson applied to the product.

The days are independent (:class:`~burger_tui.sim.compare.Plan`), so they run in the calling thread
and in worker processes at once: each process claims its next day until none is left (see
:func:`compare`). Each day is the same seeded run wherever it runs, so the result is the same as one
after another in one process, to the last bit.

This is process plumbing, not simulation: it lives outside ``sim/``, which knows nothing of processes
that die with their parent, pipes, signals or start methods.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from multiprocessing import connection
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, TypeAlias

from burger_tui.parent_death import die_with_parent
from burger_tui.sigint_held import sigint_held
from burger_tui.sim.compare import Comparison, Day, Plan, Served, serve_day
from burger_tui.sim.limits import DEFAULT_COMPARE_CUSTOMERS, DEFAULT_SWEEP_CUSTOMERS, SWEEP_FACTORS
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.sim.restaurant import Listener
from burger_tui.sim.virtual_loop import VirtualTimeEventLoop

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext, ForkServerContext, SpawnContext

    _Context: TypeAlias = ForkContext | ForkServerContext | SpawnContext

# How often the calling thread reads progress and listens for the workers, waiting for them or serving
# a day of its own: a worker that died (killed, out of memory) stops the comparison within this.
LISTEN_EVERY_S = 0.05
STOP_GRACE_S = 1.0  # after the last message (or the stop flag), a worker gets this long to end, then SIGKILL

ProgressCallback = Callable[[int, int], None]  # (couples done, couples in the whole comparison)


class ComparisonCancelled(Exception):
    """Raise it from the progress callback to stop a comparison between two progress reports."""


class WorkerLost(RuntimeError):
    """A worker process died before sending its days (killed, or out of memory); the message is one line."""


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
    with ``if __name__ == "__main__":`` (worker processes import the main module). A worker that dies
    stops the comparison with :class:`WorkerLost`.
    """
    # The virtual loop checks this Python's asyncio as it is made: here, before any worker starts, so an
    # unsupported Python is one line and no process (and the same line whichever process would serve).
    VirtualTimeEventLoop().close()
    started = time.perf_counter()
    plan = Plan.of(config, customers, sweep_customers, sweep_factors)
    extra = {day.index: listeners(day.config.mode) for day in plan.days if day.main} if listeners else {}
    served = _Days(list(plan.days), extra, on_progress).serve(_jobs(jobs))
    return plan.results(served, time.perf_counter() - started)


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
    order: Sequence[Day],
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
    served: dict[int, Served] = {}
    message: dict[int, Served] | BaseException = served
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


def _serve_in_worker(day: Day, shared: _Shared) -> Served:
    """A day in a worker process: progress into the shared array, stopped by the shared flag."""

    def report(left: int, _customers: int) -> None:
        if shared.stop.value:
            raise _Stopped
        shared.progress[day.index] = left

    try:
        return serve_day(day, report, ())
    except BaseExceptionGroup as group:
        if _raised(group, _Stopped):
            raise _Stopped from None
        raise


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
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


class _Days:
    """Serve the days of a comparison, here and in worker processes; progress as couples served."""

    def __init__(
        self, days: list[Day], listeners: dict[int, Sequence[Listener]], on_progress: ProgressCallback | None
    ) -> None:
        self._days = days
        self._listeners = listeners
        self._on_progress = on_progress
        self._total = sum(day.customers for day in days)
        self._progress: Any = [0] * len(days)  # couples left so far, per day (shared with the workers)
        self._served: list[Served | None] = [None] * len(days)
        self._shared: _Shared | None = None  # with workers
        self._workers: dict[Connection, BaseProcess] = {}  # by the read end of each one's results pipe
        self._waiting: list[Connection] = []  # the workers whose message has not come yet
        self._failed: BaseException | None = None  # the first error a worker sent, or its death
        self._next_listen = 0.0

    def serve(self, jobs: int) -> list[Served]:
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

    def _serve_here(self, day: Day) -> None:
        """Serve ``day`` in the calling thread, listening for the workers meanwhile: it stops when the
        comparison does (a worker failed or died)."""

        def report(left: int, _customers: int) -> None:
            if self._waiting and (now := time.monotonic()) >= self._next_listen:
                self._next_listen = now + LISTEN_EVERY_S
                self._listen(0.0)
            if self._shared is not None and self._shared.stop.value:
                raise _Stopped
            self._progress[day.index] = left
            self._report()

        try:
            self._served[day.index] = serve_day(day, report, self._listeners.get(day.index, ()))
        except BaseExceptionGroup as group:
            if _raised(group, ComparisonCancelled):
                raise ComparisonCancelled from None
            if _raised(group, _Stopped):
                raise _Stopped from None
            raise
        self._progress[day.index] = day.customers

    def _serve_with_workers(self, here: list[Day], anywhere: list[Day], workers: int) -> None:
        """Every process claims its next day of ``anywhere`` from the shared claims until none is left,
        so none waits for another to hand it work. Each worker sends what it served in one message at
        the end. The calling thread serves ``here`` first."""
        context = _process_context()
        shared = self._shared = _Shared(context, len(self._days))
        self._progress = shared.progress
        # A forked worker gets copies of this process's pipes: it closes the read ends (see _let_go).
        # One from a fork server gets only its arguments (these would be pickled as new copies).
        forked = context.get_start_method() == "fork"
        caller = os.getpid() if forked else None
        try:
            for _ in range(workers):
                receiver, sender = context.Pipe(duplex=False)
                inherited = [*self._workers, receiver] if forked else []
                args = (anywhere, shared, sender, caller, inherited)
                process = context.Process(target=_work, args=args, daemon=True)
                self._workers[receiver] = process
                # A worker forked meanwhile holds Ctrl+C back too, until it ignores it: else one landing
                # before that would interrupt the worker with a traceback.
                with sigint_held():
                    process.start()
                self._waiting.append(receiver)
                sender.close()  # the worker holds the only copy: its end reads as the worker's end
            try:
                for day in here:
                    self._serve_here(day)
                # The workers claim the longest days first; this thread the shortest, from the other end:
                # where they meet, the last days are short and everyone finishes at about the same time
                # (all at one end, the day counts decide: with 15 alike days, one process serves the
                # 15th alone).
                while (claimed := shared.claim(len(anywhere), back=True)) is not None:
                    self._serve_here(anywhere[claimed])
            except _Stopped:
                pass  # a worker's day failed: its error is raised below
            while self._waiting and self._failed is None:
                self._listen(LISTEN_EVERY_S)
                self._report()
            if self._failed is not None:
                raise self._failed
        except BaseException:
            shared.stop.value = 1  # the workers stop at their day's next progress report
            raise
        finally:
            for receiver in self._workers:
                receiver.close()  # a worker still sending gets an error, which it ignores
            _end(list(self._workers.values()))

    def _listen(self, timeout: float) -> None:
        """Take what workers have sent within ``timeout``: their days, or what stops the comparison (an
        error a worker sent, or its death: each is kept to raise, and every day stops)."""
        for receiver in connection.wait(self._waiting, timeout):
            assert isinstance(receiver, Connection)
            self._waiting.remove(receiver)
            try:
                served = receiver.recv()
            except EOFError:  # it died without a word (killed, out of memory)
                process = self._workers[receiver]
                process.join()
                served = WorkerLost(
                    f"a worker process of the comparison stopped (exit code {process.exitcode})"
                )
            if isinstance(served, BaseException):
                assert self._shared is not None
                self._shared.stop.value = 1
                self._failed = self._failed or served
                continue
            for index, day in served.items():
                self._served[index] = day

    def _report(self) -> None:
        if self._on_progress is not None:
            self._on_progress(sum(self._progress), self._total)


def _end(workers: Sequence[BaseProcess]) -> None:
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


def _longest(day: Day) -> float:
    return -day.customers * _COST_PER_COUPLE[day.config.mode]
