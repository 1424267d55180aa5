"""Memory: RSS of the running dashboard after 100k couples served, fast-forwarded.

100k couples at 16× with rushes would take hours of real time, so a child process drives the real
``BurgerApp`` headless (``App.run_test`` at 160×50, every panel rendering) on a
:class:`~burger_tui.sim.clock.ManualTimeSource` advanced in big steps. The restaurant is
``--mode parallel --cooks 32`` (32 cashier-cooks, the default order/cook/eat times) and couples are
added as ``O`` adds them (the session's ``rush``, without the screen's notification) to keep about
``PRESENT`` inside. A rush, like every command, takes effect once the day has caught up with real time
(every wake-up due by then has happened). The app's own frame timer renders
in real time meanwhile, as in the terminal. RSS is read from ``/proc/self/status`` at each checkpoint,
with the size of the app's :class:`~burger_tui.spool.RecordSpool` (one CSV row per couple, kept on disk
for export, not in RSS). Each rush is a command in the day's log (``DaySession.log``), as in the terminal.

Then ``burger-tui compare``'s peak memory against ``simulate``'s for the same couples: the largest
resident set of the command and of every worker it waited for (``ru_maxrss`` of ``wait4``), each
process's own peak, not their sum.
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
TITLE = "Memory (RSS after 100k couples served; compare against simulate)"
CHECKPOINTS = (25_000, 50_000, 100_000)
PRESENT = 200
TURNS = 10  # loop turns per step; the app's own 30 fps frame timer renders in between, in real time
STEP_S = 20.0  # real seconds per step at 16×: longer than any order, burger or meal
TARGET_MB = 120.0
COMPARE_COUPLES = 1_000_000  # issue 25's day: compare peaked at 163 MB there, simulate at 25 MB
COMPARE_TARGET = 1.5  # issue 25: compare's peak at most this many times simulate's, for the same couples
# Measured the same way (a small process waiting for the command) on the code before issue 25's fix
# (commit 4a7e171), when a model's main day kept every wait for the histogram.
COMPARE_BEFORE = "159.8 MB with `--jobs 1`, 160.3 MB on every core; `simulate` 24.2 MB (concurrent, hybrid)"


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

    from burger_tui.sim.live import RUSH_SIZE

    app, source = busy_dashboard()
    pid = os.getpid()
    async with app.run_test(size=(160, 50)) as pilot:
        await app.dashboard.session.wait_open()  # it opens just after the first frame
        await pilot.pause()
        print(json.dumps({"served": 0, "rss_mb": rss_mb(pid), "spool_mb": 0.0}), flush=True)
        session = app.dashboard.session
        pending = list(checkpoints)
        while pending:
            stats = session.snapshot().stats
            for _ in range(0, PRESENT - (stats.arrived - stats.left), RUSH_SIZE):
                await session.rush()  # what `O` does, without a notification per rush
            source.advance(STEP_S)
            session.time_moved()
            for _ in range(TURNS):
                await asyncio.sleep(0)
            served = session.snapshot().stats.served
            if served >= pending[0]:
                pending.pop(0)
                await pilot.pause()
                spool_mb = app.dashboard.session.records_on_disk_bytes / 2**20
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
        "",
        *compare_memory(COMPARE_COUPLES // 10 if quick else COMPARE_COUPLES),
    ]


# Spawns the command, waits for it, prints its ru_maxrss. Run by a fresh interpreter without site
# packages (~8 MB): Linux carries the spawning process's peak over into the child's ru_maxrss (/bin/true
# spawned by a 60 MB process "peaks" at 72 MB), so measured from this benchmark's process (55 MB) every
# command read 55.7 MB.
_SPAWN_AND_WAIT = """
import os, sys
out = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=out)
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _peak_mb(*args: str) -> float:
    """The peak RSS of ``burger-tui ARGS --json``, its workers included (the largest one's)."""
    command = [sys.executable, "-m", "burger_tui", *args, "--json"]
    spawn = [sys.executable, "-S", "-c", _SPAWN_AND_WAIT, *command]
    peak = int(subprocess.run(spawn, check=True, capture_output=True, text=True).stdout)
    return peak / (2**20 if sys.platform == "darwin" else 2**10)  # bytes on macOS, else KiB


def compare_memory(couples: int) -> list[str]:
    """``compare --customers N`` (one process, every core) against ``simulate --customers N`` per model."""
    from burger_tui.sim.limits import DEFAULT_SWEEP_CUSTOMERS
    from burger_tui.sim.model import Mode

    day = ["--customers", str(couples)]
    simulate = {mode: _peak_mb("simulate", *day, "--mode", mode.value) for mode in Mode}
    reference = max(simulate.values())
    rows = [
        f"| `simulate --mode {mode.value}` | {mb:.1f} | {mb / reference:.2f} | |"
        for mode, mb in simulate.items()
    ]
    for jobs, label in (("1", "`compare --jobs 1`"), (None, "`compare` (every core)")):
        mb = _peak_mb("compare", *day, *(["--jobs", jobs] if jobs else []))
        ratio = mb / reference
        mark = "✓" if ratio <= COMPARE_TARGET else "✗"
        rows.append(f"| {label} | {mb:.1f} | **{ratio:.2f}** | ≤ {COMPARE_TARGET:g}× {mark} |")
        print(f"  {rows[-1]}", file=sys.stderr)
    return [
        "`burger-tui compare` against `simulate` for the same couples: the peak memory (the largest "
        f"resident set of the command and its workers) of `--customers {couples:,}`, compare with the "
        f"default sweep ({DEFAULT_SWEEP_CUSTOMERS:,} couples a point). Target (issue 25): `compare` at "
        f"most {COMPARE_TARGET:g}x the largest `simulate`. Before the fix, at 1,000,000 couples: "
        f"{COMPARE_BEFORE}.",
        "",
        "| command | peak RSS MB | × simulate | target |",
        "|---|---:|---:|---|",
        *rows,
    ]


if __name__ == "__main__":
    asyncio.run(drive(tuple(int(arg) for arg in sys.argv[1:])))
