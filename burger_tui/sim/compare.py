"""The three models side by side on the same couples: the seed's point, in numbers.

Every couple's needs are drawn from seeded streams that do not depend on the model, so for one
seed the three runs serve exactly the same couples arriving at exactly the same instants; only the
organisation of the restaurant differs. Each run is a plain :func:`run_simulation`, so its report
is what ``burger-tui simulate --mode M`` prints for the same options.

"Wait" here is the one the story is about: from walking in to burgers in hand. Of that wait, a
couple spends some seated at a table talking (concurrent, hybrid) and the rest standing: in line,
at the cashier, at the counter (parallel), walking to pick up.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from burger_tui.sim import events as ev
from burger_tui.sim.headless import RunReport, run_simulation
from burger_tui.sim.limits import DEFAULT_COMPARE_CUSTOMERS, DEFAULT_SWEEP_CUSTOMERS
from burger_tui.sim.model import Mode, RestaurantConfig, describe_staff
from burger_tui.sim.restaurant import Listener
from burger_tui.sim.stats import Summary

# Sized so that the whole comparison takes about two seconds on one idle core (measured: 1.7-2.1 s;
# `burger-tui compare` prints its wall time).
# Times the configured arrival rate. Every point serves the same couples (the same seed), only
# closer together, so the curve is smooth even with few couples a point; but a short day starts
# empty, so a point's level can differ from the long main run at the same rate.
SWEEP_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5)
HISTOGRAM_BINS = 40
PARALLEL_WIN_MARGIN = 0.05  # "wins on time" needs a mean wait at least 5 % lower

ProgressCallback = Callable[[int, int], None]  # (couples done, couples in the whole comparison)


class ComparisonCancelled(Exception):
    """Raise it from the progress callback to stop a comparison between two progress reports."""


def offered_load(config: RestaurantConfig) -> float:
    """Busy share of the bottleneck station if it kept up (above 1: queues grow without bound)."""
    rate = config.arrival_rate_per_min / 60
    order, cook = config.order_time.mean, config.cook_time.mean
    if config.mode is Mode.PARALLEL:
        return rate * (order + cook) / config.cooks
    cooks = 1 if config.mode is Mode.CONCURRENT else config.cooks
    return max(rate * order, rate * cook / cooks)


class WaitTally:
    """Listens for ``CoupleLeft``: waits to burgers in hand, and the share of them spent standing.

    Streaming (bounded memory) unless ``keep_waits``, which also keeps every wait for a histogram.
    """

    def __init__(self, *, keep_waits: bool = False) -> None:
        self.wait = Summary()
        self.standing = Summary()
        self.waits: list[float] | None = [] if keep_waits else None

    def __call__(self, event: ev.Event) -> None:
        if not isinstance(event, ev.CoupleLeft):
            return
        couple = event.couple
        assert couple.picked_up_at is not None
        wait = couple.picked_up_at - couple.arrived_at
        self.wait.add(wait)
        self.standing.add(max(0.0, wait - couple.talking))
        if self.waits is not None:
            self.waits.append(wait)


@dataclass(frozen=True)
class ModelResult:
    """One model's day in the comparison."""

    mode: Mode
    staff: str  # "1 cashier, 8 cooks"
    report: RunReport  # exactly what ``simulate`` reports for this model
    wait: dict[str, float]  # arrival -> burgers in hand: mean, p50, p95, p99, max
    standing_s: float  # mean seconds per couple of that wait spent standing, not talking
    offered_load: float
    histogram: list[int]  # couples per wait bin; bin edges are shared by all models

    @property
    def talking_share(self) -> float:
        return self.report.talking_share

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": str(self.mode),
            "staff": self.staff,
            "served_per_hour": self.report.throughput_per_hour,
            "wait_s": self.wait,
            "standing_s": self.standing_s,
            "talking_share": self.report.talking_share,
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
    talking_share: float
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
class Verdict:
    """The seed's point, computed from the numbers."""

    talking: Mode  # the highest talking share
    standing: Mode  # the most seconds per couple spent standing and waiting
    fastest: Mode  # the lowest mean wait to burgers
    parallel_wins_on_time: bool  # parallel's mean wait is clearly the lowest
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "talking": str(self.talking),
            "standing": str(self.standing),
            "fastest": str(self.fastest),
            "parallel_wins_on_time": self.parallel_wins_on_time,
            "text": self.text,
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


