"""The floor of our design: the benchmark's two models with every actor an anyio task and no model.

What ``burger_tui.sim`` cannot go below while every actor is a real anyio task in one task group on
our virtual-time loop: the street starts a task per couple; the staff (cashier-cooks; or a cashier, a
cook and the counter display) are tasks that wait for work handed to them; a couple waits for one
signal (burgers ready); every timed wait is a future in the loop's timer heap
(``VirtualTimeEventLoop.wake_at``, as ``VirtualClock`` sleeps). Nothing else: no phases, no
statistics but three sums, no events for observers, no live switches, zero-length orders skipped (as
SimPy's models skip them). Two hand-off primitives: ``anyio.Event`` and bare asyncio futures. The
random draws are the model's (same streams, same order), so the mean waits match to the last digit.
"""

from __future__ import annotations

import asyncio
import math
import random
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import anyio

from burger_tui.sim.model import RestaurantConfig
from burger_tui.sim.virtual_loop import VirtualTimeEventLoop, run_virtual


@dataclass
class FloorWaits:
    """Sums of the waits the benchmark compares (simulated seconds)."""

    left: int = 0
    queue: float = 0.0  # line (parallel) or kitchen queue (concurrent)
    total: float = 0.0
    sim_time_s: float = 0.0

    def mean(self, name: str) -> float:
        value: float = getattr(self, name)
        return value / self.left if self.left else 0.0


@dataclass(frozen=True)
class Primitive:
    """A one-shot hand-off: make one, set it, wait for it."""

    make: Callable[[], Any]
    set: Callable[[Any], None]
    wait: Callable[[Any], Awaitable[Any]]


def _anyio_events() -> Primitive:
    return Primitive(anyio.Event, lambda event: event.set(), lambda event: event.wait())


def _futures() -> Primitive:
    loop = asyncio.get_running_loop()
    return Primitive(loop.create_future, lambda future: future.set_result(None), lambda future: future)


PRIMITIVES: dict[str, Callable[[], Primitive]] = {"anyio.Event": _anyio_events, "futures": _futures}


class _Staff:
    """A queue of jobs for one kind of staff, and the staff idle for lack of one (each a signal)."""

    __slots__ = ("idle", "jobs", "primitive")

    def __init__(self, primitive: Primitive) -> None:
        self.primitive = primitive
        self.jobs: deque[list[Any]] = deque()
        self.idle: deque[list[Any]] = deque()  # [signal, job handed over]

    def hand(self, job: list[Any]) -> None:
        """New work goes straight to the longest idle member, or waits in the queue."""
        if self.idle:
            waiting = self.idle.popleft()
            waiting[1] = job
            self.primitive.set(waiting[0])
        else:
            self.jobs.append(job)

    async def next_job(self) -> list[Any]:
        if self.jobs:
            return self.jobs.popleft()
        waiting = [self.primitive.make(), None]
        self.idle.append(waiting)
        await self.primitive.wait(waiting[0])
        job: list[Any] = waiting[1]
        return job


async def _day(
    config: RestaurantConfig, customers: int, primitive_name: str, concurrent: bool, wakes: int
) -> FloorWaits:
    """The day with the model's actors: the street, the couples, and the cashier-cooks (parallel) or the
    cashier, the cook and the counter display (concurrent). A couple is handed two signals, order taken
    and burgers ready; with ``wakes=2`` it waits for both (the design's hand-offs, as the issue measured
    its floor), with ``wakes=1`` only for the burgers."""
    loop = asyncio.get_running_loop()
    assert isinstance(loop, VirtualTimeEventLoop)
    wake_at, now = loop.wake_at, loop.time
    p = PRIMITIVES[primitive_name]()
    make, set_, wait = p.make, p.set, p.wait
    waits = FloorWaits()
    done = anyio.Event()
    every, walk = config.glance_every, config.walk_time
    line, kitchen, display = _Staff(p), _Staff(p), _Staff(p)

    async def cashier_cook() -> None:  # parallel: takes the order (zero-length: skipped), cooks
        while True:
            job = await line.next_job()
            job[2] = now()
            set_(job[4])  # standing at the counter
            await wake_at(now() + job[0])
            set_(job[1])

    async def cashier() -> None:  # concurrent: takes the order (skipped), hands a number, a ticket
        while True:
            job = await line.next_job()
            job[3] = now()
            set_(job[4])  # a turn number
            kitchen.hand(job)

    async def cook() -> None:
        while True:
            job = await kitchen.next_job()
            job[2] = now()
            await wake_at(now() + job[0])
            display.hand(job)

    async def counter_display() -> None:
        while True:
            job = await display.next_job()
            set_(job[1])

    async def couple(cook_time: float, eat_time: float, glance_offset: float) -> None:
        arrived = now()
        # cook time, burgers ready, cooking started (parallel: order started), order taken (concurrent),
        # order taken (the signal)
        job = [cook_time, make(), 0.0, 0.0, make()]
        line.hand(job)
        if wakes == 2:
            await wait(job[4])
        await wait(job[1])
        if concurrent:  # notice the number at the next glance, then walk to the counter
            first = job[3] + glance_offset
            glance = first + max(0, math.ceil((now() - first) / every)) * every
            if glance > now():
                await wake_at(glance)
            await wake_at(now() + walk)
            waits.queue += job[2] - job[3]
        else:
            waits.queue += job[2] - arrived
        await wake_at(now() + eat_time)
        waits.total += now() - arrived
        waits.left += 1
        if waits.left == customers:
            done.set()

    async def street() -> None:
        arrivals = random.Random(f"{config.seed}:arrivals")
        demands = random.Random(f"{config.seed}:demands")
        rate_per_s = config.arrival_rate_per_min / 60
        cfg = config
        for _ in range(customers):
            await wake_at(now() + arrivals.expovariate(rate_per_s))
            cfg.order_time.sample(demands)  # drawn as the model draws it, never waited for (fixed:0)
            cook_time, eat_time = cfg.cook_time.sample(demands), cfg.eat_time.sample(demands)
            tg.start_soon(couple, cook_time, eat_time, demands.uniform(0, every))

    async with anyio.create_task_group() as tg:
        if concurrent:
            for actor in (cashier, cook, counter_display):
                tg.start_soon(actor)
        else:
            for _ in range(config.cooks):
                tg.start_soon(cashier_cook)
        tg.start_soon(street)
        await done.wait()
        tg.cancel_scope.cancel()
    waits.sim_time_s = now()
    return waits


def parallel(config: RestaurantConfig, customers: int, primitive: str, wakes: int = 2) -> FloorWaits:
    """M/M/c: ``cooks`` cashier-cooks, each couple waits for its burgers, then eats."""
    return run_virtual(_day, config, customers, primitive, False, wakes)


def concurrent(config: RestaurantConfig, customers: int, primitive: str, wakes: int = 2) -> FloorWaits:
    """One cook; each couple waits for its number, glances, walks to the counter, eats."""
    return run_virtual(_day, config, customers, primitive, True, wakes)
