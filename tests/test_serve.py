"""``burger-tui serve``: a real server process on a free local port, browser tabs opened over its websocket
with aiohttp's client (what textual.js does): the page, the session cap, clamped sizes, stopping, bad input.
"""

from __future__ import annotations

import re
import signal
import socket
import struct
import sys

import aiohttp
import pytest

from burger_tui.cli import main
from burger_tui.serve import HEIGHT, WIDTH, app_argv, clamp_cells, is_loopback
from tests.helpers.serving import (
    alive,
    cmdline,
    dashboards,
    descendants,
    environment,
    exited,
    fetch,
    linux_only,
    rows,
    serving,
    tabs,
)
from tools.ports import free_port

HANDSHAKES = 5  # browsers gone during their handshake


def test_serves_the_app_page_and_stops_cleanly_on_ctrl_c() -> None:
    """Ctrl+C ends it with 130, as it ends every command (it ended with 0: the twelfth adversarial pass;
    a script could not tell an interrupted server from one that was done)."""
    with serving("--host", "127.0.0.1") as (process, port):
        status, page = fetch(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert "burger-tui" in page  # the app's title
        assert f"ws://127.0.0.1:{port}/ws" in page  # the browser connects back to this server
        assert "textual.js" in page
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 130
    assert out.endswith("burger-tui: stopped serving\n")
    assert f"serving the dashboard on http://127.0.0.1:{port}" in out
    assert err == ""  # no warning for a loopback address, no traceback


def test_the_page_asks_no_other_host_and_has_a_favicon() -> None:
    with serving() as (_process, port):
        _status, page = fetch(f"http://127.0.0.1:{port}/")
        assert re.search(r'<link\s+rel="icon"\s+href="data:image/svg\+xml,', page)
        without_data = re.sub(r'"data:[^"]*"', "", page)  # (the icon's SVG names its XML namespace)
        # Every address is this server's: the websocket's absolute, the rest relative to the page.
        assert re.findall(r"""[a-z]+://[^"'\s)<>]+""", without_data) == [f"ws://127.0.0.1:{port}/ws"]
        assets = re.findall(r"""(?:href|src|url\()=?"(/[^"]+)""", without_data)
        assert len(assets) >= 4, page  # stylesheet, script, two fonts
        for asset in assets:
            assert asset.startswith("/static/")
            assert fetch(f"http://127.0.0.1:{port}{asset}")[0] == 200


def test_without_a_token_a_host_that_is_not_loopback_warns_that_anyone_gets_a_dashboard() -> None:
    with serving("--host", "0.0.0.0", "--no-token") as (process, port):
        assert fetch(f"http://127.0.0.1:{port}/")[0] == 200
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=15)
    assert err.startswith("burger-tui serve: warning: --no-token: anyone who can reach port")
    assert err.count("\n") == 1


def test_loopback_hosts() -> None:
    assert is_loopback(["127.0.0.1", "::1"])
    assert not is_loopback(["127.0.0.1", "192.168.1.2"])
    assert not is_loopback(["0.0.0.0"])


@linux_only
async def test_each_tab_gets_exactly_the_dashboard_options_given_before_serve() -> None:
    before = ["--mode", "parallel", "--seed=7", "--no-auto"]
    with serving(before=before) as (process, port):
        async with tabs(port, 1):
            (dashboard,) = dashboards(process.pid)
            words = cmdline(dashboard).split(b"\0")[:-1]
    assert words == [w.encode() for w in app_argv(before)]
    assert app_argv(before) == [sys.executable, "-m", "burger_tui", *before]


@linux_only
async def test_a_visitor_beyond_the_cap_gets_a_message_not_a_process() -> None:
    with serving("--max-sessions", "2") as (process, port):
        async with tabs(port, 2), aiohttp.ClientSession() as session:
            assert len(dashboards(process.pid)) == 2
            status, page = fetch(f"http://127.0.0.1:{port}/")
            assert status == 503
            assert "all 2 dashboards of this server are in use" in page
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24") as third:
                message = await third.receive()
                assert message.type is aiohttp.WSMsgType.BINARY
                assert b"all 2 dashboards of this server are in use" in message.data
                assert (await third.receive()).type is aiohttp.WSMsgType.CLOSE
                assert third.close_code == 1013  # "try again later"
            assert len(dashboards(process.pid)) == 2
        async with tabs(port, 1):  # the two closed: room again
            assert fetch(f"http://127.0.0.1:{port}/")[0] == 200


@linux_only
@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [("-5", "-5", (WIDTH[0], HEIGHT[0])), ("3000", "1000", (WIDTH[1], HEIGHT[1])), ("abc", "", (80, 24))],
)
async def test_the_size_a_browser_asks_for_at_the_start_is_clamped(
    width: str, height: str, expected: tuple[int, int]
) -> None:
    with serving() as (process, port):
        async with tabs(port, 1, f"width={width}&height={height}") as (tab,):
            (dashboard,) = dashboards(process.pid)
            assert f"COLUMNS={expected[0]}".encode() in environment(dashboard)
            assert f"ROWS={expected[1]}".encode() in environment(dashboard)
            # It keeps running: a resize still repaints the whole screen.
            await tab.resize(100, 30)
            await tab.read_until(lambda output: 30 in rows(output), "it repainted at 30 rows")


