"""Headless simulation against SimPy: the same two models, same parameters, same customers.

Both engines run in this process, alternately, and the best of ``repeat`` runs of each counts,
so the ratio is measured in the same run on the same (possibly busy) machine. The real CLI is
timed once as well, start-up included.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks import simpy_models
from burger_tui.sim.distributions import parse_distribution
from burger_tui.sim.headless import run_simulation
from burger_tui.sim.model import Mode, RestaurantConfig

NAME = "simulation"
TITLE = "Headless simulation vs SimPy"
TARGET_RATIO = 1.0

# Both models at the same load (rho = 5/6): M/M/8 with 40 s service, M/M/1 with 5 s service.
ARRIVAL_RATE_PER_MIN = 10.0
MODELS: dict[Mode, RestaurantConfig] = {
    Mode.PARALLEL: RestaurantConfig(
        mode=Mode.PARALLEL,
        cooks=8,
        arrival_rate_per_min=ARRIVAL_RATE_PER_MIN,
        order_time=parse_distribution("fixed:0"),
        cook_time=parse_distribution("exp:40"),
        eat_time=parse_distribution("fixed:10"),
    ),
    Mode.CONCURRENT: RestaurantConfig(
        mode=Mode.CONCURRENT,
        cooks=1,
        arrival_rate_per_min=ARRIVAL_RATE_PER_MIN,
        order_time=parse_distribution("fixed:0"),
        cook_time=parse_distribution("exp:5"),
        eat_time=parse_distribution("fixed:10"),
    ),
}
# The wait that queueing theory predicts for each model, and how we name it in our statistics.
QUEUE_WAIT = {Mode.PARALLEL: "line", Mode.CONCURRENT: "kitchen_queue"}


@dataclass
class Timed:
    seconds: float
    mean_queue_wait: float
    mean_total: float
    sim_time_s: float


def erlang_c_wait(arrival_per_s: float, service_s: float, servers: int) -> float:
    """Mean wait in queue of M/M/c (Erlang C)."""
    load = arrival_per_s * service_s
    rho = load / servers
    tail = load**servers / math.factorial(servers) / (1 - rho)
    p_wait = tail / (sum(load**k / math.factorial(k) for k in range(servers)) + tail)
    return p_wait * service_s / (servers - load)


def theory(mode: Mode) -> float:
    config = MODELS[mode]
    servers = config.cooks if mode is Mode.PARALLEL else 1
    return erlang_c_wait(config.arrival_rate_per_min / 60, config.cook_time.mean, servers)


def run_ours(mode: Mode, customers: int) -> Timed:
    started = time.perf_counter()
    report = run_simulation(MODELS[mode], customers)
    seconds = time.perf_counter() - started
    assert report.served == customers
    waits = report.waits
    return Timed(seconds, waits[QUEUE_WAIT[mode]]["mean"], waits["total"]["mean"], report.sim_time_s)


def run_simpy(mode: Mode, customers: int) -> Timed:
    model = simpy_models.parallel if mode is Mode.PARALLEL else simpy_models.concurrent
    started = time.perf_counter()
    waits = model(MODELS[mode], customers)
    seconds = time.perf_counter() - started
    assert waits.left == customers
    return Timed(seconds, waits.mean(QUEUE_WAIT[mode]), waits.mean("total"), waits.sim_time_s)


def best_of(repeat: int, runs: dict[str, Callable[[], Timed]]) -> dict[str, Timed]:
    """Run each alternately ``repeat`` times; keep each one's fastest run."""
    best: dict[str, Timed] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            timed = run()
            if name not in best or timed.seconds < best[name].seconds:
                best[name] = timed
    return best


def run_cli(mode: Mode, customers: int) -> tuple[float, float]:
    """Wall time of the real ``burger-tui simulate`` process, and the run time it reports."""
    config = MODELS[mode]
    command = [
        sys.executable, "-m", "burger_tui", "simulate", "--json",
        "--mode", str(mode), "--cooks", str(config.cooks), "--customers", str(customers),
        "--arrival-rate", f"{config.arrival_rate_per_min:g}", "--order-time", str(config.order_time),
        "--cook-time", str(config.cook_time), "--eat-time", str(config.eat_time),
    ]  # fmt: skip
    started = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - started
    return wall, json.loads(output)["wall_time_s"]


