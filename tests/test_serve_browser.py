"""``burger-tui serve`` in a real browser: headless Chromium (Debian's ``chromium``) driven over its DevTools
protocol with aiohttp's websocket client. The page draws the dashboard, keys typed into the page reach it
(``o`` then ``m``: the title becomes Parallel Burgers), and the page asks nothing of any other host.

Skips, saying why, where there is no Chromium (``.ci/run`` installs it when the package registry answers).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest

from burger_tui.serve_guard import room_url
from tests.helpers.serving import accepts
from tools.chromium import CHROMIUM_FLAGS
from tools.ports import free_port

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium on PATH (Debian: apt-get install chromium; .ci/run installs it when it can)",
)
BROWSER_FLAGS = [
    *CHROMIUM_FLAGS,
    "--remote-debugging-port=0",  # Chromium picks a port and writes it to DevToolsActivePort
]
STEP_TIMEOUT_S = 20.0  # each wait below; a loaded 2-core machine starts Chromium and a tab in seconds

# Runs in the page before textual.js: keeps a copy of what the server streams to the terminal.
RECORD_TERMINAL = """
window.__terminal = "";
const decoder = new TextDecoder();
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__terminal += decoder.decode(event.data, {stream: true});
      }
    });
  }
};
"""
ESCAPES = re.compile(r"\x1b\[[0-9;?$]*[A-Za-z]|\x1b\][^\x07]*\x07")


def _wait(check: Any, what: str) -> Any:
    deadline = time.monotonic() + STEP_TIMEOUT_S
    while not (result := check()):
        assert time.monotonic() < deadline, f"{what}: not within {STEP_TIMEOUT_S:.0f} s"
        time.sleep(0.05)
    return result


@contextmanager
def _process(
    command: list[str], stop: signal.Signals, cwd: Path | None = None, *, with_children: bool = False
) -> Iterator[subprocess.Popen[bytes]]:
    """``command`` running; then stopped by ``stop`` (killed if it lingers). ``with_children``: in a process
    group of its own, all of it stopped and gone before this returns (a browser's helpers go on writing
    into its profile for a moment after the browser itself exits)."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=cwd,
        start_new_session=with_children,
    )
    try:
        yield process
    finally:
        if with_children:
            os.killpg(process.pid, stop)
        else:
            process.send_signal(stop)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        if with_children:
            _end_group(process.pid)


def _end_group(group: int) -> None:
    """Wait until no process of ``group`` is left, killing what is left after a few seconds."""
    deadline = time.monotonic() + 5
    while True:
        try:
            os.killpg(group, signal.SIGKILL if time.monotonic() > deadline else 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


class DevTools:
    """The few DevTools calls this test needs, with the events they cause kept in ``events``."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []

    async def read(self) -> None:
        async for message in self.ws:
            data = message.json()
            if "id" in data:
                self.pending.pop(data["id"]).set_result(data)
            else:
                self.events.append(data)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        self.pending[number] = answer = asyncio.get_running_loop().create_future()
        await self.ws.send_json({"id": number, "method": method, "params": params})
        data = await asyncio.wait_for(answer, STEP_TIMEOUT_S)
        assert "error" not in data, f"DevTools {method}: {data['error']}"
        return dict(data.get("result", {}))

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def until(self, expression: str, what: str) -> None:
        deadline = time.monotonic() + STEP_TIMEOUT_S
        while not await self.evaluate(expression):
            if time.monotonic() > deadline:
                state = await self.evaluate("[document.body?.className, window.__terminal?.length]")
                raise AssertionError(
                    f"{what}: not within {STEP_TIMEOUT_S:.0f} s (body class, bytes: {state})"
                )
            await asyncio.sleep(0.1)

    async def terminal_text(self) -> str:
        """What the page's terminal was sent so far, without its escape sequences."""
        return ESCAPES.sub("", str(await self.evaluate("window.__terminal")))

    async def press(self, key: str) -> None:
        for kind in ("keyDown", "keyUp"):
            await self.call("Input.dispatchKeyEvent", type=kind, key=key, code=f"Key{key.upper()}", text=key)


@asynccontextmanager
async def _served_page(serve: list[str], port: int, cwd: Path | None = None) -> AsyncIterator[DevTools]:
    """``serve`` started (in ``cwd``) and answering on ``port``, and a headless Chromium's page to drive."""
    assert CHROMIUM is not None
    with (
        _process(serve, signal.SIGINT, cwd=cwd),
        tempfile.TemporaryDirectory(prefix="burger-tui-chromium-") as profile,
    ):
        _wait(lambda: accepts(port), "burger-tui serve answering")
        browser = [CHROMIUM, *BROWSER_FLAGS, f"--user-data-dir={profile}", "about:blank"]
        with _process(browser, signal.SIGTERM, with_children=True):
            active = Path(profile) / "DevToolsActivePort"
            devtools_port = int(_wait(lambda: active.exists() and active.read_text().split(), "DevTools")[0])
            async with _devtools(devtools_port) as page:
                yield page


@asynccontextmanager
async def _devtools(port: int) -> AsyncIterator[DevTools]:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}/json/list") as response:
            targets = await response.json()
        page = next(target["webSocketDebuggerUrl"] for target in targets if target["type"] == "page")
        async with session.ws_connect(page, max_msg_size=0) as ws:
            devtools = DevTools(ws)
            reader = asyncio.create_task(devtools.read())
            try:
                yield devtools
            finally:
                reader.cancel()


