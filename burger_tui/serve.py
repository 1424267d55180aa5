"""``burger-tui serve``: the dashboard in a web browser, through textual-serve.

Each browser tab gets its own ``burger-tui`` process, run with this same Python. Bad hosts, bad ports and
ports already in use are found by binding before the server starts, so they are one line, not a traceback.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from collections.abc import Sequence
from typing import Any

TITLE = "burger-tui"


class ServeError(Exception):
    """A problem with the address to serve on, worded for a one-line error."""


def check_address(host: str, port: int) -> None:
    """Raise ``ServeError`` unless ``host`` resolves and ``port`` can be bound on it right now."""
    if not 1 <= port <= 65535:
        raise ServeError(f"port must be between 1 and 65535, got {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        raise ServeError(f"cannot use host {host!r}: {getattr(error, 'strerror', None) or error}") from None
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
                raise ServeError(f"port {port} on {host} is already in use; try --port {port + 1}") from None
            raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def public_url(host: str, port: int) -> str:
    """The address to print and to put in the page (IPv6 literals get their brackets)."""
    try:
        if ipaddress.ip_address(host).version == 6:
            host = f"[{host}]"
    except ValueError:
        pass
    return f"http://{host}:{port}"


def app_command(app_args: Sequence[str] = ()) -> str:
    """The shell command textual-serve runs for each browser tab: ``burger-tui`` with this Python."""
    return shlex.join([sys.executable, "-m", "burger_tui", *app_args])


def serve(host: str, port: int, app_args: Sequence[str] = ()) -> None:
    """Serve the dashboard until Ctrl+C. Raises ``ServeError`` for an unusable address."""
    check_address(host, port)
    from textual_serve.server import Server

    url = public_url(host, port)

    class _Server(Server):
        async def on_startup(self, app: Any) -> None:
            # One plain line instead of textual-serve's logo: the address is what the user needs.
            print(f"burger-tui: serving the dashboard on {url} (Ctrl+C to stop)", flush=True)

    server = _Server(app_command(app_args), host=host, port=port, title=TITLE, public_url=url)
    try:
        server.serve()
    except OSError as error:  # lost a race for the port after the check
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    print("burger-tui: stopped serving", flush=True)
