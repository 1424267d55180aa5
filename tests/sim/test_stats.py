"""Streaming statistics: exact percentiles for a day on screen, then within 1 % in bounded memory; exact
mean and max; sane shares."""

from __future__ import annotations

import math
import random
from collections.abc import Awaitable, Callable

import anyio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from burger_tui.sim.day import open_day
from burger_tui.sim.headless import run_simulation
from burger_tui.sim.model import Mode
from burger_tui.sim.restaurant import Restaurant
from burger_tui.sim.stats import ALPHA, EXACT_UP_TO, FOLD_EVERY, RECENT, QuantileSketch, Summary
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import restaurant_config

QUANTILES = (0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0)


def exact_quantile(ordered: list[float], q: float) -> float:
    """The nearest-rank quantile: the smallest value with at least q of all values at or below it."""
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def assert_quantiles_close(values: list[float]) -> None:
    sketch = QuantileSketch()
    for value in values:
        sketch.add(value)
    ordered = sorted(values)
    for q in QUANTILES:
        exact, estimate = exact_quantile(ordered, q), sketch.quantile(q)
        if exact < 1e-6:
            assert estimate == 0.0, q
        else:
            assert abs(estimate - exact) <= ALPHA * exact * (1 + 1e-9), (q, exact, estimate)


def exponential(rng: random.Random) -> float:
    return rng.expovariate(1 / 45)


def uniform(rng: random.Random) -> float:
    return rng.uniform(10, 20)


def with_zeros(rng: random.Random) -> float:
    return 0.0 if rng.random() < 0.3 else rng.expovariate(1 / 8)


def wide(rng: random.Random) -> float:
    return rng.lognormvariate(0, 4)  # spans many orders of magnitude


@pytest.mark.parametrize("draw", [exponential, uniform, with_zeros, wide], ids=lambda f: f.__name__)
def test_percentiles_within_one_percent(draw: Callable[[random.Random], float]) -> None:
    rng = random.Random(draw.__name__)
    assert_quantiles_close([draw(rng) for _ in range(20_000)])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 1e7, allow_nan=False, allow_infinity=False), min_size=1, max_size=300))
def test_percentiles_within_one_percent_on_any_data(values: list[float]) -> None:
    assert_quantiles_close(values)


@pytest.mark.parametrize("draw", [exponential, with_zeros, wide], ids=lambda f: f.__name__)
def test_counts_stand_each_value_within_one_percent(draw: Callable[[random.Random], float]) -> None:
    """Matched in order, the sketch's counts stand for the sorted values, each within ALPHA of it."""
    rng = random.Random(draw.__name__)
    values = sorted(draw(rng) for _ in range(5_000))
    sketch = QuantileSketch()
    sketch.add_all(values)
    standing = [value for value, count in sketch.counts() for _ in range(count)]
    assert len(standing) == len(values)
    for value, stand in zip(values, standing, strict=True):
        assert stand == 0.0 if value < 1e-6 else abs(stand - value) <= ALPHA * value * (1 + 1e-9)


def test_bucket_count_stays_small() -> None:
    rng = random.Random(1)
    sketch = QuantileSketch()
    smallest = math.inf
    for _ in range(100_000):
        value = rng.expovariate(1 / 45)
        smallest = min(smallest, value)
        sketch.add(value)
    after_1e5 = sketch.buckets
    for _ in range(900_000):
        value = rng.expovariate(1 / 45)
        smallest = min(smallest, value)
        sketch.add(value)
    assert sketch.count == 1_000_000
    # One bucket per factor of gamma = (1 + a) / (1 - a) between the smallest and largest value.
    gamma = (1 + ALPHA) / (1 - ALPHA)
    assert sketch.buckets <= math.log(sketch.quantile(1.0) / smallest) / math.log(gamma) + 3
    # Ten times the values, a handful more buckets (a wider range), never ten times the memory.
    assert after_1e5 < sketch.buckets < after_1e5 + 200
    assert sketch.buckets < 1_000


def test_bucket_count_does_not_grow_with_count_on_a_fixed_range() -> None:
    rng = random.Random(2)
    sketch = QuantileSketch()
    for _ in range(200_000):
        sketch.add(rng.uniform(10, 20))
    assert sketch.buckets <= math.ceil(math.log(2) / math.log((1 + ALPHA) / (1 - ALPHA))) + 1


