"""A classroom: 30 browser tabs on one ``burger-tui serve``, each a student pressing a key now and then.

One server on loopback (a free port), and 30 websocket clients in this process that speak the page's
protocol (textual-serve's ``textual.js``): connect to ``/ws?width=W&height=H``, send
``["resize", {"width", "height"}]`` and a ``["ping", ...]``, then ``["stdin", key]``; the server sends the
tab's terminal output as binary frames. No browser: it would measure the browser. The tabs are opened
one after another, as a room trickles in, each once the one before has shown its first frame.

Then two phases:

- **idle**: nobody presses anything; the 30 restaurants run (default options: arrivals every simulated
  minute at 4×). CPU of the server and of every tab's process, frames each tab receives.
- **busy**: every tab presses ``o`` (a couple walks in) every 4 to 8 s, at random. A key's latency runs
  from sending it until the first frame that shows its couple: a couple number higher than any this tab
  showed before the key, in the line (``👫12``) or at the cashier (``takes couple 12's order``: a free
  cashier takes the couple at once), or the cashier taking *your* order where it took someone else's (the
  key's couple became the one the narration follows). That is the frame the key caused, not any frame:
  a tab sends frames whenever something moves (a progress bar: 30 a second), so "the next frame" alone
  would mostly time the frame timer. (An automatic arrival shown between a key and its frame ends the wait
  early: about one key in 150, at a median latency of 100 ms and an arrival every 15 s of real time.)

Memory is the sum of ``VmRSS`` over the server and its tabs (shared pages such as the interpreter's are
counted once per process, as the brief's figure did), and ``Pss`` beside it (shared pages divided among
their processes: what the machine really holds).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Iterator
from pathlib import Path
from typing import IO, NamedTuple, TypeVar

from benchmarks.responsiveness import percentile
from benchmarks.terminal import BURGER_TUI, ROOT, cpu_seconds
from burger_tui.ui.app import FPS, SERVED_FPS
from tools.ports import free_port

T = TypeVar("T")

NAME = "classroom"
TITLE = "Classroom (30 browser tabs on one `burger-tui serve`)"
TABS = 30
WIDTH, HEIGHT = 120, 40  # a laptop browser window at a readable font size
KEY = "o"
KEY_GAP_S = (4.0, 8.0)  # between one tab's keys, drawn uniformly: not in step across tabs
SETTLE_S = 5.0  # after the last tab opened: its day opens and help is warmed up a second later
IDLE_S, BUSY_S = 30.0, 90.0
ALONE_S = 10.0  # the first tab, measured before the others open
QUICK = (6, 8.0, 20.0)  # tabs, idle and busy seconds: a smoke run
OPEN_TIMEOUT_S = 60.0  # open -> first frame, per tab
KEY_TIMEOUT_S = 10.0  # a key whose frame does not come in this long counts as this long
STOP_TIMEOUT_S = 10.0
TARGET_P99_MS = 250.0
TARGET_RSS_GB = 2.5
TARGET_IDLE_CORES = 1.5
FIRST_FRAME = b"burger_tui"  # the status bar's brand: painted with the first frame (wide layout)
COUPLE_SHOWN = re.compile("👫([0-9]+)|takes couple ([0-9]+)'s order".encode())  # in line, at the cashier
CASHIER = re.compile(rb"takes your order|takes couple|free: next couple")  # whom the cashier serves now
YOUR_ORDER = b"takes your order"


def process_tree(root: int) -> list[int]:
    """``root`` and its descendants, from ``/proc/*/stat`` (read only: nothing is signalled by this)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending += children.get(pid, [])
    return tree


def _status_kb(pid: int, field: str, file: str = "status") -> int:
    """A ``kB`` field of ``/proc/<pid>/status`` (or ``smaps_rollup``), 0 if the process is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def memory_mb(pids: list[int]) -> tuple[float, float]:
    """Summed RSS and PSS of ``pids``, in MB."""
    rss = sum(_status_kb(pid, "VmRSS") for pid in pids)
    pss = sum(_status_kb(pid, "Pss", "smaps_rollup") for pid in pids)
    return rss / 1024, pss / 1024


def _cpu(pids: list[int]) -> dict[int, float]:
    times = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            times[pid] = cpu_seconds(pid)
    return times


def machine_busy() -> tuple[int, int]:
    """(busy, total) clock ticks of every core since boot, from ``/proc/stat``."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return sum(ticks) - idle, sum(ticks)


class CpuWatch:
    """CPU seconds each process of the serve used between ``start()`` and ``stop()``, and how busy the
    whole machine was meanwhile (a share near 100 % means the tabs got less than they asked for)."""

    def __init__(self, server: int) -> None:
        self.server = server

    def start(self) -> None:
        self.pids = process_tree(self.server)
        self._before, self._client_before = _cpu(self.pids), time.process_time()
        self._machine_before = machine_busy()
        self._started = time.perf_counter()

    def stop(self) -> tuple[float, float, float, float, float]:
        """(seconds, server's cores, the tabs' cores together, this client's cores, machine busy 0-1)."""
        after, client = _cpu(self.pids), time.process_time() - self._client_before
        (busy, total), (busy_before, total_before) = machine_busy(), self._machine_before
        seconds = time.perf_counter() - self._started
        used = {pid: after[pid] - self._before[pid] for pid in after if pid in self._before}
        server = used.pop(self.server, 0.0)
        machine = (busy - busy_before) / max(1, total - total_before)
        return seconds, server / seconds, sum(used.values()) / seconds, client / seconds, machine


class Tab:
    """One browser tab: its websocket, the frames it got, and the key waiting for its frame."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.frames = 0
        self.first_frame = asyncio.get_running_loop().create_future()
        self.shown_up_to = 0  # the highest couple number this tab's frames showed
        self.serves_you = False  # the cashier takes the order of the couple the narration follows
        self._key_shown: asyncio.Future[float] | None = None
        self._key_after = 0  # the key's couple is the first shown above this...
        self._key_after_served_you = False  # ...or the first "your order" where there was none

    async def open(self, session: object, base: str) -> float:
        """Load the page and connect as the page does; seconds until the first frame."""
        import aiohttp

        assert isinstance(session, aiohttp.ClientSession)
        started = time.perf_counter()
        async with session.get(f"{base}/") as page:
            if page.status != 200:
                raise RuntimeError(f"tab {self.number}: the page answered {page.status}: {await page.text()}")
        self.ws = await session.ws_connect(f"{base}/ws?width={WIDTH}&height={HEIGHT}", max_msg_size=0)
        await self.ws.send_str(json.dumps(["resize", {"width": WIDTH, "height": HEIGHT}]))
        await self.ws.send_str(json.dumps(["ping", str(int(time.time() * 1000))]))
        self.reader = asyncio.create_task(self._read())
        await asyncio.wait_for(asyncio.shield(self.first_frame), OPEN_TIMEOUT_S)
        return float(self.first_frame.result()) - started

    async def _read(self) -> None:
        import aiohttp

        async for message in self.ws:
            if message.type is not aiohttp.WSMsgType.BINARY:
                continue  # the pong, or a download notice
            now = time.perf_counter()
            data: bytes = message.data
            self.frames += 1
            if not self.first_frame.done() and FIRST_FRAME in data:
                self.first_frame.set_result(now)
            shown = max((int(a or b) for a, b in COUPLE_SHOWN.findall(data)), default=0)
            cashier = CASHIER.findall(data)
            serves_you = self.serves_you if not cashier else cashier[-1] == YOUR_ORDER
            caused = shown > self._key_after or (serves_you and not self._key_after_served_you)
            if caused and self._key_shown is not None and not self._key_shown.done():
                self._key_shown.set_result(now)
            self.shown_up_to = max(self.shown_up_to, shown)
            self.serves_you = serves_you
        if not self.first_frame.done():
            self.first_frame.set_exception(RuntimeError(f"tab {self.number} closed before its first frame"))

    async def press(self, key: str) -> float:
        """Send ``key``; seconds until the frame showing the couple it brought in (or the timeout)."""
        self._key_after, self._key_after_served_you = self.shown_up_to, self.serves_you
        self._key_shown = asyncio.get_running_loop().create_future()
        sent = time.perf_counter()
        await self.ws.send_str(json.dumps(["stdin", key]))
        try:
            return await asyncio.wait_for(self._key_shown, KEY_TIMEOUT_S) - sent
        except TimeoutError:
            return KEY_TIMEOUT_S

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.ws.close(), 2.0)
        self.reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self.reader


async def _students(tabs: list[Tab], seconds: float, rng: random.Random) -> list[float]:
    """Every tab presses ``KEY`` every few seconds for ``seconds``; the latencies in ms."""
    latencies: list[float] = []
    until = time.perf_counter() + seconds

    async def student(tab: Tab, seed: int) -> None:
        own = random.Random(seed)
        while True:
            await asyncio.sleep(own.uniform(*KEY_GAP_S))
            if time.perf_counter() >= until:
                return
            latencies.append(1000 * await tab.press(KEY))

    await asyncio.gather(*(student(tab, rng.randrange(2**32)) for tab in tabs))
    return latencies


class Phase(NamedTuple):
    """CPU over one phase, in cores (1.0 = one core busy all along), and the frames a tab got a second."""

    server: float
    tabs: float
    client: float
    frames_per_tab_s: float
    machine: float  # share of all the machine's cores busy (everything on it), 0-1


class Room(NamedTuple):
    startups: list[float]  # open -> first frame, seconds, in the order the tabs opened
    alone: Phase  # the first tab, before the others open
    processes: int
    memory_idle: tuple[float, float]  # RSS, PSS in MB
    idle: Phase
    latencies: list[float]  # ms
    busy: Phase
    memory_busy: tuple[float, float]
    couples: float  # the highest couple number a tab showed, on average


async def _phase(watch: CpuWatch, tabs: list[Tab], work: Awaitable[T]) -> tuple[Phase, T]:
    frames = sum(tab.frames for tab in tabs)
    watch.start()
    result = await work
    seconds, server, cores, client, machine = watch.stop()
    fps = (sum(tab.frames for tab in tabs) - frames) / seconds / len(tabs)
    return Phase(server, cores, client, fps, machine), result


async def _classroom(server: int, base: str, count: int, idle_s: float, busy_s: float) -> Room:
    import aiohttp

    tabs: list[Tab] = []
    watch = CpuWatch(server)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None, connect=10)) as session:
        try:
            startups = []
            for number in range(1, count + 1):
                tab = Tab(number)
                tabs.append(tab)
                startups.append(await tab.open(session, base))
                print(f"  tab {number}: first frame after {startups[-1]:.2f} s", file=sys.stderr)
                if number == 1:  # what one tab costs when it has the machine to itself
                    await asyncio.sleep(SETTLE_S)
                    alone, _ = await _phase(watch, tabs, asyncio.sleep(ALONE_S))
                    print(f"  one tab alone: {alone}", file=sys.stderr)
            await asyncio.sleep(SETTLE_S)
            pids = process_tree(server)
            memory_idle = memory_mb(pids)
            idle, _ = await _phase(watch, tabs, asyncio.sleep(idle_s))
            print(f"  idle: {idle}", file=sys.stderr)
            busy, latencies = await _phase(watch, tabs, _students(tabs, busy_s, random.Random(0)))
            print(f"  busy: {busy}", file=sys.stderr)
            memory_busy = memory_mb(process_tree(server))
            couples = statistics.mean(tab.shown_up_to for tab in tabs)
        finally:
            await asyncio.gather(*(tab.close() for tab in tabs))
    return Room(startups, alone, len(pids), memory_idle, idle, latencies, busy, memory_busy, couples)


def _serve_options(tabs: int) -> list[str]:
    """``serve``'s options for this room: every tab comes from 127.0.0.1, so a per-address limit (when the
    server has one) must let all of them in."""
    options = ["--max-sessions", str(max(tabs, 30))]
    usage = subprocess.run([BURGER_TUI, "serve", "--help"], capture_output=True, text=True).stdout
    if "--max-per-address" in usage:
        options += ["--max-per-address", str(tabs)]
    return options


@contextlib.contextmanager
def serving(tabs: int) -> Iterator[tuple[int, str]]:
    """``burger-tui serve`` on a free loopback port: (its pid, its base URL); stopped on exit, by its pid."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [BURGER_TUI, "serve", "--port", str(port), *_serve_options(tabs)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl+C of the benchmark reaches it only as the stop below
        )
        try:
            _wait_listening(server, port, log)
            yield server.pid, f"http://127.0.0.1:{port}"
        finally:
            # SIGTERM: the server stops every tab, then itself. Its tabs die with it even if it must be
            # killed (PR_SET_PDEATHSIG): nothing is left running, whatever happened.
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
            try:
                server.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_listening(server: subprocess.Popen[bytes], port: int, log: IO[bytes]) -> None:
    deadline = time.perf_counter() + 20.0
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return
        if server.poll() is not None or time.perf_counter() > deadline:
            log.seek(0)
            raise RuntimeError(f"burger-tui serve did not start: {log.read().decode(errors='replace')}")
        time.sleep(0.05)


def run(quick: bool) -> list[str]:
    tabs, idle_s, busy_s = QUICK if quick else (TABS, IDLE_S, BUSY_S)
    with serving(tabs) as (server, base):
        room = asyncio.run(_classroom(server, base, tabs, idle_s, busy_s))
    return _report(room, tabs, idle_s, busy_s)


def _report(room: Room, tabs: int, idle_s: float, busy_s: float) -> list[str]:
    latencies, startups = room.latencies, room.startups
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    late = sum(1 for latency in latencies if latency >= 1000 * KEY_TIMEOUT_S)
    idle, busy, alone = room.idle, room.busy, room.alone
    idle_cores = idle.server + idle.tabs
    (rss_idle, pss_idle), (rss_busy, pss_busy) = room.memory_idle, room.memory_busy
    rss_gb = max(rss_idle, rss_busy) / 1024

    def mark(ok: bool) -> str:
        return "✓" if ok else "✗"

    print(
        f"  key p50 {p50:.0f} ms p99 {p99:.0f} ms ({len(latencies)} keys, {late} timed out); "
        f"RSS {rss_gb:.2f} GB; idle {idle_cores:.2f} cores; tab {tabs} start-up {startups[-1]:.2f} s",
        file=sys.stderr,
    )
    return [
        f"One `burger-tui serve` on loopback (`--max-sessions {max(tabs, 30)}`, default dashboard options; a "
        f"served tab draws {SERVED_FPS:g} frames a second, a terminal {FPS:g}) and {tabs} tabs, each a "
        f"websocket client in the benchmark's process speaking the page's protocol at {WIDTH}×{HEIGHT} "
        "cells, opened one after another (page, websocket, first frame). Idle: "
        f"{idle_s:g} s with nobody pressing. Busy: {busy_s:g} s, every tab pressing `{KEY}` (a couple walks "
        f"in) every {KEY_GAP_S[0]:g}-{KEY_GAP_S[1]:g} s; a key is timed until the frame that shows its "
        "couple (in the line or at the cashier). CPU from `/proc/<pid>/stat` (user + system, all threads); "
        "memory summed over the server and its tabs. Targets (issue 20): key → frame p99 ≤ "
        f"{TARGET_P99_MS:g} ms, RSS ≤ {TARGET_RSS_GB:g} GB, the idle room ≤ {TARGET_IDLE_CORES:g} cores.",
        "",
        "| what | figure | target |",
        "|---|---:|---|",
        f"| key → its frame, p50 / p99 ({len(latencies)} keys{f', {late} timed out' if late else ''}) "
        f"| {p50:.0f} / **{p99:.0f}** ms | ≤ {TARGET_P99_MS:g} ms {mark(p99 <= TARGET_P99_MS)} |",
        f"| RSS, server + {tabs} tabs ({room.processes} processes), idle / busy "
        f"| {rss_idle / 1024:.2f} / **{rss_busy / 1024:.2f}** GB | ≤ {TARGET_RSS_GB:g} GB "
        f"{mark(rss_gb <= TARGET_RSS_GB)} |",
        f"| PSS (shared pages divided among processes), idle / busy | {pss_idle / 1024:.2f} / "
        f"{pss_busy / 1024:.2f} GB | |",
        f"| CPU idle: server + {tabs} tabs | **{idle_cores:.2f}** cores | ≤ {TARGET_IDLE_CORES:g} "
        f"{mark(idle_cores <= TARGET_IDLE_CORES)} |",
        f"| CPU per tab, idle / busy | {100 * idle.tabs / tabs:.1f} / {100 * busy.tabs / tabs:.1f} % "
        "of a core | |",
        f"| one tab alone, before the others open: CPU, frames a second | {100 * alone.tabs:.1f} % of a "
        f"core, {alone.frames_per_tab_s:.1f} (× {tabs}: {alone.tabs * tabs:.2f} cores) | |",
        f"| CPU of the server, idle / busy | {100 * idle.server:.1f} / {100 * busy.server:.1f} % | |",
        f"| frames a tab sends a second, idle / busy | {idle.frames_per_tab_s:.1f} / "
        f"{busy.frames_per_tab_s:.1f} | |",
        f"| start-up, open → first frame: tab 1 / median / tab {tabs} "
        f"| {startups[0]:.2f} / {statistics.median(startups):.2f} / **{startups[-1]:.2f}** s | |",
        f"| the machine, idle / busy: its {os.cpu_count()} cores busy (everything on it) "
        f"| {100 * idle.machine:.0f} / {100 * busy.machine:.0f} % | |",
        f"| (the clients: {tabs} websockets in one process, not counted above) "
        f"| {100 * idle.client:.0f} / {100 * busy.client:.0f} % idle / busy | |",
        f"| (couples per tab by the end: the highest number shown, mean) | {room.couples:.0f} | |",
    ]
