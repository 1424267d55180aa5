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
thread or the loop), the most tokens borrowed at once, and its own loop's lag.
"""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import math
import os
import statistics
import sys
import textwrap
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

import anyio
import httpx

from burger_tui.lessons.web_settings import DEFAULT_COOK_S, DEFAULT_REQUESTS, DEFAULT_TOKENS, READY
from burger_tui.parent_death import die_with_parent

KITCHEN_MODULE = "burger_tui.lessons.web_kitchen"
LOOK_EVERY_S = 0.1  # how often the lesson asks the kitchen what it is doing
LOOK_PATIENCE_S = 0.25  # no answer within this: the kitchen's loop is held
START_TIMEOUT_S = 30.0  # importing FastAPI on a busy machine takes seconds, not tens of them
TIMEOUT_MARGIN_S = 10.0


class WebLessonError(Exception):
    """The lesson could not run: a port in use, a server that did not start, a client timeout. One line."""


class PortInUse(WebLessonError):
    """The port asked for is taken: bad input, not a failure."""


class Style(StrEnum):
    """How a path operation is written; the order the lesson serves them in (the slowest last)."""

    ASYNC = "async"
    DEF = "def"
    DEF_DEPENDENCY = "def_dependency"
    TRIVIAL_ASYNC = "trivial_async"
    TRIVIAL_DEF = "trivial_def"
    BLOCKING = "blocking"


class StyleInfo(NamedTuple):
    path: str
    title: str  # how the page writes it
    story: str  # what it is in the story
    functions: tuple[str, ...]  # the kitchen's functions to show, in order


STYLES: dict[Style, StyleInfo] = {
    Style.ASYNC: StyleInfo(
        "/async", "async def + await", "concurrent burgers: one cashier, cooks busy", ("read_burgers",)
    ),
    Style.DEF: StyleInfo(
        "/def", "def + a blocking call", "parallel burgers: one cashier-cook a token", ("results",)
    ),
    Style.DEF_DEPENDENCY: StyleInfo(
        "/def-dependency",
        "async def, def dependency",
        "the dependency takes a token too",
        ("fetch_burgers", "read_fetched_burgers"),
    ),
    Style.TRIVIAL_ASYNC: StyleInfo(
        "/trivial-async", "trivial async def", "nothing to wait for: no hop", ("count_burgers_async",)
    ),
    Style.TRIVIAL_DEF: StyleInfo(
        "/trivial-def", "trivial def", "nothing to wait for, yet a hop to a thread", ("count_burgers",)
    ),
    Style.BLOCKING: StyleInfo(
        "/blocking",
        "async def + a blocking call",
        "the cashier cooks at the counter: all stop",
        ("read_burgers_blocking",),
    ),
}


def theory_s(style: Style, requests: int, cook_time: float, tokens: int) -> float | None:
    """The story's time for all ``requests``; ``None`` for the trivial ones, which cook nothing."""
    cook_times = {
        Style.ASYNC: 1,
        Style.DEF: math.ceil(requests / tokens),
        Style.DEF_DEPENDENCY: math.ceil(requests / tokens),
        Style.BLOCKING: requests,
    }.get(style)
    return None if cook_times is None else round(cook_times * cook_time, 6)


