"""``burger-tui serve``: a real server process on a free local port, browser tabs opened over its websocket
with aiohttp's client (what textual.js does): the page, the session cap, clamped sizes, stopping, bad input.
"""

from __future__ import annotations

import asyncio
import os
import re
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

from burger_tui.cli import main
from burger_tui.serve import HEIGHT, WIDTH, app_argv, clamp_cells, is_loopback, public_url

linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
START_TIMEOUT_S = 30.0  # a tab is a new Python importing Textual: slow on a loaded machine, never this slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str, timeout_s: float = 15.0) -> tuple[int, str]:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return int(response.status), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def _serving(*args: str, before: Sequence[str] = ()) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """``burger-tui [before] serve --port P [args]``, answering on P; killed (with its tabs) at the end."""
    port = _free_port()
    command = [sys.executable, "-m", "burger_tui", *before, "serve", "--port", str(port), *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _accepts(port):
            if process.poll() is not None:
                raise AssertionError(f"burger-tui serve exited: {process.communicate()}")
            assert time.monotonic() < deadline, "burger-tui serve did not start"
            time.sleep(0.05)
        yield process, port
    finally:
        tabs = _descendants(process.pid) if process.poll() is None else []
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)
        for pid in tabs:  # whatever the server left behind, not to disturb the next test
            _kill(pid)


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def _descendants(pid: int) -> list[int]:
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


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _kill(pid: int) -> None:
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _dashboards(server: int) -> list[int]:
    """The server's processes that run a dashboard (not a shell in between)."""
    dashboard = f"{sys.executable}\0-m\0burger_tui\0".encode()
    return [pid for pid in _descendants(server) if _cmdline(pid).startswith(dashboard)]


def _cmdline(pid: int) -> bytes:
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


def _rows(output: bytes) -> list[int]:
    """The terminal rows the dashboard moved the cursor to (Textual paints with ESC[row;colH)."""
    return [int(row) for row in re.findall(rb"\x1b\[(\d+);\d+H", output)]


@asynccontextmanager
async def _tabs(port: int, count: int, query: str = "width=80&height=24") -> AsyncIterator[list[Tab]]:
    """``count`` browser tabs on the server, each open once its dashboard has painted its first frame."""
    async with aiohttp.ClientSession() as session:
        tabs = [Tab(await session.ws_connect(f"http://127.0.0.1:{port}/ws?{query}")) for _ in range(count)]
        for tab in tabs:
            await tab.read_until(
                lambda output: b"Burgers" in output, "its first frame"
            )  # the model in the status bar
        yield tabs


