"""The three models side by side on the same couples: the seed's point, in numbers.

Every couple's needs are drawn from seeded streams that do not depend on the model, so for one
seed the three runs serve exactly the same couples arriving at exactly the same instants; only the
organisation of the restaurant differs. Each run is a plain :func:`run_simulation`, so its report
is what ``burger-tui simulate --mode M`` prints for the same options.

"Wait" here is the one the story is about: from walking in to burgers in hand. Of that wait, a
couple spends some seated at a table talking (concurrent, hybrid) and the rest standing: in line,
at the cashier, at the counter (parallel), walking to pick up.

This module is what a comparison is: its days (:class:`Plan`), one day served (:func:`serve_day`),
and the results made of the served days (:meth:`Plan.results`), with their verdict
(:mod:`burger_tui.sim.moral`). Where the days run (every core) is :mod:`burger_tui.compare_pool`'s job.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from burger_tui.sim import events as ev
from burger_tui.sim.headless import ProgressCallback, RunReport, run_simulation
from burger_tui.sim.limits import SWEEP_FACTORS
from burger_tui.sim.model import Mode, RestaurantConfig, describe_staff
from burger_tui.sim.moral import Verdict, bottleneck, verdict
from burger_tui.sim.restaurant import Listener
from burger_tui.sim.stats import QuantileSketch, Summary

# Times the configured arrival rate. Every point serves the same couples (the same seed), only
# closer together. The point at 1.0 is the main run itself (the table's numbers); the others serve
# ``sweep_customers`` couples each: as many as the main run makes the curve smooth through it.
MAIN_RATE = 1.0  # the sweep factor whose point is the main run
HISTOGRAM_BINS = 40


def offered_load(config: RestaurantConfig) -> float:
    """Busy share of the bottleneck station if it kept up (1 or more: queues grow without bound)."""
    return bottleneck(config).load


class WaitTally:
    """Listens for ``CoupleLeft``: waits to burgers in hand, and the share of them spent standing.

    Streaming, in bounded memory: the histogram of waits is read from the summary's sketch.
    """

    def __init__(self) -> None:
        self.wait = Summary()
        self.standing = Summary()

    def __call__(self, event: ev.Event) -> None:
        if not isinstance(event, ev.CoupleLeft):
            return
        couple = event.couple
        assert couple.picked_up_at is not None
        wait = couple.picked_up_at - couple.arrived_at
        self.wait.add(wait)
        self.standing.add(max(0.0, wait - couple.talking))


@dataclass(frozen=True)
class ModelResult:
    """One model's day in the comparison."""

    mode: Mode
    staff: str  # "1 cashier, 8 cooks"
    report: RunReport  # exactly what ``simulate`` reports for this model
    wait: dict[str, float]  # arrival -> burgers in hand: mean, p50, p95, p99, max
    standing_s: float  # mean seconds per couple of that wait spent standing, not talking
    offered_load: float
    # Couples per wait bin (each wait within 1 % of its own; beyond the last edge, in the last bin); the edges
    # are shared by all models, and span those that keep up.
    histogram: list[int]

    @property
    def talking_share(self) -> float:
        """Of the couples' waiting, the share spent talking: 1 - ``standing_s`` / the mean wait, as the
        table beside it says (0 on a day nobody waited: nobody talked either)."""
        share = self.report.talking_share
        return 0.0 if share is None else share

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": str(self.mode),
            "staff": self.staff,
            "served_per_hour": self.report.throughput_per_hour,
            "wait_s": self.wait,
            "standing_s": self.standing_s,
            "talking_share": self.talking_share,
            "utilization": self.report.utilization,
            "offered_load": self.offered_load,
            "histogram": self.histogram,
            "report": self.report.as_dict(),
        }


@dataclass(frozen=True)
class SweepPoint:
    """One model at one arrival rate (a short run: for the shape of the curve, not the digits)."""

    mode: Mode
    arrival_rate_per_min: float
    mean_wait_s: float
    p95_wait_s: float
    talking_share: float | None  # None if nobody waited
    offered_load: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": str(self.mode),
            "arrival_rate_per_min": self.arrival_rate_per_min,
            "mean_wait_s": self.mean_wait_s,
            "p95_wait_s": self.p95_wait_s,
            "talking_share": self.talking_share,
            "offered_load": self.offered_load,
        }


@dataclass(frozen=True)
class Comparison:
    """All three models on the same couples, a sweep of arrival rates, and the verdict."""

    config: RestaurantConfig  # its ``mode`` is ignored: every model runs
    customers: int
    sweep_customers: int
    models: tuple[ModelResult, ...]
    histogram_edges: list[float]  # len(histogram) + 1 edges, seconds
    sweep: tuple[SweepPoint, ...]
    verdict: Verdict
    wall_time_s: float

    def model(self, mode: Mode) -> ModelResult:
        return next(m for m in self.models if m.mode is mode)

    def sweep_of(self, mode: Mode) -> list[SweepPoint]:
        return [p for p in self.sweep if p.mode is mode]

    def as_dict(self) -> dict[str, Any]:
        config = self.config.as_dict()
        del config["mode"]
        return {
            "config": {**config, "customers": self.customers, "sweep_customers": self.sweep_customers},
            "models": {str(m.mode): m.as_dict() for m in self.models},
            "histogram_edges_s": self.histogram_edges,
            "sweep": [p.as_dict() for p in self.sweep],
            "verdict": self.verdict.as_dict(),
            "wall_time_s": self.wall_time_s,
        }