def test_empty_sketch_and_summary() -> None:
    assert QuantileSketch().quantile(0.5) == 0.0
    summary = Summary()
    assert summary.count == 0
    assert summary.as_dict() == {"mean": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}


def test_summary_mean_and_max_are_exact() -> None:
    rng = random.Random(3)
    values = [rng.expovariate(1 / 30) for _ in range(50_000)] + [0.0] * 100
    summary = Summary()
    for value in values:
        summary.add(value)
    assert summary.count == len(values)
    assert summary.max == max(values)
    assert summary.mean == pytest.approx(math.fsum(values) / len(values), rel=1e-12)
    assert list(summary.recent) == values[-RECENT:]
    result = summary.as_dict()
    assert set(result) == {"mean", "p50", "p95", "p99", "max"}
    assert result["p50"] <= result["p95"] <= result["p99"] <= result["max"] * (1 + ALPHA)


RATE_PER_MIN = 0.8
MEAN_ORDER, MEAN_COOK = 15.0, 45.0


@pytest.fixture(scope="module", params=list(Mode), ids=str)
def report(request: pytest.FixtureRequest) -> tuple[Mode, dict[str, object]]:
    cfg = restaurant_config(
        request.param,
        cooks=4,
        arrival_rate_per_min=RATE_PER_MIN,
        order_time="uniform:10:20",
        cook_time=f"exp:{MEAN_COOK:g}",
        seed=5,
    )
    return request.param, run_simulation(cfg, 3_000).as_dict()


def test_utilization_is_the_offered_load(report: tuple[Mode, dict[str, object]]) -> None:
    mode, result = report
    utilization = result["utilization"]
    assert isinstance(utilization, dict)
    rate = RATE_PER_MIN / 60
    cooks = {Mode.CONCURRENT: 1, Mode.PARALLEL: 4, Mode.HYBRID: 4}[mode]
    cashiers = 4 if mode is Mode.PARALLEL else 1
    assert utilization["cashier"] == pytest.approx(rate * MEAN_ORDER / cashiers, rel=0.1)
    assert utilization["cooks"] == pytest.approx(rate * MEAN_COOK / cooks, rel=0.1)
    assert 0 < utilization["cashier"] + (utilization["cooks"] if mode is Mode.PARALLEL else 0) < 1


def test_talking_share(report: tuple[Mode, dict[str, object]]) -> None:
    mode, result = report
    share = result["talking_share"]
    assert isinstance(share, float)
    if mode is Mode.PARALLEL:
        assert share == 0.0  # blocked at the counter the whole time
    elif mode is Mode.CONCURRENT:
        assert share > 0.6  # most of the wait is at a table, talking
    else:
        assert 0.2 < share < 1.0


def test_throughput_matches_arrivals(report: tuple[Mode, dict[str, object]]) -> None:
    _, result = report
    assert result["served"] == 3_000
    assert result["throughput_per_hour"] == pytest.approx(RATE_PER_MIN * 60, rel=0.05)


@pytest.mark.parametrize("count", [1, 2, 19, 20, FOLD_EVERY + 3, EXACT_UP_TO])
def test_percentiles_are_exact_up_to_a_few_thousand_waits(count: int) -> None:
    """A p95 on screen is a wait that happened: never a second beside the longest, or beyond it (the
    sketch's 1 % put a p95 of 1m45 beside a wait of 1m46s)."""
    rng = random.Random(count)
    values = [rng.expovariate(1 / 60) for _ in range(count)]
    summary = Summary()
    for index, value in enumerate(values):
        summary.add(value)
        if index % 97 == 0:  # read in the middle: later values still count
            summary.quantile(0.5)
    ordered = sorted(values)
    for q in QUANTILES:
        assert summary.quantile(q) == exact_quantile(ordered, q), q
    assert summary.quantile(1.0) == summary.max == max(values)


def test_beyond_a_few_thousand_waits_the_sketch_answers() -> None:
    rng = random.Random(4)
    values = [rng.expovariate(1 / 60) for _ in range(EXACT_UP_TO + FOLD_EVERY)]
    summary, sketch = Summary(), QuantileSketch()
    for value in values:
        summary.add(value)
        sketch.add(value)
    for q in QUANTILES:
        assert summary.quantile(q) == min(max(values), max(min(values), sketch.quantile(q)))