def compare(
    config: RestaurantConfig,
    customers: int = DEFAULT_COMPARE_CUSTOMERS,
    *,
    sweep_customers: int = DEFAULT_SWEEP_CUSTOMERS,
    sweep_factors: Sequence[float] = SWEEP_FACTORS,
    on_progress: ProgressCallback | None = None,
    listeners: Callable[[Mode], Sequence[Listener]] | None = None,
) -> Comparison:
    """Run every model on the same seeded couples, then sweep the arrival rate.

    Runs on fresh virtual-time loops in the calling thread (a Textual thread worker is a good
    home). ``on_progress`` may raise :class:`ComparisonCancelled` to stop early. ``listeners``
    gives extra event listeners for each model's main run (e.g. a per-couple recorder).
    """
    if customers < 1:
        raise ValueError(f"customers must be at least 1, got {customers}")
    if sweep_factors and sweep_customers < 1:
        raise ValueError(f"sweep customers must be at least 1, got {sweep_customers}")
    started = time.perf_counter()
    modes = list(Mode)
    total = len(modes) * (customers + len(sweep_factors) * sweep_customers)
    done = 0

    def run(cfg: RestaurantConfig, n: int, extra: Sequence[Listener], tally: WaitTally) -> RunReport:
        nonlocal done
        offset = done

        def progress(left: int, _n: int) -> None:
            if on_progress is not None:
                on_progress(offset + left, total)

        try:
            report = run_simulation(cfg, n, progress if on_progress else None, [tally, *extra])
        except BaseExceptionGroup as group:  # the restaurant's task groups wrap what the callback raised
            if group.subgroup(ComparisonCancelled) is not None:
                raise ComparisonCancelled from None
            raise
        done = offset + n
        if on_progress is not None:
            on_progress(done, total)
        return report

    days: list[tuple[Mode, RunReport, WaitTally]] = []
    for mode in modes:
        tally = WaitTally(keep_waits=True)
        extra = listeners(mode) if listeners else ()
        days.append((mode, run(dataclasses.replace(config, mode=mode), customers, extra, tally), tally))

    sweep: list[SweepPoint] = []
    for mode in modes:
        for factor in sweep_factors:
            cfg = dataclasses.replace(
                config, mode=mode, arrival_rate_per_min=config.arrival_rate_per_min * factor
            )
            tally = WaitTally()
            report = run(cfg, sweep_customers, (), tally)
            sweep.append(
                SweepPoint(
                    mode,
                    cfg.arrival_rate_per_min,
                    tally.wait.mean,
                    tally.wait.sketch.quantile(0.95),
                    report.talking_share,
                    offered_load(cfg),
                )
            )

    edges = _histogram_edges([t.waits or [] for _, _, t in days])
    models = tuple(
        ModelResult(
            mode=mode,
            staff=describe_staff(mode, config.cooks),
            report=report,
            wait=tally.wait.as_dict(),
            standing_s=tally.standing.mean,
            offered_load=offered_load(report.config),
            histogram=_histogram(tally.waits or [], edges),
        )
        for mode, report, tally in days
    )
    return Comparison(
        config=config,
        customers=customers,
        sweep_customers=sweep_customers if sweep_factors else 0,
        models=models,
        histogram_edges=edges,
        sweep=tuple(sweep),
        verdict=verdict(models),
        wall_time_s=time.perf_counter() - started,
    )


def verdict(models: Sequence[ModelResult]) -> Verdict:
    """Which model keeps couples talking, which keeps them standing, and does parallel win on time.

    "Parallel wins on time" compares the story's two restaurants, parallel against concurrent:
    it does when the cooking is long and there are many cooks to share it (the seed's "cleaning a
    house"). A model that cannot keep up (offered load of 1 or more) is left out of "talking":
    its couples talk only because they wait all day.
    """
    by_mode = {m.mode: m for m in models}
    keeping_up = [m for m in models if m.offered_load < 1] or list(models)
    talking = max(keeping_up, key=lambda m: m.talking_share)
    standing = max(models, key=lambda m: m.standing_s)
    fastest = min(models, key=lambda m: m.wait["mean"])
    text = (
        f"{talking.mode.story_title} keeps couples talking ({talking.talking_share:.0%} of the wait); "
        f"{standing.mode.story_title} keeps them standing ({standing.standing_s:.0f} s each)."
    )
    parallel, concurrent = by_mode.get(Mode.PARALLEL), by_mode.get(Mode.CONCURRENT)
    wins = False
    if parallel is not None and concurrent is not None:
        p, c = parallel.wait["mean"], concurrent.wait["mean"]
        wins = p <= (1 - PARALLEL_WIN_MARGIN) * c
        if wins:
            text += f" Parallel wins on time: {p:.0f} s to burgers vs {c:.0f} s concurrent"
            hybrid = by_mode.get(Mode.HYBRID)
            if hybrid is not None and hybrid.wait["mean"] <= (1 + PARALLEL_WIN_MARGIN) * p:
                text += f"; hybrid is as quick ({hybrid.wait['mean']:.0f} s) and they talk."
            elif hybrid is not None:
                text += f"; hybrid takes {hybrid.wait['mean']:.0f} s, talking."
            else:
                text += "."
        else:
            text += f" Parallel does not win on time: {p:.0f} s to burgers vs {c:.0f} s concurrent."
    overloaded = [m.mode.value for m in models if m.offered_load >= 1]
    if overloaded:
        text += f" {' and '.join(overloaded).capitalize()} cannot keep up: the queue grows all day."
    return Verdict(talking.mode, standing.mode, fastest.mode, wins, text)


def _histogram_edges(samples: Sequence[Sequence[float]]) -> list[float]:
    """Shared bins from 0 to the largest p99 of any model, so outliers do not flatten the plot."""
    top = 0.0
    for values in samples:
        if values:
            ordered = sorted(values)
            top = max(top, ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)])
    top = top if top > 0 else 1.0
    width = top / HISTOGRAM_BINS
    return [i * width for i in range(HISTOGRAM_BINS + 1)]


def _histogram(values: Sequence[float], edges: Sequence[float]) -> list[int]:
    """Counts per bin; values beyond the last edge go in the last bin."""
    counts = [0] * (len(edges) - 1)
    width = edges[1] - edges[0]
    for value in values:
        counts[min(len(counts) - 1, max(0, int(value / width)))] += 1
    return counts
