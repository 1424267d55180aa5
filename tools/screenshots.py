"""Regenerate ``screenshots/``: ``python -m tools.screenshots`` (a development tool, not installed).

Every picture comes from a scripted, seeded scenario (the same ones the snapshot tests use), saved
as SVG by Textual and converted to PNG with ``rsvg-convert`` when it is installed
(Debian: ``librsvg2-bin``; emoji need ``fonts-noto-color-emoji``).

When Chromium is installed (Debian: ``chromium``), ``browser.png`` shows ``burger-tui serve`` in a real
browser: the server runs on a free local port, headless Chromium opens the page through its DevTools
protocol, waits for the app's first output, presses ``O`` (a rush) and captures the page.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from burger_tui.lessons.web_results import Style
from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.screens.compare import CompareScreen
from tools.chromium import CHROMIUM_FLAGS
from tools.ports import free_port
from tools.scenes import SCENE_SEED, Script, a_recorded_day, lanes_of_both_models, mid_rush
from tools.web_scene import web_lesson

OUT = Path(__file__).resolve().parent.parent / "screenshots"

Shot = tuple[str, tuple[int, int], Callable[[], tuple[App[None], Script]]]


def _help() -> tuple[App[None], Script]:
    app, run_before = mid_rush(Mode.CONCURRENT)

    async def then_help(pilot: Pilot[None]) -> None:
        await run_before(pilot)
        await pilot.press("question_mark")

    return app, then_help


def _compare() -> tuple[App[None], Script]:
    app = BurgerApp(
        RestaurantConfig(seed=SCENE_SEED),
        auto_arrivals=False,
        time_source=ManualTimeSource(),
        loop_lag_meter=False,
    )

    async def open_compare(pilot: Pilot[None]) -> None:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        while screen.comparison is None:  # the day's own worker never completes: poll the screen
            await pilot.pause(0.1)
        await pilot.pause(0.3)

    return app, open_compare


def _blocking_call() -> tuple[App[None], Script]:
    app, run_before = mid_rush(Mode.CONCURRENT, loop_lag_meter=True)

    async def block(pilot: Pilot[None]) -> None:
        await run_before(pilot)
        await pilot.press("b")
        await pilot.pause(0.4)
        app.dashboard.frame()

    return app, block


def _program(mode: Mode, seconds: float) -> Callable[[], tuple[App[None], Script]]:
    def make() -> tuple[App[None], Script]:
        app, run_before = mid_rush(mode, seconds)

        async def show_program(pilot: Pilot[None]) -> None:
            await run_before(pilot)
            await pilot.press("p")
            await pilot.pause()

        return app, show_program

    return make


SHOTS: list[Shot] = [
    ("concurrent", (120, 40), lambda: mid_rush(Mode.CONCURRENT)),
    ("parallel", (120, 40), lambda: mid_rush(Mode.PARALLEL, seconds=40)),
    ("hybrid", (120, 40), lambda: mid_rush(Mode.HYBRID, seconds=60)),
    ("compact-80x24", (80, 24), lambda: mid_rush(Mode.CONCURRENT)),
    ("parallel-80x24", (80, 24), lambda: mid_rush(Mode.PARALLEL, seconds=40)),
    ("wide-200x60", (200, 60), lambda: mid_rush(Mode.HYBRID, seconds=60)),
    ("projector-100x30", (100, 30), lambda: mid_rush(Mode.PARALLEL, seconds=40, projector=True)),
    ("program", (140, 50), _program(Mode.CONCURRENT, 150)),
    ("program-parallel", (140, 50), _program(Mode.PARALLEL, 40)),
    ("help", (120, 40), _help),
    ("compare", (120, 40), _compare),
    ("blocking-call", (120, 40), _blocking_call),
    ("lanes", (120, 40), lanes_of_both_models),
    ("lanes-80x24", (80, 24), lanes_of_both_models),
    ("lanes-ascii", (120, 40), lambda: lanes_of_both_models(ascii_only=True)),
    # The web lesson (f) on a recorded run: def's second wave, a loop held by a blocking call, the end.
    ("web-lesson", (120, 40), lambda: web_lesson((Style.DEF, 1))),
    ("web-lesson-frozen-80x24", (80, 24), lambda: web_lesson((Style.BLOCKING, 1))),
    ("web-lesson-served", (120, 40), lambda: web_lesson()),
]
TIMELINE = "timeline-seed0.svg"  # burger-tui timeline of a_recorded_day: the handout


async def _take(name: str, size: tuple[int, int], make: Callable[[], tuple[App[None], Script]]) -> Path:
    app, script = make()
    async with app.run_test(size=size) as pilot:
        await script(pilot)
        await pilot.pause()
        svg = OUT / f"{name}.svg"
        # rsvg-convert drops leading non-breaking spaces unless told to keep white space.
        text = app.export_screenshot(title=f"burger_tui — {name}").replace(
            "<svg ", '<svg xml:space="preserve" ', 1
        )
        svg.write_text(text, encoding="utf-8")
    return svg


def _to_png(svg: Path) -> Path | None:
    converter = shutil.which("rsvg-convert")
    if converter is None:
        return None
    png = svg.with_suffix(".png")
    subprocess.run([converter, "--zoom", "1.5", "-o", str(png), str(svg)], check=True)
    return png


def timeline_shot() -> Path:
    """``burger-tui timeline`` of a seeded day, exported as the dashboard's ``e`` exports it."""
    from burger_tui.cli import main as burger_tui
    from burger_tui.sim.virtual_loop import run_virtual

    with tempfile.TemporaryDirectory(prefix="burger-tui-day-") as folder:
        day = run_virtual(a_recorded_day, Path(folder))
        if burger_tui(["timeline", str(day), "--svg", str(OUT / TIMELINE)]) != 0:
            raise RuntimeError("burger-tui timeline failed")
    return OUT / TIMELINE


