"""Memory across resets: RSS of the running dashboard before each of 20 resets of 200-couple days.

A child process drives the real ``BurgerApp`` headless (``App.run_test`` at 160×50, every panel
rendering) on a :class:`~burger_tui.sim.clock.ManualTimeSource`: each day a rush of couples is served
to the end (arrivals off, everyone gone), then ``r`` opens the next day. RSS is read from
``/proc/self/status`` just before each reset, after a garbage collection, so what grows is what the
days leave behind. Target: flat (the issue saw 49.5 -> 54.1 MB over nine resets, not levelling off).
"""

from __future__ import annotations

import asyncio
import gc
import json
import subprocess
import sys

from benchmarks.memory import busy_dashboard
from benchmarks.terminal import rss_mb

NAME = "resets"
TITLE = "Memory across resets (20 days of 200 couples)"
DAYS = 20
COUPLES = 200
STEP_S = 20.0  # real seconds per step at 16x
TURNS = 10  # loop turns per step
FLAT_MB = 1.0  # growth over the last ten resets we call flat


async def drive(days: int) -> None:
    import os

    app, source = busy_dashboard()
    pid = os.getpid()
    async with app.run_test(size=(160, 50)) as pilot:
        live = app.dashboard.live
        await live.wait_open()  # it opens just after the first frame
        for day in range(days):
            for _ in range(COUPLES):
                live.add_order()  # what `O` does, without a notification per rush
            while live.restaurant.stats.left < COUPLES:
                source.advance(STEP_S)
                live.clock.poke()
                for _ in range(TURNS):
                    await asyncio.sleep(0)
            await pilot.pause()
            gc.collect()
            print(json.dumps({"day": day + 1, "rss_mb": rss_mb(pid)}), flush=True)
            await pilot.press("r")
            await pilot.pause()


def run(quick: bool) -> list[str]:
    days = 5 if quick else DAYS
    command = [sys.executable, "-m", "benchmarks.resets", str(days)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    points = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    for point in points:
        print(f"  {point}", file=sys.stderr)
    rss = [point["rss_mb"] for point in points]
    last = rss[len(rss) // 2 :]
    growth = last[-1] - last[0]
    verdict = "✓" if growth <= FLAT_MB else "✗"
    return [
        f"The real `BurgerApp` in a child process (`App.run_test`, 160×50) on a manual clock at 16×: each "
        f"day {COUPLES} couples (`--mode parallel --cooks 32`) are served until all have left, then `r`. "
        "RSS after a garbage collection, just before each reset.",
        "",
        "| before reset | " + " | ".join(str(p["day"]) for p in points) + " |",
        "|---|" + "---:|" * len(points),
        "| RSS MB | " + " | ".join(f"{p['rss_mb']:.1f}" for p in points) + " |",
        "",
        f"Growth over the last {len(last)} resets: {growth:+.1f} MB (target: flat, at most "
        f"{FLAT_MB:g} MB) {verdict}.",
    ]


if __name__ == "__main__":
    asyncio.run(drive(int(sys.argv[1])))