def test_serves_the_app_page_and_stops_cleanly_on_ctrl_c() -> None:
    with _serving("--host", "127.0.0.1") as (process, port):
        status, page = _fetch(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert "burger-tui" in page  # the app's title
        assert f"ws://127.0.0.1:{port}/ws" in page  # the browser connects back to this server
        assert "textual.js" in page
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0
    assert f"serving the dashboard on http://127.0.0.1:{port}" in out
    assert err == ""  # no warning for a loopback address, no traceback


def test_the_page_asks_no_other_host_and_has_a_favicon() -> None:
    with _serving() as (_process, port):
        _status, page = _fetch(f"http://127.0.0.1:{port}/")
        assert re.search(r'<link\s+rel="icon"\s+href="data:image/svg\+xml,', page)
        without_data = re.sub(r'"data:[^"]*"', "", page)  # (the icon's SVG names its XML namespace)
        addresses = re.findall(r"""[a-z]+://[^"'\s)<>]+""", without_data)
        assert len(addresses) >= 5, page  # stylesheet, script, two fonts, websocket
        assert [
            a for a in addresses if not a.startswith((f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/"))
        ] == []
        for font in re.findall(r'url\("([^"]+\.ttf)"\)', page):
            assert _fetch(font)[0] == 200  # the fonts the page names are served here


def test_a_host_that_is_not_loopback_warns_that_anyone_gets_a_dashboard() -> None:
    with _serving("--host", "0.0.0.0") as (process, _port):
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=15)
    assert err.startswith("burger-tui serve: warning: 0.0.0.0 is not a loopback address")
    assert "anyone who can reach port" in err and err.count("\n") == 1


def test_loopback_hosts() -> None:
    assert is_loopback(["127.0.0.1", "::1"])
    assert not is_loopback(["127.0.0.1", "192.168.1.2"])
    assert not is_loopback(["0.0.0.0"])


@linux_only
async def test_each_tab_gets_exactly_the_dashboard_options_given_before_serve() -> None:
    before = ["--mode", "parallel", "--seed=7", "--no-auto"]
    with _serving(before=before) as (process, port):
        async with _tabs(port, 1):
            (dashboard,) = _dashboards(process.pid)
            words = _cmdline(dashboard).split(b"\0")[:-1]
    assert words == [w.encode() for w in app_argv(before)]
    assert app_argv(before) == [sys.executable, "-m", "burger_tui", *before]


@linux_only
async def test_a_visitor_beyond_the_cap_gets_a_message_not_a_process() -> None:
    with _serving("--max-sessions", "2") as (process, port):
        async with _tabs(port, 2), aiohttp.ClientSession() as session:
            assert len(_dashboards(process.pid)) == 2
            status, page = _fetch(f"http://127.0.0.1:{port}/")
            assert status == 503 and "all 2 dashboards of this server are in use" in page
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24") as third:
                message = await third.receive()
                assert message.type is aiohttp.WSMsgType.BINARY
                assert b"all 2 dashboards of this server are in use" in message.data
                assert (await third.receive()).type is aiohttp.WSMsgType.CLOSE
                assert third.close_code == 1013  # "try again later"
            assert len(_dashboards(process.pid)) == 2
        async with _tabs(port, 1):  # the two closed: room again
            assert _fetch(f"http://127.0.0.1:{port}/")[0] == 200


@linux_only
@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [("-5", "-5", (WIDTH[0], HEIGHT[0])), ("3000", "1000", (WIDTH[1], HEIGHT[1])), ("abc", "", (80, 24))],
)
async def test_the_size_a_browser_asks_for_at_the_start_is_clamped(
    width: str, height: str, expected: tuple[int, int]
) -> None:
    with _serving() as (process, port):
        async with _tabs(port, 1, f"width={width}&height={height}") as (tab,):
            (dashboard,) = _dashboards(process.pid)
            environment = Path(f"/proc/{dashboard}/environ").read_bytes().split(b"\0")
            assert f"COLUMNS={expected[0]}".encode() in environment
            assert f"ROWS={expected[1]}".encode() in environment
            # It keeps running: a resize still repaints the whole screen.
            await tab.resize(100, 30)
            await tab.read_until(lambda output: 30 in _rows(output), "it repainted at 30 rows")


@linux_only
async def test_resizes_a_browser_sends_are_clamped_and_never_crash_the_tab() -> None:
    with _serving() as (_process, port):
        async with _tabs(port, 1) as (tab,):
            await tab.read_until(lambda output: 24 in _rows(output), "its first frame at 24 rows")
            tab.output = b""
            await tab.resize(3000, 1000)
            await tab.read_until(lambda output: max(_rows(output), default=0) >= HEIGHT[1], "the big repaint")
            assert max(_rows(tab.output)) == HEIGHT[1]
            for width, height in ((-5, -5), (0, 0), ("x", None), (1e300, float("nan"))):
                await tab.resize(width, height)
            tab.output = b""
            await tab.resize(100, 30)
            await tab.read_until(lambda output: 30 in _rows(output), "it repainted at 30 rows")


def test_clamp_cells() -> None:
    assert clamp_cells(-5, WIDTH, 80) == WIDTH[0]
    assert clamp_cells(10**9, HEIGHT, 24) == HEIGHT[1]
    assert clamp_cells("120", WIDTH, 80) == 120
    assert clamp_cells(99.9, WIDTH, 80) == 99
    for junk in (None, "x", [1], float("inf"), float("nan")):
        assert clamp_cells(junk, WIDTH, 80) == 80


@linux_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
async def test_sigint_and_sigterm_stop_the_server_and_every_tab_within_2_s(signum: int) -> None:
    with _serving() as (process, port):
        async with _tabs(port, 3):
            processes = _descendants(process.pid)
            assert len(_dashboards(process.pid)) == 3
            started = time.monotonic()
            process.send_signal(signum)
            while (process.poll() is None or any(map(_alive, processes))) and time.monotonic() - started < 10:
                await asyncio.sleep(0.02)
            stopped_after = time.monotonic() - started
            assert process.returncode == 0
            assert [pid for pid in processes if _alive(pid)] == []
            assert stopped_after < 2.0
        out, err = process.communicate(timeout=5)
    assert "stopped serving" in out and "Traceback" not in out + err


@linux_only
async def test_tabs_die_with_the_server_even_when_it_is_killed() -> None:
    with _serving() as (process, port):
        async with _tabs(port, 2):
            processes = _descendants(process.pid)
            assert len(_dashboards(process.pid)) == 2
            process.kill()
            process.wait(5)
            deadline = time.monotonic() + 5  # the kernel's signal is immediate: this is only a guard
            while any(map(_alive, processes)) and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            assert [pid for pid in processes if _alive(pid)] == []


def test_port_in_use_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--host", "127.0.0.1", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already in use" in err


@pytest.mark.parametrize("host", ["no-such-host.invalid", "256.1.1.1", ""])
def test_bad_host_is_one_line_exit_2(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", host, "--port", str(_free_port())]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("burger-tui serve: error:")


@pytest.mark.parametrize(
    ("option", "value"),
    [("--port", v) for v in ("0", "65536", "-1", "http", "80.5")]
    + [("--max-sessions", v) for v in ("0", "65", "-3", "many", "2.5")],
)
def test_bad_port_or_session_cap_is_one_line_exit_2(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", option, value])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and option in err


def test_public_url_brackets_ipv6() -> None:
    assert public_url("::1", 8000) == "http://[::1]:8000"
    assert public_url("localhost", 8000) == "http://localhost:8000"
