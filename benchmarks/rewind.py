"""Going back in a day: the time from ``←`` to the dashboard showing the day 10 s earlier.

The real `BurgerApp` headless (`App.run_test`, 160×50) on a manual time source, so real time does not
move the day: each model's day is brought to 1,000 couples arrived (at a rate its staff keep up with),
then `←` is pressed: the day is opened again and replayed on the dashboard's own loop to
10 s before, and a frame painted. Timed from the key's action to the frame painted, best and median of a
few presses (each replays the whole day, with nobody listening: a press goes back from the newest instant,
and the day's listeners are carried back to the instant gone to), in wall-clock time and in this thread's
CPU time (what other work on the machine does not change). Target (issue 22): a jump back in a day of 1,000
couples ≤ 150 ms on this machine.
"""

from __future__ import annotations

import statistics
import time
from typing import NamedTuple

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.ui.app import BurgerApp

NAME = "rewind"
TITLE = "Rewind (a jump back in a day of 1,000 couples)"
TARGET_MS = 150.0
COUPLES = 1_000
PRESSES = 5
RATES = {Mode.CONCURRENT: 1.0, Mode.PARALLEL: 6.0, Mode.HYBRID: 3.0}  # couples a minute each keeps up with


class Jumps(NamedTuple):
    wall_ms: list[float]
    cpu_ms: list[float]
    newest: float  # simulated seconds
    arrived: int
    carried: int = 0  # presses that carried the day's listeners back (the others replayed the day to them)


async def _jumps(mode: Mode, couples: int) -> Jumps:
    """Each press of ``←`` in ``mode``'s day of ``couples``, timed."""
    config = RestaurantConfig(mode=mode, arrival_rate_per_min=RATES[mode], seed=0)
    app = BurgerApp(config, time_source=ManualTimeSource(), loop_lag_meter=False)
    async with app.run_test(size=(160, 50)) as pilot:
        dashboard = app.dashboard
        session = dashboard.session
        await session.wait_open()
        await session.toggle_pause()  # each jump lands on the same instant: the day does not run on
        newest = couples / RATES[mode] * 60
        await session.go_to(newest, lambda _outcome: None)  # the day to that instant, on virtual time
        await pilot.pause()
        arrived = session.snapshot().stats.arrived
        jumps = Jumps([], [], newest, arrived)
        for _ in range(PRESSES):
            await session.go_to(newest, lambda _outcome: None)  # from the newest instant each time
            started, cpu = time.perf_counter(), time.thread_time()
            dashboard.action_back()
            await dashboard.jumped()
            jumps.cpu_ms.append((time.thread_time() - cpu) * 1000)
            jumps.wall_ms.append((time.perf_counter() - started) * 1000)
        return jumps._replace(carried=session.jumps_carried)


def run(quick: bool) -> list[str]:
    import anyio

    couples = 100 if quick else COUPLES
    lines = [
        __doc__.split("\n\n", 1)[1].replace("\n", " ").strip(),
        "",
        "| model | couples arrived | newest instant s | listeners carried | wall best ms | wall median ms "
        "| CPU median ms | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for mode in Mode:
        jumps = anyio.run(_jumps, mode, couples)
        median = statistics.median(jumps.wall_ms)
        mark = "✓" if median <= TARGET_MS else "✗"
        lines.append(
            f"| {mode.value} | {jumps.arrived:,} | {jumps.newest:,.0f} | {jumps.carried} of {PRESSES} | "
            f"{min(jumps.wall_ms):.0f} | "
            f"**{median:.0f}** | {statistics.median(jumps.cpu_ms):.0f} | ≤ {TARGET_MS:.0f} ms {mark} |"
        )
    return lines
