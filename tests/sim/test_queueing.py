"""Queueing theory: with instant ordering and exponential cooking, the waits are those of M/M/c.

* concurrent: one cook behind the kitchen queue, M/M/1: Wq = rho / (mu - lambda);
* parallel: c cashier-cooks behind the line, M/M/c (Erlang C);
* hybrid: one (instant) cashier, c cooks behind the kitchen queue, M/M/c.

Each model serves one long seeded day. Two checks per model:

1. the mean wait matches theory. Theory is evaluated at the rates the day actually drew (arrivals
   per second, cooking seconds per couple), which removes the noise of the draws themselves; what is
   left is the queue's own fluctuation, about 2 % (one standard deviation) at these sizes, measured
   over 60 seeds of the same queue, so the 6 % tolerance holds at about three standard deviations;
2. every couple's wait equals, to rounding, the wait an exact FIFO c-server queue gives the same
   arrivals and cooking times, which holds for any seed and any size.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from burger_tui.sim.model import Mode
from burger_tui.sim.records import CustomerRecord, CustomerRecorder
from burger_tui.sim.restaurant import Restaurant
from tests.helpers.sim import (
    erlang_c,
    fifo_queue_waits,
    known,
    mmc_queue_wait,
    rel_error,
    restaurant_config,
    serve_day,
)

MEAN_COOK_S = 45.0
TOLERANCE = 0.06


@dataclass(frozen=True)
class Case:
    mode: Mode
    servers: int
    load: float  # rho = lambda / (c mu)
    customers: int

    @property
    def arrival_rate_per_s(self) -> float:
        return self.load * self.servers / MEAN_COOK_S

    @property
    def queue(self) -> str:
        """The wait that is the M/M/c queue: the line in parallel, the kitchen queue otherwise."""
        return "line" if self.mode is Mode.PARALLEL else "kitchen_queue"


CASES = [
    Case(Mode.CONCURRENT, servers=1, load=0.5, customers=40_000),
    Case(Mode.PARALLEL, servers=2, load=0.6, customers=60_000),
    Case(Mode.HYBRID, servers=2, load=0.6, customers=60_000),
]


@dataclass(frozen=True)
class Day:
    case: Case
    restaurant: Restaurant
    visits: list[CustomerRecord]  # in order of leaving

    def _in_queue_order(self) -> list[CustomerRecord]:
        # Parallel: the line, in order of arrival; otherwise the kitchen queue, by turn number.
        if self.case.mode is Mode.PARALLEL:
            return sorted(self.visits, key=lambda v: v.couple)
        return sorted(self.visits, key=lambda v: v.turn_number or 0)

    def queue_jobs(self) -> list[tuple[float, float]]:
        """(time the couple joined the queue, its cooking time), in the queue's FIFO order."""
        if self.case.mode is Mode.PARALLEL:
            return [(v.arrived_at, v.cook_time) for v in self._in_queue_order()]
        return [(known(v.ordered_at), v.cook_time) for v in self._in_queue_order()]

    def queue_waits(self) -> list[float]:
        """What the restaurant made each couple wait in the queue, in the same order."""
        if self.case.mode is Mode.PARALLEL:
            return [known(v.order_started_at) - v.arrived_at for v in self._in_queue_order()]
        return [known(v.cook_started_at) - known(v.ordered_at) for v in self._in_queue_order()]

    def drawn_rates(self) -> tuple[float, float]:
        """(arrivals per second, couples cooked per cook-second) that this day actually drew."""
        last_arrival = max(v.arrived_at for v in self.visits)
        cooking = sum(v.cook_time for v in self.visits)
        return len(self.visits) / last_arrival, len(self.visits) / cooking


@pytest.fixture(scope="module", params=CASES, ids=[c.mode.value for c in CASES])
def day(request: pytest.FixtureRequest) -> Day:
    case: Case = request.param
    cfg = restaurant_config(
        case.mode,
        cooks=case.servers,
        arrival_rate_per_min=case.arrival_rate_per_s * 60,
        order_time="fixed:0",
        cook_time=f"exp:{MEAN_COOK_S:g}",
        eat_time="fixed:0",
        walk_time=0.0,
        seed=1,
    )
    recorder = CustomerRecorder()
    restaurant = serve_day(cfg, case.customers, recorder)
    return Day(case, restaurant, recorder.records)


def test_erlang_c_helper_matches_closed_forms() -> None:
    # M/M/1: C = rho and Wq = rho / (mu - lambda); M/M/2: C = 2 rho^2 / (1 + rho).
    assert erlang_c(1, 0.7) == pytest.approx(0.7)
    assert mmc_queue_wait(1, 0.7, 1.0) == pytest.approx(0.7 / 0.3)
    assert erlang_c(2, 1.2) == pytest.approx(2 * 0.6**2 / 1.6)
    # More servers at the same load: fewer wait.
    assert erlang_c(8, 0.6 * 8) < erlang_c(2, 0.6 * 2) < erlang_c(1, 0.6)


def test_every_couple_is_served(day: Day) -> None:
    assert len(day.visits) == day.case.customers
    assert day.restaurant.stats.left == day.case.customers


def test_the_day_draws_the_configured_rates(day: Day) -> None:
    arrival_rate, service_rate = day.drawn_rates()
    assert rel_error(arrival_rate, day.case.arrival_rate_per_s) < 0.02
    assert rel_error(service_rate, 1 / MEAN_COOK_S) < 0.02


def test_mean_wait_matches_mmc(day: Day) -> None:
    arrival_rate, service_rate = day.drawn_rates()
    expected = mmc_queue_wait(day.case.servers, arrival_rate, service_rate)
    observed = day.restaurant.stats.waits[day.case.queue].mean
    assert rel_error(observed, expected) < TOLERANCE, (observed, expected)


def test_share_that_waits_matches_erlang_c(day: Day) -> None:
    arrival_rate, service_rate = day.drawn_rates()
    expected = erlang_c(day.case.servers, arrival_rate / service_rate)
    waited = sum(1 for w in day.queue_waits() if w > 1e-9) / len(day.visits)
    assert waited == pytest.approx(expected, abs=0.02)


def test_waits_are_exactly_those_of_a_fifo_queue(day: Day) -> None:
    expected = fifo_queue_waits(day.queue_jobs(), day.case.servers)
    assert day.queue_waits() == pytest.approx(expected, abs=1e-6)


def test_ordering_is_instant(day: Day) -> None:
    # With fixed:0 ordering nobody queues at the cashier in the kitchen models, and nobody
    # waits for a cook after ordering in parallel (the cashier-cook who took it cooks it).
    other = "kitchen_queue" if day.case.mode is Mode.PARALLEL else "line"
    assert day.restaurant.stats.waits[other].max == 0.0