def test_percentiles_stay_within_the_values_seen() -> None:
    summary = Summary()
    summary.add(187.3)
    assert summary.as_dict() == {"mean": 187.3, "p50": 187.3, "p95": 187.3, "p99": 187.3, "max": 187.3}


FIXED_JOBS = {"order_time": "fixed:20", "cook_time": "fixed:100", "eat_time": "fixed:600"}


def _live_day(script: Callable[[Restaurant], Awaitable[None]]) -> None:
    """Run ``script`` against an open restaurant with fixed job times, on virtual time."""

    config = restaurant_config(Mode.CONCURRENT, **FIXED_JOBS)

    async def day() -> None:
        async with open_day(config, auto_arrivals=False) as restaurant:
            await script(restaurant)

    run_virtual(day)


def test_utilization_counts_work_in_progress() -> None:
    async def script(restaurant: Restaurant) -> None:
        restaurant.add_couple()
        await anyio.sleep(30)  # 20 s of ordering done, a 100 s burger 10 s into cooking
        busy = restaurant.utilization()
        assert busy["cashier"] == pytest.approx(20 / 30)
        assert busy["cooks"] == pytest.approx(10 / 30)

    _live_day(script)


def test_waits_are_known_as_soon_as_the_burgers_are_in_hand() -> None:
    async def script(restaurant: Restaurant) -> None:
        assert restaurant.stats.talking_share is None  # nobody has waited: no share, not 0 %
        restaurant.add_couple()
        await anyio.sleep(200)  # burgers in hand, still eating
        stats = restaurant.stats
        assert (stats.served, stats.left) == (1, 0)
        assert stats.waits["order_to_food"].count == 1
        assert stats.waits["order_to_food"].mean == pytest.approx(100)
        assert stats.waits["total"].count == 0
        assert stats.talking_share is not None
        assert 0 < stats.talking_share < 1

    _live_day(script)


def test_a_summary_folded_in_batches_is_the_summary_added_one_by_one() -> None:
    """Values are folded a batch at a time (and at every reading): the totals are the same to the bit."""
    rng = random.Random(8)
    values = [rng.choice([0.0, 1e-9, rng.expovariate(1 / 40)]) for _ in range(3 * FOLD_EVERY + 17)]
    summary, sketch, running_sum = Summary(), QuantileSketch(), 0.0
    for index, value in enumerate(values):
        summary.add(value)
        sketch.add(value)
        running_sum += value
        if index % 101 == 0:  # a reading in the middle of a batch folds it early
            assert summary.count == index + 1
            assert summary.max == max(values[: index + 1])
    assert summary.count == sketch.count == len(values)
    assert summary.mean == running_sum / len(values)  # exactly: the same additions in the same order
    assert (summary.max, summary.min) == (max(values), min(values))
    assert list(summary.recent) == values[-RECENT:]
    for q in QUANTILES:
        assert summary.sketch.quantile(q) == sketch.quantile(q)


def test_the_stretch_busy_shares_are_of_the_running_model_since_it_started() -> None:
    """The screen's busy shares: of the model running now since it started, the work in progress counted;
    keys at one instant that lead back (m m m while paused) leave its stretch where it was."""

    async def script(restaurant: Restaurant) -> None:
        restaurant.add_couple()
        await anyio.sleep(30)  # 20 s of ordering done, a 100 s burger 10 s into cooking
        for mode in (Mode.PARALLEL, Mode.HYBRID, Mode.CONCURRENT):
            restaurant.switch_mode(mode)
        assert restaurant.stats.stretch_since == 0
        assert restaurant.stretch_utilization(30) == restaurant.utilization(30)
        restaurant.switch_mode(Mode.HYBRID)  # Cook 1 stays on with its burger, the others are hired
        await anyio.sleep(40)  # the burger cooks on; nobody orders
        assert restaurant.stats.stretch_since == 30
        busy = restaurant.stretch_utilization(70)
        assert busy["cooks"] == pytest.approx(40 / (40 * restaurant.cooks))  # one of them cooking
        assert busy["cashier"] == 0
        assert restaurant.utilization(70)["cooks"] == pytest.approx(
            50 / (30 + 40 * restaurant.cooks)
        )  # the day's

    _live_day(script)
