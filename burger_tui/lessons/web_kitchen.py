"""The kitchen server: a real FastAPI app whose path operations are FastAPI's page's own code.

:mod:`burger_tui.lessons.web` runs it in a process of its own (``python -m burger_tui.lessons.web_kitchen``),
so a server that blocks its own event loop never freezes the dashboard. The lesson's screen shows the path
operations as written here: keep each one the page's code, and the measuring inside the two "libraries"
(:func:`get_burgers`, :func:`cook_burgers`), the ``/kitchen`` route and the :class:`Stopwatch` middleware.

Where each couple is (:mod:`burger_tui.lessons.web_floor`) is told on stdout, a line for each line the
lesson writes on stdin, by a thread of the server's own: it answers while a blocking call holds the loop.
"""

# The path operations are the page's code, unannotated as there. An annotated return type would also
# make FastAPI validate each plain def's result in the threadpool: a second hop the page does not have.
# mypy: disable-error-code="no-untyped-def"

import argparse
import errno
import json
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Annotated, Any

import anyio
import anyio.to_thread
import uvicorn
from fastapi import Depends, FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from burger_tui.lessons.web_floor import COUPLE_HEADER, Where
from burger_tui.lessons.web_settings import DEFAULT_COOK_S, DEFAULT_TOKENS, MAX_REQUESTS, READY

COOK_TIME = DEFAULT_COOK_S  # seconds a burger takes; set from the command line before the server starts
TOKENS = DEFAULT_TOKENS
PROBE_S = 0.005  # how often the server's own loop is asked to wake the lag probe
this_couple: ContextVar[int | None] = ContextVar("this_couple", default=None)  # the request's couple
COUPLE_NAME = COUPLE_HEADER.encode()  # as ASGI has a header's name


