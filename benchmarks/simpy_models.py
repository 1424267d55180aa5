"""The restaurant's two models written idiomatically in SimPy, as the yardstick for speed.

They draw the same random numbers in the same order as ``burger_tui.sim`` (one stream for
arrivals, one for each couple's demand), so for a seed both engines see the same couples and
the mean waits agree to rounding, not only statistically. Like our ``VirtualClock``, a
zero-length job (``fixed:0`` ordering) takes no event.
"""

from __future__ import annotations

import random
from collections.abc import Generator
from dataclasses import dataclass, field
from math import ceil
from typing import Any

import simpy

from burger_tui.sim.model import RestaurantConfig

Process = Generator[simpy.Event, Any, None]


@dataclass
class Waits:
    """Sums of the waits we compare, in simulated seconds."""

    customers: int
    line: float = 0.0
    kitchen_queue: float = 0.0
    total: float = 0.0
    left: int = 0
    sim_time_s: float = 0.0
    done: simpy.Event | None = field(default=None, repr=False)

    def mean(self, name: str) -> float:
        value: float = getattr(self, name)
        return value / self.left if self.left else 0.0

    def leave(
        self,
        env: simpy.Environment,
        arrived: float,
        order_started: float,
        cook_started: float,
        ordered: float,
    ) -> None:
        self.line += order_started - arrived
        self.kitchen_queue += cook_started - ordered
        self.total += env.now - arrived
        self.left += 1
        if self.left == self.customers:
            assert self.done is not None
            self.done.succeed()


def _street(env: simpy.Environment, config: RestaurantConfig, customers: int, couple: Any) -> Process:
    arrivals = random.Random(f"{config.seed}:arrivals")
    demands = random.Random(f"{config.seed}:demands")
    rate_per_s = config.arrival_rate_per_min / 60
    for _ in range(customers):
        yield env.timeout(arrivals.expovariate(rate_per_s))
        demand = (
            config.order_time.sample(demands),
            config.cook_time.sample(demands),
            config.eat_time.sample(demands),
            demands.uniform(0, config.glance_every),
        )
        env.process(couple(*demand))


def parallel(config: RestaurantConfig, customers: int) -> Waits:
    """M/M/c: ``cooks`` cashier-cooks; the couple stands at the counter until handed the burgers."""
    env = simpy.Environment()
    counter = simpy.Resource(env, capacity=config.cooks)
    waits = Waits(customers, done=env.event())

    def couple(order_time: float, cook_time: float, eat_time: float, _glance_offset: float) -> Process:
        arrived = env.now
        with counter.request() as cashier_cook:
            yield cashier_cook
            order_started = env.now
            if order_time:
                yield env.timeout(order_time)
            ordered = env.now
            yield env.timeout(cook_time)
        yield env.timeout(eat_time)
        waits.leave(env, arrived, order_started, ordered, ordered)

    env.process(_street(env, config, customers, couple))
    env.run(until=waits.done)
    waits.sim_time_s = env.now
    return waits


def concurrent(config: RestaurantConfig, customers: int) -> Waits:
    """One cashier hands out turn numbers, one cook; couples talk at a table and glance at the display."""
    env = simpy.Environment()
    cashier = simpy.Resource(env, capacity=1)
    kitchen_queue: simpy.Store = simpy.Store(env)
    waits = Waits(customers, done=env.event())

    def cook() -> Process:
        while True:
            cook_time, started, ready = yield kitchen_queue.get()
            started.append(env.now)
            yield env.timeout(cook_time)
            ready.succeed()

    def couple(order_time: float, cook_time: float, eat_time: float, glance_offset: float) -> Process:
        arrived = env.now
        with cashier.request() as turn:
            yield turn
            order_started = env.now
            if order_time:
                yield env.timeout(order_time)
        ordered = env.now
        ready = env.event()
        cook_started: list[float] = []
        kitchen_queue.put((cook_time, cook_started, ready))
        yield ready
        # Notice the number at the next glance, walk to the counter, eat.
        first = ordered + glance_offset
        glances = max(0, ceil((env.now - first) / config.glance_every))
        until_glance = first + glances * config.glance_every - env.now
        if until_glance > 0:
            yield env.timeout(until_glance)
        yield env.timeout(config.walk_time)
        yield env.timeout(eat_time)
        waits.leave(env, arrived, order_started, cook_started[0], ordered)

    env.process(cook())
    env.process(_street(env, config, customers, couple))
    env.run(until=waits.done)
    waits.sim_time_s = env.now
    return waits
