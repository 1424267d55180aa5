"""``burger-tui`` with a probe on its event loop: how late a 5 ms timer runs, written to a file at exit.

Run by :mod:`benchmarks.loop_lag` in a real terminal (tmux): ``python -m benchmarks.lag_probe OUT.json
[burger-tui arguments]``. The probe is a task on the app's own loop, started as the loop is made (an event
loop policy of ours), so it sees every callback that holds the loop: a key's action, a layout, a repaint.
Each sample is ``(time.perf_counter(), lag in seconds)``; ``perf_counter`` is the system's monotonic clock,
the same in the benchmark's process, which times its keys with it.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

PERIOD_S = 0.005

samples: list[tuple[float, float]] = []


async def _probe() -> None:
    while True:
        asked = time.perf_counter()
        await asyncio.sleep(PERIOD_S)
        now = time.perf_counter()
        samples.append((now, now - asked - PERIOD_S))


class _ProbedPolicy(asyncio.DefaultEventLoopPolicy):
    """Each new loop starts the probe as it first runs."""

    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        loop = super().new_event_loop()
        loop.call_soon(lambda: loop.create_task(_probe()))
        return loop


def main() -> int:
    out = Path(sys.argv[1])
    asyncio.set_event_loop_policy(_ProbedPolicy())
    from burger_tui.cli import main as burger_tui

    try:
        return burger_tui(sys.argv[2:])
    finally:
        out.write_text(json.dumps(samples))


if __name__ == "__main__":
    sys.exit(main())
