"""Serving for the tests: ``burger-tui serve`` on a free local port, and browser tabs opened over its
websocket with aiohttp's client (what textual.js does)."""

from __future__ import annotations

import asyncio
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager, suppress
from pathlib import Path

import aiohttp
import pytest

from tools.ports import free_port

linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
START_TIMEOUT_S = 30.0  # a tab is a new Python importing Textual: slow on a loaded machine, never this slow


def fetch(url: str, timeout_s: float = 15.0, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """The status and text of ``url``, retried while the server is not answering yet."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(
                urllib.request.Request(url, headers=headers or {}), timeout=2
            ) as response:
                return int(response.status), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def serving(
    *args: str, before: Sequence[str] = (), cwd: Path | None = None
) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """``burger-tui [before] serve --port P [args]``, answering on P; killed (with its tabs) at the end."""
    port = free_port()
    command = [sys.executable, "-m", "burger_tui", *before, "serve", "--port", str(port), *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    try:

        def answering() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"burger-tui serve exited: {process.communicate()}")
            return accepts(port)

        until(answering, "burger-tui serve answering", START_TIMEOUT_S, lambda: [process.pid])
        yield process, port
    finally:
        tabs = descendants(process.pid) if process.poll() is None else []
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)
        for pid in tabs:  # whatever the server left behind, not to disturb the next test
            kill(pid)


LOOK_EVERY_S = 0.01  # what /proc or a port shows wakes nobody: it is looked at again after this


def until(
    condition: Callable[[], bool],
    what: str,
    timeout_s: float,
    watch: Callable[[], Sequence[int]] = lambda: (),
) -> None:
    """Until ``condition`` holds. Between two looks, waits on the exit of the processes ``watch``
    names (their pidfds: the kernel wakes us at once), never sleeps blind. ``timeout_s`` only guards a
    hang."""
    deadline = time.monotonic() + timeout_s
    ended: set[int] = set()  # not waited on again: their pidfds stay ready
    while not condition():
        left = deadline - time.monotonic()
        assert left > 0, f"not within {timeout_s:g} s: {what}"
        ended |= exits([pid for pid in watch() if pid not in ended], min(left, LOOK_EVERY_S))


def exits(pids: Sequence[int], timeout_s: float) -> set[int]:
    """Those of ``pids`` that have exited, once one has (at once if one is gone already), or none after
    ``timeout_s``."""
    gone: set[int] = set()
    pidfds: dict[int, int] = {}
    try:
        for pid in pids:
            try:
                pidfds[os.pidfd_open(pid)] = pid
            except ProcessLookupError:
                gone.add(pid)
        if not gone:  # a pidfd reads as ready once its process has exited
            gone.update(pidfds[fd] for fd in select.select(list(pidfds), [], [], timeout_s)[0])
    finally:
        for pidfd in pidfds:
            os.close(pidfd)
    return gone


def accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


async def exited(pids: Sequence[int], timeout_s: float) -> None:
    """Until every process of ``pids`` has exited: the kernel wakes us (a pidfd each), nothing polls."""
    try:
        async with asyncio.timeout(timeout_s):
            for pid in pids:
                await _exit_of(pid)
    except TimeoutError:
        running = [pid for pid in pids if alive(pid)]
        raise AssertionError(f"still running after {timeout_s:g} s: {running}") from None


async def _exit_of(pid: int) -> None:
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:  # exited and reaped already
        return
    gone = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_reader(pidfd, gone.set)  # a pidfd reads as ready once its process has exited
    try:
        await gone.wait()
    finally:
        loop.remove_reader(pidfd)
        os.close(pidfd)


def kill(pid: int) -> None:
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def dashboards(server: int) -> list[int]:
    """The server's processes that run a dashboard (not a shell in between)."""
    dashboard = f"{sys.executable}\0-m\0burger_tui\0".encode()
    return [pid for pid in descendants(server) if cmdline(pid).startswith(dashboard)]


def environment(pid: int) -> list[bytes]:
    """The ``NAME=value`` entries a process was started with."""
    return Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


class Tab:
    """One browser tab's websocket, reading what the dashboard draws."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.output = b""

    async def read_until(self, done: Callable[[bytes], bool], what: str) -> None:
        """Read the dashboard's output until ``done(all output so far)``; fail if it ends or stalls."""
        async with asyncio.timeout(START_TIMEOUT_S):
            while not done(self.output):
                message = await self.ws.receive()
                if message.type is not aiohttp.WSMsgType.BINARY:
                    raise AssertionError(f"the tab ended ({message.type.name}) before {what}")
                self.output += message.data

    async def resize(self, width: object, height: object) -> None:
        await self.ws.send_json(["resize", {"width": width, "height": height}])


def rows(output: bytes) -> list[int]:
    """The terminal rows the dashboard moved the cursor to (Textual paints with ESC[row;colH)."""
    return [int(row) for row in re.findall(rb"\x1b\[(\d+);\d+H", output)]


@asynccontextmanager
async def tabs(
    port: int, count: int, query: str = "width=80&height=24", *, path: str = "/ws", source: str = "127.0.0.1"
) -> AsyncIterator[list[Tab]]:
    """``count`` browser tabs on the server from address ``source``, each open once its dashboard has painted
    its first frame."""
    connector = aiohttp.TCPConnector(local_addr=(source, 0))
    async with aiohttp.ClientSession(connector=connector) as session:
        tabs = [Tab(await session.ws_connect(f"http://127.0.0.1:{port}{path}?{query}")) for _ in range(count)]
        for tab in tabs:
            await tab.read_until(first_frame, "its first frame")
        yield tabs


def first_frame(output: bytes) -> bool:
    """Whether ``output`` has a dashboard's first frame: the model in the status bar, or in a terminal
    too small for the floor, what to do about it (the screen knows its size before its first frame)."""
    return b"Burgers" in output or b"enlarge" in output
