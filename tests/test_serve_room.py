"""``serve`` opened to a room: the token, seats per address, the page's address, a flood of keys, and export
as a download with nothing written on the server. A real server on a free local port, tabs over its websocket.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import signal
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from burger_tui.serve_guard import MAX_INPUT_CHARS
from tests.helpers.serving import (
    START_TIMEOUT_S,
    cmdline,
    dashboards,
    fetch,
    linux_only,
    serving,
    tabs,
)

TOKEN = "room-42"
TAB_MEMORY_LIMIT_KB = 150 * 1024


def _printed_url(process_stdout: object) -> str:
    """The URL the server printed as it started (its first line)."""
    line = process_stdout.readline()  # type: ignore[attr-defined]
    match = re.search(r"serving the dashboard on (\S+) ", line)
    assert match, line
    return match.group(1)


def test_on_a_network_address_the_printed_url_carries_a_random_token_and_only_it_opens_the_page() -> None:
    with serving("--host", "0.0.0.0") as (process, port):
        url = urlsplit(_printed_url(process.stdout))
        token = url.query.removeprefix("token=")
        assert url.hostname != "0.0.0.0"
        assert url.port == port
        assert len(token) >= 20
        local = f"http://127.0.0.1:{port}/"
        assert fetch(local)[0] == 403
        assert fetch(f"{local}?token=wrong")[0] == 403
        status, page = fetch(f"{local}?token={token}")
        assert status == 200
        assert f"ws://127.0.0.1:{port}/ws/{token}" in page
        assert dashboards(process.pid) == []  # a page is no process


@linux_only
async def test_a_websocket_without_the_right_token_gets_403_and_no_process() -> None:
    with serving("--host", "0.0.0.0", "--token", TOKEN) as (process, port):
        async with aiohttp.ClientSession() as session:
            for path in ("/ws", "/ws/wrong", f"/ws/{TOKEN}x"):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await session.ws_connect(f"http://127.0.0.1:{port}{path}?width=80&height=24")
                assert refused.value.status == 403
        assert dashboards(process.pid) == []
        async with tabs(port, 1, path=f"/ws/{TOKEN}"):
            assert len(dashboards(process.pid)) == 1


@linux_only
async def test_on_loopback_no_token_is_needed_but_another_sites_page_cannot_connect() -> None:
    with serving() as (process, port):
        assert fetch(f"http://127.0.0.1:{port}/")[0] == 200
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(
                    f"http://127.0.0.1:{port}/ws?width=80&height=24", origin="https://evil.example"
                )
            assert refused.value.status == 403
        assert dashboards(process.pid) == []


def test_the_pages_websocket_is_the_address_the_browser_used() -> None:
    with serving("--host", "0.0.0.0", "--token", TOKEN) as (_process, port):
        status, page = fetch(f"http://127.0.0.1:{port}/?token={TOKEN}", headers={"Host": "192.168.7.9:8000"})
    assert status == 200
    assert re.findall(r"wss?://[^\"]+", page) == [f"ws://192.168.7.9:8000/ws/{TOKEN}"]


@linux_only
async def test_one_address_cannot_take_every_seat() -> None:
    with serving("--max-sessions", "4", "--max-per-address", "2") as (process, port):
        async with tabs(port, 2), aiohttp.ClientSession() as session:
            status, page = fetch(f"http://127.0.0.1:{port}/")
            assert status == 503
            assert "your computer already has 2 dashboards" in page
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24") as third:
                message = await third.receive()
                assert b"your computer already has 2 dashboards" in message.data
                assert (await third.receive()).type is aiohttp.WSMsgType.CLOSE
            assert len(dashboards(process.pid)) == 2
            # Another computer (another loopback address stands for it) still gets its seats.
            async with tabs(port, 2, source="127.0.0.2"):
                assert len(dashboards(process.pid)) == 4


def test_a_network_address_defaults_to_three_tabs_per_computer(capsys: pytest.CaptureFixture[str]) -> None:
    from burger_tui.cli import build_parser

    help_text = build_parser().commands["serve"].format_help()
    assert "--max-per-address" in help_text
    assert "default: 3 on a network address" in " ".join(help_text.split())


@linux_only
async def test_dashboard_options_after_serve_reach_every_tab_as_those_before_it() -> None:
    with serving("--ascii", "--seed", "7", before=["--no-auto"]) as (process, port):
        async with tabs(port, 1):
            (dashboard,) = dashboards(process.pid)
            words = cmdline(dashboard).split(b"\0")[:-1]
    assert words == [
        w.encode() for w in (sys.executable, "-m", "burger_tui", "--no-auto", "--ascii", "--seed", "7")
    ]


def _rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]


@linux_only
async def test_a_flood_of_keys_is_a_few_rushes_and_the_tab_stays_small_and_answers() -> None:
    with serving(before=["--no-auto"]) as (process, port):
        async with tabs(port, 1, "width=100&height=30") as (tab,):
            (dashboard,) = dashboards(process.pid)
            await tab.ws.send_json(["stdin", "O" * 100_000])  # one message: dropped whole
            await tab.ws.send_json(["stdin", "O" * (MAX_INPUT_CHARS + 1)])
            for _ in range(5_000):  # a script, as fast as the socket goes: a person's pace gets through
                await tab.ws.send_json(["stdin", "O"])
            tab.output = b""
            await tab.resize(90, 28)  # it still answers, after the keys that got through
            await tab.read_until(
                lambda output: b"full" in output or b"rush" in output.lower(), "a rush's notice"
            )
            await asyncio.sleep(0)
            assert _rss_kb(dashboard) < TAB_MEMORY_LIMIT_KB


@linux_only
async def test_export_in_a_served_tab_is_a_download_and_writes_nothing_on_the_server(tmp_path: Path) -> None:
    before = set(os.listdir(tmp_path))
    with serving(before=["--no-auto", "--seed", "5"], cwd=tmp_path) as (_process, port):
        async with tabs(port, 1, "width=120&height=40") as (tab,), aiohttp.ClientSession() as session:
            await tab.ws.send_json(["stdin", "O"])
            await tab.ws.send_json(["stdin", "e"])
            async with asyncio.timeout(START_TIMEOUT_S):
                while True:
                    message = await tab.ws.receive()
                    if message.type is aiohttp.WSMsgType.TEXT and message.json()[0] == "deliver_file_start":
                        key = message.json()[1]
                        break
                    assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
            async with session.get(f"http://127.0.0.1:{port}/download/{key}") as response:
                assert response.status == 200
                assert "filename=burger-day-seed5.zip" in response.headers["Content-Disposition"]
                archive = zipfile.ZipFile(io.BytesIO(await response.read()))
    assert sorted(archive.namelist()) == ["burger-day-seed5.csv", "burger-day-seed5.json"]
    stats = json.loads(archive.read("burger-day-seed5.json"))
    assert stats["config"]["customers"] == 10
    assert stats["config"]["seed"] == 5
    rows = archive.read("burger-day-seed5.csv").decode().splitlines()
    assert rows[0].startswith("mode,couple,")
    assert len(rows) == 1 + 10  # the header and the rush's ten couples
    assert set(os.listdir(tmp_path)) == before  # nothing written where the server runs


@linux_only
async def test_the_teacher_reads_who_came_and_who_was_refused_and_a_page_without_emoji_gets_ascii() -> None:
    with serving("--host", "0.0.0.0", "--token", TOKEN) as (process, port):
        first = process.stdout.readline()  # type: ignore[union-attr]
        assert first.endswith("(up to 8 tabs at once, 3 per computer; Ctrl+C to stop)\n")
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await session.ws_connect(f"http://127.0.0.1:{port}/ws/wrong?width=80&height=24")
        async with tabs(port, 1, path=f"/ascii/ws/{TOKEN}"):
            (dashboard,) = dashboards(process.pid)
            assert cmdline(dashboard).split(b"\0")[-2] == b"--ascii"
        process.send_signal(signal.SIGINT)
        out, _err = process.communicate(timeout=15)
    assert out.splitlines()[:3] == [
        "burger-tui: refused 127.0.0.1: no token or a wrong one",
        "burger-tui: 127.0.0.1 opened a dashboard (1 of 8 in use)",
        "burger-tui: 127.0.0.1 closed a dashboard (0 of 8 in use)",
    ]


@linux_only
async def test_tabs_closing_together_count_down_in_the_teachers_window() -> None:
    """Three tabs closed at once each said "(0 of 8 in use)": the count was read once every tab had closed.
    Then they counted down out of order (the twelfth adversarial pass)."""
    with serving() as (process, port):
        process.stdout.readline()  # type: ignore[union-attr]  # the address line
        async with tabs(port, 3):
            pass  # all three close together as the session ends
        process.send_signal(signal.SIGINT)
        out, _err = process.communicate(timeout=15)
    closed = [line for line in out.splitlines() if "closed a dashboard" in line]
    # In the order said: each line waited for its own tab's process to stop, which they do in any order.
    assert re.findall(r"\((\d) of 8 in use\)", " ".join(closed)) == ["2", "1", "0"]
