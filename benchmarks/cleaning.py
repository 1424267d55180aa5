"""The cleaning lesson's claim, measured: on 2 cores, N processes clean the house faster than N threads.

`burger-tui lesson cleaning --json` as a user runs it (one cleaner, N threads, N processes on the same
rooms), best of a few runs. The claim is a wall-clock one: it lives here, not in the tests (a shared or
busy machine can hide it), and this section says the load the machine had.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

NAME = "cleaning"
TITLE = "Cleaning a house: processes against threads"
ROOMS = ("--rooms", "8", "--workers", "2", "--room-size", "400000")
QUICK_ROOMS = ("--rooms", "4", "--workers", "2", "--room-size", "150000")


def _run(rooms: tuple[str, ...]) -> dict[str, float]:
    command = [sys.executable, "-m", "burger_tui", "lesson", "cleaning", "--json", *rooms]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    results = json.loads(output)["results"]
    return {variant: float(result["seconds"]) for variant, result in results.items()}


def run(quick: bool) -> list[str]:
    repeat, rooms = (2, QUICK_ROOMS) if quick else (5, ROOMS)
    best: dict[str, float] = {}
    for _ in range(repeat):
        for variant, seconds in _run(rooms).items():
            best[variant] = min(seconds, best.get(variant, seconds))
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    speed_up = best["threads"] / best["processes"]
    mark = "✓" if speed_up > 1 else "✗"
    lines = [
        __doc__.split("\n\n", 1)[1].replace("\n", " ").strip(),
        "",
        f"Load average as it ended: {load}. Rooms: `{' '.join(rooms)}`; best of {repeat} runs.",
        "",
        "| one cleaner (s) | 2 threads (s) | 2 processes (s) | threads / processes | target |",
        "|---:|---:|---:|---:|---|",
        f"| {best['one']:.3f} | {best['threads']:.3f} | {best['processes']:.3f} | **{speed_up:.2f}x** "
        f"| > 1 {mark} |",
    ]
    return lines
