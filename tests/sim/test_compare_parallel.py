"""compare on every core: the same result as one day after another, progress, cancelling, the sweep's
point at the main rate, and worker processes started from a thread under a captured stderr (as the
compare screen starts them)."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from burger_tui import compare_pool
from burger_tui.compare_pool import ComparisonCancelled, compare
from burger_tui.sim import compare as compare_module
from burger_tui.sim import events as ev
from burger_tui.sim.compare import Comparison
from burger_tui.sim.headless import RunReport, run_simulation
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.sim.records import CustomerRecorder

CONFIG = RestaurantConfig(cooks=3, arrival_rate_per_min=1.5, seed=11)
FACTORS = (0.5, 1.0, 1.5)


def without_wall_times(comparison: Comparison) -> str:
    data: dict[str, Any] = comparison.as_dict()
    del data["wall_time_s"]
    for model in data["models"].values():
        del model["report"]["wall_time_s"]
    return json.dumps(data, sort_keys=True)


@pytest.fixture(scope="module")
def one_by_one() -> Comparison:
    return compare(CONFIG, 300, sweep_customers=120, sweep_factors=FACTORS, jobs=1)


@pytest.mark.parametrize("jobs", [2, 3])
def test_worker_processes_give_the_same_comparison_to_the_last_bit(one_by_one: Comparison, jobs: int) -> None:
    seen: list[tuple[int, int]] = []
    parallel = compare(
        CONFIG,
        300,
        sweep_customers=120,
        sweep_factors=FACTORS,
        jobs=jobs,
        on_progress=lambda *p: seen.append(p),
    )
    assert without_wall_times(parallel) == without_wall_times(one_by_one)
    total = 3 * 300 + 3 * 2 * 120  # the points at 1.0 are the main runs
    assert seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_the_sweep_goes_through_the_table_at_the_main_rate(one_by_one: Comparison) -> None:
    for mode in Mode:
        model = one_by_one.model(mode)
        (point,) = [
            p for p in one_by_one.sweep_of(mode) if p.arrival_rate_per_min == CONFIG.arrival_rate_per_min
        ]
        assert point.mean_wait_s == model.wait["mean"]
        assert point.talking_share == model.talking_share
        assert point.offered_load == model.offered_load


def test_days_with_listeners_run_in_the_calling_process_with_workers_for_the_sweep() -> None:
    def records(jobs: int) -> tuple[dict[Mode, list[Any]], str]:
        recorders = {mode: CustomerRecorder() for mode in Mode}
        result = compare(
            CONFIG,
            200,
            sweep_customers=80,
            sweep_factors=FACTORS,
            jobs=jobs,
            listeners=lambda m: [recorders[m]],
        )
        return {mode: recorder.records for mode, recorder in recorders.items()}, without_wall_times(result)

    parallel, parallel_result = records(2)
    alone, alone_result = records(1)
    assert all(len(kept) == 200 for kept in parallel.values())
    assert parallel == alone
    assert parallel_result == alone_result


def test_cancelling_stops_the_workers_too() -> None:
    workers: list[multiprocessing.process.BaseProcess] = []

    def stop(done: int, total: int) -> None:
        if done > 500:
            workers.extend(multiprocessing.active_children())  # at work on their days
            raise ComparisonCancelled

    with pytest.raises(ComparisonCancelled):
        compare(CONFIG, 200_000, sweep_customers=200_000, jobs=2, on_progress=stop)
    # Serving the 2.4 million couples would take minutes; the worker stops at its next progress report
    # and returns on its own (exit 0), not killed after the grace the caller gives it (-SIGKILL).
    assert len(workers) == 1
    assert [worker.exitcode for worker in workers] == [0]
    assert multiprocessing.active_children() == []


def _in_a_worker_first(
    monkeypatch: pytest.MonkeyPatch, fail: Callable[[], None]
) -> Callable[[Mode], list[Callable[[ev.Event], None]]]:
    """Make a worker process's first day ``fail`` while the calling process's days wait for it.

    Workers are forked (they inherit the patched ``run_simulation``); the main days run in the calling
    process (they have listeners), and the first waits until a worker's day has failed, so the failure
    is always a worker's, at a known point."""
    if sys.platform != "linux":
        pytest.skip("workers are forked only on Linux")
    fork = multiprocessing.get_context("fork")
    monkeypatch.setattr(compare_pool, "_process_context", lambda: fork)
    failed = fork.Event()
    caller = os.getpid()

    def run_or_fail(*args: Any) -> RunReport:
        if os.getpid() != caller:
            failed.set()
            fail()
        return run_simulation(*args)

    monkeypatch.setattr(compare_module, "run_simulation", run_or_fail)

    def wait_for_the_failure(_event: ev.Event) -> None:
        assert failed.wait(60), "no worker process served a day"

    return lambda _mode: [wait_for_the_failure]


def test_a_day_that_fails_in_a_worker_fails_the_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> None:
        raise ValueError("the fryer caught fire")

    listeners = _in_a_worker_first(monkeypatch, fail)
    with pytest.raises(ValueError, match="the fryer caught fire"):
        compare(CONFIG, 300, sweep_customers=120, sweep_factors=FACTORS, jobs=2, listeners=listeners)
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_fails_the_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    listeners = _in_a_worker_first(monkeypatch, lambda: os._exit(3))
    with pytest.raises(RuntimeError, match=r"worker process of the comparison stopped \(exit code 3\)"):
        compare(CONFIG, 300, sweep_customers=120, sweep_factors=FACTORS, jobs=2, listeners=listeners)
    assert multiprocessing.active_children() == []


def test_the_caller_and_the_workers_claim_every_day_once_from_both_ends() -> None:
    shared = compare_pool._Shared(compare_pool._process_context(), 5)
    claims = [shared.claim(5), shared.claim(5, back=True), shared.claim(5), shared.claim(5, back=True)]
    assert claims == [0, 4, 1, 3]
    assert shared.claim(5, back=True) == 2
    assert shared.claim(5) is None
    assert shared.claim(5, back=True) is None
    stopping = compare_pool._Shared(compare_pool._process_context(), 5)
    stopping.stop.value = 1
    assert stopping.claim(5) is None


COMPARE_UNDER_A_CAPTURED_STDERR = """
import sys, threading
from burger_tui.compare_pool import compare
from burger_tui.sim.model import RestaurantConfig
from burger_tui.ui.screens.compare import start_resource_tracker

class CapturedStderr:  # what Textual puts in sys.stderr while an app runs: no file descriptor
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1

def run():  # as the compare screen's thread worker does
    start_resource_tracker()
    compare(RestaurantConfig(), 200, sweep_customers=50, sweep_factors=(0.5, 1.0), jobs=2)
    print("compared", file=sys.__stdout__)

sys.stderr = CapturedStderr()
threading.Thread(target=run).start()
"""


def test_the_compare_screen_starts_workers_from_a_thread_while_stderr_is_captured() -> None:
    """The compare screen calls from a thread of the app (workers come from a fork server then, which
    needs multiprocessing's resource tracker): in a fresh interpreter, where nothing started it yet."""
    done = subprocess.run(
        [sys.executable, "-c", COMPARE_UNDER_A_CAPTURED_STDERR], capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "compared\n", "")


def test_jobs_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        compare(CONFIG, 10, jobs=0)