def run(quick: bool) -> list[str]:
    customers = 20_000 if quick else 200_000
    repeat = 3 if quick else 2
    lines = [
        f"{customers:,} couples per run, arrivals {ARRIVAL_RATE_PER_MIN:g}/min, order `fixed:0`, "
        f"eat `fixed:10`, seed 0; best of {repeat} alternating runs of each engine in one process. "
        f"Target: ratio (ours / SimPy) >= {TARGET_RATIO:.1f}.",
        "",
        "| model | SimPy couples/s | burger_tui couples/s | ratio (target >= 1.0) "
        "| mean queue wait SimPy / ours / theory (s) | mean total SimPy / ours (s) |",
        "|---|---:|---:|---:|---|---|",
    ]
    for mode in (Mode.PARALLEL, Mode.CONCURRENT):
        config = MODELS[mode]
        best = best_of(
            repeat,
            {"simpy": lambda m=mode: run_simpy(m, customers), "ours": lambda m=mode: run_ours(m, customers)},
        )
        simpy_rate = customers / best["simpy"].seconds
        our_rate = customers / best["ours"].seconds
        ratio = our_rate / simpy_rate
        servers = config.cooks if mode is Mode.PARALLEL else 1
        label = f"{mode} (M/M/{servers}, cook `{config.cook_time}`, `{QUEUE_WAIT[mode]}` wait)"
        mark = "✓" if ratio >= TARGET_RATIO else "✗"
        simpy, ours = best["simpy"], best["ours"]
        lines.append(
            f"| {label} | {simpy_rate:,.0f} | {our_rate:,.0f} | **{ratio:.2f}** {mark} "
            f"| {simpy.mean_queue_wait:.3f} / {ours.mean_queue_wait:.3f} / {theory(mode):.3f} "
            f"| {simpy.mean_total:.3f} / {ours.mean_total:.3f} |"
        )
        print(lines[-1], file=sys.stderr)
    wall, reported = run_cli(Mode.PARALLEL, customers)
    lines += [
        "",
        f"Real CLI, `burger-tui simulate --mode parallel` ({customers:,} couples, one run): "
        f"{wall:.2f} s wall with start-up = {customers / wall:,.0f} couples/s "
        f"({reported:.2f} s reported by the run itself = {customers / reported:,.0f} couples/s).",
    ]
    return [*lines, "", *WHERE_THE_TIME_GOES]


# Measured with py-spy on the parallel model, 50k couples, anyio 4.16 (inclusive shares of run time).
WHERE_THE_TIME_GOES = [
    "Where our time goes (py-spy, parallel model, share of run time): starting each couple's task "
    "with anyio's `start_soon` ~21 % (anyio 4.16 wraps every task in a `TaskHandle` with its own "
    "`CancelScope` and `Event`: ~11 % by itself), anyio Events (create, wait, set; two per couple, "
    "one per idle staff wait) ~17 %, asyncio's loop machinery (Handles, `call_soon`, futures, our "
    "virtual-time `_run_once`) ~24 %, the model's own code (coroutine frames, dataclasses, random "
    "numbers) ~25 %, statistics ~6 %. A couple costs about seven loop turns (arrival, task start, "
    "staff wake-up, cooking, burgers in hand, eating, task done), each a Handle plus a Task step; "
    "SimPy's whole couple costs less than anyio's task start and Events alone do for ours, so ratio "
    "1.0 cannot be reached while each couple is an anyio task on an asyncio loop written in Python. "
    "It would take actors that are not anyio tasks (generators, as in SimPy: a second engine, which "
    "the architecture rules out) or an asyncio loop and anyio task machinery in C. Python 3.13 "
    "speeds up both engines alike (ratio unchanged within noise).",
]
