"""compare on every core: the same result as one day after another, progress, cancelling, the sweep's
point at the main rate, and worker processes started from a thread under a captured stderr."""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Any

import pytest

from burger_tui.sim.compare import Comparison, ComparisonCancelled, compare
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
    def stop(done: int, total: int) -> None:
        if done > 500:
            raise ComparisonCancelled

    started = time.perf_counter()
    with pytest.raises(ComparisonCancelled):
        compare(CONFIG, 200_000, sweep_customers=200_000, jobs=2, on_progress=stop)
    # Serving the 2.4 million couples would take minutes; the workers stop at their next progress report.
    assert time.perf_counter() - started < 30


class _CapturedStderr:
    """What Textual puts in sys.stderr while an app runs: writable, without a file descriptor."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        return -1


def test_workers_start_from_a_thread_while_stderr_is_captured(
    one_by_one: Comparison, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The compare screen calls from a thread of the app (workers are never forked from it then)."""
    monkeypatch.setattr(sys, "stderr", _CapturedStderr())
    results: list[Comparison | BaseException] = []

    def run() -> None:
        try:
            results.append(compare(CONFIG, 300, sweep_customers=120, sweep_factors=FACTORS, jobs=2))
        except BaseException as error:  # reported by the assertion below
            results.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    (result,) = results
    assert isinstance(result, Comparison), result
    assert without_wall_times(result) == without_wall_times(one_by_one)


def test_jobs_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        compare(CONFIG, 10, jobs=0)
