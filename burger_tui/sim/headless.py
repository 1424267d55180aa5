"""Headless runs: the same restaurant on virtual time, as fast as the machine allows."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import anyio

from burger_tui.sim.day import open_day
from burger_tui.sim.model import Mode, Reorganisation, RestaurantConfig, organisation_dict
from burger_tui.sim.restaurant import Listener, Restaurant
from burger_tui.sim.snapshot import WAIT_NAMES
from burger_tui.sim.stats import WAIT_FIGURES, Summary
from burger_tui.sim.virtual_loop import run_virtual

ProgressCallback = Callable[[int, int], None]  # (couples left so far, couples in the run)
PROGRESS_EVERY_S = 600.0  # simulated seconds between progress reports
WaitRow = dict[str, float | None]  # "couples" it covers, then "mean", "p50", "p95", "p99", "max"


@dataclass(frozen=True)
class RunReport:
    """The statistics of one day, in the shape of ``simulate --json``.

    ``config`` is the organisation at the time of the report: after live switches (the dashboard)
    its mode and cooks are the current ones, ``started_as`` the ones the day opened with and
    ``switches`` every change, in order.

    A figure over no couples is ``None`` (null), never 0 as if measured: a wait nobody has finished yet
    (the whole visit before anyone left), the talking share before anyone waited, and the rate per hour
    before it says anything (``RunStats.throughput_per_hour``: as the screen shows it). Each wait says over
    how many couples it is (``couples``): the whole visit covers those who left, the others those who have
    their burgers.
    """

    config: RestaurantConfig
    customers: int
    served: int
    sim_time_s: float
    throughput_per_hour: float | None
    waits: dict[str, WaitRow]
    utilization: dict[str, float]
    talking_share: float | None
    wall_time_s: float
    started_as: tuple[Mode, int] | None = None  # (mode, cooks) at opening, if the day was switched
    switches: tuple[Reorganisation, ...] = ()

    @classmethod
    def of(cls, restaurant: Restaurant, *, customers: int, wall_time_s: float) -> RunReport:
        stats = restaurant.stats
        now = restaurant.clock.now()
        opened = restaurant.config
        switches = tuple(restaurant.reorganisations)
        return cls(
            config=replace(opened, mode=restaurant.mode, cooks=restaurant.cooks),
            customers=customers,
            served=stats.served,
            sim_time_s=now,
            throughput_per_hour=stats.throughput_per_hour(now),
            waits={name: wait_row(stats.waits[name]) for name in WAIT_NAMES},
            utilization=restaurant.utilization(),
            talking_share=stats.talking_share,
            wall_time_s=wall_time_s,
            started_as=(opened.mode, opened.cooks) if switches else None,
            switches=switches,
        )

    def as_dict(self) -> dict[str, Any]:
        """``started_as`` and ``switches`` appear only if the model or the cooks changed during the day."""
        switched: dict[str, Any] = {}
        if self.started_as is not None:
            switched = {
                "started_as": organisation_dict(*self.started_as),
                "switches": [
                    {"at_s": switch.at, **organisation_dict(switch.mode, switch.cooks)}
                    for switch in self.switches
                ],
            }
        return {
            "mode": str(self.config.mode),
            "config": {**self.config.as_dict(), "customers": self.customers},
            **switched,
            "served": self.served,
            "sim_time_s": self.sim_time_s,
            "throughput_per_hour": self.throughput_per_hour,
            "waits": self.waits,
            "utilization": self.utilization,
            "talking_share": self.talking_share,
            "wall_time_s": self.wall_time_s,
        }


def wait_row(wait: Summary) -> WaitRow:
    """Over how many couples ``wait`` is, and its figures: none over no couples."""
    if not wait.count:
        return {"couples": 0, **dict.fromkeys(WAIT_FIGURES)}
    return {"couples": wait.count, **wait.as_dict()}


async def simulate(
    config: RestaurantConfig,
    customers: int,
    on_progress: ProgressCallback | None = None,
    listeners: Sequence[Listener] = (),
) -> RunReport:
    """Serve ``customers`` Poisson arrivals on virtual time; needs the virtual-time loop.

    ``listeners`` subscribe to the restaurant's events before the first couple arrives
    (e.g. a recorder of per-couple records for export).
    """
    if customers < 1:
        raise ValueError(f"customers must be at least 1, got {customers}")
    started = time.perf_counter()
    async with (
        open_day(config, listeners=listeners, max_arrivals=customers) as restaurant,
        anyio.create_task_group() as tg,
    ):
        if on_progress is not None:
            tg.start_soon(_report_progress, restaurant, customers, on_progress)
        await restaurant.closed.wait()
        tg.cancel_scope.cancel()
    return RunReport.of(restaurant, customers=customers, wall_time_s=time.perf_counter() - started)


async def _report_progress(restaurant: Restaurant, customers: int, on_progress: ProgressCallback) -> None:
    while True:
        on_progress(restaurant.stats.left, customers)
        await restaurant.clock.sleep(PROGRESS_EVERY_S)


def run_simulation(
    config: RestaurantConfig,
    customers: int,
    on_progress: ProgressCallback | None = None,
    listeners: Sequence[Listener] = (),
) -> RunReport:
    """Run :func:`simulate` on a fresh virtual-time loop."""
    return run_virtual(simulate, config, customers, on_progress, listeners)