@linux_only
@pytest.mark.parametrize("columns", [128, 102])  # a browser 1280 and 1024 px wide
async def test_a_new_tab_shows_the_footers_keys_before_any_key_or_click(columns: int) -> None:
    # A served tab starts without the app's focus (the browser gives it on a click); the footer, mounted
    # after the first frame, showed no key until then.
    with serving() as (_process, port):
        async with tabs(port, 1, f"width={columns}&height=40") as (tab,):
            await tab.read_until(lambda output: b"Help" in output and b"Quit" in output, "the footer's keys")


@linux_only
async def test_resizes_a_browser_sends_are_clamped_and_never_crash_the_tab() -> None:
    with serving() as (_process, port):
        async with tabs(port, 1) as (tab,):
            await tab.read_until(lambda output: 24 in rows(output), "its first frame at 24 rows")
            tab.output = b""
            await tab.resize(3000, 1000)
            await tab.read_until(lambda output: max(rows(output), default=0) >= HEIGHT[1], "the big repaint")
            assert max(rows(tab.output)) == HEIGHT[1]
            for width, height in ((-5, -5), (0, 0), ("x", None), (1e300, float("nan"))):
                await tab.resize(width, height)
            tab.output = b""
            await tab.resize(100, 30)
            await tab.read_until(lambda output: 30 in rows(output), "it repainted at 30 rows")


@linux_only
async def test_a_message_nested_too_deep_is_ignored_and_the_tab_goes_on() -> None:
    """A message of 200,000 nested lists (or objects) is valid JSON too deep to decode: a RecursionError
    ended the tab with a logged traceback (found by the fourth adversarial pass)."""
    with serving() as (process, port):
        async with tabs(port, 1) as (tab,):
            await tab.read_until(lambda output: 24 in rows(output), "its first frame at 24 rows")
            (dashboard,) = dashboards(process.pid)
            for deep in ("[" * 200_000 + "]" * 200_000, '{"a":' * 50_000 + "1" + "}" * 50_000):
                await tab.ws.send_str(deep)
            tab.output = b""
            await tab.resize(100, 30)
            await tab.read_until(lambda output: 30 in rows(output), "it repainted at 30 rows")
            assert dashboards(process.pid) == [dashboard]


def test_clamp_cells() -> None:
    assert clamp_cells(-5, WIDTH, 80) == WIDTH[0]
    assert clamp_cells(10**9, HEIGHT, 24) == HEIGHT[1]
    assert clamp_cells("120", WIDTH, 80) == 120
    assert clamp_cells(99.9, WIDTH, 80) == 99
    for junk in (None, "x", [1], float("inf"), float("nan")):
        assert clamp_cells(junk, WIDTH, 80) == 80


@linux_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
async def test_sigint_and_sigterm_stop_the_server_and_every_tab(signum: int) -> None:
    """The signal stops them while the tabs are still open (the browser never closed them): the server
    ends cleanly (its goodbye line; exit 130 for Ctrl+C, as every command, and 0 for SIGTERM, a service's
    usual stop) and takes every dashboard with it. How fast is a benchmark's
    matter; the timeout only guards against a hang."""
    with serving() as (process, port):
        async with tabs(port, 3):
            processes = descendants(process.pid)
            assert len(dashboards(process.pid)) == 3
            assert all(map(alive, processes))  # nothing ended before the signal
            process.send_signal(signum)
            await exited([process.pid, *processes], timeout_s=60)  # a hang guard, not a speed claim
            assert process.wait() == (130 if signum == signal.SIGINT else 0)
        out, err = process.communicate(timeout=5)
    assert "stopped serving" in out
    assert "Traceback" not in out + err
    closed = [line for line in out.splitlines() if "closed a dashboard" in line]
    assert re.findall(r"\((\d) of 8 in use\)", " ".join(closed)) == ["2", "1", "0"]  # counted down in order


def test_a_browser_gone_during_the_handshake_is_one_line_not_a_traceback() -> None:
    """Found by the third adversarial pass: a tab closed as it connected (a reload, a student's quick
    click) made the websocket's handshake fail, and the server logged a traceback of some 10 KB each time,
    drawn with syntax highlighting; with nobody reading its output the server stopped, every tab with it."""
    with serving() as (process, port):
        for _ in range(HANDSHAKES):
            with socket.create_connection(("127.0.0.1", port)) as browser:
                browser.sendall(
                    b"GET /ws?width=80&height=24 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    b"Sec-WebSocket-Version: 13\r\n\r\n"
                )
                # Gone at once: a reset, not a goodbye.
                browser.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        assert fetch(f"http://127.0.0.1:{port}/")[0] == 200  # still serving
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 130
    assert "Error handling request" not in out + err
    assert "Traceback" not in out + err


@linux_only
async def test_tabs_die_with_the_server_even_when_it_is_killed() -> None:
    with serving() as (process, port):
        async with tabs(port, 2):
            processes = descendants(process.pid)
            assert len(dashboards(process.pid)) == 2
            process.kill()
            process.wait(5)
            await exited(processes, timeout_s=5)  # the kernel's signal is immediate: the time is only a guard


def test_port_in_use_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--host", "127.0.0.1", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "already in use" in err


@pytest.mark.parametrize(
    "host", ["no-such-host.invalid", "256.1.1.1", "", "a" * 300], ids=lambda host: host[:20] or "empty"
)
def test_bad_host_is_one_line_exit_2(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", host, "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("burger-tui serve: error:")
    assert len(err) < 200  # a long value is shortened


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
    assert err.count("\n") == 1
    assert option in err