async def test_the_served_dashboard_draws_in_chromium_and_takes_keys() -> None:
    assert CHROMIUM is not None
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    serve = [sys.executable, "-m", "burger_tui", "--no-auto", "serve", "--port", str(port)]
    async with _served_page(serve, port) as page:
        await page.call("Network.enable")
        await page.call("Page.enable")
        await page.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_TERMINAL)
        await page.call(
            "Emulation.setDeviceMetricsOverride",
            width=1280,
            height=800,
            deviceScaleFactor=1,
            mobile=False,
        )
        await page.call("Page.navigate", url=url)
        # textual.js marks the body once it has written the app's first output into the terminal.
        await page.until("document.body && document.body.classList.contains('-first-byte')", "first frame")
        await page.until("window.__terminal.includes('Concurrent Burgers')", "the dashboard's title")
        assert await page.evaluate("document.querySelector('.xterm-screen').clientWidth") > 600
        await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")  # keys go to xterm
        await page.press("o")
        await page.press("m")
        await page.until("window.__terminal.includes('Parallel Burgers')", "the title after m")
        text = await page.terminal_text()
        assert "Parallel Burgers" in text.split("Concurrent Burgers", 1)[1]
        icon = await page.evaluate("document.querySelector('link[rel=icon]')?.href")
        events = list(page.events)

    requested = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    assert any(address.endswith(".ttf") for address in requested)  # the page's font, from this server
    assert [
        address for address in requested if not address.startswith((url, f"ws://127.0.0.1:{port}/"))
    ] == []
    failed = [e["params"] for e in events if e["method"] == "Network.loadingFailed"]
    assert failed == []
    statuses = [
        e["params"]["response"]["status"] for e in events if e["method"] == "Network.responseReceived"
    ]
    assert statuses
    assert all(status < 400 for status in statuses)
    assert str(icon).startswith("data:image/svg+xml")


async def test_a_student_opens_the_printed_url_from_the_network_and_export_is_a_download(
    tmp_path: Path,
) -> None:
    """The room's URL, at this machine's network address with its token: the page connects back to that
    address (not the one bound), draws, and `e` lands the day in the browser's downloads."""
    assert CHROMIUM is not None
    port = free_port()
    url = room_url("0.0.0.0", port, "room-7")
    if not (urlsplit(url).hostname or "x")[0].isdigit():  # the machine's name: no address of its own
        pytest.skip(f"this machine has no network address to stand for a student's view ({url})")
    serve = [sys.executable, "-m", "burger_tui", "--no-auto", "--seed", "3", "serve"]
    serve += ["--host", "0.0.0.0", "--port", str(port), "--token", "room-7"]
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    async with _served_page(serve, port, cwd=downloads) as page:
        await page.call("Page.enable")
        await page.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_TERMINAL)
        await page.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads))
        await page.call("Page.navigate", url=url)
        await page.until("window.__terminal.includes('Concurrent Burgers')", "the dashboard's title")
        socket_url = await page.evaluate("document.querySelector('#terminal').dataset.sessionWebsocketUrl")
        # A browser without a colour emoji font (this one, unless fonts-noto-color-emoji is installed)
        # asks for the plain-character dashboard.
        emoji = await page.evaluate("hasColourEmoji()")
        look = "" if emoji else "/ascii"
        assert socket_url == f"ws://{urlsplit(url).netloc}{look}/ws/room-7"  # not ws://0.0.0.0:…
        if not emoji:
            assert not any(ord(char) >= 0x1F000 for char in await page.terminal_text())
        await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        await page.press("o")
        await page.press("e")
        zips = _wait(lambda: [p for p in downloads.glob("*.zip") if p.stat().st_size], "the download")
    (archive,) = zips
    assert archive.name == "burger-day-seed3.zip"
    assert sorted(zipfile.ZipFile(archive).namelist()) == ["burger-day-seed3.csv", "burger-day-seed3.json"]
    assert sorted(p.name for p in downloads.iterdir()) == [archive.name]  # the server wrote nothing there