@dataclass(frozen=True)
class Day:
    """One run of a comparison: a model's main day, or a point of the sweep."""

    index: int
    config: RestaurantConfig
    customers: int
    main: bool  # a model's day at the configured rate (the table), not a point of the sweep only


@dataclass(frozen=True)
class Served:
    """What a comparison needs of a day that has run: a few hundred bytes, however many couples."""

    report: RunReport
    tally: WaitTally


def serve_day(day: Day, on_progress: ProgressCallback | None, listeners: Sequence[Listener]) -> Served:
    """Run ``day`` on virtual time, its waits tallied; ``listeners`` hear its events too."""
    tally = WaitTally()
    report = run_simulation(day.config, day.customers, on_progress, [tally, *listeners])
    return Served(report, tally)


@dataclass(frozen=True)
class Plan:
    """The days of a comparison: each model's main day first (index = its place in ``Mode``), then
    the sweep's days; and which day serves each point of the sweep."""

    config: RestaurantConfig
    customers: int
    sweep_customers: int  # 0 without a sweep
    days: tuple[Day, ...]
    points: tuple[tuple[Mode, int], ...]  # each sweep point: its model and the day that serves it

    @classmethod
    def of(
        cls,
        config: RestaurantConfig,
        customers: int,
        sweep_customers: int,
        sweep_factors: Sequence[float] = SWEEP_FACTORS,
    ) -> Plan:
        """Every model on ``customers`` couples, then each at every rate of ``sweep_factors``."""
        if customers < 1:
            raise ValueError(f"customers must be at least 1, got {customers}")
        if sweep_factors and sweep_customers < 1:
            raise ValueError(f"sweep customers must be at least 1, got {sweep_customers}")
        days = [
            Day(i, dataclasses.replace(config, mode=mode), customers, True) for i, mode in enumerate(Mode)
        ]
        points: list[tuple[Mode, int]] = []
        for main in days[: len(Mode)]:
            mode = main.config.mode
            for factor in sweep_factors:
                if factor == MAIN_RATE:  # the main run is this point: the curve goes through the table
                    points.append((mode, main.index))
                    continue
                rate = config.arrival_rate_per_min * factor
                cfg = dataclasses.replace(config, mode=mode, arrival_rate_per_min=rate)
                points.append((mode, len(days)))
                days.append(Day(len(days), cfg, sweep_customers, False))
        return cls(config, customers, sweep_customers if sweep_factors else 0, tuple(days), tuple(points))

    def results(self, served: Sequence[Served], wall_time_s: float) -> Comparison:
        """The comparison made of ``served``, the days of this plan in its order."""
        sweep = [
            SweepPoint(
                mode,
                self.days[index].config.arrival_rate_per_min,
                served[index].tally.wait.mean,
                served[index].tally.wait.quantile(0.95),
                served[index].report.talking_share,
                offered_load(self.days[index].config),
            )
            for mode, index in self.points
        ]
        mains = {day.config.mode: served[day.index] for day in self.days if day.main}
        # The bins span the models that keep up: an overloaded one's waits, growing all day, would squeeze the
        # others into the first bin (its waits beyond the last edge are counted in the last bin).
        keeping_up = [main for main in mains.values() if offered_load(main.report.config) < 1]
        edges = _histogram_edges([main.tally.wait for main in keeping_up or mains.values()])
        models = tuple(
            ModelResult(
                mode=mode,
                staff=describe_staff(mode, self.config.cooks),
                report=main.report,
                wait=main.tally.wait.as_dict(),
                standing_s=main.tally.standing.mean,
                offered_load=offered_load(main.report.config),
                histogram=_histogram(main.tally.wait.sketch, edges),
            )
            for mode, main in mains.items()
        )
        return Comparison(
            config=self.config,
            customers=self.customers,
            sweep_customers=self.sweep_customers,
            models=models,
            histogram_edges=edges,
            sweep=tuple(sweep),
            verdict=verdict(models),
            wall_time_s=wall_time_s,
        )


def _histogram_edges(waits: Sequence[Summary]) -> list[float]:
    """Shared bins from 0 to the largest p99 of ``waits`` (the p99 the comparison reports), so outliers do not
    flatten the plot."""
    top = max((wait.quantile(0.99) for wait in waits), default=0.0)
    top = top if top > 0 else 1.0
    width = top / HISTOGRAM_BINS
    return [i * width for i in range(HISTOGRAM_BINS + 1)]


def _histogram(sketch: QuantileSketch, edges: Sequence[float]) -> list[int]:
    """Couples per bin, each wait counted at its sketch's value for it (within 1 %: a wait that close to
    an edge may be counted in the bin beside its own); beyond the last edge, in the last bin.

    (Every wait kept for exact bins cost 32 MB a model's day of a million couples.)"""
    counts = [0] * (len(edges) - 1)
    width = edges[1] - edges[0]
    for value, count in sketch.counts():
        counts[min(len(counts) - 1, max(0, int(value / width)))] += count
    return counts
