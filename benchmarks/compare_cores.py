"""``burger-tui compare`` on every core against one day after another, the real command, start-up included.

Each run is a fresh process, as a user runs it: ``--jobs 1`` serves the three days and the sweep one
after another; the default serves them on every core (the calling process and worker processes forked
from it). Runs alternate and the best of ``repeat`` counts. Both print the same JSON but the wall
times (checked here).

The bytecode caches are written first, as ``pip install`` does: with ``PYTHONDONTWRITEBYTECODE`` set
nothing else writes them, and every run would compile this project's modules from source (start-up,
in both columns).
"""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import burger_tui
from burger_tui.sim.limits import DEFAULT_COMPARE_CUSTOMERS, DEFAULT_SWEEP_CUSTOMERS

NAME = "compare"
TITLE = "compare: every core vs one day after another"
TARGET = 0.6  # issue 16: the default compare in at most this share of its sequential time, on 2 cores
# The sweep's couples per point: the default, and five times as many (how the speed-up grows with the work).
SWEEPS = (DEFAULT_SWEEP_CUSTOMERS, 5 * DEFAULT_SWEEP_CUSTOMERS)


def _run(jobs: int | None, sweep: int) -> tuple[float, dict[str, Any]]:
    command = [sys.executable, "-m", "burger_tui", "compare", "--json", "--sweep-customers", str(sweep)]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - started, json.loads(output)


def _without_wall_times(result: dict[str, Any]) -> dict[str, Any]:
    result = {**result, "models": {name: dict(model) for name, model in result["models"].items()}}
    del result["wall_time_s"]
    for model in result["models"].values():
        model["report"] = {k: v for k, v in model["report"].items() if k != "wall_time_s"}
    return result


def run(quick: bool) -> list[str]:
    repeat = 3 if quick else 7
    compileall.compile_dir(Path(burger_tui.__file__).parent, quiet=1)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = [
        f"`burger-tui compare --json` with the default options ({DEFAULT_COMPARE_CUSTOMERS:,} couples a "
        f"model, the sweep at 0.5x-1.5x the rate: 15 days, the points at 1x are the main runs), `--jobs 1` "
        f"against the default (every core: {cores} here), a fresh process each run, start-up included; "
        f"best of {repeat} alternating runs. Target (issue 16): the default compare in at most {TARGET:g}x "
        "its sequential time.",
        "",
        "| sweep couples per point | one after another (s) | every core (s) | ratio | in-process: one after "
        "another / every core (s) |",
        "|---:|---:|---:|---:|---|",
    ]
    for sweep in SWEEPS:
        best: dict[int | None, tuple[float, float]] = {}
        results: dict[int | None, dict[str, Any]] = {}
        for _ in range(repeat):
            for jobs in (1, None):
                wall, result = _run(jobs, sweep)
                results[jobs] = _without_wall_times(result)
                if jobs not in best or wall < best[jobs][0]:
                    best[jobs] = (wall, result["wall_time_s"])
        assert results[1] == results[None], "every core must give the same comparison"
        ratio = best[None][0] / best[1][0]
        default = " (default)" if sweep == DEFAULT_SWEEP_CUSTOMERS else ""
        mark = ("✓" if ratio <= TARGET else "✗") if sweep == DEFAULT_SWEEP_CUSTOMERS else ""
        lines.append(
            f"| {sweep:,}{default} | {best[1][0]:.3f} | {best[None][0]:.3f} | **{ratio:.2f}** {mark} "
            f"| {best[1][1]:.3f} / {best[None][1]:.3f} |"
        )
        print(lines[-1], file=sys.stderr)
    return lines
