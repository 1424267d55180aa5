"""Memory: RSS of the running dashboard after 100k couples served, fast-forwarded.

100k couples at 16× with rushes would take hours of real time, so a child process drives the real
``BurgerApp`` headless (``App.run_test`` at 160×50, every panel rendering) on a
:class:`~burger_tui.sim.clock.ManualTimeSource` advanced in big steps. Each actor moves one sleep per
step whatever the step's size, so the restaurant is ``--mode parallel --cooks 32`` (32 cashier-cooks,
the default order/cook/eat times) and couples are added as ``O`` adds them (``add_couple``, without
the notification) to keep about ``PRESENT`` inside. The app's own frame timer renders in real time
meanwhile, as in the terminal. RSS is
read from ``/proc/self/status`` at each checkpoint, with the size of the app's
:class:`~burger_tui.spool.RecordSpool` (one CSV row per couple, kept on disk for export, not in RSS).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import sys
from typing import TYPE_CHECKING

from benchmarks.terminal import rss_mb

if TYPE_CHECKING:
    from burger_tui.sim.clock import ManualTimeSource
    from burger_tui.ui.app import BurgerApp

NAME = "memory"
TITLE = "Memory (RSS after 100k couples served)"
CHECKPOINTS = (25_000, 50_000, 100_000)
PRESENT = 200
TURNS = 10  # loop turns per step; the app's own 30 fps frame timer renders in between, in real time
STEP_S = 20.0  # real seconds per step at 16×: longer than any order, burger or meal
TARGET_MB = 120.0


def busy_dashboard() -> tuple[BurgerApp, ManualTimeSource]:
    """The real dashboard on a manual clock at 16x: 32 cashier-cooks, no arrivals but the ones we add."""
    from burger_tui.sim.clock import ManualTimeSource
    from burger_tui.sim.model import Mode, RestaurantConfig
    from burger_tui.ui.app import BurgerApp

    source = ManualTimeSource()
    config = RestaurantConfig(mode=Mode.PARALLEL, cooks=32, seed=0)
    return BurgerApp(config, speed=16.0, auto_arrivals=False, time_source=source), source


async def drive(checkpoints: tuple[int, ...]) -> None:
    import os

    app, source = busy_dashboard()
    pid = os.getpid()
    async with app.run_test(size=(160, 50)) as pilot:
        await app.dashboard.live.wait_open()  # it opens just after the first frame
        await pilot.pause()
        print(json.dumps({"served": 0, "rss_mb": rss_mb(pid), "spool_mb": 0.0}), flush=True)
        pending = list(checkpoints)
        while pending:
            restaurant = app.dashboard.live.restaurant
            while len(restaurant.present) < PRESENT:
                restaurant.add_couple()  # what `O` does, without a notification per rush
            source.advance(STEP_S)
            app.dashboard.live.clock.poke()
            for _ in range(TURNS):
                await asyncio.sleep(0)
            served = restaurant.stats.served
            if served >= pending[0]:
                pending.pop(0)
                await pilot.pause()
                spool_mb = app.dashboard.records_on_disk_bytes / 2**20
                print(json.dumps({"served": served, "rss_mb": rss_mb(pid), "spool_mb": spool_mb}), flush=True)


def run(quick: bool) -> list[str]:
    checkpoints = tuple(c // 10 for c in CHECKPOINTS) if quick else CHECKPOINTS
    command = [sys.executable, "-m", "benchmarks.memory", *map(str, checkpoints)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    points = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    for point in points:
        print(f"  {point}", file=sys.stderr)
    rows = []
    for point in points:
        target = ""
        if point["served"] >= checkpoints[-1]:
            target = f"≤ {TARGET_MB:g} MB {'✓' if point['rss_mb'] <= TARGET_MB else '✗'}"
        rows.append(f"| {point['served']:,} | {point['rss_mb']:.1f} | {point['spool_mb']:.1f} | {target} |")
    growth = [
        (b["rss_mb"] - a["rss_mb"]) / (b["served"] - a["served"]) * 1e6
        for a, b in itertools.pairwise(points[1:])
    ]
    return [
        "The real `BurgerApp` driven headless in a child process (`App.run_test`, 160×50, its 30 fps frame "
        f"timer rendering in real time) on a `ManualTimeSource` advanced {STEP_S:g} s a step at 16×: "
        "`--mode parallel --cooks 32`, default times, couples added (as `O` does) to keep "
        f"~{PRESENT} inside. "
        "Every couple's record is kept for export as a CSV row in an anonymous temporary file "
        "(`RecordSpool`, on disk: not part of RSS). "
        f"Target: ≤ {TARGET_MB:g} MB at 100k and flat.",
        "",
        "| couples served | RSS MB | records on disk MB | target |",
        "|---:|---:|---:|---|",
        *rows,
        "",
        "RSS growth between checkpoints: "
        + ", ".join(f"{g:.0f} bytes/couple" for g in growth)
        + " (the records on disk: about "
        + f"{points[-1]['spool_mb'] * 2**20 / max(1, points[-1]['served']):.0f} bytes/couple).",
    ]


if __name__ == "__main__":
    asyncio.run(drive(tuple(int(arg) for arg in sys.argv[1:])))