BROWSER_SIZE = (1400, 900)  # CSS pixels of the captured page
BROWSER_APP_ARGS = ["--seed", str(SCENE_SEED), "--speed", "16"]  # for every tab's dashboard
BROWSER_SHOT_TIMEOUT = 60.0  # seconds for the whole browser shot; every step inside has its own limit too


def _wait_for(check: Callable[[], Any], what: str, timeout: float) -> Any:
    """Poll ``check`` until it returns something truthy without raising, or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if result := check():
                return result
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not ready after {timeout:.0f} s")
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes], *, group: bool = False) -> None:
    """Terminate ``process`` (and with ``group``, its whole process group), kill it if it lingers."""

    group = group and os.name == "posix"

    def send(kill: bool) -> None:
        try:
            if group:
                os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
            elif kill:
                process.kill()
            else:
                process.terminate()
        except ProcessLookupError:
            pass

    send(kill=False)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        send(kill=True)
        process.wait(timeout=10)
    if group:  # textual-serve's per-tab app processes outlive a terminated server: leave none behind
        send(kill=True)


async def _capture(devtools: str, url: str) -> bytes:
    """Open ``url`` in the browser's page over DevTools, wait for the app to draw, press O: a PNG of it."""
    import aiohttp  # a dependency of textual-serve

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=BROWSER_SHOT_TIMEOUT)) as session:
        async with session.get(f"{devtools}/json/list") as response:
            targets = await response.json()
        page = next(target["webSocketDebuggerUrl"] for target in targets if target["type"] == "page")
        async with session.ws_connect(page, max_msg_size=0) as ws:
            ids = itertools.count(1)

            async def call(method: str, **params: Any) -> dict[str, Any]:
                number = next(ids)
                await ws.send_json({"id": number, "method": method, "params": params})
                async for message in ws:  # no domain is enabled, so the answers are (nearly) all that comes
                    if message.type is not aiohttp.WSMsgType.TEXT:
                        break
                    data = message.json()
                    if data.get("id") == number:
                        if "error" in data:
                            raise RuntimeError(f"DevTools {method}: {data['error']}")
                        return dict(data.get("result", {}))
                raise ConnectionError("DevTools closed the connection")

            async def evaluate(expression: str) -> Any:
                result = await call("Runtime.evaluate", expression=expression, returnByValue=True)
                return result["result"].get("value")

            # --window-size includes the (invisible) window frame: set the page's own size exactly.
            width, height = BROWSER_SIZE
            await call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=False,
            )
            await call("Page.navigate", url=url)
            # textual.js marks the body once the app's first bytes arrive over the websocket.
            started = "document.body !== null && document.body.classList.contains('-first-byte')"
            deadline = time.monotonic() + 30
            while not await evaluate(started):
                if time.monotonic() > deadline:
                    raise TimeoutError("the app did not start in the browser within 30 s")
                await asyncio.sleep(0.2)
            await asyncio.sleep(1)  # let the dashboard lay itself out
            await evaluate("document.querySelector('.xterm-helper-textarea').focus()")  # keys go to xterm.js
            for kind in ("keyDown", "keyUp"):
                await call("Input.dispatchKeyEvent", type=kind, key="O", code="KeyO", text="O", modifiers=8)
            await asyncio.sleep(6)  # the rush arrives and the kitchen gets busy (about 100 s at 16x)
            shot = await call("Page.captureScreenshot", format="png")
    return base64.b64decode(shot["data"])


