"""``burger-tui serve``: the dashboard in a web browser, through textual-serve.

Each browser tab gets its own ``burger-tui`` process, run with this same Python and the dashboard options
given before ``serve``. What textual-serve leaves open is closed here, by subclassing its server and its
per-tab service:

- on an address other machines can reach, a visitor needs the room's token (in the URL printed at the
  start, as Jupyter does); without it: 403 and no process. A websocket from another site's page is refused;
- at most ``max_sessions`` tabs run at once, and ``per_address`` for any one client address; the visitor
  beyond that gets a page (or, on the websocket, a line in the terminal) saying so, not a process;
- the page connects back to the address the browser used, so it works from another machine;
- a tab's input arrives at a person's pace (:class:`~burger_tui.serve_guard.InputGate`), in messages of a
  person's size, and its resizes are coalesced;
- the terminal size a browser asks for is clamped to ``WIDTH`` × ``HEIGHT`` cells (textual-serve passes
  any number on: -5 crashed a tab, 3000×1000 streamed 14.5 MB in 15 s);
- SIGINT and SIGTERM stop every tab's process, then the server, within ``STOP_GRACE_S`` plus the time to
  close the sockets; on Linux a tab's process is killed by the kernel when the server dies, even of SIGKILL;
- the page makes no request to another host (textual-serve's loads a font from a CDN) and has a favicon.

Bad hosts, bad ports and ports already in use are found by binding before the server starts, so they are
one line, not a traceback. The CLI imports this module to build its parser, also for the dashboard: what
only serving needs is imported when it serves.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import shlex
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from burger_tui import parent_death
from burger_tui.serve_guard import InputGate, Seats, origin_allowed, room_url, token_matches, websocket_url
from burger_tui.serve_settings import DEFAULT_MAX_SESSIONS
from burger_tui.sim.distributions import quoted

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.server import Server

TITLE = "burger-tui"
WIDTH = (20, 400)  # cells a tab's terminal may have: (fewest, most); a 4K screen at 10 px a cell is ~380
HEIGHT = (8, 150)
STOP_GRACE_S = 0.5  # after SIGTERM, a tab's process gets this long before SIGKILL
CLOSE_TIMEOUT_S = 0.5  # how long closing a websocket waits for the browser's answer
WS_TRY_AGAIN_LATER = 1013  # the websocket close code for "server busy"
# A browser's message is a key, a mouse event, a size or a paste; a bigger one closes the tab (aiohttp
# allows 4 MB). Below that, too long an input is dropped by the tab's InputGate and the tab goes on.
MAX_MESSAGE_BYTES = 1024 * 1024
# The server pings each tab this often and ends it when no answer comes within half of it: a browser that fell
# behind by that much (a busy laptop, a poor network) is told "Session ended" and may press Restart.
HEARTBEAT_S = 30.0
RESIZE_EVERY_S = 0.05  # a tab's size changes at most this often; the newest size always arrives
PAGE_FOLDER = Path(__file__).resolve().parent / "serve_page"

NO_TOKEN_TEXT = (
    "burger-tui: this dashboard needs its whole address, with the token at its end "
    "(ask whoever runs the server for the link)."
)
MESSAGE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>burger-tui</title>
<link rel="icon" href="data:,"></head>
<body style="background:#0c181f;color:#eee;font-family:monospace;padding:2em">
<p>{text}</p>{retry}</body></html>
"""
RETRY_LINK = '<p><a style="color:#ac5af4" href="">Try again</a></p>'  # the same address, token and all


class ServeError(Exception):
    """A problem with the address to serve on, worded for a one-line error."""


