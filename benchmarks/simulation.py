"""Headless simulation against SimPy, Ciw and the floor of our own design: the same two models.

Every engine runs in this process, alternately, and the best of ``repeat`` runs of each counts, so the
ratios are measured in the same run on the same (possibly busy) machine. The floors
(:mod:`benchmarks.floors`) are our design with no model: every actor an anyio task in one task group
on our virtual-time loop, hand-offs on ``anyio.Event`` or on bare futures. The real CLI is timed once
as well, start-up included.
"""

from __future__ import annotations

import functools
import json
import math
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks import ciw_models, floors, simpy_models
from burger_tui.sim.distributions import parse_distribution
from burger_tui.sim.headless import run_simulation
from burger_tui.sim.model import Mode, RestaurantConfig

NAME = "simulation"
TITLE = "Headless simulation vs SimPy, Ciw and the floor of our design"
TARGET_VS_SIMPY = 0.28  # issue 16: couples per second at least this share of SimPy's
TARGET_VS_FLOOR = 0.9  # ... and of the anyio.Event floor's, measured in the same run

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
    mean_total: float | None  # Ciw models the visit after the queue differently: not compared


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
    queue, visit = (report.waits[name]["mean"] for name in (QUEUE_WAIT[mode], "total"))
    assert queue is not None  # every couple served and gone
    assert visit is not None
    return Timed(seconds, queue, visit)


def run_simpy(mode: Mode, customers: int) -> Timed:
    model = simpy_models.parallel if mode is Mode.PARALLEL else simpy_models.concurrent
    started = time.perf_counter()
    waits = model(MODELS[mode], customers)
    seconds = time.perf_counter() - started
    assert waits.left == customers
    return Timed(seconds, waits.mean(QUEUE_WAIT[mode]), waits.mean("total"))


def run_ciw(mode: Mode, customers: int) -> Timed:
    model = ciw_models.parallel if mode is Mode.PARALLEL else ciw_models.concurrent
    started = time.perf_counter()
    waits = model(MODELS[mode], customers)
    seconds = time.perf_counter() - started
    assert waits.left == customers
    return Timed(seconds, waits.mean_queue_wait, None)


def run_floor(mode: Mode, customers: int, primitive: str, wakes: int) -> Timed:
    model = floors.parallel if mode is Mode.PARALLEL else floors.concurrent
    started = time.perf_counter()
    waits = model(MODELS[mode], customers, primitive, wakes)
    seconds = time.perf_counter() - started
    assert waits.left == customers
    return Timed(seconds, waits.mean("queue"), waits.mean("total"))


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


# Engine name -> (how to run it for a model and a number of couples, what it is).
ENGINES: dict[str, tuple[Callable[[Mode, int], Timed], str]] = {
    "SimPy": (run_simpy, "SimPy 4, idiomatic (processes, a Resource or a Store)"),
    "Ciw": (run_ciw, "Ciw 3, a network of two nodes"),
    "floor: anyio.Event": (
        lambda m, n: run_floor(m, n, "anyio.Event", 2),
        "our design, no model: anyio tasks, hand-offs on anyio.Event, a couple woken at order taken "
        "and at burgers ready",
    ),
    "floor: futures": (lambda m, n: run_floor(m, n, "futures", 2), "the same on bare futures"),
    "floor: futures, one wake-up": (
        lambda m, n: run_floor(m, n, "futures", 1),
        "bare futures, a couple woken once (burgers ready)",
    ),
    "burger_tui": (run_ours, "`burger_tui.sim.headless.run_simulation`, the whole model"),
}
FLOOR = "floor: anyio.Event"


