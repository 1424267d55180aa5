"""The benchmark's two models in Ciw (a queueing-network library built for this), as a second yardstick.

Each is a network of two nodes: the queue the model is about (``cooks`` cashier-cooks, or the one
cook), then a node with a server for everyone (eating; in concurrent also the glance at the display
and the walk to the counter, as a uniform delay: Ciw has no display to glance at). Ciw draws from its
own random streams, so its waits agree with the others statistically, not to the last digit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ciw

from burger_tui.sim.model import RestaurantConfig


@dataclass
class CiwWaits:
    left: int
    mean_queue_wait: float  # at the first node: the line (parallel) or the kitchen queue (concurrent)


def _run(network: ciw.Network, customers: int, seed: int) -> CiwWaits:
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_customers(customers, method="Finish")
    records = simulation.get_all_records()
    queued = [record.waiting_time for record in records if record.node == 1]
    return CiwWaits(sum(record.node == 2 for record in records), sum(queued) / len(queued))


def parallel(config: RestaurantConfig, customers: int) -> CiwWaits:
    """M/M/c, then eating (orders take no time in the benchmark)."""
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=config.arrival_rate_per_min / 60), None],
        service_distributions=[
            ciw.dists.Exponential(rate=1 / config.cook_time.mean),
            ciw.dists.Deterministic(value=config.eat_time.mean),
        ],
        number_of_servers=[config.cooks, math.inf],
        routing=[[0.0, 1.0], [0.0, 0.0]],
    )
    return _run(network, customers, config.seed)


def concurrent(config: RestaurantConfig, customers: int) -> CiwWaits:
    """M/M/1 (the cook), then glance, walk and eat as one uniform delay."""
    after = config.walk_time + config.eat_time.mean
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=config.arrival_rate_per_min / 60), None],
        service_distributions=[
            ciw.dists.Exponential(rate=1 / config.cook_time.mean),
            ciw.dists.Uniform(lower=after, upper=after + config.glance_every),
        ],
        number_of_servers=[1, math.inf],
        routing=[[0.0, 1.0], [0.0, 0.0]],
    )
    return _run(network, customers, config.seed)
