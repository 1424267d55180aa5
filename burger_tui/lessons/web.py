"""The web server behind the story: FastAPI's own advice, measured on a real FastAPI server.

The page's conclusion maps the restaurant onto a web server: the couples are the requests. Here a real
FastAPI app (:mod:`burger_tui.lessons.web_kitchen`) runs under uvicorn in a process of its own, and a real
httpx client sends N couples at once to each of its path operations, one style after another:

- ``async def`` + ``await``: one cashier, nobody waits for a cook: about one cook time for everyone;
- plain ``def`` + a blocking call: FastAPI runs it in anyio's threadpool, whose limiter has 40 tokens: 40
  cashier-cooks, so the couples are served in waves, ⌈N / tokens⌉ cook times;
- ``async def`` + a blocking call: the one cashier cooks at the counter and the whole server stops: N cook
  times, one couple after another;
- a trivial compute-only endpoint as ``def`` and as ``async def``: the ``def`` pays a hop to the threadpool;
- ``async def`` with a blocking ``def`` dependency: the dependency takes a token too.

The server counts what the client cannot see: when each burger was cooked and on which side (a worker
thread or the loop), the most tokens borrowed at once, and its own loop's lag; and, asked while the couples
are served, where each of them is (:mod:`burger_tui.lessons.web_floor`).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import statistics
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager

import anyio
import anyio.abc
import httpx

from burger_tui.lessons.web_floor import COUPLE_HEADER, FloorLook
from burger_tui.lessons.web_results import (
    KITCHEN_MODULE,
    STYLES,
    Style,
    StyleResult,
    WebReport,
    conclude,
    most_at_once,
    theory_s,
    waves,
)
from burger_tui.lessons.web_settings import DEFAULT_COOK_S, DEFAULT_REQUESTS, DEFAULT_TOKENS, READY
from burger_tui.parent_death import die_with_parent

LOOK_EVERY_S = 0.1  # how often the lesson asks the kitchen where everyone is
START_TIMEOUT_S = 30.0  # importing FastAPI on a busy machine takes seconds, not tens of them
TIMEOUT_MARGIN_S = 10.0


class WebLessonError(Exception):
    """The lesson could not run: a port in use, a server that did not start, a client timeout. One line."""


class PortInUse(WebLessonError):
    """The port asked for is taken: bad input, not a failure."""


class KitchenProcess:
    """The kitchen server's process: its base URL, and where everyone is on its floor, asked on its stdin."""

    def __init__(self, process: asyncio.subprocess.Process, url: str) -> None:
        self.url = url
        self._process = process
        self._asking = anyio.Lock()  # one question at a time, so each answer is the one asked for

    async def look(self) -> FloorLook | None:
        """The floor now, or ``None`` once the server has ended."""
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        async with self._asking:
            try:
                self._process.stdin.write(b"look\n")
                await self._process.stdin.drain()
            except ConnectionError:
                return None
            answer = await self._process.stdout.readline()
        return FloorLook(**json.loads(answer)) if answer else None


@asynccontextmanager
async def kitchen_server(cook_time: float, tokens: int, port: int = 0) -> AsyncIterator[KitchenProcess]:
    """The kitchen served in a process of its own on 127.0.0.1.

    The process is killed and waited for when the block ends, however it ends (an error, a cancel), and
    the kernel kills it if this process dies first. asyncio's, not anyio's, process: anyio has no
    ``preexec_fn``. In a session of its own, so Ctrl+C in the terminal reaches only this process.
    """
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        KITCHEN_MODULE,
        f"--port={port}",
        f"--cook-time={cook_time}",
        f"--tokens={tokens}",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        preexec_fn=die_with_parent(os.getpid()),
        start_new_session=True,
    )
    try:
        yield KitchenProcess(process, await _ready(process))
    finally:
        with anyio.CancelScope(shield=True):
            if process.returncode is None:
                process.kill()
            await process.communicate()  # reaps it and closes its pipes


async def _ready(process: asyncio.subprocess.Process) -> str:
    assert process.stdout is not None
    assert process.stderr is not None
    with anyio.move_on_after(START_TIMEOUT_S):
        line = (await process.stdout.readline()).decode(errors="replace").strip()
        if line.startswith(READY):
            return f"http://127.0.0.1:{line.split()[1]}"
        if line.startswith("error: "):
            raise (PortInUse if "in use" in line else WebLessonError)(line.removeprefix("error: "))
        await process.wait()
        errors = (await process.stderr.read()).decode(errors="replace").strip().splitlines()
        last = errors[-1] if errors else f"exit code {process.returncode}"
        raise WebLessonError(f"the kitchen server failed to start: {last}")
    raise WebLessonError(f"the kitchen server did not start within {START_TIMEOUT_S:g} s")


ProgressCallback = Callable[[Style, int, int], None]
"""Called on the event loop as couples are served: (style, served, couples)."""


KitchenCallback = Callable[[Style, FloorLook], None]
"""Called on the event loop every ``LOOK_EVERY_S`` while a style's couples are served, and once they all
are: the style, and its floor as the server sees it."""


async def watch_kitchen(
    kitchen: KitchenProcess,
    serving: Callable[[], Style],
    on_kitchen: KitchenCallback,
    *,
    task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED,
) -> None:
    """Until cancelled or the server ends: where everyone is on the floor of the style being served.

    Started once the server has had its first look: it notes where couples are only once watched.
    """
    look = await kitchen.look()
    task_status.started()
    while look is not None:
        on_kitchen(serving(), look)
        await anyio.sleep(LOOK_EVERY_S)
        look = await kitchen.look()