def browser_shot(chromium: str, png: Path) -> None:
    """``burger-tui serve`` on a free port, shown in headless Chromium, saved as ``png``."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "burger_tui", *BROWSER_APP_ARGS, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so its tabs' processes can be stopped with it
    )
    try:

        def answers() -> bool:
            if server.poll() is not None:
                raise RuntimeError(f"burger-tui serve exited with status {server.returncode}")
            with urllib.request.urlopen(url, timeout=2) as response:
                return bool(response.status == 200)

        _wait_for(answers, "burger-tui serve", 20)
        with tempfile.TemporaryDirectory(prefix="burger-tui-chromium-") as profile:
            width, height = BROWSER_SIZE
            profile_flags = [f"--window-size={width},{height}", f"--user-data-dir={profile}"]
            browser = subprocess.Popen(
                [chromium, *CHROMIUM_FLAGS, *profile_flags, "--remote-debugging-port=0", "about:blank"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                active = Path(profile) / "DevToolsActivePort"  # Chromium writes its chosen port here
                lines = _wait_for(lambda: active.read_text().split(), "Chromium's DevTools", 20)
                coroutine = _capture(f"http://127.0.0.1:{lines[0]}", url)
                png.write_bytes(asyncio.run(asyncio.wait_for(coroutine, BROWSER_SHOT_TIMEOUT)))
            finally:
                _stop(browser)
    finally:
        _stop(server, group=True)


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for name, size, make in SHOTS:
        svg = asyncio.run(_take(name, size, make))
        png = _to_png(svg)
        print(
            f"{svg.relative_to(OUT.parent)}" + (f" + {png.name}" if png else " (no rsvg-convert: SVG only)")
        )
    svg = timeline_shot()
    png = _to_png(svg)
    print(f"{svg.relative_to(OUT.parent)}" + (f" + {png.name}" if png else " (no rsvg-convert: SVG only)"))
    chromium = shutil.which("chromium")
    if chromium is None:
        print("screenshots/browser.png skipped: no chromium (Debian: apt-get install chromium)")
        return 0
    started = time.monotonic()
    try:
        browser_shot(chromium, OUT / "browser.png")
    except Exception as error:  # an optional extra: say why in one line, the other pictures are saved
        print(f"screenshots/browser.png failed: {type(error).__name__}: {error}")
        return 1
    print(f"screenshots/browser.png ({time.monotonic() - started:.1f} s in headless Chromium)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
