"""UI cost: CPU of the real dashboard in a real terminal (tmux, 160×50), against a floor app in the same run.

The dashboard runs with ``--no-auto --speed 0.25`` so the couples brought in with rushes (``O``, ten each)
stay: at 0.25× the single cashier takes a minute of real time per couple, so nobody leaves while we
measure. Each figure is the process's CPU (user + system, all threads) over ``SECONDS`` of real time,
after the rush notifications have gone.
"""

from __future__ import annotations

import sys
import time

from benchmarks.terminal import BURGER_TUI, HEIGHT, WIDTH, Terminal, python_command

NAME = "ui"
TITLE = "UI cost (CPU of the real app in tmux)"
SECONDS = 10.0
COUPLES = (20, 100, 300)
RUSH = 10
QUIET_S = 3.0  # rush notifications time out after 2 s
TARGET_FLOOR_RATIO = 1.5
TARGET_PAUSED = 1.0  # % of one core


def dashboard_ready(text: str) -> bool:
    return "burger_tui" in text and "arrivals off" in text


def measure_floor(seconds: float) -> tuple[float, float]:
    with Terminal(python_command("benchmarks.reference_apps", "floor")) as floor:
        floor.wait_for(lambda text: "reference app ready" in text)
        time.sleep(QUIET_S)
        return floor.cpu_percent(seconds), floor.rss_mb()


def measure_dashboard(seconds: float) -> list[tuple[str, float, float]]:
    """(label, CPU %, RSS MB) for each number of couples, at 4×, and paused."""
    rows: list[tuple[str, float, float]] = []
    with Terminal([BURGER_TUI, "--no-auto", "--speed", "0.25", "--seed", "0"]) as app:
        app.wait_for(dashboard_ready, first=0)
        time.sleep(QUIET_S)
        rows.append(("0 couples, 0.25×", app.cpu_percent(seconds), app.rss_mb()))
        present = 0
        for couples in COUPLES:
            while present < couples:
                app.send("O")
                present += RUSH
            time.sleep(QUIET_S)
            rows.append((f"{couples} couples, 0.25×", app.cpu_percent(seconds), app.rss_mb()))
            print(f"  {rows[-1]}", file=sys.stderr)
        app.send("]", "]", "]", "]")  # 0.5, 1, 2, 4×: the default speed, busier panels
        app.wait_for(lambda text: " 4×" in text, first=0)
        time.sleep(1.0)
        rows.append((f"{present} couples, 4×", app.cpu_percent(seconds), app.rss_mb()))
        app.send("p")  # the program behind the story: frames read once per painted frame
        app.wait_for(lambda text: "One thread runs" in text)
        time.sleep(1.0)
        rows.append((f"{present} couples, 4×, program view (p)", app.cpu_percent(seconds), app.rss_mb()))
        app.send("p")
        app.send("w")  # who ran when: the lanes drawn from a frozen view each frame something they show moved
        app.wait_for(lambda text: "Who ran when" in text)
        time.sleep(1.0)
        rows.append((f"{present} couples, 4×, lanes view open (w)", app.cpu_percent(seconds), app.rss_mb()))
        app.send("w")
        app.wait_for(lambda text: "Who ran when" not in text)
        app.send("Space")
        app.wait_for(lambda text: "PAUSED" in text, first=0)
        time.sleep(1.0)
        rows.append((f"{present} couples, paused", app.cpu_percent(seconds), app.rss_mb()))
        served = next((line for line in app.screen().splitlines() if "Served" in line), "").strip("│ ")
        rows.append((f"(stats panel at the end: {served.split('·')[0].strip()})", float("nan"), float("nan")))
    return rows


def run(quick: bool) -> list[str]:
    seconds = 3.0 if quick else SECONDS
    floor_cpu, floor_rss = measure_floor(seconds)
    print(f"  floor {floor_cpu:.1f} % {floor_rss:.0f} MB", file=sys.stderr)
    rows = measure_dashboard(seconds)
    lines = [
        f"`burger-tui --no-auto --speed 0.25 --seed 0` in tmux at {WIDTH}×{HEIGHT}, couples brought in "
        f"with rushes (`O`), CPU of the process (user + system, all threads) over {seconds:g} s, "
        f"in % of one core. "
        f"Floor, measured in the same run: `python -m benchmarks.reference_apps floor` (300 `Static`, one "
        f"`Digits` and one `ProgressBar` updated at 30 fps). Targets: 300 couples ≤ {TARGET_FLOOR_RATIO}× "
        f"the floor; paused ≤ {TARGET_PAUSED:g} %.",
        "",
        "| what | CPU % of one core | × floor | RSS MB | target |",
        "|---|---:|---:|---:|---|",
        f"| floor app | {floor_cpu:.1f} | 1.00 | {floor_rss:.0f} | |",
    ]
    for label, cpu, rss in rows:
        if cpu != cpu:  # a note, not a measurement
            lines.append(f"| {label} | | | | |")
            continue
        ratio = cpu / floor_cpu if floor_cpu else float("inf")
        target = ""
        if label.startswith("300 couples, 0.25") or "4×" in label:
            target = f"≤ {TARGET_FLOOR_RATIO}× floor {'✓' if ratio <= TARGET_FLOOR_RATIO else '✗'}"
        elif label.endswith("paused"):
            target = f"≤ {TARGET_PAUSED:g} % {'✓' if cpu <= TARGET_PAUSED else '✗'}"
        lines.append(f"| dashboard, {label} | {cpu:.1f} | {ratio:.2f} | {rss:.0f} | {target} |")
    return lines