@contextmanager
def answered(client: httpx.AsyncClient, path: str) -> Iterator[None]:
    """httpx's errors on ``path`` as the lesson's one line."""
    try:
        yield
    except httpx.TimeoutException:
        waited = client.timeout.read
        raise WebLessonError(
            f"no answer from the kitchen server within {waited:g} s (client timeout)"
        ) from None
    except httpx.HTTPError as error:
        raise WebLessonError(
            f"the kitchen server failed on {path}: {error or type(error).__name__}"
        ) from None


async def send_couples(
    client: httpx.AsyncClient,
    path: str,
    requests: int,
    on_served: Callable[[int], None] | None = None,
) -> tuple[float, list[float]]:
    """Send ``requests`` GETs at once; the wall time and each one's latency. A failure is one line."""
    latencies: list[float] = []
    failure: list[str] = []

    async def couple(number: int, scope: anyio.CancelScope) -> None:
        sent = time.perf_counter()
        try:
            with answered(client, path):
                (await client.get(path, headers={COUPLE_HEADER: str(number)})).raise_for_status()
        except WebLessonError as error:  # kept for after the group, which would wrap it in a group
            failure.append(str(error))
            scope.cancel()
            return
        latencies.append(time.perf_counter() - sent)
        if on_served is not None:
            on_served(len(latencies))

    started = time.perf_counter()
    async with anyio.create_task_group() as tg:
        for number in range(requests):
            tg.start_soon(couple, number, tg.cancel_scope)
    wall = time.perf_counter() - started
    if failure:
        raise WebLessonError(failure[0])
    return wall, latencies


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


async def measure_style(
    client: httpx.AsyncClient,
    kitchen: KitchenProcess,
    style: Style,
    requests: int,
    cook_time: float,
    tokens: int,
    on_progress: ProgressCallback | None = None,
    on_kitchen: KitchenCallback | None = None,
) -> StyleResult:
    """N couples to one style's path operation, then what the server saw meanwhile (and its floor, with
    everyone served, to ``on_kitchen``)."""
    with answered(client, "/kitchen"):
        await client.get("/kitchen")  # forget what the kitchen saw before
    wall, latencies = await send_couples(
        client,
        STYLES[style].path,
        requests,
        None if on_progress is None else _bind(on_progress, style, requests),
    )
    if on_kitchen is not None and (look := await kitchen.look()) is not None:
        on_kitchen(style, look)  # before /kitchen starts the floor again
    with answered(client, "/kitchen"):
        seen = (await client.get("/kitchen")).json()
    cooks = [(start, end) for start, end, _in_thread in seen["cooks"]]
    return StyleResult(
        style=style,
        requests=requests,
        wall_s=round(wall, 4),
        p50_s=round(statistics.median(latencies), 4),
        p95_s=round(_percentile(latencies, 0.95), 4),
        in_app_p50_s=round(statistics.median(seen["in_app_s"]), 6),
        theory_s=theory_s(style, requests, cook_time, tokens),
        max_threads=seen["max_threads"],
        waves=waves(cooks),
        most_at_once=most_at_once(cooks),
        in_threads=sum(1 for *_times, in_thread in seen["cooks"] if in_thread),
        max_loop_lag_s=round(seen["max_lag_s"], 4),
    )


def _bind(on_progress: ProgressCallback, style: Style, requests: int) -> Callable[[int], None]:
    return lambda served: on_progress(style, served, requests)


def client_timeout(requests: int, cook_time: float) -> float:
    """Long enough for the blocking style's last couple, who waits for every burger before theirs."""
    return 2 * requests * cook_time + TIMEOUT_MARGIN_S


def kitchen_client(url: str, requests: int, timeout_s: float) -> httpx.AsyncClient:
    """An httpx client that lets every couple in at once, each on a connection of its own.

    No keep-alive: each couple comes in, orders, eats and leaves. Reused connections were slower, not
    faster: httpcore's pool handed one idle connection to many waiting requests at once, and the others
    queued behind it (measured: 100 couples to the async endpoint took 5 s instead of 0.4 s).
    """
    limits = httpx.Limits(max_connections=requests, max_keepalive_connections=0)
    return httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout_s)


async def run_web_lesson(
    requests: int = DEFAULT_REQUESTS,
    cook_time: float = DEFAULT_COOK_S,
    tokens: int = DEFAULT_TOKENS,
    *,
    port: int = 0,
    styles: Sequence[Style] = tuple(Style),
    client_timeout_s: float | None = None,
    on_progress: ProgressCallback | None = None,
    on_result: Callable[[StyleResult], None] | None = None,
    on_kitchen: KitchenCallback | None = None,
) -> WebReport:
    """Start the kitchen server, serve N couples to each style one after another, stop the server.

    ``on_result`` hears each style's result as soon as it is measured; ``on_kitchen``, where everyone is on
    the kitchen's floor meanwhile, and once more as each style's last couple is served.
    """
    if client_timeout_s is None:
        client_timeout_s = client_timeout(requests, cook_time)
    serving = styles[0]
    async with (
        kitchen_server(cook_time, tokens, port) as kitchen,
        kitchen_client(kitchen.url, requests, client_timeout_s) as client,
    ):
        results: list[StyleResult] = []
        failure: WebLessonError | None = None
        async with anyio.create_task_group() as watching:
            if on_kitchen is not None:
                await watching.start(watch_kitchen, kitchen, lambda: serving, on_kitchen)
            try:
                for serving in styles:
                    results.append(
                        await measure_style(
                            client, kitchen, serving, requests, cook_time, tokens, on_progress, on_kitchen
                        )
                    )
                    if on_result is not None:
                        on_result(results[-1])
            except WebLessonError as error:
                failure = error  # raised below: out of the task group, it stays one line, not a group
            watching.cancel_scope.cancel()
        if failure is not None:
            raise failure
    return WebReport(requests, cook_time, tokens, results, conclude(results, tokens))
