"""Start-up: process start -> first frame painted, against a bare Textual app in the same run.

Both are started the same way (a new tmux session running the process) and timed from just before
``tmux new-session`` until the terminal shows their first content: the dashboard's status bar, or the
bare app's one line. Runs alternate; one warm-up of each is not counted (bytecode caches, page cache).

The bytecode caches are written first, as ``pip install`` does: the warm-up alone cannot write them
when ``PYTHONDONTWRITEBYTECODE`` is set, and then every dashboard run would compile this project's
modules from source while Textual's come precompiled from site-packages. Then the dashboard starts once
to its ``on_ready``, as a user's first start, which keeps its stylesheet as parsed for the starts after
it (``burger_tui/ui/parsed_css.py``; a first start parses it, ~40 M instructions more).

Beside the times, where valgrind is installed: the instructions each app runs until its first frame is
written (callgrind, :mod:`benchmarks.first_frame`), a ratio that other work on the machine does not move.
"""

from __future__ import annotations

import compileall
import re
import shutil
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from benchmarks.terminal import BURGER_TUI, HEIGHT, ROOT, WIDTH, Terminal, python_command
from benchmarks.ui_cost import dashboard_ready

NAME = "startup"
TITLE = "Start-up (process start -> first frame)"
RUNS = 7
TARGET_RATIO = 1.2


def time_bare() -> float:
    with Terminal(python_command("benchmarks.reference_apps", "bare")) as bare:
        return bare.wait_for(lambda text: "reference app ready" in text, poll=0.002)


def time_dashboard() -> float:
    with Terminal([BURGER_TUI, "--no-auto", "--seed", "0"]) as app:
        return app.wait_for(dashboard_ready, first=0, poll=0.002)


def keep_the_stylesheet() -> None:
    """Start the dashboard once, as a user's first start, to keep its stylesheet as parsed."""
    # stdin a pipe that stays open, as a served tab's (see instructions)
    with subprocess.Popen(
        python_command("benchmarks.first_frame", "keep"),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    ) as first:
        if first.wait(timeout=60) != 0:
            raise RuntimeError("the dashboard did not reach its first frame")


def instructions(app: str) -> int:
    """Instructions ``app`` ("dashboard" or "bare") runs until its first frame is written (callgrind)."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    # stdin a pipe that stays open, as a served tab's: at its end the app would quit.
    with subprocess.Popen(
        [*command, *python_command("benchmarks.first_frame", app)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    ) as counting:
        assert counting.stderr is not None
        said = counting.stderr.read()
    found = re.search(rb"Collected : ([0-9]+)", said)
    if counting.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind: {app} did not reach its first frame: {said.decode(errors='replace')}")
    return int(found.group(1))


def run(quick: bool) -> list[str]:
    runs = 2 if quick else RUNS
    for package in ("burger_tui", "benchmarks"):
        compileall.compile_dir(ROOT / package, quiet=1)
    keep_the_stylesheet()
    time_bare(), time_dashboard()  # warm-up
    bare: list[float] = []
    ours: list[float] = []
    for _ in range(runs):
        bare.append(time_bare())
        ours.append(time_dashboard())
    bare_s, ours_s = statistics.median(bare), statistics.median(ours)
    ratio = ours_s / bare_s
    print(f"  bare {bare_s:.3f} s dashboard {ours_s:.3f} s ratio {ratio:.2f}", file=sys.stderr)
    mark = "✓" if ratio <= TARGET_RATIO else "✗"
    counted = []
    if shutil.which("valgrind"):
        with ThreadPoolExecutor(2) as pool:  # one process each: a core each
            bare_i, ours_i = pool.map(instructions, ["bare", "dashboard"])
        print(f"  instructions bare {bare_i:,} dashboard {ours_i:,}", file=sys.stderr)
        counted = [
            "",
            "Instructions to the first frame (callgrind: the same in any load; web driver at "
            f"{WIDTH}×{HEIGHT}, `python -m benchmarks.first_frame`): bare {bare_i / 1e6:,.0f} M, "
            f"burger-tui {ours_i / 1e6:,.0f} M, **{ours_i / bare_i:.2f}×**.",
        ]
    return [
        f"Median of {runs} alternating runs (after one warm-up each): from `tmux new-session` until the "
        "first frame shows in the terminal (`capture-pane` polled every 2 ms). Bare app: "
        "`python -m benchmarks.reference_apps bare` (one `Static`). Dashboard: `burger-tui --no-auto`, "
        "until its status bar is painted. Bytecode caches written before the warm-up, as `pip install` "
        f"does. Target: ≤ {TARGET_RATIO}× the bare app.",
        "",
        f"| bare Textual app s | burger-tui s | ratio (target ≤ {TARGET_RATIO}) "
        "| all runs bare / burger-tui (s) |",
        "|---:|---:|---:|---|",
        f"| {bare_s:.3f} | {ours_s:.3f} | **{ratio:.2f}** {mark} "
        f"| {' '.join(f'{t:.2f}' for t in bare)} / {' '.join(f'{t:.2f}' for t in ours)} |",
        *counted,
    ]
