"""The comparison: same couples in every model, the same numbers as ``simulate``, and theory."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from burger_tui.compare_pool import ComparisonCancelled, compare
from burger_tui.sim import events as ev
from burger_tui.sim.compare import Comparison, Day, serve_day
from burger_tui.sim.distributions import parse_distribution
from burger_tui.sim.headless import run_simulation
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.sim.records import CustomerRecorder
from burger_tui.sim.stats import ALPHA
from tests.helpers.sim import fifo_queue_waits, known, mmc_queue_wait


def make_config(mode: Mode = Mode.CONCURRENT, **overrides: Any) -> RestaurantConfig:
    for name in ("order_time", "cook_time", "eat_time"):
        if isinstance(overrides.get(name), str):
            overrides[name] = parse_distribution(overrides[name])
    return RestaurantConfig(mode=mode, **overrides)


def _without_wall_time(report: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in report.items() if k != "wall_time_s"}


@pytest.fixture(scope="module")
def small() -> Comparison:
    return compare(make_config(seed=7), 300, sweep_customers=60, sweep_factors=(0.5, 1.0, 2.0))


def test_each_model_reports_what_simulate_reports(small: Comparison) -> None:
    for mode in Mode:
        alone = run_simulation(dataclasses.replace(small.config, mode=mode), small.customers)
        assert _without_wall_time(small.model(mode).report.as_dict()) == _without_wall_time(alone.as_dict())


def test_every_model_serves_the_same_couples() -> None:
    recorders = {mode: CustomerRecorder() for mode in Mode}
    compare(make_config(seed=3), 200, sweep_factors=(), listeners=lambda mode: [recorders[mode]])
    needs = {
        mode: sorted((r.couple, r.arrived_at, r.order_time, r.cook_time, r.eat_time) for r in rec.records)
        for mode, rec in recorders.items()
    }
    assert len(needs[Mode.CONCURRENT]) == 200
    assert needs[Mode.CONCURRENT] == needs[Mode.PARALLEL] == needs[Mode.HYBRID]


def test_shape_and_sweep(small: Comparison) -> None:
    assert [m.mode for m in small.models] == list(Mode)
    assert len(small.histogram_edges) == len(small.models[0].histogram) + 1
    assert all(sum(m.histogram) == small.customers for m in small.models)
    assert len(small.sweep) == 3 * len(Mode)
    for mode in Mode:
        rates = [p.arrival_rate_per_min for p in small.sweep_of(mode)]
        assert rates == pytest.approx([0.5, 1.0, 2.0])
    parallel = small.model(Mode.PARALLEL)
    assert parallel.talking_share == 0
    assert parallel.standing_s == pytest.approx(parallel.wait["mean"])


def test_the_talking_share_is_what_the_table_beside_it_says(small: Comparison) -> None:
    """Regression (issue 24): "talking share 80%" stood beside "standing / couple 21.7" in a "wait mean 234.4"
    (91 % talking): a mean of each couple's share beside a ratio of means. The share is the couples' time
    talking over their time waiting, so a reader gets it from the table's two means."""
    talked = [m for m in small.models if m.talking_share > 0]
    assert {m.mode for m in talked} == {Mode.CONCURRENT, Mode.HYBRID}
    for model in small.models:
        assert model.talking_share == pytest.approx(1 - model.standing_s / model.wait["mean"], abs=1e-9)
        assert model.as_dict()["talking_share"] == model.talking_share == model.report.talking_share


def test_the_histogram_counts_each_wait_in_its_bin_unless_within_1_percent_of_an_edge() -> None:
    """The histogram comes from each day's sketch: a wait counts at a value within ``ALPHA`` of it, so
    the share at or below an edge is exact but for the waits that close to the edge. The bins end at
    the largest p99 the comparison reports."""
    waits: dict[Mode, list[float]] = {mode: [] for mode in Mode}

    def keep(mode: Mode) -> list[Callable[[ev.Event], None]]:
        def wait(event: ev.Event) -> None:
            if isinstance(event, ev.CoupleLeft):
                assert event.couple.picked_up_at is not None
                waits[mode].append(event.couple.picked_up_at - event.couple.arrived_at)

        return [wait]

    result = compare(make_config(seed=5), 2000, sweep_factors=(), listeners=keep)
    edges = result.histogram_edges
    assert edges[-1] == max(model.wait["p99"] for model in result.models)
    for model in result.models:
        assert sum(model.histogram) == len(waits[model.mode]) == 2000
        below = 0
        for edge, count in zip(edges[1:-1], model.histogram, strict=False):
            below += count
            surely = sum(wait < edge / (1 + ALPHA) for wait in waits[model.mode])
            maybe = sum(wait < edge / (1 - ALPHA) for wait in waits[model.mode])
            assert surely <= below <= maybe, (model.mode, edge)


def test_a_day_sends_the_same_few_bytes_however_many_couples() -> None:
    """What a worker sends of a day (and what a main day keeps) is bounded: no wait kept per couple
    (a million couples' waits cost 32 MB a day)."""
    sizes = [len(pickle.dumps(serve_day(Day(0, make_config(), n, True), None, ()))) for n in (1_000, 10_000)]
    assert sizes[1] < 1.5 * sizes[0], sizes


def test_progress_counts_up_to_the_total_and_cancels() -> None:
    seen: list[tuple[int, int]] = []
    compare(
        make_config(),
        50,
        sweep_customers=20,
        sweep_factors=(0.5, 1.0),  # the point at 1.0 is the main run: no couples of its own
        on_progress=lambda d, t: seen.append((d, t)),
    )
    assert seen[-1] == (3 * (50 + 20), 3 * (50 + 20))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    def stop(done: int, total: int) -> None:
        if done > 10:
            raise ComparisonCancelled

    with pytest.raises(ComparisonCancelled):
        compare(make_config(), 500, on_progress=stop)


def test_hybrid_kitchen_is_mmc() -> None:
    """Instant ordering: the hybrid kitchen queue is M/M/c.

    Exact: every couple waits what a FIFO c-server queue gives the same tickets. Statistical: the
    mean wait is Erlang C's at the rates the day drew (pinned seed; tests/sim/test_queueing.py
    measures the noise of such a day).
    """
    servers, load, mean_cook = 3, 0.6, 60.0
    rate_per_s = load * servers / mean_cook
    cfg = make_config(
        Mode.HYBRID,
        cooks=servers,
        arrival_rate_per_min=rate_per_s * 60,
        order_time="fixed:0",
        cook_time=f"exp:{mean_cook:g}",
        eat_time="fixed:0",
        walk_time=0.0,
        seed=11,
    )
    recorder = CustomerRecorder()
    report = run_simulation(cfg, 15_000, listeners=[recorder])
    tickets = sorted(recorder.records, key=lambda r: r.turn_number or 0)
    waits = [known(r.cook_started_at) - known(r.ordered_at) for r in tickets]
    exact = fifo_queue_waits(((known(r.ordered_at), r.cook_time) for r in tickets), servers)
    assert waits == pytest.approx(exact, abs=1e-6)
    observed = sum(waits) / len(waits)
    assert report.waits["kitchen_queue"]["mean"] == pytest.approx(observed)
    drawn_arrival = len(tickets) / max(r.arrived_at for r in tickets)
    drawn_service = len(tickets) / sum(r.cook_time for r in tickets)
    expected = mmc_queue_wait(servers, drawn_arrival, drawn_service)
    assert abs(observed - expected) / expected < 0.15