def style_code(style: Style) -> str:
    """The path operation (and dependency) as written in the kitchen's source, decorators included.

    Read from the file, not imported: the screen shows the code without importing FastAPI.
    """
    spec = importlib.util.find_spec(KITCHEN_MODULE)
    assert spec is not None, "the kitchen module ships with the package"
    assert spec.origin is not None
    with open(spec.origin, encoding="utf-8") as source:
        text = source.read()
    lines = text.splitlines()
    found = {
        node.name: node
        for node in ast.parse(text).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    parts = []
    for name in STYLES[style].functions:
        node = found[name]
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        parts.append("\n".join(lines[first - 1 : node.end_lineno]))
    return "\n\n".join(parts)


def waves(cooks: Sequence[tuple[float, float]]) -> int:
    """The longest chain of burgers each cooked after the one before it had finished.

    All-at-once cooking is one wave, one-at-a-time cooking N waves, and K cooks make at least ⌈N / K⌉
    (a chain's links never overlap, so no more than K burgers can share a wave: Mirsky's theorem).
    """
    ordered = sorted(cooks)
    depth: list[int] = []
    for start, _end in ordered:
        earlier = [d for (_s, e), d in zip(ordered, depth, strict=False) if e <= start]
        depth.append(1 + max(earlier, default=0))
    return max(depth, default=0)


def most_at_once(cooks: Sequence[tuple[float, float]]) -> int:
    """The most burgers cooking at the same moment."""
    events = sorted([(s, 1) for s, _ in cooks] + [(e, -1) for _, e in cooks])  # an end before a start
    busy = most = 0
    for _t, step in events:
        busy += step
        most = max(most, busy)
    return most


@dataclass(frozen=True)
class StyleResult:
    """One path operation's N couples, measured by the client and counted by the server."""

    style: Style
    requests: int
    wall_s: float  # from the first request sent to the last answer
    p50_s: float  # latency: a couple's wait from ordering to eating
    p95_s: float
    in_app_p50_s: float  # a request's median time inside FastAPI, HTTP's own work left out
    theory_s: float | None
    max_threads: int  # most threadpool tokens seen lent: read as each burger starts, and sampled
    waves: int  # longest chain of burgers cooked one after another (0: nothing cooked)
    most_at_once: int  # most burgers cooking at the same moment
    in_threads: int  # burgers cooked in worker threads (the others on the server's loop)
    max_loop_lag_s: float  # how late the server's own loop woke its probe

    @property
    def requests_per_s(self) -> float:
        """Couples served a second."""
        return self.requests / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def ratio(self) -> float | None:
        """Measured wall time over the story's; ``None`` where there is no theory."""
        return self.wall_s / self.theory_s if self.theory_s else None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary, times in seconds."""
        return {
            "style": self.style.value,
            "requests": self.requests,
            "wall_s": self.wall_s,
            "p50_s": self.p50_s,
            "p95_s": self.p95_s,
            "in_app_p50_s": self.in_app_p50_s,
            "requests_per_s": round(self.requests_per_s, 1),
            "theory_s": self.theory_s,
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "max_threads": self.max_threads,
            "waves": self.waves,
            "most_at_once": self.most_at_once,
            "in_threads": self.in_threads,
            "max_loop_lag_s": self.max_loop_lag_s,
        }


@dataclass(frozen=True)
class WebReport:
    """Every style on the same server and client, and what the numbers say."""

    requests: int
    cook_time: float
    tokens: int
    results: list[StyleResult] = field(default_factory=list)
    conclusion: str = ""

    def result(self, style: Style) -> StyleResult:
        """The result of one style."""
        return next(r for r in self.results if r.style is style)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary: the settings and one object per style."""
        return {
            "lesson": "web",
            "requests": self.requests,
            "cook_time_s": self.cook_time,
            "tokens": self.tokens,
            "styles": [r.as_dict() for r in self.results],
            "conclusion": self.conclusion,
        }


@asynccontextmanager
async def kitchen_server(cook_time: float, tokens: int, port: int = 0) -> AsyncIterator[str]:
    """The kitchen served in a process of its own on 127.0.0.1; yields its base URL.

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
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        preexec_fn=die_with_parent(os.getpid()),
        start_new_session=True,
    )
    try:
        yield await _ready(process)
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


@dataclass(frozen=True)
class KitchenNow:
    """The kitchen at one moment: threadpool tokens lent out of all of them, burgers on the fire."""

    threads: int
    tokens: int
    cooking: int


KitchenCallback = Callable[[KitchenNow | None], None]
"""Called every ``LOOK_EVERY_S`` while couples are served: the kitchen now, or ``None`` when it did not
answer within ``LOOK_PATIENCE_S`` (its loop is held by a blocking call)."""


async def watch_kitchen(url: str, on_kitchen: KitchenCallback) -> None:
    """Until cancelled: ask the kitchen what it is doing, on a connection of our own (the couples' client
    may have every connection it is allowed in use)."""
    async with httpx.AsyncClient(base_url=url, timeout=LOOK_PATIENCE_S) as client:
        while True:
            try:
                on_kitchen(KitchenNow(**(await client.get("/kitchen/now")).json()))
            except httpx.HTTPError:  # no answer in time: the server's loop is held
                on_kitchen(None)
            await anyio.sleep(LOOK_EVERY_S)


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

    async def couple(scope: anyio.CancelScope) -> None:
        sent = time.perf_counter()
        try:
            with answered(client, path):
                (await client.get(path)).raise_for_status()
        except WebLessonError as error:  # kept for after the group, which would wrap it in a group
            failure.append(str(error))
            scope.cancel()
            return
        latencies.append(time.perf_counter() - sent)
        if on_served is not None:
            on_served(len(latencies))

    started = time.perf_counter()
    async with anyio.create_task_group() as tg:
        for _ in range(requests):
            tg.start_soon(couple, tg.cancel_scope)
    wall = time.perf_counter() - started
    if failure:
        raise WebLessonError(failure[0])
    return wall, latencies


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


async def measure_style(
    client: httpx.AsyncClient,
    style: Style,
    requests: int,
    cook_time: float,
    tokens: int,
    on_progress: ProgressCallback | None = None,
) -> StyleResult:
    """N couples to one style's path operation, then what the server saw meanwhile."""
    with answered(client, "/kitchen"):
        await client.get("/kitchen")  # forget what the kitchen saw before
    wall, latencies = await send_couples(
        client,
        STYLES[style].path,
        requests,
        None if on_progress is None else _bind(on_progress, style, requests),
    )
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

    ``on_result`` hears each style's result as soon as it is measured; ``on_kitchen``, what the kitchen
    is doing meanwhile.
    """
    if client_timeout_s is None:
        client_timeout_s = client_timeout(requests, cook_time)
    async with (
        kitchen_server(cook_time, tokens, port) as url,
        kitchen_client(url, requests, client_timeout_s) as client,
    ):
        results: list[StyleResult] = []
        failure: WebLessonError | None = None
        async with anyio.create_task_group() as watching:
            if on_kitchen is not None:
                watching.start_soon(watch_kitchen, url, on_kitchen)
            try:
                for style in styles:
                    results.append(
                        await measure_style(client, style, requests, cook_time, tokens, on_progress)
                    )
                    if on_result is not None:
                        on_result(results[-1])
            except WebLessonError as error:
                failure = error  # raised below: out of the task group, it stays one line, not a group
            watching.cancel_scope.cancel()
        if failure is not None:
            raise failure
    return WebReport(requests, cook_time, tokens, results, conclude(results, tokens))


def conclude(results: Sequence[StyleResult], tokens: int) -> str:
    """Say what the measured numbers show, in the story's words (computed, never fixed text)."""
    by = {r.style: r for r in results}
    parts: list[str] = []
    http = by.get(Style.TRIVIAL_ASYNC)
    if (r := by.get(Style.ASYNC)) is not None:
        parts.append(
            f"async def + await served all {r.requests} couples in {r.wall_s:.2f} s against one cook time "
            f"({r.theory_s:g} s) in theory: while each await waited, the one cashier took the next order"
            + (
                f"; the rest is HTTP itself (the same couples with nothing to cook took {http.wall_s:.2f} s)."
                if http is not None
                else "."
            )
        )
    if (r := by.get(Style.DEF)) is not None:
        parts.append(
            f"Plain def took {r.wall_s:.2f} s (theory {r.theory_s:g} s): FastAPI ran it in the threadpool, "
            f"at most {r.max_threads} threads at once for {tokens} tokens, so the burgers came in {r.waves} "
            "waves."
        )
    if (r := by.get(Style.DEF_DEPENDENCY)) is not None:
        parts.append(
            f"An async def endpoint with a def dependency: {r.waves} waves, {r.max_threads} threads at "
            "most: the dependency takes a token too."
        )
    if (t_def := by.get(Style.TRIVIAL_DEF)) is not None and http is not None:
        hop = t_def.in_app_p50_s / http.in_app_p50_s if http.in_app_p50_s else 0.0
        parts.append(
            f"With nothing to wait for, a request spent {t_def.in_app_p50_s * 1000:.2f} ms inside FastAPI "
            f"as def against {http.in_app_p50_s * 1000:.2f} ms as async def ({hop:.1f}x): "
            + (
                "the hop to a thread and back, the page's 'quite opposite'."
                if hop > 1
                else "no hop to be seen on this run; the page says it costs."
            )
        )
    if (r := by.get(Style.BLOCKING)) is not None:
        parts.append(
            f"A blocking call inside async def took {r.wall_s:.2f} s (theory {r.theory_s:g} s): "
            f"{r.most_at_once} burger at a time, {r.waves} waves, the server's own loop stuck for up to "
            f"{r.max_loop_lag_s:.2f} s with nobody served. Inside FastAPI a request took only "
            f"{r.in_app_p50_s:.2f} s (p50) while its couple waited {r.p50_s:.2f} s: the wait was in the "
            "queue before the app, which timing inside the app cannot see. If you just don't know, use "
            "normal def."
        )
    return " ".join(parts)


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f} s"


def format_report(report: WebReport) -> str:
    """The report as a table and the conclusion, for a terminal."""
    rows = [
        f"{report.requests} couples (requests) at once to each path operation; a burger takes "
        f"{report.cook_time:g} s; the threadpool has {report.tokens} tokens.",
        "",
        f"  {'path operation':<28} {'all served':>10} {'p50':>9} {'p95':>9} {'req/s':>6} {'in app':>9} "
        f"{'threads':>7} {'waves':>5} {'theory':>9} {'ratio':>6}",
    ]
    for r in report.results:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}x"
        rows.append(
            f"  {STYLES[r.style].title:<28} {_seconds(r.wall_s):>10} {_seconds(r.p50_s):>9} "
            f"{_seconds(r.p95_s):>9} {r.requests_per_s:>6.0f} {r.in_app_p50_s * 1000:>6.2f} ms "
            f"{r.max_threads:>7} {r.waves:>5} "
            f"{_seconds(r.theory_s):>9} {ratio:>6}"
        )
    rows += ["", textwrap.fill(report.conclusion, width=100)]
    return "\n".join(rows)
