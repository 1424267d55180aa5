"""Responsiveness: key press -> screen changed, under load (300 couples), in the real app in tmux.

Measured end to end, the way a user sees it: ``tmux send-keys`` sends ``]`` (or ``[``), and the terminal's
screen is polled (``tmux capture-pane`` of the status line, about every millisecond) until the speed shown
there changes (0.25× <-> 0.5×). This includes what a user also pays for: the terminal's input and output
paths and the app's next paint. It adds the cost of one ``send-keys`` and of the polling itself (a few ms),
so it is an upper bound. An in-process ``run_test`` harness would skip the terminal and the writer thread,
the very things that make a key feel slow.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from benchmarks.terminal import BURGER_TUI, Terminal, python_command, showing
from benchmarks.ui_cost import QUIET_S, RUSH, dashboard_ready

NAME = "responsiveness"
TITLE = "Responsiveness (key press -> screen changed, 300 couples)"
COUPLES = 300
PRESSES = 200
TARGET_P99_MS = 50.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(presses: int, *, bare: bool = False, program: bool = False) -> list[float]:
    command = (
        python_command("benchmarks.reference_apps", "bare")
        if bare
        else [BURGER_TUI, "--no-auto", "--speed", "0.25", "--seed", "0"]
    )
    latencies: list[float] = []
    rng = random.Random(0)
    with Terminal(command) as app:
        if bare:
            app.wait_for(lambda text: "reference app ready" in text, first=0)
        else:
            app.wait_for(dashboard_ready, first=0)
            for _ in range(COUPLES // RUSH):
                app.send("O")
            if program:  # the program behind the story open: its frames read while the keys come
                app.send("p")
                app.wait_for(lambda text: "One thread runs" in text)
            time.sleep(QUIET_S)
        for n in range(presses):
            key, shown = ("]", " 0.5×") if n % 2 == 0 else ("[", " 0.25×")
            time.sleep(rng.uniform(0.05, 0.15))  # not in step with the 30 fps frames
            started = time.perf_counter()
            app.send(key)
            waited = app.wait_for(showing(shown), first=0, timeout=5.0, since=started)
            latencies.append(1000 * waited)
    return latencies


def run(quick: bool) -> list[str]:
    presses = 40 if quick else PRESSES
    rows = []
    for label, bare, program in (
        ("bare Textual app (calibration: tmux and polling)", True, False),
        ("burger-tui", False, False),
        ("burger-tui, program view open (p)", False, True),
    ):
        latencies = measure(presses, bare=bare, program=program)
        p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
        print(f"  {label}: p50 {p50:.1f} ms p99 {p99:.1f} ms max {max(latencies):.1f} ms", file=sys.stderr)
        mark = "" if bare else (" ✓" if p99 <= TARGET_P99_MS else " ✗")
        rows.append(
            f"| {label} | {p50:.1f} | **{p99:.1f}**{mark} | {max(latencies):.1f} "
            f"| {statistics.fmean(latencies):.1f} |"
        )
    return [
        f"`burger-tui --no-auto --speed 0.25 --seed 0` in tmux with {COUPLES} couples (rushes), {presses} "
        "presses alternating `]` and `[` at random 50-150 ms gaps; each timed from `tmux send-keys` until "
        "`tmux capture-pane` shows the new speed in the status bar (end to end through the terminal, "
        "polled every ~1 ms: an upper bound). The same keys on the bare app (one `Static` that changes) "
        f"show what tmux and the polling cost by themselves. Target: p99 ≤ {TARGET_P99_MS:g} ms.",
        "",
        "| app | p50 ms | p99 ms (target ≤ 50) | max ms | mean ms |",
        "|---|---:|---:|---:|---:|",
        *rows,
    ]