class Kitchen:
    """What the server saw: when each burger was cooked and where, the most threads at once, the loop's lag,
    and where each couple is now.

    Cooks write from worker threads and the loop reads: one lock for both. A couple's letter is one item
    of a list, set whole: it needs no lock.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.limiter: anyio.CapacityLimiter | None = None  # the threadpool's tokens, once serving
        self.cooks: list[tuple[float, float, bool]] = []  # (start, end, in a worker thread)
        self.in_app_s: list[float] = []  # each request's time inside FastAPI, HTTP's own work left out
        self.max_threads = 0
        self.max_lag_s = 0.0
        self.ticked = time.perf_counter()  # when the loop last came back to the lag probe
        self.couples: list[str] = [Where.DOOR] * MAX_REQUESTS  # where each couple is, by its number
        self.seen = 0  # couples up to the highest number seen
        # Where couples are is noted only once the lesson looks: ~7k instructions a request, 1.6 % of a
        # trivial request's inside FastAPI (callgrind), kept out of the numbers nobody watches.
        self.watched = False

    def count_threads(self) -> None:
        """Note how many tokens are lent right now."""
        if self.limiter is not None:
            with self._lock:
                self.max_threads = max(self.max_threads, int(self.limiter.borrowed_tokens))

    def arrive(self, scope: Scope) -> int | None:
        """A request enters the app: its couple (from the client's header) is ordering. Its number, if any."""
        for name, value in scope["headers"]:
            if name == COUPLE_NAME and value.isdigit() and int(value) < MAX_REQUESTS:
                number = int(value)
                self.couples[number] = Where.ORDERING
                if number >= self.seen:
                    self.seen = number + 1
                this_couple.set(number)
                return number
        return None  # no number, or not one of ours: not on the floor

    def leave(self, number: int | None) -> None:
        """A request's answer is sent: a couple with nothing cooked (a trivial style) is served now."""
        if number is not None and self.couples[number] == Where.ORDERING:
            self.couples[number] = Where.SERVED

    @contextmanager
    def cooking(self, awaiting: bool = False) -> Iterator[None]:
        """Record one burger's cooking: when, and whether a worker thread or the loop itself cooked it;
        meanwhile the couple talks (``awaiting``), stands (in a worker thread) or holds the loop."""
        self.count_threads()
        in_thread = threading.current_thread() is not threading.main_thread()
        number = this_couple.get()  # anyio copies the context into the worker thread
        if number is not None:
            where = Where.TALKING if awaiting else Where.STANDING if in_thread else Where.HOLDING
            self.couples[number] = where
        started = time.perf_counter()
        try:
            yield
        finally:
            with self._lock:
                self.cooks.append((started, time.perf_counter(), in_thread))
            if number is not None:  # before its thread is returned: standing never outnumbers the tokens
                self.couples[number] = Where.SERVED

    async def probe(self) -> None:
        """Until cancelled: how late the loop wakes us, and how many tokens are borrowed meanwhile."""
        while True:
            before = time.perf_counter()
            await anyio.sleep(PROBE_S)
            self.ticked = time.perf_counter()
            lag = self.ticked - before - PROBE_S
            self.count_threads()
            with self._lock:
                self.max_lag_s = max(self.max_lag_s, lag)

    def take(self) -> dict[str, Any]:
        """What was seen since the last call, and start again."""
        with self._lock:
            seen = {
                "cooks": self.cooks,
                "in_app_s": self.in_app_s,
                "max_threads": self.max_threads,
                "max_lag_s": self.max_lag_s,
            }
            self.cooks, self.in_app_s, self.max_threads, self.max_lag_s = [], [], 0, 0.0
            self.couples[: self.seen] = [Where.DOOR] * self.seen
            self.seen = 0
        return seen

    def look(self) -> dict[str, Any]:
        """The floor now (a :class:`~burger_tui.lessons.web_floor.FloorLook`), read without the loop."""
        lag = max(0.0, time.perf_counter() - self.ticked - PROBE_S)
        limiter = self.limiter
        return {
            "tokens": 0 if limiter is None else int(limiter.total_tokens),
            "lent": 0 if limiter is None else int(limiter.borrowed_tokens),
            "lag_s": round(lag, 4),
            "worst_lag_s": round(max(lag, self.max_lag_s), 4),
            "couples": "".join(self.couples[: self.seen]),
        }

    def answer_looks(self) -> None:
        """In a thread of its own, until stdin ends: a line of the floor for each line asked."""
        for _asked in sys.stdin:
            self.watched = True
            print(json.dumps(self.look()), flush=True)


kitchen = Kitchen()


class Stopwatch:
    """ASGI middleware: times each order inside the app, where the threadpool's hop is, apart from the
    parsing and sending every HTTP request costs (which hides the hop from the client's clock)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        kitchen.count_threads()  # a trivial def holds its token too briefly for the probe to see it
        couple = kitchen.arrive(scope) if kitchen.watched and scope["type"] == "http" else None
        await self.app(scope, receive, send)
        kitchen.leave(couple)
        kitchen.count_threads()
        if scope["type"] == "http" and not scope["path"].startswith("/kitchen"):
            kitchen.in_app_s.append(time.perf_counter() - started)


async def get_burgers(number: int) -> list[str]:
    """A library you call with await: slow I/O, during which the loop serves everyone else."""
    with kitchen.cooking(awaiting=True):
        await anyio.sleep(COOK_TIME)
    return ["burger"] * number


def cook_burgers(number: int) -> list[str]:
    """A library without await: it blocks whoever calls it for the whole cook time."""
    with kitchen.cooking():
        time.sleep(COOK_TIME)
    return ["burger"] * number


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """Resize the threadpool as Starlette's docs show, start the lag probe, say we are ready, then answer
    the lesson's looks."""
    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = TOKENS
    kitchen.limiter = limiter
    async with anyio.create_task_group() as tg:
        tg.start_soon(kitchen.probe)
        print(READY, app.state.port, flush=True)
        threading.Thread(target=kitchen.answer_looks, name="looks", daemon=True).start()
        yield
        tg.cancel_scope.cancel()


app = FastAPI(lifespan=lifespan)
app.add_middleware(Stopwatch)


@app.get("/async")
async def read_burgers():
    burgers = await get_burgers(2)
    return burgers


@app.get("/def")
def results():
    burgers = cook_burgers(2)
    return burgers


@app.get("/blocking")
async def read_burgers_blocking():
    burgers = cook_burgers(2)  # the mistake: a blocking call inside async def
    return burgers


@app.get("/trivial-def")
def count_burgers():
    return {"burgers": 2 * 2}


@app.get("/trivial-async")
async def count_burgers_async():
    return {"burgers": 2 * 2}


def fetch_burgers():
    return cook_burgers(2)


@app.get("/def-dependency")
async def read_fetched_burgers(burgers: Annotated[list[str], Depends(fetch_burgers)]):
    return burgers


@app.get("/kitchen", include_in_schema=False)
async def what_the_kitchen_saw() -> dict[str, Any]:
    """The lesson's own route: what the kitchen saw since it last asked."""
    return kitchen.take()


def main(argv: list[str] | None = None) -> int:
    """Serve on 127.0.0.1 until killed. A port that cannot be had is one line on stdout and exit 2."""
    global COOK_TIME, TOKENS
    parser = argparse.ArgumentParser(prog="web_kitchen")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cook-time", type=float, default=DEFAULT_COOK_S)
    parser.add_argument("--tokens", type=int, default=DEFAULT_TOKENS)
    args = parser.parse_args(argv)
    COOK_TIME, TOKENS = args.cook_time, args.tokens
    # Bound here, not by uvicorn: a port in use is then our one line, and port 0 tells us the port it got.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", args.port))
    except OSError as error:
        why = "the port is in use" if error.errno == errno.EADDRINUSE else error.strerror
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {why}", flush=True)
        return 2
    sock.listen(2048)  # every couple may knock at once; they wait here until uvicorn accepts
    app.state.port = sock.getsockname()[1]
    # Keep-alive outlasts the slowest style, so every style reuses the warmed-up connections.
    config = uvicorn.Config(app, log_level="error", access_log=False, timeout_keep_alive=600)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