def check_address(host: str, port: int) -> list[str]:
    """Raise ``ServeError`` unless ``host`` resolves and ``port`` can be bound on it right now.

    Returns the addresses ``host`` resolves to."""
    if not 1 <= port <= 65535:
        raise ServeError(f"port must be between 1 and 65535, got {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ServeError(f"cannot use host {quoted(host)}: {reason}") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # The same option aiohttp sets, so a port in TIME_WAIT is not mistaken for a busy one.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except PermissionError:
            raise ServeError(f"not allowed to listen on port {port} (ports below 1024 need root)") from None
        except OSError as error:
            if error.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                raise ServeError(
                    f"port {port} on {quoted(host)} is already in use; try --port {port + 1}"
                ) from None
            raise ServeError(
                f"cannot listen on {quoted(host)} port {port}: {error.strerror or error}"
            ) from None
    return [str(info[4][0]) for info in infos]


def is_loopback(addresses: Sequence[str]) -> bool:
    """Whether every one of ``addresses`` is reachable from this machine only."""
    import ipaddress

    return all(ipaddress.ip_address(address.partition("%")[0]).is_loopback for address in addresses)


def app_argv(app_args: Sequence[str] = ()) -> list[str]:
    """The command each browser tab runs: ``burger-tui`` with this Python and the dashboard options."""
    return [sys.executable, "-m", "burger_tui", *app_args]


def clamp_cells(value: object, bounds: tuple[int, int], default: int) -> int:
    """A terminal dimension a browser sent, as a whole number of cells within ``bounds``."""
    cells = default
    if isinstance(value, int | float | str):  # anything else a client sends (lists, null) is no size
        with contextlib.suppress(ValueError, OverflowError):
            cells = int(value)
    low, high = bounds
    return min(max(cells, low), high)


def serve(
    host: str,
    port: int,
    app_args: Sequence[str] = (),
    *,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    per_address: int | None = None,
    token: str | None = None,
) -> None:
    """Serve the dashboard until SIGINT or SIGTERM. Raises ``ServeError`` for an unusable address, and
    ``KeyboardInterrupt`` once every tab has stopped after SIGINT (Ctrl+C), as Python does.

    ``app_args`` are the dashboard options every tab's ``burger-tui`` process gets; ``token``, when given,
    is the secret a visitor's URL must carry; ``per_address`` caps the tabs of one client address (all of
    ``max_sessions`` when not given)."""
    check_address(host, port)
    url = room_url(host, port, token)
    seats = Seats(max_sessions, per_address or max_sessions)
    server = _make_server(app_argv(app_args), host=host, port=port, url=url, seats=seats, token=token)
    try:
        server.serve()
    except OSError as error:  # lost a race for the port after the check
        raise ServeError(f"cannot listen on {quoted(host)} port {port}: {error.strerror or error}") from None
    except KeyboardInterrupt:  # stopped by Ctrl+C: said, and passed on (the command line exits 130)
        print("burger-tui: stopped serving", flush=True)
        raise
    print("burger-tui: stopped serving", flush=True)


def _message_page(text: str, status: int, *, retry: bool = False) -> web.Response:
    from aiohttp import web

    page = MESSAGE_PAGE.format(text=html.escape(text), retry=RETRY_LINK if retry else "")
    headers = {"Retry-After": "10"} if retry else None
    return web.Response(status=status, text=page, content_type="text/html", headers=headers)


def _make_server(
    argv: list[str], *, host: str, port: int, url: str, seats: Seats, token: str | None
) -> Server:
    """textual-serve's ``Server`` with a token, seats, clamped sizes, a quick stop and tabs that die with it.

    Built here so that importing this module (``burger-tui --help``) does not import aiohttp."""
    import json

    import aiohttp_jinja2
    from aiohttp import WSCloseCode, WSMsgType, web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    die_with_parent = parent_death.die_with_parent(os.getpid())  # looked up before any fork

    class Tab(AppService):
        """One browser tab's dashboard process, started without a shell, in its own process group."""

        argv: list[
            str
        ]  # the dashboard's command line, this tab's own (``--ascii`` for a browser without emoji)

        async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
            # No /bin/sh in between (textual-serve uses create_subprocess_shell), so the process that gets
            # the parent-death signal and the one that is stopped is the dashboard itself. Its own session
            # keeps the terminal's Ctrl+C away from it: the server stops its tabs itself, quietly.
            self._process = process = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=self._build_environment(width=width, height=height),
                start_new_session=True,
                preexec_fn=die_with_parent,
            )
            self._stdin = process.stdin
            return process

        async def set_terminal_size(self, width: int, height: int) -> None:
            await super().set_terminal_size(clamp_cells(width, WIDTH, 80), clamp_cells(height, HEIGHT, 24))

        async def kill(self) -> None:
            """Stop the process: SIGTERM to its group, SIGKILL after ``STOP_GRACE_S``."""
            process = self._process
            if process is None or process.returncode is not None:
                return
            _signal_group(process.pid, signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), STOP_GRACE_S)
            except TimeoutError:
                _signal_group(process.pid, signal.SIGKILL)
                await process.wait()

        async def close(self) -> None:
            """Ask the app to quit (textual-serve's way) for a moment, then make sure the process is gone."""
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop(), STOP_GRACE_S)
            await self.kill()

    class BurgerServer(Server):
        def __init__(self) -> None:
            super().__init__(
                shlex.join(argv),
                host=host,
                port=port,
                title=TITLE,
                public_url=url,
                templates_path=PAGE_FOLDER,
            )
            self.sessions: dict[web.WebSocketResponse, Tab] = {}

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            # With a token, the page's websocket carries it in its path (textual.js adds its own query); a
            # page whose browser has no colour emoji font asks for the plain-character dashboard under /ascii.
            for path in ("/ws/{token}", "/ascii/ws", "/ascii/ws/{token}"):
                app.router.add_get(path, self.handle_websocket)
            return app

        async def on_startup(self, app: web.Application) -> None:
            """textual-serve prints its logo here; our line waits until the port answers (see serve)."""

        def serve(self, debug: bool = False) -> None:
            """textual-serve's ``serve``, with one line printed once the port answers (a script or a
            teacher may open the URL at once) and, instead of an access log, a line per tab opened, closed
            or refused."""
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            stopped_by: list[int] = []

            def stop(signum: int) -> None:
                stopped_by.append(signum)
                self.request_exit()

            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop, signum)
            seats_text = f"up to {seats.total} tabs at once"
            if seats.per_address < seats.total:
                seats_text += f", {seats.per_address} per computer"
            web.run_app(
                self._make_app(),
                host=host,
                port=port,
                handle_signals=False,
                loop=loop,
                access_log=None,
                print=lambda _aiohttp_says: _say(
                    f"serving the dashboard on {url} ({seats_text}; Ctrl+C to stop)"
                ),
            )
            if stopped_by[:1] == [signal.SIGINT]:
                # Every tab has stopped; now Ctrl+C ends the server as it ends any Python program (and every
                # other command: exit 130, which tells a script it was interrupted, not done).
                raise KeyboardInterrupt

        async def on_shutdown(self, app: web.Application) -> None:
            # aiohttp waits for every open request to finish; a websocket's lasts as long as its browser
            # tab. Stop the dashboards and close the sockets, so the handlers end now.
            sessions = list(self.sessions.items())
            await asyncio.gather(*(tab.kill() for _ws, tab in sessions))
            await asyncio.gather(*(ws.close(code=WSCloseCode.GOING_AWAY) for ws, _tab in sessions))

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            if not token_matches(request.query.get("token"), token):
                return _message_page(NO_TOKEN_TEXT, 403)
            if reason := seats.refusal(_address(request)):
                return _message_page(f"burger-tui: {reason}", 503, retry=True)
            # Every address in the page is the one the browser used (its Host) or relative to it: the page
            # works from another machine, whatever address the server was bound to.
            context = {
                "font_size": clamp_cells(request.query.get("fontsize"), (6, 64), 16),
                "app_websocket_url": websocket_url(request.scheme, request.host, token),
                "config": {"static": {"url": "/static/"}},
                "application": {"name": self.title},
            }
            response: web.StreamResponse = aiohttp_jinja2.render_template("app_index.html", request, context)
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            address = _address(request)
            if not origin_allowed(request.headers.get("Origin"), request.host):
                _say(f"refused {address}: a page of another site")
                raise web.HTTPForbidden(text="burger-tui: not allowed\n")  # no upgrade, no process
            if not token_matches(request.match_info.get("token"), token):
                _say(f"refused {address}: no token or a wrong one")
                raise web.HTTPForbidden(text="burger-tui: not allowed\n")
            websocket = web.WebSocketResponse(
                heartbeat=HEARTBEAT_S, timeout=CLOSE_TIMEOUT_S, max_msg_size=MAX_MESSAGE_BYTES
            )
            try:
                await websocket.prepare(request)
            except ConnectionError:  # the browser left during the handshake (a reload, a quick close)
                _say(f"{address} left before its dashboard opened")
                # An HTTP error is what aiohttp answers without a traceback; its answer reaches nobody.
                raise web.HTTPBadRequest(text="burger-tui: the connection closed\n") from None
            if reason := seats.take(address):
                _say(f"refused {address}: {reason}")
                await websocket.send_bytes(f"\r\n burger-tui: {reason}\r\n".encode())
                await websocket.close(code=WS_TRY_AGAIN_LATER, message=b"no dashboard free")
                return websocket

            async def close_websocket() -> None:  # when the app quits
                await websocket.close()

            tab = Tab(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close_websocket,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            tab.argv = [*argv, "--ascii"] if request.path.startswith("/ascii/") else argv
            self.sessions[websocket] = tab
            _say(f"{address} opened a dashboard ({len(seats)} of {seats.total} in use)")
            try:
                width = clamp_cells(request.query.get("width"), WIDTH, 80)
                height = clamp_cells(request.query.get("height"), HEIGHT, 24)
                await tab.start(width, height)
                await self._process_messages(websocket, tab)
            finally:
                del self.sessions[websocket]
                seats.give_back(address)
                # Said as the seat comes back, before the process is stopped: tabs closing together count
                # down 4, 3, 2... in that order. Said after, each line waited for its own process to stop,
                # and those stop in any order (the twelfth adversarial pass).
                _say(f"{address} closed a dashboard{_why(websocket)} ({len(seats)} of {seats.total} in use)")
                await tab.close()
            return websocket

        async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
            # textual-serve's loop, but a malformed message is ignored instead of ending the session with a
            # logged traceback, input beyond a person's pace is dropped, and resizes are coalesced.
            gate = InputGate()
            sizes = _Sizes(app_service)
            try:
                async for message in websocket:
                    if message.type is not WSMsgType.TEXT:
                        continue
                    try:
                        envelope: object = json.loads(message.data)
                        if not isinstance(envelope, list) or not envelope:
                            continue
                        kind = envelope[0]
                        data: Any = envelope[1] if len(envelope) > 1 else None
                        if kind == "stdin":
                            if gate.admit(text := str(data)):
                                await app_service.send_bytes(text.encode("utf-8"))
                        elif kind == "resize":
                            sizes.ask(data["width"], data["height"])
                        elif kind == "ping":
                            await websocket.send_json(["pong", data])
                        elif kind in ("blur", "focus"):
                            await getattr(app_service, kind)()
                    except (ValueError, TypeError, KeyError, RecursionError):  # nested too deep to decode
                        continue
            finally:
                sizes.cancel()

    return BurgerServer()


class _Sizes:
    """A tab's resizes, coalesced: the newest size reaches the dashboard, at most every ``RESIZE_EVERY_S``.

    A window being dragged sends dozens a second; each one makes the dashboard repaint everything."""

    def __init__(self, tab: Any) -> None:
        self._tab = tab
        self._newest: tuple[object, object] | None = None
        self._sending: asyncio.Task[None] | None = None

    def ask(self, width: object, height: object) -> None:
        self._newest = (width, height)
        if self._sending is None or self._sending.done():
            self._sending = asyncio.create_task(self._send())

    async def _send(self) -> None:
        while self._newest is not None:
            (width, height), self._newest = self._newest, None
            try:
                await self._tab.set_terminal_size(width, height)
            except OSError:  # the dashboard has quit: its tab is closing
                return
            await asyncio.sleep(RESIZE_EVERY_S)

    def cancel(self) -> None:
        if self._sending is not None:
            self._sending.cancel()


def _say(line: str) -> None:
    """A line for whoever runs the server."""
    print(f"burger-tui: {line}", flush=True)


def _why(websocket: web.WebSocketResponse) -> str:
    """Why a tab's websocket ended, when it was not the tab's own choice."""
    if isinstance(websocket.exception(), asyncio.TimeoutError | TimeoutError):
        return " (its browser stopped answering: a slow network or a busy computer)"
    return ""


def _address(request: web.Request) -> str:
    """The client's address, for its seats (a request over a Unix socket has none: one address for all)."""
    return request.remote or "unknown"


def _signal_group(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signum)