def run(quick: bool) -> list[str]:
    customers = 20_000 if quick else 200_000
    repeat = 3 if quick else 2
    names = list(ENGINES)
    lines = [
        f"{customers:,} couples per run, arrivals {ARRIVAL_RATE_PER_MIN:g}/min, order `fixed:0`, "
        f"eat `fixed:10`, seed 0; best of {repeat} alternating runs of each engine in one process. "
        f"Targets (issue 16): burger_tui at least {TARGET_VS_SIMPY:g}× SimPy's couples per second and "
        f"at least {TARGET_VS_FLOOR:g}× the anyio.Event floor's, in the same run.",
        "",
        *(f"- **{name}**: {what}" for name, (_, what) in ENGINES.items()),
        "",
        "Couples per second (× SimPy):",
        "",
        f"| model | {' | '.join(names)} | burger_tui ÷ SimPy | burger_tui ÷ floor |",
        f"|---|{'---:|' * len(names)}---:|---:|",
    ]
    agreement = [
        "",
        "The same couples (SimPy, the floors and burger_tui draw the same random numbers; Ciw its own):",
        "",
        "| model | mean queue wait: SimPy / floor / burger_tui / Ciw / theory (s) "
        "| mean visit: SimPy / floor / burger_tui (s) |",
        "|---|---|---|",
    ]
    for mode in (Mode.PARALLEL, Mode.CONCURRENT):
        config = MODELS[mode]
        runs: dict[str, Callable[[], Timed]] = {
            name: functools.partial(run, mode, customers) for name, (run, _) in ENGINES.items()
        }
        best = best_of(repeat, runs)
        rate = {name: customers / timed.seconds for name, timed in best.items()}
        vs_simpy = rate["burger_tui"] / rate["SimPy"]
        vs_floor = rate["burger_tui"] / rate[FLOOR]
        servers = config.cooks if mode is Mode.PARALLEL else 1
        label = f"{mode} (M/M/{servers}, cook `{config.cook_time}`, `{QUEUE_WAIT[mode]}` wait)"
        cells = " | ".join(f"{rate[name]:,.0f} ({rate[name] / rate['SimPy']:.2f})" for name in names)
        lines.append(
            f"| {label} | {cells} | **{vs_simpy:.2f}** {_mark(vs_simpy >= TARGET_VS_SIMPY)} "
            f"| **{vs_floor:.2f}** {_mark(vs_floor >= TARGET_VS_FLOOR)} |"
        )
        print(lines[-1], file=sys.stderr)
        simpy, floor, ours, ciw = best["SimPy"], best[FLOOR], best["burger_tui"], best["Ciw"]
        agreement.append(
            f"| {mode} | {simpy.mean_queue_wait:.3f} / {floor.mean_queue_wait:.3f} / "
            f"{ours.mean_queue_wait:.3f} / {ciw.mean_queue_wait:.3f} / {theory(mode):.3f} "
            f"| {simpy.mean_total:.3f} / {floor.mean_total:.3f} / {ours.mean_total:.3f} |"
        )
    wall, reported = run_cli(Mode.PARALLEL, customers)
    return [
        *lines,
        *agreement,
        "",
        f"Real CLI, `burger-tui simulate --mode parallel` ({customers:,} couples, one run): "
        f"{wall:.2f} s wall with start-up = {customers / wall:,.0f} couples/s "
        f"({reported:.2f} s reported by the run itself = {customers / reported:,.0f} couples/s).",
        "",
        *WHERE_THE_TIME_GOES,
    ]


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


# Measured with cProfile (calls per couple, shares of the run) and callgrind (instructions per couple,
# 3,000 couples minus 1,000) on the parallel model.
WHERE_THE_TIME_GOES = [
    "Where our time goes (parallel model, per couple): 7.5 turns of the loop (a `Handle` and a task "
    "step each; the floor needs 6.5: a zero-length order is a checkpoint on our clocks), 4.5 futures "
    "(burgers ready, three sleeps, an idle cashier-cook's signal every other couple), one `anyio.Event` "
    "(inside anyio's `TaskHandle`), 260k instructions (callgrind, 2026-12-07, after the virtual loop "
    "calls a handle's callback with its one argument or none, finds the next instant without `min()` and "
    "has `call_soon` bound once: 274k before, the concurrent model 365k -> 344k; the floors run on the "
    "same loop and gain alike; before that change the anyio.Event floor took 273k, the model 261k before "
    "issue 21 made the code read like the story, 307k before issue 16's round). Shares of the run "
    "(cProfile, which weighs Python "
    "calls more than they cost): anyio's task start and finish (`TaskHandle`, its `CancelScope`, the "
    "task-done callback) ~30 %, the event loop ~24 %, asyncio's futures and tasks and other built-ins "
    "~17 %, the model's own code ~24 %, statistics ~3 % (before this round: anyio 26 %, loop 25 %, "
    "futures and built-ins 13 %, model 28 %, statistics 6 %). This round: statistics fold a batch of "
    "waits at a time in C loops; the virtual loop runs instant after instant in one `_run_once` and "
    "makes handles without a call; the clock's `now` is the loop's `time`; a couple's times are drawn "
    "through samplers made once, its `Demand` is a named tuple. Issue 21 gave back a little for code "
    "a learner reads: enum members by their names (on CPython 3.11 `Phase.EATING` costs ~45 ns, a "
    "dozen a visit; module-global copies cost ~4 ns) and one code path for every couple (see "
    "docs/how-it-stays-fast.md). Before issue 16 a couple cost 3.5 "
    "`anyio.Event`s (each two `asyncio.Event`s and a look-up of the backend), a parallel couple was "
    "woken twice, and the counter display took a turn per number from an anyio memory stream.",
]
