"""A free local port for a server the tools, tests or benchmarks start."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port no one listens on now (the kernel's pick); a server started next can take it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
