"""Memory across resets, as a user meets it: the dashboard in a real terminal over 50 days.

The dashboard runs in tmux (:mod:`benchmarks.terminal`) and is driven with keys, as a user would. Each
day: 30 rushes (``O``: 300 couples, and their notices), help opened (``?``) and closed, the restaurant
watched for a moment, compare opened (``c``), its results waited for and closed (escape), then ``r``.
Once the new day's notice shows, RSS is read from ``/proc``, then the process counts the objects it
holds: those the collector tracks and those frozen at start-up, garbage not yet collected included, as
a user's process holds them. The process is ``burger-tui``'s own ``main`` (``python -m
benchmarks.resets app``) with one addition: SIGUSR1 makes it write those counts, so nothing else in
the run differs from the command a user types. Counting collects nothing and thaws nothing: it did
(a collection, the start-up objects thawed, before RSS was read at every reset), and so measured a
process a user never has, with its cyclic garbage freed 50 times; a tester driving the dashboard by
hand saw +1.6 MB over the last 20 resets where this said +0.4. Only after the last reset is the process
collected, for its live objects, Textual's nodes and burger_tui's.

Target (issue 25): flat over the last 20 of 50 resets, at most 1 MB. The issue saw 43.6 MB at start,
68.8 MB after 30 resets of 300 couples and 99.2 MB after 70; the headless benchmark this one replaces
(200 couples, no notices, no screens) stayed flat meanwhile.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from types import FrameType

from benchmarks.terminal import Terminal, python_command

NAME = "resets"
TITLE = "Memory across resets (50 days in a terminal, 300 couples each)"
RESETS = 50
LAST = 20  # the resets the target looks at
FLAT_MB = 1.0
RUSHES = 30  # `O` presses a day: 300 couples
WATCH_S = 2.0  # real seconds the restaurant runs with its 300 couples before compare
COMPARE_TIMEOUT_S = 180.0  # compare's days on a busy machine
POLL_S = 0.05  # between looks at the screen: each is a tmux process, on the app's cores
COMMAND = ["--seed", "0"]  # otherwise the defaults: concurrent, 4x, arrivals on
# This benchmark on the code before the fix (commit 92fb9d2), when Textual kept what closed screens and
# replaced notices left behind (burger_tui/ui/textual_leaks.py).
BEFORE = (
    "43.3 -> 199.1 MB over 50 resets, **+46.8 MB over the last 20** ✗; 71k -> 854k live objects, "
    "93 -> 3,159 Textual nodes, 103 -> 2,082 of burger_tui's"
)

HELP_SHOWN = "CONCURRENT BURGERS VS PARALLEL BURGERS"
COMPARE_DONE = "served / hour"  # the results table: the three days and the sweep are done
NEW_DAY = "A new day, same seed."


def _on_dashboard(text: str) -> bool:
    return "burger_tui" in text.splitlines()[0] if text else False


def _count(path: Path) -> None:
    """Append the objects this process holds to ``path``, collecting nothing (see the module's docstring)."""
    point = {"objects": len(gc.get_objects()) + gc.get_freeze_count()}
    with path.open("a") as counts:
        counts.write(json.dumps(point) + "\n")


def _census(path: Path) -> None:
    """Append this process's live objects to ``path``: all of them, Textual's nodes, and burger_tui's. It
    thaws and collects: the run is over."""
    from textual.dom import DOMNode

    gc.unfreeze()  # the CLI froze start-up's objects: get_objects() would not see them
    gc.collect()
    objects = gc.get_objects()
    point = {
        "objects": len(objects),
        "nodes": sum(1 for o in objects if isinstance(o, DOMNode)),
        "ours": sum(1 for o in objects if type(o).__module__.startswith("burger_tui")),
    }
    del objects
    with path.open("a") as counts:
        counts.write(json.dumps(point) + "\n")


def _app(counts: Path, argv: list[str]) -> int:
    """``burger-tui ARGV``, writing the objects it holds to ``counts`` at each SIGUSR1, its live ones at
    SIGUSR2."""
    from burger_tui.cli import main

    def on_count(number: int, frame: FrameType | None) -> None:
        _count(counts)

    def on_census(number: int, frame: FrameType | None) -> None:
        _census(counts)

    signal.signal(signal.SIGUSR1, on_count)
    signal.signal(signal.SIGUSR2, on_census)
    return main(argv)


class Counts:
    """The app's counts file, read one point per signal (SIGUSR1: held objects; SIGUSR2: live ones)."""

    def __init__(self, path: Path, pid: int) -> None:
        self.path, self.pid = path, pid
        self.read = 0

    def take(self, timeout: float = 30.0, kind: signal.Signals = signal.SIGUSR1) -> dict[str, float]:
        os.kill(self.pid, kind)
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            text = self.path.read_text() if self.path.exists() else ""
            lines = text.split("\n")[:-1]  # whole lines only: one may be being written
            if len(lines) > self.read:
                self.read += 1
                point: dict[str, float] = json.loads(lines[self.read - 1])
                return point
            time.sleep(0.05)
        raise TimeoutError(f"no counts from {self.pid} within {timeout:g} s")


def a_day(app: Terminal) -> None:
    """What a user does with a day, then ``r``: returns when the new day has opened."""
    app.send(*["O"] * RUSHES)
    app.send("?")  # after the rushes: help shows once they have all been handled
    app.wait_for(lambda text: HELP_SHOWN in text, timeout=60.0, poll=POLL_S)
    app.send("Escape")
    app.wait_for(_on_dashboard, first=0, poll=POLL_S)
    time.sleep(WATCH_S)
    app.send("c")
    app.wait_for(lambda text: COMPARE_DONE in text, timeout=COMPARE_TIMEOUT_S, poll=POLL_S)
    app.send("Escape")
    app.wait_for(_on_dashboard, first=0, poll=POLL_S)
    app.wait_for(lambda text: NEW_DAY not in text, poll=POLL_S)  # the last day's notice is gone
    app.send("r")
    app.wait_for(lambda text: NEW_DAY in text, poll=POLL_S)


def measure(resets: int) -> tuple[list[dict[str, float]], dict[str, float]]:
    """RSS and held objects at start and after each reset; the live objects after the last."""
    points = []
    with TemporaryDirectory() as folder:
        path = Path(folder) / "counts.jsonl"
        with Terminal(python_command("benchmarks.resets", "app", str(path), *COMMAND)) as app:
            counts = Counts(path, app.pid)
            app.wait_for(lambda text: _on_dashboard(text) and "Welcome" in text, poll=POLL_S)
            time.sleep(WATCH_S)  # the first day opens just after the first frame
            for reset in range(resets + 1):
                if reset:
                    a_day(app)
                rss = app.rss_mb()  # before the count, whose own objects are not the app's
                point = {"reset": reset, "rss_mb": rss, **counts.take()}
                print(f"  {point}", file=sys.stderr)
                points.append(point)
            live = counts.take(kind=signal.SIGUSR2)
    return points, live


def _grid(points: list[dict[str, float]], key: str, shown: str, unit: float = 1.0) -> list[str]:
    """``key`` at start and after each reset, ten a row (row 10, column +3: after the 13th reset)."""
    rows = []
    for first in range(0, len(points), 10):
        cells = [shown.format(p[key] / unit) for p in points[first : first + 10]]
        rows.append(f"| {first} | " + " | ".join(cells) + " |")
    return ["| resets | " + " | ".join(f"+{n}" for n in range(10)) + " |", "|---:|" + "---:|" * 10, *rows]


def run(quick: bool) -> list[str]:
    resets = 8 if quick else RESETS
    last = min(LAST, resets)
    points, live = measure(resets)
    start, end = points[0], points[-1]
    growth = end["rss_mb"] - points[-1 - last]["rss_mb"]
    verdict = "✓" if growth <= FLAT_MB else "✗"
    return [
        f"`burger-tui {' '.join(COMMAND)}` in tmux, driven with keys: each day {RUSHES} rushes (`O`, "
        f"{RUSHES * 10} couples and their notices), help (`?`) opened and closed, {WATCH_S:g} s watched, "
        "compare (`c`) opened until its results show and closed (escape), then `r`. After each reset (the "
        "new day's notice on screen): RSS from `/proc`, then the objects the process holds, counted "
        "without a collection (garbage not yet collected included: the process is left as a user's is). "
        "After the last reset, its live objects after a collection (all of them, Textual's nodes, and "
        "those of burger_tui's classes).",
        "",
        f"Start: {start['rss_mb']:.1f} MB, {start['objects']:,.0f} objects held. After {resets} resets: "
        f"{end['rss_mb']:.1f} MB, {end['objects']:,.0f} held; after a collection {live['objects']:,.0f} "
        f"live ({live['nodes']:.0f} Textual nodes, {live['ours']:,.0f} of burger_tui's).",
        "",
        "RSS MB at start (0) and after each reset:",
        "",
        *_grid(points, "rss_mb", "{:.1f}"),
        "",
        "Objects held (thousands, collected or not) at start (0) and after each reset:",
        "",
        *_grid(points, "objects", "{:.0f}", unit=1000),
        "",
        f"**Growth over the last {last} resets: {growth:+.1f} MB** (target: at most {FLAT_MB:g} MB) "
        f"{verdict}. Before the fix: {BEFORE}.",
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["app"]:
        sys.exit(_app(Path(sys.argv[2]), sys.argv[3:]))
    sys.exit(f"usage: python -m benchmarks.resets app COUNTS [burger-tui options]  (run by {NAME})")
