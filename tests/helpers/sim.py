"""Shared helpers for the simulation tests: test restaurants, scripted days, an event log, queueing theory."""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any, TypeVar

from burger_tui.sim import events as ev
from burger_tui.sim.day import open_day
from burger_tui.sim.distributions import parse_distribution
from burger_tui.sim.model import Couple, Mode, RestaurantConfig, Role, planned_staff
from burger_tui.sim.restaurant import Listener, Restaurant
from burger_tui.sim.virtual_loop import run_virtual

E = TypeVar("E", bound=ev.Event)


def known(time: float | None) -> float:
    """A time a record must hold by now (a couple who left has every time): narrowed, or the test fails."""
    assert time is not None, "a time the couple's record should hold by now is missing"
    return time


def restaurant_config(mode: Mode = Mode.CONCURRENT, **overrides: Any) -> RestaurantConfig:
    """A restaurant for tests; distributions may be given as spec strings (``cook_time="exp:45"``)."""
    for name in ("order_time", "cook_time", "eat_time"):
        if isinstance(overrides.get(name), str):
            overrides[name] = parse_distribution(overrides[name])
    return RestaurantConfig(mode=mode, **overrides)


class EventLog:
    """Subscribe it to a restaurant: keeps every event, in order."""

    def __init__(self) -> None:
        self.events: list[ev.Event] = []

    def __call__(self, event: ev.Event) -> None:
        self.events.append(event)

    def of(self, kind: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, kind)]

    def couples(self) -> list[Couple]:
        """Every couple that arrived, in order of arrival."""
        return [e.couple for e in self.of(ev.CoupleArrived)]

    def count_per_couple(self, kind: type[ev.Event]) -> Counter[int]:
        return Counter(e.couple.id for e in self.of(kind))  # type: ignore[attr-defined]

    def by_couple(self) -> dict[int, list[type[ev.Event]]]:
        """The kinds of event each couple went through, in order."""
        seen: dict[int, list[type[ev.Event]]] = defaultdict(list)
        for e in self.events:
            couple = getattr(e, "couple", None)
            if couple is not None:
                seen[couple.id].append(type(e))
        return seen


def serve_day(cfg: RestaurantConfig, customers: int, listener: Listener) -> Restaurant:
    """Serve ``customers`` Poisson arrivals on virtual time, telling ``listener``; return the restaurant."""

    async def day() -> Restaurant:
        async with open_day(cfg, max_arrivals=customers) as restaurant:
            restaurant.subscribe(listener)
            await restaurant.closed.wait()
        return restaurant

    return run_virtual(day)


def erlang_c(servers: int, offered: float) -> float:
    """Probability that an arrival must wait in M/M/c (Erlang C), with ``offered`` = a = lambda / mu < c.

    C(c, a) = (a^c / c! * c / (c - a)) / (sum_{k=0}^{c-1} a^k / k!  +  a^c / c! * c / (c - a))
    """
    assert 0 <= offered < servers
    tail = offered**servers / math.factorial(servers) * servers / (servers - offered)
    head = sum(offered**k / math.factorial(k) for k in range(servers))
    return tail / (head + tail)


def mmc_queue_wait(servers: int, arrival_rate: float, service_rate: float) -> float:
    """Mean wait in queue of M/M/c: Wq = C(c, lambda/mu) / (c mu - lambda); for c = 1: rho / (mu - lambda)."""
    return erlang_c(servers, arrival_rate / service_rate) / (servers * service_rate - arrival_rate)


def fifo_queue_waits(jobs: Iterable[tuple[float, float]], servers: int) -> list[float]:
    """Exact waits of a FIFO queue with ``servers`` servers, for (arrival time, service time) in order.

    A job starts when it has arrived and the earliest-free server is free (Kiefer-Wolfowitz).
    """
    free_at = [0.0] * servers
    waits = []
    for arrival, service in jobs:
        start = max(arrival, heapq.heappop(free_at))
        waits.append(start - arrival)
        heapq.heappush(free_at, start + service)
    return waits


def rel_error(observed: float, expected: float) -> float:
    return abs(observed - expected) / expected


Command = tuple[float, Mode | int]  # (simulated seconds after the previous command, model or cooks)

QUIET_S = 24 * 3600.0  # after arrivals stop: far longer than the longest backlog can last


def busy_config(mode: Mode, seed: int) -> RestaurantConfig:
    # Busy enough that queues form in every model (concurrent cannot keep up at all).
    return restaurant_config(
        mode,
        cooks=3,
        arrival_rate_per_min=4.0,
        order_time="uniform:3:12",
        cook_time="exp:40",
        eat_time="uniform:20:60",
        glance_every=8.0,
        walk_time=4.0,
        seed=seed,
    )


def run_day(
    cfg: RestaurantConfig, script: list[Command], *listeners: Listener
) -> tuple[Restaurant, EventLog]:
    """Play ``script`` while couples arrive, stop arrivals, let the restaurant empty, check it is empty."""

    async def day() -> tuple[Restaurant, EventLog]:
        log = EventLog()
        async with open_day(cfg) as restaurant:
            restaurant.subscribe(log)
            for listener in listeners:
                restaurant.subscribe(listener)
            await restaurant.clock.sleep(60)  # some couples in the restaurant before the first change
            await play(restaurant, script)
            restaurant.set_auto_arrivals(False)
            await restaurant.clock.sleep(QUIET_S)
            assert_restaurant_empty(restaurant)  # while it is still open: staff are still there
        return restaurant, log

    return run_virtual(day)


async def play(restaurant: Restaurant, script: list[Command]) -> None:
    """Switch the model or set the cooks at the script's moments (each delay after the one before)."""
    for delay, command in script:
        await restaurant.clock.sleep(delay)
        if isinstance(command, Mode):
            restaurant.switch_mode(command)
        else:
            restaurant.set_cooks(command)


def assert_restaurant_empty(restaurant: Restaurant) -> None:
    assert restaurant.present == {}
    assert not restaurant.board.line
    assert not restaurant.board.kitchen_queue
    assert restaurant.display.numbers == {}
    # Staff sent home have finished their last job and left; the rest match the current model.
    assert not any(member.off_duty for member in restaurant.staff)
    expected = {role: 0 for role in Role} | planned_staff(restaurant.mode, restaurant.cooks)
    assert restaurant.staff_counts() == expected
